package dev.archsim.core.report;

import static dev.archsim.core.report.Svg.escape;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The architecture of a stage drawn as SVG from the model, with a deterministic layered layout:
 * columns follow the request path (users, edge, entry, compute, cache, database, queue), rows are
 * the primary region's availability zones, and a disaster-recovery region sits below the primary.
 * Each node is compared with the previous stage's node of the same key: a new node is drawn with a
 * green outline and "new", a changed one with an orange outline and "changed", and the nodes that
 * disappeared are listed under the picture.
 */
public final class Diagram {
  static final int COL = 158;
  static final int NODE_W = 136;
  static final int NODE_H = 44;
  static final int ROW = 64;

  private Diagram() {}

  /** One box of the diagram. {@code row} is an AZ index, or -1 for a regional (centred) node. */
  record Node(String key, int column, int row, String title, String detail, boolean secondary) {
    String signature() {
      return title + "|" + detail;
    }
  }

  /** The nodes of an architecture, keyed so that the same component keeps its key across stages. */
  static List<Node> nodes(Architecture a) {
    List<Node> n = new ArrayList<>();
    List<String> azs = a.azs();
    n.add(new Node("users", 0, -1, "Users", "clients", false));
    if (a.cdn() != null) {
      n.add(
          new Node(
              "cdn",
              1,
              -1,
              "CloudFront",
              String.format(
                  Locale.ROOT,
                  "hit %.0f %%%s",
                  100 * a.cdn().hitRatio(),
                  a.cdn().s3Origin() ? ", S3 origin" : ""),
              false));
    }
    Entry e = a.entry();
    String entryTitle =
        switch (e) {
          case null -> "Producers";
          case Entry.ElasticIps x -> "Elastic IPs";
          case Entry.LoadBalancer lb -> lb.kind().id().toUpperCase(Locale.ROOT);
          case Entry.Route53 r -> "Route 53";
          case Entry.ApiGateway g -> g.rest() ? "API Gateway REST" : "API Gateway HTTP";
        };
    String entryDetail =
        switch (e) {
          case null -> "send to the queue";
          case Entry.LoadBalancer lb -> lb.crossZone() ? "cross-zone" : "per zone";
          case Entry.ApiGateway g ->
              String.format(Locale.ROOT, "throttle %.0f rps", g.throttleRps());
          default -> "DNS / addresses";
        };
    n.add(new Node("entry", 2, -1, entryTitle, entryDetail, false));
    ComputeTier c = a.compute();
    if (c != null) {
      for (Map.Entry<String, Integer> p : c.placement().entrySet()) {
        int row = Math.max(0, azs.indexOf(p.getKey()));
        n.add(
            new Node(
                "compute@" + p.getKey(),
                3,
                row,
                "EC2 " + c.instanceType(),
                p.getValue() + " × in " + p.getKey(),
                false));
      }
      if (c.autoScaling() != null) {
        n.add(
            new Node(
                "asg",
                3,
                -2,
                "Auto Scaling",
                String.format(
                    Locale.ROOT, "min %d, max %d", c.autoScaling().min(), c.autoScaling().max()),
                false));
      }
    } else if (a.functions() != null) {
      var f = a.functions();
      n.add(
          new Node(
              "lambda",
              3,
              -1,
              "Lambda " + f.memoryMb() + " MB",
              f.provisionedConcurrency() > 0
                  ? "provisioned " + f.provisionedConcurrency()
                  : "account conc. " + f.accountConcurrency(),
              false));
    }
    if (a.cache() != null) {
      n.add(
          new Node(
              "cache",
              4,
              -1,
              "ElastiCache " + a.cache().engine(),
              a.cache().nodes()
                  + " × "
                  + a.cache().nodeType()
                  + (a.cache().replicated() ? ", replicated" : ""),
              false));
    }
    Database d = a.database();
    if (d != null) {
      if (d.engine() == Database.Engine.DYNAMODB) {
        n.add(
            new Node(
                "db", 5, -1, "DynamoDB", d.global() ? "global table" : "regional table", false));
      } else {
        int primary = Math.max(0, d.primaryAz() == null ? 0 : azs.indexOf(d.primaryAz()));
        String engine = d.engine() == Database.Engine.AURORA ? "Aurora" : "RDS";
        n.add(new Node("db", 5, primary, engine + " primary", d.instanceClass(), false));
        if (d.multiAz() && azs.size() > 1) {
          n.add(
              new Node(
                  "db-standby",
                  5,
                  (primary + 1) % azs.size(),
                  engine + " standby",
                  "Multi-AZ",
                  false));
        }
        if (d.readReplicas() > 0) {
          n.add(
              new Node(
                  "db-replicas",
                  6,
                  -1,
                  "Read replicas",
                  d.readReplicas() + " × " + d.instanceClass(),
                  false));
        }
      }
    }
    if (a.queue() != null) {
      n.add(
          new Node(
              "queue",
              d != null && d.readReplicas() > 0 ? 7 : 6,
              -1,
              a.queue().eventBridge() ? "EventBridge" : "SQS",
              String.format(
                  Locale.ROOT,
                  "%.0f %% of requests, %.0f/s",
                  100 * a.queue().share(),
                  a.queue().consumerRatePerSecond()),
              false));
    }
    DisasterRecovery dr = a.dr();
    if (dr != null) {
      n.add(
          new Node(
              "dr-compute",
              3,
              0,
              "Standby " + dr.strategy().id(),
              String.format(Locale.ROOT, "%.0f %% capacity", 100 * dr.standbyShare()),
              true));
      if (d != null) {
        n.add(
            new Node(
                "dr-db",
                5,
                0,
                "Replica database",
                String.format(Locale.ROOT, "lag %.0f s", dr.replicationLagSeconds()),
                true));
      }
    }
    return n;
  }

