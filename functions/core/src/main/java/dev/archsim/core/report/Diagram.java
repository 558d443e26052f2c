package dev.archsim.core.report;

import static dev.archsim.core.report.Svg.escape;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.DiagramNode;
import dev.archsim.engine.component.Numbers;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.ChainTiers;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Functions;
import dev.archsim.engine.model.NatGateways;
import dev.archsim.engine.model.S3Storage;
import dev.archsim.engine.model.Waf;
import dev.archsim.engine.model.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The architecture of a stage drawn as SVG from the model, with a deterministic grid layout.
 *
 * <p>Columns follow the request path (users, WAF, CloudFront, DNS, the entry, compute, cache, queue
 * and workers, database, replicas); a column is drawn only when a node uses it. Inside the primary
 * region, lanes run top to bottom: the services beside the path (Auto Scaling or the container
 * service, S3, CloudWatch), one band per availability zone (a zonal node sits in its AZ's band, its
 * NAT gateway under it), then the regional services below (VPC endpoints, the queue and its
 * workers). A regional node on the path (the load balancer, Lambda, DynamoDB, a cache) is centred
 * on the zones and sits in a gap of the AZ bands, which are drawn only behind the columns that hold
 * zonal nodes. Other regions (a DR standby, or the regions of active-active over three or more) sit
 * side by side under the primary, reached through a channel between the two.
 *
 * <p>Each node is compared with the previous stage's node of the same key: a new node is drawn with
 * a green outline and "new", a changed one with an orange outline and "changed", and the nodes that
 * disappeared are listed under the picture. Text is wrapped to the node's width by the widths of
 * Arial/Helvetica (Liberation Sans), the fonts the diagram asks for.
 */
public final class Diagram {
  static final int NODE_W = 140;
  static final int COL_GAP = 28;
  static final int COL = NODE_W + COL_GAP;
  static final int MARGIN = 10;
  static final double TITLE_PX = 12;
  static final double DETAIL_PX = 10.5;
  static final int TITLE_LINE = 15;
  static final int DETAIL_LINE = 13;
  static final int PAD_X = 6;
  static final int PAD_Y = 7;
  static final int STACK_GAP = 12;
  static final int AZ_LABEL = 16;

  /** A region's border this far outside its columns, clear of the arrows in the gaps. */
  static final int REGION_PAD = 21;

  static final String FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif";

  // Columns along the request path (a column is drawn only when a node uses it). A chain of compute
  // tiers (web → app) takes the columns after COMPUTE, up to COMPUTE + 9.
  static final int USERS = 0;
  static final int WAF_EDGE = 10;
  static final int EDGE = 20;
  static final int DNS = 30;
  static final int WAF_ENTRY = 40;
  static final int ENTRY = 50;
  static final int COMPUTE = 60;
  static final int EGRESS = 69;
  static final int CACHE = 70;
  static final int DATABASE = 80;

  /** The queue and its workers go under the cache's and the database's columns. */
  static final int QUEUE = CACHE;

  static final int WORKERS = DATABASE;
  static final int REPLICAS = 90;

  private Diagram() {}

  /** Where a node sits: beside the path above the zones, in a zone, under its zone's node, etc. */
  enum Lane {
    /** Regional, above the AZ bands: services beside the path. */
    TOP,
    /** In the band of AZ {@code az}. */
    ZONE,
    /** In the band of AZ {@code az}, under its zonal nodes (NAT gateways). */
    EGRESS,
    /** Centred on the zones (regional nodes on the path, and those outside the region). */
    MID,
    /** Regional, under the AZ bands (VPC endpoints, the queue and its workers). */
    BOTTOM
  }

  /**
   * One box of the diagram.
   *
   * @param key the same component keeps its key across stages
   * @param column its column along the path
   * @param lane its lane
   * @param az the AZ index for {@link Lane#ZONE} and {@link Lane#EGRESS}, else -1
   * @param region 0 for the primary region, k for the k-th other region
   * @param inside whether it sits inside its region (false for users, the edge and DNS)
   * @param title the component
   * @param details its settings, a line each (wrapped to the box)
   */
  record Node(
      String key,
      int column,
      Lane lane,
      int az,
      int region,
      boolean inside,
      String title,
      List<String> details) {
    Node {
      details = List.copyOf(details);
    }

    String signature() {
      return title + "|" + String.join("|", details);
    }

    /** The details on one line. */
    String detail() {
      return String.join(", ", details);
    }
  }

  /** An arrow between two nodes. */
  record Edge(String from, String to, Kind kind) {}

  /** What an arrow means, which sets its class and colour. */
  enum Kind {
    PATH("path", "#555", false, "requests"),
    MESSAGES("path messages", "#555", false, "messages and the writes of their consumers"),
    STATIC("path static", "#555", true, "static requests the edge misses"),
    EGRESS("egress", "#888", true, "egress to the internet and AWS APIs"),
    CROSS_AZ("egress cross-az", "#c0392b", true, "egress through another AZ's NAT gateway"),
    REPLICATION("replication", "#7a4fa0", true, "replication"),
    FAILOVER("failover", "#a0672a", true, "failover"),
    ROUTED("path routed", "#a0672a", false, "requests routed to the nearest healthy region");

    final String cls;
    final String colour;
    final boolean dashed;
    final String meaning;

    Kind(String cls, String colour, boolean dashed, String meaning) {
      this.cls = cls;
      this.colour = colour;
      this.dashed = dashed;
      this.meaning = meaning;
    }
  }

  /** The nodes and arrows of a stage. */
  record Graph(
      List<Node> nodes, List<Edge> edges, List<String> regions, List<String> regionNotes) {}

  // ------------------------------------------------------------------ the model as nodes

  /** The nodes of an architecture without its workload (users not placed by region). */
  static List<Node> nodes(Architecture a) {
    return graph(a, null).nodes();
  }

  /** The nodes of an architecture, keyed so that the same component keeps its key across stages. */
  static List<Node> nodes(Architecture a, Workload w) {
    return graph(a, w).nodes();
  }

