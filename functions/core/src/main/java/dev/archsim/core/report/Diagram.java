package dev.archsim.core.report;

import static dev.archsim.core.report.Svg.escape;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.DiagramNode;
import dev.archsim.engine.component.Numbers;
import dev.archsim.engine.model.Architecture;
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
 * <p>The boxes and their arrows are the modules' ({@link DiagramNode}, from each component present
 * in the stage): this class knows no component. It draws them in the order of their place on the
 * request path, resolves the arrows' named ends (the front of the path, the compute tier, the tier
 * the data is reached from) as it goes, adds the users unless a module draws them, and lays out
 * what it was given.
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

  /**
   * The nodes and arrows of a stage: what every module present draws ({@link
   * Components.Present#diagram}), in the order of its place on the request path, then of the
   * registry, then of its list, with the users (or producers) in front unless a module draws them;
   * the nodes of other regions last. An arrow's named end is the list of nodes it stands for when
   * the node is drawn ({@link DiagramNode#FRONT} and the others).
   */
  static Graph graph(Architecture a, Workload w) {
    List<String> azs = a.azs();
    List<Drawn> drawn = new ArrayList<>();
    List<DiagramNode.Region> named = new ArrayList<>();
    int module = 0;
    for (Components.Present<?> p : Components.in(a)) {
      for (DiagramNode x : p.diagram(a, w)) {
        drawn.add(new Drawn(x, module));
      }
      named.addAll(p.diagramRegions(a, w));
      module++;
    }
    if (drawn.stream().noneMatch(x -> x.node().place() == DiagramNode.Place.USERS)) {
      drawn.add(new Drawn(users(a, w), -1));
    }
    // stable: the registry's and the modules' own order within a place
    drawn.sort(
        java.util.Comparator.comparing((Drawn x) -> x.node().region() != null)
            .thenComparing(x -> x.node().place()));

    List<String> regions = new ArrayList<>();
    regions.add(a.region());
    List<String> notes = new ArrayList<>();
    notes.add(azs.isEmpty() ? "" : (azs.size() == 1 ? "AZ " : "AZs ") + String.join(", ", azs));
    for (DiagramNode.Region r : named) {
      if (r.name().equals(a.region())) {
        notes.set(0, notes.get(0) + " · " + r.note());
      } else if (!regions.contains(r.name())) {
        regions.add(r.name());
        notes.add(r.note());
      }
    }
    for (Drawn x : drawn) {
      if (x.node().region() != null && !regions.contains(x.node().region())) {
        regions.add(x.node().region());
        notes.add("");
      }
    }

    Drawing drawing = new Drawing(azs, regions);
    List<Drawn> beside = new ArrayList<>();
    boolean others = false;
    for (Drawn x : drawn) {
      if (x.node().region() != null && !others) {
        // the nodes beside the path take the free cells the stage's region leaves
        others = true;
        beside.forEach(drawing::beside);
      }
      if (x.node().lane() == DiagramNode.Lane.BESIDE && x.node().region() == null) {
        beside.add(x);
      } else {
        drawing.draw(x);
      }
    }
    if (!others) {
      beside.forEach(drawing::beside);
    }
    return new Graph(drawing.nodes, drawing.edges, regions, notes);
  }

  /** A module's node, with the module's index (-1 for the report's own users). */
  private record Drawn(DiagramNode node, int module) {}

  /**
   * The request path as the nodes are drawn: the nodes and arrows so far, and what the named ends
   * stand for. The front moves when a module has drawn the nodes of a place: to those of its nodes
   * the path goes on from, if any.
   */
  private static final class Drawing {
    final List<String> azs;
    final List<String> regions;
    final List<Node> nodes = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();
    final List<String> users = new ArrayList<>();
    final List<String> compute = new ArrayList<>();
    List<String> front = new ArrayList<>();
    List<String> next = new ArrayList<>();
    List<String> backend;
    int module = Integer.MIN_VALUE;
    DiagramNode.Place place;

    Drawing(List<String> azs, List<String> regions) {
      this.azs = azs;
      this.regions = regions;
    }

    void draw(Drawn x) {
      DiagramNode d = x.node();
      if (x.module() != module || d.place() != place) {
        if (!next.isEmpty()) {
          front = next;
          next = new ArrayList<>();
        }
        module = x.module();
        place = d.place();
      }
      if (backend == null && d.place().compareTo(DiagramNode.Place.TIERS) > 0) {
        backend = front.isEmpty() ? users : front;
      }
      boolean zonal = d.lane() == DiagramNode.Lane.ZONE || d.lane() == DiagramNode.Lane.EGRESS;
      boolean outside = d.lane() == DiagramNode.Lane.OUTSIDE;
      // another region's nodes sit side by side whatever their lane
      boolean centred = outside || d.lane() == DiagramNode.Lane.BESIDE;
      nodes.add(
          new Node(
              d.key(),
              d.column(),
              centred ? Lane.MID : Lane.valueOf(d.lane().name()),
              zonal ? Math.max(0, azs.indexOf(d.az())) : -1,
              d.region() == null ? 0 : regions.indexOf(d.region()),
              !outside,
              d.title(),
              d.details()));
      arrows(d);
      if (d.place() == DiagramNode.Place.USERS) {
        users.add(d.key());
      }
      if (d.pathGoesOn()) {
        next.add(d.key());
        if (d.place() == DiagramNode.Place.COMPUTE) {
          compute.add(d.key());
        }
      }
    }

    /** A node beside the path, in the free cell the nodes drawn so far leave. */
    void beside(Drawn x) {
      nodes.add(besideThePath(x.node(), nodes));
      arrows(x.node());
    }

    private void arrows(DiagramNode d) {
      for (DiagramNode.Arrow arrow : d.arrows()) {
        for (String from : ends(arrow.from())) {
          for (String to : ends(arrow.to())) {
            edges.add(new Edge(from, to, Kind.valueOf(arrow.kind().name())));
          }
        }
      }
    }

    private List<String> ends(String end) {
      return switch (end) {
        case DiagramNode.FRONT -> front;
        case DiagramNode.FROM_COMPUTE -> compute;
        case DiagramNode.FROM_LAST_COMPUTE ->
            compute.isEmpty() ? List.of() : List.of(compute.get(compute.size() - 1));
        case DiagramNode.FROM_BACKEND ->
            backend != null ? backend : front.isEmpty() ? users : front;
        default -> List.of(end);
      };
    }
  }

  /**
   * The users in front of everything (their regions and shares when the workload places them), or
   * in a stage without an entry the producers outside it, which send its workload to its queue and
   * are not on the request path.
   */
  private static DiagramNode users(Architecture a, Workload w) {
    List<String> d = new ArrayList<>();
    if (a.entry() == null) {
      d.add("outside the stage");
      if (w != null) {
        d.add(Numbers.plain(w.requestsPerSecond()) + " messages/s");
      }
      return DiagramNode.of(
          DiagramNode.Place.USERS,
          "users",
          DiagramNode.USERS,
          DiagramNode.Lane.OUTSIDE,
          "Producers",
          d);
    }
    if (w != null && !w.users().isEmpty()) {
      for (Workload.Users u : w.users()) {
        d.add(u.region() + " " + DiagramNode.percent(u.share()));
      }
    } else {
      d.add("clients");
    }
    return DiagramNode.of(
            DiagramNode.Place.USERS,
            "users",
            DiagramNode.USERS,
            DiagramNode.Lane.OUTSIDE,
            "Users",
            d)
        .onThePath();
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
    int column = inside.isEmpty() ? DiagramNode.COMPUTE : inside.last();
    for (int col : inside.descendingSet()) {
      if (!used.contains(col)) {
        column = col;
        break;
      }
    }
    return new Node(x.key(), column, lane, -1, 0, true, x.title(), x.details());
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

  /**
   * {@code s} broken into lines no wider than {@code max} pixels, at spaces where it can, but never
   * between a word and the number it names ("day 1", "stage 2") nor between a number and its unit
   * ("50 GB", "2 h").
   */
  static List<String> wrap(String s, double px, double max) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : unbreakable(s)) {
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

  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[0-9][0-9.,]*%?[,;:)]?");
  private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z]+");
  private static final java.util.regex.Pattern UNIT =
      java.util.regex.Pattern.compile(
          "(%|ms|s|min|h|d|days?|hours?|GB|MB|KB|TB|GiB|MiB|req/s|msg/s|rps|AZs?)[,;:)]?");

  /**
   * The words of {@code s} as {@link #wrap} may break between them: a bare number joined to the
   * word before it ({@code day 1}) and a unit to the number before it ({@code 50 GB}).
   */
  static List<String> unbreakable(String s) {
    List<String> out = new ArrayList<>();
    String previous = null;
    for (String word : s.split(" ")) {
      boolean glue =
          previous != null
              && ((NUMBER.matcher(word).matches() && WORD.matcher(previous).matches())
                  || (UNIT.matcher(word).matches() && NUMBER.matcher(previous).matches()));
      if (glue) {
        out.set(out.size() - 1, out.getLast() + " " + word);
      } else {
        out.add(word);
      }
      previous = word;
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

  /** The graph with the lines of what changes during the stage added to the boxes they alter. */
  private static Graph duringTheStage(Graph g, Map<String, List<String>> during) {
    if (during.isEmpty()) {
      return g;
    }
    List<Node> nodes = new ArrayList<>();
    for (Node x : g.nodes()) {
      List<String> lines = during.get(x.key());
      if (lines != null) {
        List<String> details = new ArrayList<>(x.details());
        details.addAll(lines);
        x =
            new Node(
                x.key(), x.column(), x.lane(), x.az(), x.region(), x.inside(), x.title(), details);
      }
      nodes.add(x);
    }
    return new Graph(nodes, g.edges(), g.regions(), g.regionNotes());
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
    return render(id, a, w, Map.of(), previous, previousWorkload);
  }

  /**
   * The stage's diagram with the changes its scheduled events make while it runs: {@code during}
   * maps a box's key to lines that say what changes and when (a module's, such as {@code
   * ComputeComponent.scheduledDiagramChanges}); those boxes carry the lines and are drawn as
   * changed.
   */
  public static String render(
      String id,
      Architecture a,
      Workload w,
      Map<String, List<String>> during,
      Architecture previous,
      Workload previousWorkload) {
    Map<String, List<String>> changes = during == null ? Map.of() : during;
    Graph g = duringTheStage(graph(a, w), changes);
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
    boolean drawnChanges = false;
    for (String key : changes.keySet()) {
      drawnChanges |= byKey.containsKey(key);
    }
    List<String> legend =
        legend(g, local, channel, previous != null, drawnChanges, removed, l.width());
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
          previous != null && old == null
              ? "added"
              : changes.containsKey(x.key())
                      || (old != null && !old.signature().equals(x.signature()))
                  ? "changed"
                  : "";
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
      boolean during,
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
              + (during ? " or during this stage" : "")
              + (removed.isEmpty() ? "." : ". Removed: " + String.join(", ", removed) + ".");
    } else if (during) {
      text += " Orange: changed during this stage.";
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