  /** The stage's diagram; {@code previous} is the previous stage's architecture or null. */
  public static String render(String id, Architecture a, Architecture previous) {
    List<Node> nodes = nodes(a);
    Map<String, Node> before = new LinkedHashMap<>();
    if (previous != null) {
      for (Node p : nodes(previous)) {
        before.put(p.key(), p);
      }
    }
    int rows = Math.max(1, a.azs().size());
    int columns = 0;
    for (Node x : nodes) {
      columns = Math.max(columns, x.column() + 1);
    }
    boolean asg = nodes.stream().anyMatch(x -> x.row() == -2);
    int top = 44 + (asg ? ROW : 0);
    int regionTop = 26;
    int primaryBottom = top + rows * ROW + 6;
    boolean dr = a.dr() != null;
    int secondaryTop = primaryBottom + 40;
    int height = (dr ? secondaryTop + ROW + 40 : primaryBottom + 16) + 30;
    int width = 16 + columns * COL + 90; // room for the AZ names at the right
    List<String> removed = new ArrayList<>();
    for (String k : before.keySet()) {
      if (nodes.stream().noneMatch(x -> x.key().equals(k))) {
        removed.add(before.get(k).title() + " (" + before.get(k).detail() + ")");
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"diagram\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"architecture of %s\">",
            escape(id),
            width,
            height,
            width,
            height,
            escape(id)));
    b.append(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker></defs>");
    // Route 53 and Elastic IPs are outside the region; ALB, NLB and API Gateway are in it
    boolean regionalEntry =
        a.entry() instanceof Entry.LoadBalancer || a.entry() instanceof Entry.ApiGateway;
    int firstRegional = regionalEntry ? 2 : 3;
    int rx = 8 + firstRegional * COL - 10;
    // the primary region and its AZ bands
    b.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"region\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#232f3e\" stroke-width=\"1.5\"/>",
            rx,
            regionTop,
            width - rx - 4,
            primaryBottom - regionTop));
    b.append(label(rx + 6, regionTop + 12, "Region " + a.region(), "start", "region-label"));
    for (int r = 0; r < rows && r < a.azs().size(); r++) {
      int y = top + r * ROW;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"az\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f2f7fc\" stroke=\"#7aa6d6\" stroke-dasharray=\"5 3\"/>",
              8 + 3 * COL - 8,
              y,
              width - (8 + 3 * COL - 8) - 12,
              ROW - 6));
      b.append(label(width - 18, y + ROW - 12, "AZ " + a.azs().get(r), "end", "az-label"));
    }
    if (dr) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"region secondary\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fbf7f0\" stroke=\"#a0672a\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"/>",
              rx,
              secondaryTop,
              width - rx - 4,
              ROW + 24));
      b.append(
          label(
              rx + 6,
              secondaryTop + 12,
              "DR region " + a.dr().secondaryRegion() + " (" + a.dr().strategy().id() + ")",
              "start",
              "region-label"));
    }
    // positions
    Map<String, int[]> at = new LinkedHashMap<>();
    for (Node x : nodes) {
      int nx = 8 + x.column() * COL;
      int ny;
      if (x.secondary()) {
        ny = secondaryTop + 20;
      } else if (x.row() == -2) {
        ny = top - ROW + 14;
      } else if (x.row() < 0) {
        ny = top + (rows * ROW - 6 - NODE_H) / 2;
      } else {
        ny = top + x.row() * ROW + (ROW - 6 - NODE_H) / 2;
      }
      at.put(x.key(), new int[] {nx, ny});
    }
    // the request path: each column's nodes to the next column's, left to right
    List<List<Node>> byColumn = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      byColumn.add(new ArrayList<>());
    }
    for (Node x : nodes) {
      if (!x.secondary() && x.row() != -2) {
        byColumn.get(x.column()).add(x);
      }
    }
    List<Node> prev = null;
    for (List<Node> col : byColumn) {
      if (col.isEmpty()) {
        continue;
      }
      if (prev != null) {
        for (Node from : prev) {
          for (Node to : col) {
            if (to.key().equals("db-standby") || to.key().equals("db-replicas")) {
              continue;
            }
            b.append(edge(at.get(from.key()), at.get(to.key()), "path", "#555", false));
          }
        }
      }
      // a standby or replica does not forward requests: the path goes on from the primary only
      List<Node> forward = new ArrayList<>();
      for (Node x : col) {
        if (!x.key().equals("db-standby") && !x.key().equals("db-replicas")) {
          forward.add(x);
        }
      }
      prev = forward.isEmpty() ? prev : forward;
    }
    if (at.containsKey("db") && at.containsKey("db-standby")) {
      b.append(vertical(at.get("db"), at.get("db-standby"), "replication", "#7a4fa0"));
    }
    if (at.containsKey("db") && at.containsKey("db-replicas")) {
      b.append(edge(at.get("db"), at.get("db-replicas"), "replication", "#7a4fa0", true));
    }
    if (dr) {
      if (at.containsKey("dr-db") && at.containsKey("db")) {
        b.append(vertical(at.get("db"), at.get("dr-db"), "replication", "#a0672a"));
      }
      int[] entry = at.get("entry");
      int[] standby = at.get("dr-compute");
      b.append(
          String.format(
              Locale.ROOT,
              "<path class=\"failover\" d=\"M%d,%d L%d,%d L%d,%d\" fill=\"none\" stroke=\"#a0672a\" stroke-dasharray=\"6 3\" marker-end=\"url(#arrow)\"><title>failover</title></path>",
              entry[0] + NODE_W / 2,
              entry[1] + NODE_H,
              entry[0] + NODE_W / 2,
              standby[1] + NODE_H / 2,
              standby[0],
              standby[1] + NODE_H / 2));
    }
    for (Node x : nodes) {
      Node old = before.get(x.key());
      String change =
          previous == null
              ? ""
              : old == null ? "added" : old.signature().equals(x.signature()) ? "" : "changed";
      int[] p = at.get(x.key());
      String stroke =
          switch (change) {
            case "added" -> "#2a7a2a";
            case "changed" -> "#d9730d";
            default -> x.secondary() ? "#a0672a" : "#232f3e";
          };
      b.append(
          String.format(
              Locale.ROOT,
              "<g class=\"node%s\" data-node=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"%s\"/>",
              change.isEmpty() ? "" : " " + change,
              escape(x.key()),
              p[0],
              p[1],
              NODE_W,
              NODE_H,
              stroke,
              change.isEmpty() ? "1.2" : "3"));
      b.append(label(p[0] + NODE_W / 2.0, p[1] + 18, x.title(), "middle", "title"));
      b.append(label(p[0] + NODE_W / 2.0, p[1] + 34, x.detail(), "middle", "detail"));
      if (!change.isEmpty()) {
        b.append(
            String.format(
                Locale.ROOT,
                "<text class=\"badge\" x=\"%d\" y=\"%d\" font-size=\"10\" font-family=\"sans-serif\" text-anchor=\"end\" fill=\"%s\" font-weight=\"bold\">%s</text>",
                p[0] + NODE_W - 3,
                p[1] - 3,
                stroke,
                change.equals("added") ? "new" : "changed"));
      }
      b.append("</g>");
    }
    int ly = height - 12;
    String legend =
        previous == null
            ? "Arrows: request path; purple: database replication; brown dashed: failover to the DR region."
            : "Green: new in this stage; orange: changed from the previous stage"
                + (removed.isEmpty() ? "." : ". Removed: " + String.join(", ", removed) + ".");
    b.append(label(8, ly, legend, "start", "legend"));
    return b.append("</svg>").toString();
  }

  private static String edge(int[] a, int[] c, String cls, String colour, boolean dashed) {
    return String.format(
        Locale.ROOT,
        "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.3\"%s marker-end=\"url(#arrow)\"/>",
        cls,
        a[0] + NODE_W,
        a[1] + NODE_H / 2,
        c[0],
        c[1] + NODE_H / 2,
        colour,
        dashed ? " stroke-dasharray=\"4 3\"" : "");
  }

  private static String vertical(int[] a, int[] c, String cls, String colour) {
    boolean down = c[1] > a[1];
    return String.format(
        Locale.ROOT,
        "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.3\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>",
        cls,
        a[0] + NODE_W / 2 + 20,
        down ? a[1] + NODE_H : a[1],
        c[0] + NODE_W / 2 + 20,
        down ? c[1] : c[1] + NODE_H,
        colour);
  }

  private static String label(double x, double y, String s, String anchor, String cls) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-family=\"sans-serif\" text-anchor=\"%s\">%s</text>",
        cls,
        x,
        y,
        cls.equals("title") ? 12 : 11,
        anchor,
        escape(s));
  }
}