  static Graph graph(Architecture a, Workload w) {
    List<Node> n = new ArrayList<>();
    List<Edge> e = new ArrayList<>();
    List<String> azs = a.azs();
    DisasterRecovery dr = a.dr();
    List<String> regions = new ArrayList<>();
    regions.add(a.region());
    if (dr != null) {
      regions.addAll(dr.regions());
    }
    List<String> notes = new ArrayList<>();
    notes.add(azs.isEmpty() ? "" : (azs.size() == 1 ? "AZ " : "AZs ") + String.join(", ", azs));

    // users, and the front of the path
    List<String> users = new ArrayList<>();
    boolean byRegion = dr != null && dr.multiRegion() && w != null && !w.users().isEmpty();
    if (byRegion) {
      for (Workload.Users u : w.users()) {
        String nearest = nearest(u.region(), regions);
        List<String> d = new ArrayList<>();
        d.add(u.region());
        d.add(pct(u.share()) + " of users");
        if (nearest != null && !nearest.equals(u.region())) {
          d.add("nearest region " + nearest);
        }
        n.add(node("users@" + u.region(), USERS, Lane.MID, false, "Users", d));
        users.add("users@" + u.region());
      }
    } else if (a.entry() == null) {
      // a stage without an entry: producers outside it send its workload to its queue
      List<String> d = new ArrayList<>();
      d.add("outside the stage");
      if (w != null) {
        d.add(Numbers.plain(w.requestsPerSecond()) + " messages/s");
      }
      n.add(node("users", USERS, Lane.MID, false, "Producers", d));
      users.add("users");
    } else {
      List<String> d = new ArrayList<>();
      if (w != null && !w.users().isEmpty()) {
        for (Workload.Users u : w.users()) {
          d.add(u.region() + " " + pct(u.share()));
        }
      } else {
        d.add("clients");
      }
      n.add(node("users", USERS, Lane.MID, false, "Users", d));
      users.add("users");
    }
    List<String> front = users;
    Waf waf = a.waf();
    if (a.cdn() != null) {
      if (waf != null && waf.protectsCloudFront()) {
        n.add(node("waf@cloudfront", WAF_EDGE, Lane.MID, false, "AWS WAF", wafDetails(waf)));
        front = link(e, front, "waf@cloudfront", Kind.PATH);
      }
      List<String> d = new ArrayList<>();
      d.add("hit " + pct(a.cdn().hitRatio()) + " of static");
      if (a.cdn().s3Origin()) {
        d.add("S3 origin");
      }
      n.add(node("cdn", EDGE, Lane.MID, false, "CloudFront", d));
      front = link(e, front, "cdn", Kind.PATH);
    }
    if (dr != null) {
      List<String> d = new ArrayList<>();
      d.add(
          dr.strategy() == DisasterRecovery.Strategy.ACTIVE_ACTIVE
              ? "latency records"
              : "failover records");
      d.add(
          "health checks "
              + Numbers.plain(dr.healthCheckIntervalSeconds())
              + " s × "
              + dr.failureThreshold());
      if (!dr.globalAccelerator()) {
        d.add("TTL " + Numbers.plain(dr.ttlSeconds()) + " s");
      }
      n.add(
          node(
              "dr-dns",
              DNS,
              Lane.MID,
              false,
              dr.globalAccelerator() ? "Global Accelerator" : "Route 53",
              d));
      front = link(e, front, "dr-dns", Kind.PATH);
    }
    Entry entry = a.entry();
    if (entry != null) {
      if (waf != null && waf.protectsEntry()) {
        n.add(node("waf@entry", WAF_ENTRY, Lane.MID, true, "AWS WAF", wafDetails(waf)));
        front = link(e, front, "waf@entry", Kind.PATH);
      }
      boolean inside = entry instanceof Entry.LoadBalancer || entry instanceof Entry.ApiGateway;
      n.add(node("entry", ENTRY, Lane.MID, inside, entryTitle(entry), entryDetails(entry)));
      front = link(e, front, "entry", Kind.PATH);
    }

    // compute
    ComputeTier c = a.compute();
    List<String> compute = new ArrayList<>();
    EcsService ecs = a.parts().get("ecs") instanceof EcsService s ? s : null;
    if (c != null) {
      for (Map.Entry<String, Integer> p : c.placement().entrySet()) {
        int az = Math.max(0, azs.indexOf(p.getKey()));
        String key = "compute@" + p.getKey();
        n.add(
            new Node(
                key,
                COMPUTE,
                Lane.ZONE,
                az,
                0,
                true,
                ecs != null
                    ? containerTitle(ecs)
                    : c.instanceType().startsWith("fargate.")
                        ? "Fargate"
                        : "EC2 " + c.instanceType(),
                ecs != null
                    ? containerDetails(ecs, p.getValue())
                    : c.instanceType().startsWith("fargate.")
                        ? List.of(count(p.getValue(), "task"), c.instanceType())
                        : List.of(count(p.getValue(), "instance"))));
        compute.add(key);
      }
      if (ecs != null) {
        n.add(node("ecs", COMPUTE, Lane.TOP, true, serviceTitle(ecs), serviceDetails(ecs)));
      } else if (c.autoScaling() != null) {
        n.add(node("asg", COMPUTE, Lane.TOP, true, "Auto Scaling", asgDetails(c)));
      }
      if (c.purchase() != null && ecs == null) {
        // the purchase mix belongs to the group: its line goes on the Auto Scaling node or, with
        // none, on the fleet's first node
        String line = purchase(c.purchase());
        if (line != null) {
          int at = indexOf(n, c.autoScaling() != null ? "asg" : compute.get(0));
          Node x = n.get(at);
          List<String> d = new ArrayList<>(x.details());
          d.add(line);
          n.set(
              at,
              new Node(
                  x.key(), x.column(), x.lane(), x.az(), x.region(), x.inside(), x.title(), d));
        }
      }
    } else if (a.functions() != null) {
      n.add(node("lambda", COMPUTE, Lane.MID, true, "Lambda " + a.functions().name(), lambda(a)));
      compute.add("lambda");
    }
    for (String f : front) {
      for (String x : compute) {
        e.add(new Edge(f, x, Kind.PATH));
      }
    }
    // A chain of compute tiers (web → app → ...): each tier behind its internal load balancer, two
    // columns after the one in front (the balancer, then the tier's instances in their AZs); the
    // path to the data starts from the last tier's nodes. Egress stays on the web tier's arrows.
    List<String> tier = compute;
    List<String> last = compute;
    ChainTiers chain = (ChainTiers) a.parts().get("tiers");
    if (chain != null) {
      int column = COMPUTE;
      for (ChainTiers.Tier t : chain.chain()) {
        String alb = "tier-alb:" + t.name();
        n.add(
            node(
                alb,
                ++column,
                Lane.MID,
                true,
                "Internal ALB",
                List.of("to " + t.name() + " on port " + t.port())));
        last = link(e, last, alb, Kind.PATH);
        column++;
        List<String> nodes = new ArrayList<>();
        // placed as written, or countPerAz in each of the stage's AZs
        Map<String, Integer> placed = new LinkedHashMap<>(t.fleet().placement());
        if (placed.isEmpty()) {
          azs.forEach(z -> placed.put(z, t.countPerAz()));
        }
        for (var p : placed.entrySet()) {
          int az = azs.indexOf(p.getKey());
          String key = "tier:" + t.name() + "@" + p.getKey();
          n.add(
              new Node(
                  key,
                  column,
                  Lane.ZONE,
                  az,
                  0,
                  true,
                  t.name() + " tier",
                  List.of(
                      "EC2 " + t.fleet().instanceType(),
                      count(p.getValue(), "instance"),
                      "SG " + t.group().name())));
          nodes.add(key);
        }
        for (String x : nodes) {
          e.add(new Edge(alb, x, Kind.PATH));
        }
        last = nodes;
      }
    }

    // egress: NAT gateways in their AZs, VPC endpoints below the zones
    NatGateways nat = a.natGateways();
    if (nat != null && !azs.isEmpty()) {
      int column = c != null ? COMPUTE : EGRESS;
      if (nat.perAz()) {
        for (int i = 0; i < azs.size(); i++) {
          n.add(
              new Node(
                  "nat@" + azs.get(i),
                  column,
                  Lane.EGRESS,
                  i,
                  0,
                  true,
                  "NAT gateway",
                  List.of("egress of " + azs.get(i))));
        }
      } else {
        String az = nat.az() != null ? nat.az() : azs.get(0);
        int i = Math.max(0, azs.indexOf(az));
        n.add(
            new Node(
                "nat@" + az,
                column,
                Lane.EGRESS,
                i,
                0,
                true,
                "NAT gateway",
                List.of("shared by " + azs.size() + " AZs")));
      }
      for (String x : tier) {
        String from = x.startsWith("compute@") ? x.substring("compute@".length()) : null;
        if (nat.perAz()) {
          if (from != null) {
            e.add(new Edge(x, "nat@" + from, Kind.EGRESS));
          } else {
            azs.forEach(z -> e.add(new Edge(x, "nat@" + z, Kind.EGRESS)));
          }
        } else {
          String az = nat.az() != null ? nat.az() : azs.get(0);
          e.add(
              new Edge(
                  x, "nat@" + az, from == null || from.equals(az) ? Kind.EGRESS : Kind.CROSS_AZ));
        }
      }
    }
    // the modules' own nodes (Component.diagram): VPC endpoints here, below the zones; those of a
    // component the graph does not place itself after the queue; those beside the path last
    Map<String, List<String>> ends = new LinkedHashMap<>();
    ends.put(DiagramNode.FROM_COMPUTE, compute);
    ends.put(
        DiagramNode.FROM_LAST_COMPUTE,
        compute.isEmpty() ? List.of() : List.of(compute.get(compute.size() - 1)));
    ends.put(DiagramNode.FROM_BACKEND, last.isEmpty() ? front : last);
    Map<String, List<DiagramNode>> own = new LinkedHashMap<>();
    for (Components.Present<?> p : Components.in(a)) {
      List<DiagramNode> d = p.diagram(a, w);
      if (!d.isEmpty()) {
        own.put(p.component().section(), d);
      }
    }
    List<DiagramNode> beside = new ArrayList<>();
    draw(own.remove("vpcEndpoints"), azs, ends, n, e, beside);

    // data: cache, queue and workers, database
    tier = last;
    List<String> toDb = tier;
    Cache cache = a.cache();
    if (cache != null) {
      n.add(node("cache", CACHE, Lane.MID, true, cacheTitle(cache), cacheDetails(cache)));
      for (String x : tier) {
        e.add(new Edge(x, "cache", Kind.PATH));
      }
      toDb = List.of("cache");
    }
    S3Storage s3 = a.s3();
    if (s3 != null || (a.cdn() != null && a.cdn().s3Origin())) {
      // above the entry when CloudFront's misses reach it, else above the cache's column
      boolean origin =
          a.cdn() != null
              && a.cdn().s3Origin()
              && (entry instanceof Entry.LoadBalancer || entry instanceof Entry.ApiGateway);
      n.add(
          node(
              "s3",
              origin ? ENTRY : CACHE,
              Lane.TOP,
              true,
              "S3 bucket",
              s3 != null ? s3Details(s3) : List.of("static origin")));
      if (a.cdn() != null && a.cdn().s3Origin()) {
        e.add(new Edge("cdn", "s3", Kind.STATIC));
      }
    }
    Database d = a.database();
    String dbKey = null;
    if (d != null) {
      dbKey = "db";
      if (d.engine() == Database.Engine.DYNAMODB) {
        n.add(node("db", DATABASE, Lane.MID, true, "DynamoDB", dynamo(d)));
      } else {
        int primary = Math.max(0, d.primaryAz() == null ? 0 : azs.indexOf(d.primaryAz()));
        String engine = d.engine() == Database.Engine.AURORA ? "Aurora" : "RDS";
        String writer = d.engine() == Database.Engine.AURORA ? " writer" : " primary";
        List<String> pd = new ArrayList<>(capacity(d));
        if (d.proxy()) {
          pd.add("behind RDS Proxy");
        }
        n.add(new Node("db", DATABASE, Lane.ZONE, primary, 0, true, engine + writer, pd));
        if (d.multiAz() && azs.size() > 1) {
          n.add(
              new Node(
                  "db-standby",
                  DATABASE,
                  Lane.ZONE,
                  (primary + 1) % azs.size(),
                  0,
                  true,
                  engine + (d.engine() == Database.Engine.AURORA ? " replica" : " standby"),
                  plus(
                      List.of(
                          d.engine() == Database.Engine.AURORA ? "failover target" : "Multi-AZ"),
                      capacity(d))));
          e.add(new Edge("db", "db-standby", Kind.REPLICATION));
        }
        if (d.readReplicas() > 0) {
          n.add(
              node(
                  "db-replicas",
                  REPLICAS,
                  Lane.MID,
                  true,
                  count(d.readReplicas(), "read replica"),
                  plus(
                      capacity(d), List.of("lag " + Numbers.plain(d.replicaLagSeconds()) + " s"))));
          e.add(new Edge("db", "db-replicas", Kind.REPLICATION));
        }
      }
      for (String x : toDb) {
        e.add(new Edge(x, "db", Kind.PATH));
      }
    }
    AsyncQueue q = a.queue();
    if (q != null) {
      // without an entry the arrows carry the producers' messages, from the producers on
      Kind carries = entry == null ? Kind.MESSAGES : Kind.PATH;
      n.add(node("queue", QUEUE, Lane.BOTTOM, true, queueTitle(q), queueDetails(q, entry)));
      for (String x : entry == null && tier.isEmpty() ? front : tier) {
        e.add(new Edge(x, "queue", carries));
      }
      if (q.lambda() != null) {
        AsyncQueue.LambdaConsumer l = q.lambda();
        List<String> wd = new ArrayList<>();
        wd.add(
            "batch "
                + l.batchSize()
                + (l.batchWindowSeconds() > 0
                    ? ", window " + Numbers.plain(l.batchWindowSeconds()) + " s"
                    : ""));
        wd.add("up to " + l.concurrencyCap() + " concurrent");
        wd.add(
            l.memoryMb()
                + " MB"
                + (l.reportBatchItemFailures() ? ", partial failures" : ", whole batches"));
        n.add(node("workers", WORKERS, Lane.BOTTOM, true, "Lambda " + l.name(), wd));
      } else if (q.workers() != null) {
        // placed as written, or countPerAz in each of the stage's AZs, or an ECS service's tasks
        AsyncQueue.Workers f =
            q.workers()
                .withFleet(dev.archsim.engine.component.QueueComponent.placed(q.workers(), azs));
        Map<String, Integer> placed = new LinkedHashMap<>(f.fleet().placement());
        placed.values().removeIf(k -> k == 0);
        int instances = placed.values().stream().mapToInt(Integer::intValue).sum();
        List<String> wd = new ArrayList<>();
        wd.add(
            f.fleet().instanceType().startsWith("fargate.")
                ? count(instances, "task") + " " + f.fleet().instanceType()
                : count(instances, "instance") + " " + f.fleet().instanceType());
        if (placed.size() < azs.size()) {
          wd.add("in " + String.join(", ", placed.keySet()));
        }
        wd.add(Numbers.plain(f.messageMs()) + " ms a message");
        if (f.fleet().autoScaling() != null) {
          wd.add(
              "scales "
                  + f.fleet().autoScaling().min()
                  + "–"
                  + f.fleet().autoScaling().max()
                  + " on backlog");
        }
        n.add(
            node(
                "workers",
                WORKERS,
                Lane.BOTTOM,
                true,
                (f.fleet().instanceType().startsWith("fargate.") ? "ECS " : "EC2 ")
                    + f.fleet().name(),
                wd));
      } else {
        n.add(
            node(
                "workers",
                WORKERS,
                Lane.BOTTOM,
                true,
                "Consumers",
                List.of(Numbers.plain(q.consumerRatePerSecond()) + " messages/s")));
      }
      e.add(new Edge("queue", "workers", carries));
      if (dbKey != null) {
        e.add(new Edge("workers", dbKey, carries));
      }
    }

    for (List<DiagramNode> module : own.values()) {
      draw(module, azs, ends, n, e, beside);
    }
    for (DiagramNode x : beside) {
      n.add(besideThePath(x, n));
    }

    // other regions
    if (dr != null) {
      for (int r = 1; r < regions.size(); r++) {
        String region = regions.get(r);
        double nearestShare = byRegion ? nearestShare(w, regions, r) : -1;
        n.add(
            new Node(
                "dr@" + region,
                COMPUTE,
                Lane.MID,
                -1,
                r,
                true,
                standbyTitle(dr),
                standbyDetails(dr, a, nearestShare)));
        e.add(
            new Edge(
                "dr-dns",
                "dr@" + region,
                dr.strategy() == DisasterRecovery.Strategy.ACTIVE_ACTIVE
                    ? Kind.ROUTED
                    : Kind.FAILOVER));
        if (d != null) {
          n.add(
              new Node(
                  "dr-db@" + region,
                  DATABASE,
                  Lane.MID,
                  -1,
                  r,
                  true,
                  drDbTitle(dr, d),
                  drDbDetails(dr, d)));
          e.add(new Edge("db", "dr-db@" + region, Kind.REPLICATION));
        }
        notes.add(
            dr.strategy() == DisasterRecovery.Strategy.ACTIVE_ACTIVE
                ? "active-active"
                : "DR, " + dr.strategy().id());
      }
      if (byRegion) {
        notes.set(
            0, notes.get(0) + " · nearest for " + pct(nearestShare(w, regions, 0)) + " of users");
      }
    }
    return new Graph(n, e, regions, notes);
  }

  private static Node node(
      String key, int column, Lane lane, boolean inside, String title, List<String> details) {
    return new Node(key, column, lane, -1, 0, inside, title, details);
  }

  /**
   * Draws a module's nodes (null: none) where they say, with their arrows; those beside the path
   * are kept for the end, when the free cells are known.
   */
  private static void draw(
      List<DiagramNode> nodes,
      List<String> azs,
      Map<String, List<String>> ends,
      List<Node> n,
      List<Edge> e,
      List<DiagramNode> beside) {
    if (nodes == null) {
      return;
    }
    for (DiagramNode x : nodes) {
      if (x.lane() == DiagramNode.Lane.BESIDE) {
        beside.add(x);
        continue;
      }
      boolean zonal = x.lane() == DiagramNode.Lane.ZONE || x.lane() == DiagramNode.Lane.EGRESS;
      n.add(
          new Node(
              x.key(),
              x.column(),
              Lane.valueOf(x.lane().name()),
              zonal ? Math.max(0, azs.indexOf(x.az())) : -1,
              0,
              true,
              x.title(),
              x.details()));
      for (DiagramNode.Arrow arrow : x.arrows()) {
        for (String from : ends.getOrDefault(arrow.from(), List.of(arrow.from()))) {
          for (String to : ends.getOrDefault(arrow.to(), List.of(arrow.to()))) {
            e.add(new Edge(from, to, Kind.valueOf(arrow.kind().name())));
          }
        }
      }
    }
  }

  /**
   * A node beside the path in a free cell: the lane above the zones when that lane is used or the
   * one below is not, else the lane below; the rightmost column holding nodes inside the region
   * that the lane leaves free (the last such column when none is free, the compute column in a
   * region without nodes).
   */
  private static Node besideThePath(DiagramNode x, List<Node> n) {
    TreeSet<Integer> inside = new TreeSet<>();
    java.util.Set<Integer> top = new java.util.HashSet<>();
    java.util.Set<Integer> bottom = new java.util.HashSet<>();
    for (Node y : n) {
      if (y.inside()) {
        inside.add(y.column());
      }
      if (y.lane() == Lane.TOP) {
        top.add(y.column());
      } else if (y.lane() == Lane.BOTTOM) {
        bottom.add(y.column());
      }
    }
    Lane lane = !top.isEmpty() || bottom.isEmpty() ? Lane.TOP : Lane.BOTTOM;
    java.util.Set<Integer> used = lane == Lane.TOP ? top : bottom;
    int column = inside.isEmpty() ? COMPUTE : inside.last();
    for (int col : inside.descendingSet()) {
      if (!used.contains(col)) {
        column = col;
        break;
      }
    }
    return node(x.key(), column, lane, true, x.title(), x.details());
  }

  private static List<String> link(List<Edge> e, List<String> from, String to, Kind kind) {
    for (String f : from) {
      e.add(new Edge(f, to, kind));
    }
    return List.of(to);
  }

  private static int indexOf(List<Node> n, String key) {
    for (int i = 0; i < n.size(); i++) {
      if (n.get(i).key().equals(key)) {
        return i;
      }
    }
    throw new IllegalStateException("no node " + key);
  }

  /**
   * The region (of {@code regions}) nearest to users near {@code from}; ties to the lower index.
   */
  static String nearest(String from, List<String> regions) {
    String best = null;
    double bestMs = Double.POSITIVE_INFINITY;
    for (String r : regions) {
      double ms;
      try {
        ms = Services.roundTripMs(from, r);
      } catch (IllegalArgumentException unknown) {
        return null;
      }
      if (ms < bestMs) {
        bestMs = ms;
        best = r;
      }
    }
    return best;
  }

  private static double nearestShare(Workload w, List<String> regions, int r) {
    double s = 0;
    for (Workload.Users u : w.users()) {
      if (regions.get(r).equals(nearest(u.region(), regions))) {
        s += u.share();
      }
    }
    return s;
  }

  private static String pct(double share) {
    return Numbers.plain(Math.round(1000 * share) / 10.0) + " %";
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static List<String> wafDetails(Waf w) {
    return List.of(count(w.rules(), "rule"), "Shield Standard");
  }

  private static String entryTitle(Entry e) {
    return switch (e) {
      case Entry.ElasticIps x -> "Elastic IPs";
      case Entry.LoadBalancer lb -> lb.kind().id().toUpperCase(Locale.ROOT);
      case Entry.Route53 r -> "Route 53";
      case Entry.ApiGateway g -> "API Gateway";
    };
  }

  private static List<String> entryDetails(Entry e) {
    return switch (e) {
      case Entry.ElasticIps x ->
          x.remapMinutes() == null
              ? List.of("one per instance")
              : List.of(
                  "one per instance", "remapped in " + Numbers.plain(x.remapMinutes()) + " min");
      case Entry.LoadBalancer lb ->
          List.of(
              lb.crossZone() ? "cross-zone" : "per zone",
              lb.algorithm().id().replace('-', ' '),
              "checks every " + Numbers.plain(lb.healthCheck().intervalSeconds()) + " s");
      case Entry.Route53 r -> {
        List<String> d = new ArrayList<>();
        d.add(r.routing().id() + " records");
        d.add("TTL " + Numbers.plain(r.ttlSeconds()) + " s");
        if (r.healthCheck() != null) {
          d.add("health checks");
        }
        yield d;
      }
      case Entry.ApiGateway g ->
          List.of(
              g.rest() ? "REST API" : "HTTP API",
              "throttle " + Numbers.plain(g.throttleRps()) + " req/s");
    };
  }

  private static List<String> asgDetails(ComputeTier c) {
    ComputeTier.AutoScaling g = c.autoScaling();
    List<String> d = new ArrayList<>();
    d.add("min " + g.min() + ", max " + g.max());
    List<String> p = new ArrayList<>();
    for (ComputeTier.ScalingPolicy x : g.policies()) {
      p.add(
          switch (x) {
            case ComputeTier.TargetTracking t -> "CPU " + Numbers.plain(t.targetPercent()) + " %";
            case ComputeTier.RequestCountTracking t ->
                Numbers.plain(t.targetValue()) + " req/target/min";
            case ComputeTier.BacklogTracking t -> Numbers.plain(t.targetValue()) + " msgs/instance";
            case ComputeTier.StepScaling s -> "step scaling";
            case ComputeTier.SimpleScaling s -> "simple scaling";
          });
    }
    if (!p.isEmpty()) {
      d.add("on " + String.join(", ", new TreeSet<>(p)));
    }
    if (!g.scheduled().isEmpty()) {
      d.add(count(g.scheduled().size(), "scheduled action"));
    }
    return d;
  }

  private static String purchase(ComputeTier.Purchase p) {
    List<String> parts = new ArrayList<>();
    if (p.reserved() != null) {
      parts.add(p.reserved().count() + " reserved");
    }
    if (p.savingsPlan() != null) {
      parts.add("Savings Plan");
    }
    if (p.spot() != null) {
      parts.add("spot " + pct(p.spot().share()) + " above " + p.spot().onDemandBase());
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static String containerTitle(EcsService s) {
    String kind = s.eks() ? "EKS" : "ECS";
    if (s.onEc2() && s.instanceType() != null) {
      return kind + " on EC2 " + s.instanceType();
    }
    return kind + (s.eks() ? " pods" : " tasks") + " (Fargate)";
  }

  private static List<String> containerDetails(EcsService s, int units) {
    String size =
        Numbers.plain(s.task().vcpu())
            + " vCPU / "
            + Numbers.plain(s.task().memoryGb())
            + " GB"
            + (s.task().arm64() ? " arm64" : "");
    if (s.onEc2() && s.instanceType() != null) {
      return List.of(count(units, "instance"), "tasks of " + size);
    }
    return List.of(count(units, "task"), size);
  }

  private static String serviceTitle(EcsService s) {
    return (s.eks() ? "EKS deployment " : "ECS service ") + s.name();
  }

  private static List<String> serviceDetails(EcsService s) {
    List<String> d = new ArrayList<>();
    d.add(s.min() + "–" + s.max() + " tasks (start " + s.desired() + ")");
    List<String> p = new ArrayList<>();
    for (EcsService.Provider x : s.providers()) {
      p.add(
          (x.ec2() ? (s.eks() ? "node group" : "EC2") : x.provider())
              + (x.base() > 0 ? " base " + x.base() : "")
              + (s.providers().size() > 1 ? " ×" + x.weight() : ""));
    }
    d.add(String.join(", ", p));
    d.add(
        "deploys "
            + s.deployment().minimumHealthyPercent()
            + "–"
            + s.deployment().maximumPercent()
            + " %");
    return d;
  }

  private static List<String> lambda(Architecture a) {
    Functions f = a.functions();
    List<String> d = new ArrayList<>();
    d.add(f.memoryMb() + " MB" + (f.arm64() ? ", arm64" : ""));
    if (f.provisionedConcurrency() > 0) {
      d.add("provisioned " + f.provisionedConcurrency());
    }
    d.add(
        f.reservedConcurrency() != null
            ? "reserved " + f.reservedConcurrency()
            : "concurrency " + f.accountConcurrency());
    if (f.snapStart()) {
      d.add("SnapStart");
    }
    return d;
  }

  private static String cacheTitle(Cache c) {
    String engine = "dax".equals(c.engine()) ? "DAX" : "ElastiCache " + c.engine();
    return c.isServerless() ? engine + " Serverless" : engine;
  }

  private static List<String> cacheDetails(Cache c) {
    List<String> d = new ArrayList<>();
    if (c.isServerless()) {
      d.add("hit " + pct(c.hitRatio()) + ", " + Numbers.plain(c.serverless().dataGb()) + " GB");
      if (c.serverless().maxEcpuPerSecond() > 0) {
        d.add("max " + Numbers.plain(c.serverless().maxEcpuPerSecond()) + " ECPU/s");
      }
    } else {
      d.add(c.nodes() + " × " + c.nodeType());
      d.add("hit " + pct(c.hitRatio()) + (c.replicated() ? ", replicated" : ""));
    }
    return d;
  }

  private static List<String> s3Details(S3Storage s) {
    List<String> d = new ArrayList<>();
    d.add(Numbers.plain(s.initialGb()) + " GB + " + Numbers.plain(s.gbPerMonth()) + " GB/month");
    for (S3Storage.Transition t : s.transitions()) {
      d.add("→ " + t.storageClass() + " at " + t.days() + " d");
    }
    return d;
  }

  private static List<String> dynamo(Database d) {
    List<String> out = new ArrayList<>();
    var cap = d.capacity();
    if (cap == null || cap.onDemand()) {
      out.add("on-demand");
    } else {
      out.add(
          "provisioned "
              + Numbers.plain(cap.readUnits())
              + " RCU, "
              + Numbers.plain(cap.writeUnits())
              + " WCU");
    }
    out.add(d.global() ? "global table" : "regional table");
    return out;
  }

  /** The instance class, or Aurora Serverless v2's capacity range. */
  private static List<String> capacity(Database d) {
    return d.serverlessV2()
        ? List.of(
            "Serverless v2",
            Numbers.plain(d.serverless().minAcu())
                + "–"
                + Numbers.plain(d.serverless().maxAcu())
                + " ACU")
        : List.of(d.instanceClass());
  }

  private static List<String> plus(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String queueTitle(AsyncQueue q) {
    return q.eventBridge() ? "EventBridge → SQS" : "SQS queue";
  }

  private static List<String> queueDetails(AsyncQueue q, Entry entry) {
    List<String> d = new ArrayList<>();
    d.add(entry == null ? "fed by producers" : pct(q.share()) + " of writes");
    d.add("retention " + Numbers.plain(q.retentionHours()) + " h");
    d.add(
        q.deadLetterQueue()
            ? "DLQ after " + count(q.maxReceiveCount(), "receive")
            : "no dead-letter queue");
    if (q.fanoutSubscribers() > 0) {
      d.add("fan-out to " + q.fanoutSubscribers());
    }
    return d;
  }

  private static String standbyTitle(DisasterRecovery dr) {
    return switch (dr.strategy()) {
      case BACKUP_RESTORE -> "Restore from backup";
      case PILOT_LIGHT -> "Pilot light";
      case WARM_STANDBY -> "Warm standby";
      case ACTIVE_ACTIVE -> "Active";
    };
  }

  private static List<String> standbyDetails(
      DisasterRecovery dr, Architecture a, double nearestShare) {
    List<String> d = new ArrayList<>();
    ComputeTier c = a.compute();
    switch (dr.strategy()) {
      case BACKUP_RESTORE ->
          d.add(
              "provisioned in "
                  + Numbers.plain(dr.provisionMinutes() + dr.restoreMinutes())
                  + " min");
      case PILOT_LIGHT -> d.add("compute off, boots on failover");
      case WARM_STANDBY, ACTIVE_ACTIVE -> {
        if (c == null) {
          d.add("Lambda");
        } else if (dr.multiRegion()) {
          int primary = c.autoScaling() != null ? c.autoScaling().desired() : c.totalInstances();
          int k = Math.max(1, (int) Math.ceil(dr.standbyShare() * primary));
          d.add(k + " × " + c.instanceType());
        } else {
          d.add(pct(dr.standbyShare()) + " capacity");
        }
      }
    }
    if (nearestShare >= 0) {
      d.add("nearest for " + pct(nearestShare) + " of users");
    }
    return d;
  }

  private static String drDbTitle(DisasterRecovery dr, Database d) {
    if (dr.strategy() == DisasterRecovery.Strategy.BACKUP_RESTORE) {
      return "Backups";
    }
    return d.engine() == Database.Engine.DYNAMODB ? "DynamoDB replica" : "Replica database";
  }

  private static List<String> drDbDetails(DisasterRecovery dr, Database d) {
    if (dr.strategy() == DisasterRecovery.Strategy.BACKUP_RESTORE) {
      return List.of("every " + Numbers.plain(dr.backupIntervalHours()) + " h");
    }
    return List.of("lag " + Numbers.plain(dr.replicationLagSeconds()) + " s");
  }

  // ------------------------------------------------------------------ text

  /**
   * Advance widths of Helvetica (= Arial = Liberation Sans), in thousandths of an em, of the
   * printable ASCII characters from the space on.
   */
  private static final int[] WIDTHS = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space-/
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @-O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-_
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `-o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584 // p-~
  };

  /** Width of {@code s} in pixels at {@code px}, a little more than Arial's to be safe. */
  static double textWidth(String s, double px) {
    double em = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      int w;
      if (ch >= 32 && ch <= 126) {
        w = WIDTHS[ch - 32];
      } else {
        w =
            switch (ch) {
              case '×', '−', '≈', '≥', '≤' -> 584;
              case '–' -> 556;
              case '·' -> 278;
              default -> 1000; // arrows, dashes and anything else: an em
            };
      }
      em += w;
    }
    return 1.04 * em * px / 1000;
  }

  /** {@code s} broken into lines no wider than {@code max} pixels, at spaces where it can. */
  static List<String> wrap(String s, double px, double max) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : s.split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (textWidth(candidate, px) <= max) {
        line.setLength(0);
        line.append(candidate);
        continue;
      }
      if (!line.isEmpty()) {
        out.add(line.toString());
        line.setLength(0);
      }
      // a word wider than the line is cut where it must be
      String rest = word;
      while (textWidth(rest, px) > max) {
        int k = rest.length() - 1;
        while (k > 1 && textWidth(rest.substring(0, k), px) > max) {
          k--;
        }
        out.add(rest.substring(0, k));
        rest = rest.substring(k);
      }
      line.append(rest);
    }
    if (!line.isEmpty()) {
      out.add(line.toString());
    }
    return out;
  }

  /** A node's text as drawn: its title and detail lines, each wrapped to the box. */
  record Text(List<String> title, List<String> details) {
    static Text of(Node n) {
      double max = NODE_W - 2 * PAD_X;
      List<String> details = new ArrayList<>();
      for (String d : n.details()) {
        details.addAll(wrap(d, DETAIL_PX, max));
      }
      return new Text(wrap(n.title(), TITLE_PX, max), details);
    }

    int height() {
      return 2 * PAD_Y + title.size() * TITLE_LINE + details.size() * DETAIL_LINE;
    }
  }

  // ------------------------------------------------------------------ layout

  /** A placed box. */
  record Box(double x, double y, double w, double h) {
    double right() {
      return x + w;
    }

    double bottom() {
      return y + h;
    }

    double cx() {
      return x + w / 2;
    }

    double cy() {
      return y + h / 2;
    }

    boolean containsStrictly(double px, double py) {
      return px > x + 1 && px < x + w - 1 && py > y + 1 && py < y + h - 1;
    }
  }

  /** Where everything goes. */
  record Layout(
      Map<String, Box> boxes,
      Map<String, Text> texts,
      List<Box> regionBoxes,
      List<double[]> azBands,
      double channelTop,
      double width,
      double height) {}

  private record Cell(Lane lane, int az, int rank) implements Comparable<Cell> {
    @Override
    public int compareTo(Cell o) {
      int c = lane.compareTo(o.lane);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(az, o.az);
      return c != 0 ? c : Integer.compare(rank, o.rank);
    }
  }

  static Layout layout(Graph g, int azCount, int channelEdges) {
    Map<String, Text> texts = new LinkedHashMap<>();
    for (Node x : g.nodes()) {
      texts.put(x.key(), Text.of(x));
    }
    List<Node> primary = g.nodes().stream().filter(x -> x.region() == 0).toList();
    // a regional node in a column holding zonal nodes goes above the zones
    TreeSet<Integer> zonalColumns = new TreeSet<>();
    for (Node x : primary) {
      if (x.lane() == Lane.ZONE || x.lane() == Lane.EGRESS) {
        zonalColumns.add(x.column());
      }
    }
    List<Node> placed = new ArrayList<>();
    for (Node x : primary) {
      placed.add(
          x.lane() == Lane.MID && x.inside() && zonalColumns.contains(x.column())
              ? new Node(x.key(), x.column(), Lane.TOP, -1, 0, true, x.title(), x.details())
              : x);
    }
    TreeSet<Integer> columns = new TreeSet<>();
    placed.forEach(x -> columns.add(x.column()));
    for (Node x : g.nodes()) {
      if (x.region() > 0) {
        columns.add(x.column());
      }
    }
    Map<Integer, Integer> rank = new LinkedHashMap<>();
    for (int col : columns) {
      rank.put(col, rank.size());
    }
    TreeMap<Cell, List<Node>> cells = new TreeMap<>();
    for (Node x : placed) {
      int az = x.lane() == Lane.ZONE || x.lane() == Lane.EGRESS ? x.az() : -1;
      cells
          .computeIfAbsent(new Cell(x.lane(), az, rank.get(x.column())), k -> new ArrayList<>())
          .add(x);
    }
    Map<Cell, Integer> stack = new LinkedHashMap<>();
    cells.forEach(
        (cell, list) -> {
          int h = -STACK_GAP;
          for (Node x : list) {
            h += texts.get(x.key()).height() + STACK_GAP;
          }
          stack.put(cell, h);
        });
    int topH = maxOf(stack, Lane.TOP, -1);
    int zoneH = 0;
    int egressH = 0;
    boolean zones = !zonalColumns.isEmpty();
    int rows = Math.max(1, azCount);
    for (int i = 0; i < rows; i++) {
      zoneH = Math.max(zoneH, maxOf(stack, Lane.ZONE, i));
      egressH = Math.max(egressH, maxOf(stack, Lane.EGRESS, i));
    }
    int midH = maxOf(stack, Lane.MID, -1);
    int bottomH = maxOf(stack, Lane.BOTTOM, -1);
    int azRowH = AZ_LABEL + zoneH + (egressH > 0 ? STACK_GAP + egressH : 0) + 8;
    int azBlock;
    if (zones) {
      azRowH = Math.max(azRowH, (midH + 4 * (rows - 1)) / rows + 1);
      azBlock = rows * azRowH + (rows - 1) * 4;
    } else {
      azBlock = midH;
    }
    double regionTop = MARGIN;
    double topY = regionTop + 30;
    double azTop = topY + (topH > 0 ? topH + 14 : 0);
    double azBottom = azTop + azBlock;
    double bottomY = azBottom + 14;
    double regionBottom = (bottomH > 0 ? bottomY + bottomH : azBottom) + 12;

    Map<String, Box> boxes = new LinkedHashMap<>();
    for (Map.Entry<Cell, List<Node>> ce : cells.entrySet()) {
      Cell cell = ce.getKey();
      double x = MARGIN + cell.rank() * COL;
      double y =
          switch (cell.lane()) {
            case TOP -> topY;
            case ZONE -> azTop + cell.az() * (azRowH + 4) + AZ_LABEL;
            case EGRESS -> azTop + cell.az() * (azRowH + 4) + AZ_LABEL + zoneH + STACK_GAP;
            case MID -> azTop + (azBlock - stack.get(cell)) / 2.0;
            case BOTTOM -> bottomY;
          };
      for (Node n : ce.getValue()) {
        int h = texts.get(n.key()).height();
        boxes.put(n.key(), new Box(x, y, NODE_W, h));
        y += h + STACK_GAP;
      }
    }
    int lastRank = rank.size() - 1;
    int firstInside = lastRank;
    int lastUsed = 0;
    for (Node x : placed) {
      if (x.inside()) {
        firstInside = Math.min(firstInside, rank.get(x.column()));
      }
      lastUsed = Math.max(lastUsed, rank.get(x.column()));
    }
    List<Box> regionBoxes = new ArrayList<>();
    double rx = MARGIN + firstInside * COL - REGION_PAD;
    // as wide as its columns, or as its label
    double regionRight =
        Math.max(MARGIN + lastUsed * COL + NODE_W + REGION_PAD, rx + labelWidth(g, 0) + 16);
    regionBoxes.add(new Box(rx, regionTop, regionRight - rx, regionBottom - regionTop));
    List<double[]> bands = new ArrayList<>();
    if (zones) {
      List<int[]> runs = new ArrayList<>();
      for (int col : zonalColumns) {
        int r = rank.get(col);
        if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == r - 1) {
          runs.get(runs.size() - 1)[1] = r;
        } else {
          runs.add(new int[] {r, r});
        }
      }
      for (int i = 0; i < rows; i++) {
        for (int[] run : runs) {
          double bx = MARGIN + run[0] * COL - 8;
          double bw = MARGIN + run[1] * COL + NODE_W + 8 - bx;
          bands.add(new double[] {i, bx, azTop + i * (azRowH + 4), bw, azRowH});
        }
      }
    }
    // other regions, side by side under the primary, after a channel for the arrows to them
    double channelTop = regionBottom + 6;
    double secondaryTop = channelTop + 10 + 8 * channelEdges;
    double sx = rx;
    double bottom = regionBottom;
    double right = regionRight;
    for (int r = 1; r < g.regions().size(); r++) {
      final int region = r;
      List<Node> in = g.nodes().stream().filter(x -> x.region() == region).toList();
      double x = sx + 14;
      double y = secondaryTop + 30;
      double maxH = 0;
      for (Node n : in) {
        int h = texts.get(n.key()).height();
        boxes.put(n.key(), new Box(x, y, NODE_W, h));
        x += COL;
        maxH = Math.max(maxH, h);
      }
      double w = Math.max(in.size() * COL - COL_GAP + 28, labelWidth(g, r) + 16);
      Box box = new Box(sx, secondaryTop, w, 30 + maxH + 12);
      regionBoxes.add(box);
      sx += w + 16;
      bottom = Math.max(bottom, box.bottom());
      right = Math.max(right, box.right());
    }
    return new Layout(boxes, texts, regionBoxes, bands, channelTop, right + MARGIN, bottom + 10);
  }

  private static double labelWidth(Graph g, int r) {
    return textWidth(regionLabel(g, r), 11);
  }

  private static String regionLabel(Graph g, int r) {
    String note = g.regionNotes().get(r);
    return "Region " + g.regions().get(r) + (note.isEmpty() ? "" : " · " + note);
  }

  private static int maxOf(Map<Cell, Integer> stack, Lane lane, int az) {
    int m = 0;
    for (Map.Entry<Cell, Integer> e : stack.entrySet()) {
      if (e.getKey().lane() == lane && e.getKey().az() == az) {
        m = Math.max(m, e.getValue());
      }
    }
    return m;
  }

  // ------------------------------------------------------------------ arrows

  /** The points of an arrow from {@code a} to {@code b} that crosses no other node if it can. */
  static List<double[]> route(
      Edge e, Layout l, Map<String, Node> byKey, double channelY, boolean channel) {
    Box a = l.boxes().get(e.from());
    Box b = l.boxes().get(e.to());
    double gap = COL_GAP / 2.0;
    List<List<double[]>> options = new ArrayList<>();
    if (channel) {
      Node source = byKey.get(e.from());
      if (!source.inside()) {
        // outside the region: straight down from it to the channel, over, down into the top
        return List.of(
            new double[] {a.cx(), a.bottom()},
            new double[] {a.cx(), channelY},
            new double[] {b.cx(), channelY},
            new double[] {b.cx(), b.y()});
      }
      // out of the source's right side into the gap, down to the channel, over, down into the top
      double gx = a.right() + gap;
      options.add(
          List.of(
              new double[] {a.right(), a.cy()},
              new double[] {gx, a.cy()},
              new double[] {gx, channelY},
              new double[] {b.cx(), channelY},
              new double[] {b.cx(), b.y()}));
      return options.get(0);
    }
    if (Math.abs(a.x() - b.x()) < 1) {
      boolean down = b.y() > a.y();
      options.add(
          List.of(
              new double[] {a.cx() + 12, down ? a.bottom() : a.y()},
              new double[] {a.cx() + 12, down ? b.y() : b.bottom()}));
      double gx = a.right() + gap;
      options.add(
          List.of(
              new double[] {a.right(), a.cy()},
              new double[] {gx, a.cy()},
              new double[] {gx, b.cy()},
              new double[] {b.right(), b.cy()}));
    } else {
      boolean right = b.x() > a.x();
      double sx = right ? a.right() : a.x();
      double tx = right ? b.x() : b.right();
      options.add(List.of(new double[] {sx, a.cy()}, new double[] {tx, b.cy()}));
      double g1 = right ? a.right() + gap : a.x() - gap;
      options.add(
          List.of(
              new double[] {sx, a.cy()},
              new double[] {g1, a.cy()},
              new double[] {g1, b.cy()},
              new double[] {tx, b.cy()}));
      double g2 = right ? b.x() - gap : b.right() + gap;
      options.add(
          List.of(
              new double[] {sx, a.cy()},
              new double[] {g2, a.cy()},
              new double[] {g2, b.cy()},
              new double[] {tx, b.cy()}));
    }
    for (List<double[]> o : options) {
      if (!crosses(o, l.boxes(), e.from(), e.to())) {
        return o;
      }
    }
    return options.get(0);
  }

  /** True when the polyline passes through a node other than {@code from} and {@code to}. */
  static boolean crosses(List<double[]> points, Map<String, Box> boxes, String from, String to) {
    for (int i = 1; i < points.size(); i++) {
      double[] p = points.get(i - 1);
      double[] q = points.get(i);
      double len = Math.hypot(q[0] - p[0], q[1] - p[1]);
      int steps = (int) Math.ceil(len / 2) + 1;
      for (int s = 0; s <= steps; s++) {
        double x = p[0] + (q[0] - p[0]) * s / steps;
        double y = p[1] + (q[1] - p[1]) * s / steps;
        for (Map.Entry<String, Box> b : boxes.entrySet()) {
          if (!b.getKey().equals(from)
              && !b.getKey().equals(to)
              && b.getValue().containsStrictly(x, y)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ drawing

  /** The stage's diagram; {@code previous} is the previous stage's architecture or null. */
  public static String render(String id, Architecture a, Architecture previous) {
    return render(id, a, null, previous, null);
  }

  /**
   * The stage's diagram with its users placed by region ({@code w}, the stage's workload, may be
   * null); {@code previous} and {@code previousWorkload} are the previous stage's, or null.
   */
  public static String render(
      String id, Architecture a, Workload w, Architecture previous, Workload previousWorkload) {
    Graph g = graph(a, w);
    Map<String, Node> before = new LinkedHashMap<>();
    if (previous != null) {
      for (Node p : graph(previous, previousWorkload).nodes()) {
        before.put(p.key(), p);
      }
    }
    Map<String, Node> byKey = new LinkedHashMap<>();
    g.nodes().forEach(x -> byKey.put(x.key(), x));
    List<Edge> channel = new ArrayList<>();
    List<Edge> local = new ArrayList<>();
    for (Edge e : g.edges()) {
      if (!byKey.containsKey(e.from()) || !byKey.containsKey(e.to())) {
        continue;
      }
      if (byKey.get(e.from()).region() != byKey.get(e.to()).region()) {
        channel.add(e);
      } else {
        local.add(e);
      }
    }
    Layout l = layout(g, a.azs().size(), channel.size());
    List<String> removed = new ArrayList<>();
    for (Node old : before.values()) {
      if (!byKey.containsKey(old.key())) {
        removed.add(old.title() + (old.details().isEmpty() ? "" : " (" + old.detail() + ")"));
      }
    }
    List<String> legend = legend(g, local, channel, previous != null, removed, l.width());
    double width = Math.max(l.width(), 320);
    double height = l.height() + 6 + legend.size() * 15;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"diagram\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"architecture of %s\" font-family=\"%s\">",
            escape(id),
            width,
            height,
            width,
            height,
            escape(id),
            FONT));
    b.append("<defs>");
    for (Kind k : Kind.values()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<marker id=\"%s-arrow-%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"%s\"/></marker>",
              escape(id),
              k.name().toLowerCase(Locale.ROOT),
              k.colour));
    }
    b.append("</defs>");
    // regions and zones
    for (int r = 0; r < l.regionBoxes().size(); r++) {
      Box box = l.regionBoxes().get(r);
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"region%s\" data-region=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"%s/>",
              r == 0 ? "" : " secondary",
              escape(g.regions().get(r)),
              box.x(),
              box.y(),
              box.w(),
              box.h(),
              r == 0 ? "none" : "#fbf7f0",
              r == 0 ? "#232f3e" : "#a0672a",
              r == 0 ? "" : " stroke-dasharray=\"8 4\""));
      b.append(label(box.x() + 6, box.y() + 14, regionLabel(g, r), "start", "region-label", 11));
    }
    // one AZ is named in its region's label: a box around it would say it again
    for (double[] band : a.azs().size() == 1 ? List.<double[]>of() : l.azBands()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"az\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#f2f7fc\" stroke=\"#7aa6d6\" stroke-dasharray=\"5 3\"/>",
              band[1],
              band[2],
              band[3],
              band[4]));
      b.append(
          label(
              band[1] + 5,
              band[2] + 11,
              "AZ " + a.azs().get((int) band[0]),
              "start",
              "az-label",
              10));
    }
    // arrows under the boxes
    int k = 0;
    for (Edge e : channel) {
      double y = l.channelTop() + 6 + 8 * k++;
      b.append(path(id, e, route(e, l, byKey, y, true)));
    }
    for (Edge e : local) {
      b.append(path(id, e, route(e, l, byKey, 0, false)));
    }
    for (Node x : g.nodes()) {
      Node old = before.get(x.key());
      String change =
          previous == null
              ? ""
              : old == null ? "added" : old.signature().equals(x.signature()) ? "" : "changed";
      Box p = l.boxes().get(x.key());
      Text t = l.texts().get(x.key());
      String stroke =
          switch (change) {
            case "added" -> "#2a7a2a";
            case "changed" -> "#d9730d";
            default -> x.region() > 0 ? "#a0672a" : "#232f3e";
          };
      b.append(
          String.format(
              Locale.ROOT,
              "<g class=\"node%s\" data-node=\"%s\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"5\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"%s\"/>",
              change.isEmpty() ? "" : " " + change,
              escape(x.key()),
              escape(x.title() + (x.details().isEmpty() ? "" : ": " + x.detail())),
              p.x(),
              p.y(),
              p.w(),
              p.h(),
              stroke,
              change.isEmpty() ? "1.2" : "3"));
      double y = p.y() + PAD_Y + TITLE_LINE - 4;
      for (String line : t.title()) {
        b.append(label(p.cx(), y, line, "middle", "title", TITLE_PX));
        y += TITLE_LINE;
      }
      y -= 2;
      for (String line : t.details()) {
        b.append(label(p.cx(), y, line, "middle", "detail", DETAIL_PX));
        y += DETAIL_LINE;
      }
      if (!change.isEmpty()) {
        b.append(
            String.format(
                Locale.ROOT,
                "<text class=\"badge\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"%s\" font-weight=\"bold\">%s</text>",
                p.right() - 3,
                p.y() - 3,
                stroke,
                change.equals("added") ? "new" : "changed"));
      }
      b.append("</g>");
    }
    double ly = l.height() + 14;
    for (String line : legend) {
      b.append(label(MARGIN, ly, line, "start", "legend", 11));
      ly += 15;
    }
    return b.append("</svg>").toString();
  }

  /** The legend under the picture: what the arrows present mean, and what changed. */
  private static List<String> legend(
      Graph g,
      List<Edge> local,
      List<Edge> channel,
      boolean compared,
      List<String> removed,
      double width) {
    TreeSet<Kind> kinds = new TreeSet<>();
    local.forEach(e -> kinds.add(e.kind()));
    channel.forEach(e -> kinds.add(e.kind()));
    List<String> parts = new ArrayList<>();
    for (Kind k : kinds) {
      String colour =
          switch (k) {
            case PATH, MESSAGES -> "grey arrows";
            case STATIC -> "grey dashed";
            case EGRESS -> "light grey dashed";
            case CROSS_AZ -> "red dashed";
            case REPLICATION -> "purple dashed";
            case FAILOVER -> "brown dashed";
            case ROUTED -> "brown";
          };
      parts.add(colour + ": " + k.meaning);
    }
    String text = parts.isEmpty() ? "" : String.join("; ", parts) + ".";
    if (compared) {
      text +=
          " Green: new in this stage; orange: changed from the previous stage"
              + (removed.isEmpty() ? "." : ". Removed: " + String.join(", ", removed) + ".");
    }
    return wrap(text.strip(), 11, Math.max(300, width - 2 * MARGIN));
  }

  private static String path(String id, Edge e, List<double[]> points) {
    StringBuilder d = new StringBuilder();
    for (double[] p : points) {
      d.append(d.isEmpty() ? "M" : " L")
          .append(String.format(Locale.ROOT, "%.1f,%.1f", p[0], p[1]));
    }
    return String.format(
        Locale.ROOT,
        "<path class=\"edge %s\" data-from=\"%s\" data-to=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.3\"%s marker-end=\"url(#%s-arrow-%s)\"><title>%s</title></path>",
        e.kind().cls,
        escape(e.from()),
        escape(e.to()),
        d,
        e.kind().colour,
        e.kind().dashed ? " stroke-dasharray=\"5 3\"" : "",
        escape(id),
        e.kind().name().toLowerCase(Locale.ROOT),
        e.kind().meaning);
  }

  private static String label(double x, double y, String s, String anchor, String cls, double px) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%s\" text-anchor=\"%s\">%s</text>",
        cls,
        x,
        y,
        Numbers.plain(px),
        anchor,
        escape(s));
  }
}
