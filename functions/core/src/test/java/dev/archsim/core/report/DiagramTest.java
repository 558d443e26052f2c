package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.NatGateways;
import dev.archsim.engine.model.S3Storage;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Waf;
import dev.archsim.engine.model.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DiagramTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  static final Path SECTIONS = Path.of("src/test/resources/component-sections");

  static Scenario scenario(Path file) throws IOException {
    return new ScenarioCodec().parseJson(Files.readString(file)).orThrow();
  }

  static Scenario scenario(String file) throws Exception {
    return scenario(LIBRARY.resolve(file));
  }

  static String diagram(Scenario s, int stage) {
    return Diagram.render(
        "d",
        s.stages().get(stage).architecture(),
        s.workloadOf(s.stages().get(stage)),
        dev.archsim.engine.component.ComputeComponent.scheduledDiagramChanges(
            s.stages().get(stage).architecture(), s.faultsOf(s.stages().get(stage))),
        stage == 0 ? null : s.stages().get(stage - 1).architecture(),
        stage == 0 ? null : s.workloadOf(s.stages().get(stage - 1)));
  }

  /** Every library scenario, and the documents that use every section and field. */
  static List<Path> documents() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(LIBRARY)) {
      files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
    }
    out.add(SECTIONS.resolve("every-field.json"));
    out.add(SECTIONS.resolve("every-default.json"));
    return out;
  }

  // ------------------------------------------------------------------ the SVG, read back

  record Box(double x, double y, double w, double h) {
    boolean overlaps(Box o) {
      return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }

    boolean inside(Box o) {
      return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h;
    }

    boolean strictlyContains(double px, double py) {
      return px > x + 1 && px < x + w - 1 && py > y + 1 && py < y + h - 1;
    }
  }

  record Line(String cls, double x, double y, double px, String anchor, String text) {}

  record Drawn(String key, String change, Box box, List<Line> lines) {}

  record Arrow(String cls, String from, String to, List<double[]> points) {}

  static final Pattern NODE =
      Pattern.compile(
          "<g class=\"node( [a-z]+)?\" data-node=\"([^\"]+)\"><title>[^<]*</title><rect x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"[^>]*/>(.*?)</g>");
  static final Pattern TEXT =
      Pattern.compile(
          "<text class=\"([a-z-]+)\" x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" font-size=\"([\\d.]+)\"(?: text-anchor=\"([a-z]+)\")?[^>]*>([^<]*)</text>");
  static final Pattern ARROW =
      Pattern.compile(
          "<path class=\"edge ([a-z -]+)\" data-from=\"([^\"]+)\" data-to=\"([^\"]+)\" d=\"([^\"]+)\"");

  static Map<String, Drawn> nodes(String svg) {
    Map<String, Drawn> out = new LinkedHashMap<>();
    Matcher m = NODE.matcher(svg);
    while (m.find()) {
      List<Line> lines = new ArrayList<>();
      Matcher t = TEXT.matcher(m.group(7));
      while (t.find()) {
        lines.add(line(t));
      }
      out.put(
          m.group(2),
          new Drawn(
              m.group(2),
              m.group(1) == null ? "" : m.group(1).trim(),
              new Box(d(m.group(3)), d(m.group(4)), d(m.group(5)), d(m.group(6))),
              lines));
    }
    return out;
  }

  static Line line(Matcher t) {
    return new Line(
        t.group(1),
        d(t.group(2)),
        d(t.group(3)),
        d(t.group(4)),
        t.group(5) == null ? "start" : t.group(5),
        unescape(t.group(6)));
  }

  static List<Arrow> arrows(String svg) {
    List<Arrow> out = new ArrayList<>();
    Matcher m = ARROW.matcher(svg);
    while (m.find()) {
      List<double[]> points = new ArrayList<>();
      for (String p : m.group(4).replace("M", "").split(" L")) {
        String[] xy = p.trim().split(",");
        points.add(new double[] {d(xy[0]), d(xy[1])});
      }
      out.add(new Arrow(m.group(1), unescape(m.group(2)), unescape(m.group(3)), points));
    }
    return out;
  }

  static List<Box> rects(String svg, String cls) {
    List<Box> out = new ArrayList<>();
    Matcher m =
        Pattern.compile(
                "<rect class=\""
                    + cls
                    + "\"[^>]* x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"")
            .matcher(svg);
    while (m.find()) {
      out.add(new Box(d(m.group(1)), d(m.group(2)), d(m.group(3)), d(m.group(4))));
    }
    return out;
  }

  static Box viewBox(String svg) {
    Matcher m = Pattern.compile("viewBox=\"0 0 ([\\d.]+) ([\\d.]+)\"").matcher(svg);
    assertThat(m.find()).isTrue();
    return new Box(0, 0, d(m.group(1)), d(m.group(2)));
  }

  /**
   * The width of a line as Java's font rasteriser measures it in Liberation Sans (Arial's metrics),
   * independently of the diagram's own table; the table's where that font is not installed.
   */
  static double measured(String s, double px) {
    if (LIBERATION != null) {
      return LIBERATION
          .deriveFont((float) px)
          .getStringBounds(s, new java.awt.font.FontRenderContext(null, true, true))
          .getWidth();
    }
    return Diagram.textWidth(s, px);
  }

  static final java.awt.Font LIBERATION = liberation();

  private static java.awt.Font liberation() {
    System.setProperty("java.awt.headless", "true");
    try {
      for (String f :
          java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
              .getAvailableFontFamilyNames(java.util.Locale.ROOT)) {
        if (f.equals("Liberation Sans") || f.equals("Arial")) {
          return new java.awt.Font(f, java.awt.Font.PLAIN, 12);
        }
      }
    } catch (Throwable noFonts) {
      // no font configuration here: fall back to the table
    }
    return null;
  }

  static double d(String s) {
    return Double.parseDouble(s);
  }

  static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
  }

  static String text(Drawn n) {
    return String.join(" ", n.lines().stream().map(Line::text).toList());
  }

  /** data-node of every node with the given change class ("" for unchanged). */
  static List<String> keys(String svg, String change) {
    return nodes(svg).values().stream()
        .filter(n -> n.change().equals(change))
        .map(Drawn::key)
        .toList();
  }

  // ------------------------------------------------------------------ stage by stage

  @Test
  void theFirstStageDrawsItsComponentsWithNothingMarkedAsChanged() throws Exception {
    String svg = diagram(scenario("whatisthetime.json"), 0);
    assertThat(keys(svg, "")).containsExactly("users", "entry", "compute@us-east-1a");
    assertThat(keys(svg, "added")).isEmpty();
    assertThat(keys(svg, "changed")).isEmpty();
    assertThat(svg).contains(">Elastic IPs<", ">EC2 t2.micro<", ">1 instance<");
    assertThat(svg).contains("Region us-east-1 · AZ us-east-1a").doesNotContain(">AZ us-east-1a<");
  }

  @Test
  void aScheduledResizeDuringTheStageIsWrittenOnTheBoxAndMarkedChanged() throws Exception {
    Scenario s = scenario("whatisthetime.json");
    // stage 2 keeps stage 1's t2.micro in its architecture and resizes it to m5.large on day 1
    assertThat(s.stages().get(1).architecture()).isEqualTo(s.stages().get(0).architecture());
    String svg = diagram(s, 1);
    assertThat(keys(svg, "changed")).containsExactly("compute@us-east-1a");
    assertThat(text(nodes(svg).get("compute@us-east-1a")))
        .contains("EC2 t2.micro", "1 instance", "t2.micro → m5.large, day 1");
    // the legend, wrapped over two lines here, says what orange means
    assertThat(svg.replaceAll("</text><text class=\"legend\"[^>]*>", " "))
        .contains("orange: changed from the previous stage or during this stage.");
    // the stage without its faults: nothing changes, the resize is not drawn
    String without =
        Diagram.render("d", s.stages().get(1).architecture(), s.stages().get(0).architecture());
    assertThat(keys(without, "changed")).isEmpty();
    assertThat(without).doesNotContain("m5.large");
    // stage 3 has no resize: its box says m5.large and nothing of the stage before's resize
    String third = diagram(s, 2);
    assertThat(third).doesNotContain("→");
  }

  @Test
  void goingMultiAzMarksTheNewZonesInstancesAddedAndTheResizedGroupChanged() throws Exception {
    Scenario s = scenario("whatisthetime.json");
    int multiAz = -1;
    for (int i = 0; i < s.stages().size(); i++) {
      if (s.stages().get(i).name().contains("multi-az")) {
        multiAz = i;
      }
    }
    assertThat(multiAz).isPositive();
    String svg = diagram(s, multiAz);
    assertThat(keys(svg, "added")).contains("compute@us-east-1b", "compute@us-east-1c");
    assertThat(keys(svg, "added")).doesNotContain("compute@us-east-1a", "entry");
    assertThat(keys(svg, "")).contains("entry", "users");
    // every zone of the stage gets its band
    assertThat(svg).contains(">AZ us-east-1a<", ">AZ us-east-1b<", ">AZ us-east-1c<");
    // the request path reaches each zone's instances from the load balancer
    assertThat(arrows(svg).stream().filter(a -> a.from().equals("entry")).map(Arrow::to))
        .containsExactlyInAnyOrder(
            "compute@us-east-1a", "compute@us-east-1b", "compute@us-east-1c");
  }

  @Test
  void aDrStageDrawsTheSecondaryRegionTheReplicaAndTheFailoverPath() throws Exception {
    Scenario s = scenario("dr-strategies.json");
    String first = diagram(s, 0);
    String secondary = s.stages().get(0).architecture().dr().secondaryRegion();
    assertThat(first).contains("class=\"region secondary\"").contains("class=\"edge failover\"");
    assertThat(keys(first, ""))
        .contains("dr-dns", "dr@" + secondary, "dr-db@" + secondary, "db", "db-standby");
    assertThat(text(nodes(first).get("dr@" + secondary))).contains("Restore from backup");
    String second = diagram(s, 1);
    assertThat(second).contains("Region " + secondary + " · DR, pilot-light");
    // the strategy changes between the stages: the standby is marked, the primary db is not
    assertThat(keys(second, "changed")).contains("dr@" + secondary);
    assertThat(keys(second, "changed")).doesNotContain("db", "entry");
    // active-active routes users to the other region instead of failing over to it
    String last = diagram(s, s.stages().size() - 1);
    assertThat(arrows(last).stream().filter(a -> a.to().equals("dr@" + secondary)).map(Arrow::cls))
        .containsExactly("path routed");
  }

  @Test
  void aRemovedComponentIsNamedUnderThePicture() throws Exception {
    Scenario s = scenario("dr-strategies.json");
    var a = s.stages().get(0).architecture();
    var withoutDr = a.withDr(null);
    String svg = Diagram.render("d", withoutDr, a);
    assertThat(svg).contains("Removed: Route 53").contains("Restore from backup");
    assertThat(svg).doesNotContain("region secondary");
  }

  @Test
  void threeRegionsSitSideBySideWithTheShareOfUsersEachIsNearestFor() throws Exception {
    Scenario s = scenario("three-region-active-active.json");
    String svg = diagram(s, 0);
    Map<String, Drawn> n = nodes(svg);
    List<Box> secondary = rects(svg, "region secondary");
    assertThat(secondary).hasSize(2);
    // side by side: the same top, one after the other
    assertThat(secondary.get(0).y()).isEqualTo(secondary.get(1).y());
    assertThat(secondary.get(0).x() + secondary.get(0).w()).isLessThan(secondary.get(1).x());
    // each user region with its share, and the primary and the others with what they are nearest
    // for
    assertThat(text(n.get("users@eu-west-1"))).contains("eu-west-1", "30 % of users");
    assertThat(text(n.get("users@ap-northeast-2"))).contains("20 % of users");
    assertThat(svg)
        .contains("Region us-east-1 · AZs us-east-1a, us-east-1b · nearest for 50 % of users");
    assertThat(text(n.get("dr@eu-west-1"))).contains("3 × m5.large", "nearest for 30 % of users");
    assertThat(text(n.get("dr@ap-northeast-2"))).contains("nearest for 20 % of users");
    // the second stage runs 5 instances in each: those nodes are changed, nothing else
    String second = diagram(s, 1);
    assertThat(keys(second, "changed"))
        .containsExactlyInAnyOrder("dr@eu-west-1", "dr@ap-northeast-2");
    assertThat(text(nodes(second).get("dr@eu-west-1"))).contains("5 × m5.large");
  }

  @Test
  void aRegionWithOneAzNamesItInItsLabelWithoutAnInnerAzBox() throws Exception {
    Scenario s = scenario("whatisthetime.json");
    for (int stage : new int[] {0, 1}) {
      String svg = diagram(s, stage);
      assertThat(svg).contains("Region us-east-1 · AZ us-east-1a");
      assertThat(rects(svg, "az")).as("stage %d", stage).isEmpty();
      assertThat(svg).doesNotContain("class=\"az-label\"");
    }
    // several AZs: each its own box
    assertThat(rects(diagram(s, 6), "az")).hasSizeGreaterThan(1);
  }

  @Test
  void aSharedNatGatewayIsReachedAcrossZonesAndOnePerAzStaysInItsZone() throws Exception {
    Scenario s = scenario("private-egress.json");
    String shared = diagram(s, 0);
    assertThat(nodes(shared).keySet().stream().filter(k -> k.startsWith("nat@")))
        .containsExactly("nat@us-east-1a");
    assertThat(arrows(shared).stream().filter(a -> a.cls().equals("egress cross-az")))
        .extracting(Arrow::from)
        .containsExactly("compute@us-east-1b");
    String perAz = diagram(s, 2);
    assertThat(nodes(perAz).keySet().stream().filter(k -> k.startsWith("nat@")))
        .containsExactly("nat@us-east-1a", "nat@us-east-1b");
    assertThat(arrows(perAz).stream().filter(a -> a.cls().equals("egress cross-az"))).isEmpty();
    assertThat(keys(perAz, "added")).contains("nat@us-east-1b");
    // each NAT gateway is drawn in its own AZ's band, under its instances
    List<Box> bands = rects(perAz, "az");
    Map<String, Drawn> n = nodes(perAz);
    assertThat(n.get("nat@us-east-1a").box().inside(bands.get(0))).isTrue();
    assertThat(n.get("nat@us-east-1b").box().inside(bands.get(1))).isTrue();
    assertThat(n.get("nat@us-east-1b").box().y())
        .isGreaterThan(n.get("compute@us-east-1b").box().y());
    // WAF sits in front of the load balancer it protects
    assertThat(arrows(perAz)).anyMatch(a -> a.from().equals("waf@entry") && a.to().equals("entry"));
    assertThat(n.get("waf@entry").box().x()).isLessThan(n.get("entry").box().x());
  }

  @Test
  void theWorkerFleetDrawsTheQueueItsLambdaWorkersAndTheTableTheyWrite() throws Exception {
    Scenario s = scenario("serverless-worker-fleet.json");
    String svg = diagram(s, 0);
    assertThat(arrows(svg))
        .anyMatch(a -> a.from().equals("lambda") && a.to().equals("queue"))
        .anyMatch(a -> a.from().equals("queue") && a.to().equals("workers"))
        .anyMatch(a -> a.from().equals("workers") && a.to().equals("db"));
    assertThat(text(nodes(svg).get("workers")))
        .contains("Lambda worker", "batch 10", "up to 20 concurrent");
    // the second stage keeps messages 4 h instead of 96: the queue is changed, not its workers
    String second = diagram(s, 1);
    assertThat(keys(second, "changed")).containsExactly("queue");
    assertThat(text(nodes(second).get("queue"))).contains("retention 4 h");
  }

  /**
   * A stage without an entry: its producers send messages to the queue (no users, no requests), and
   * an EC2 worker fleet placed in two of the three AZs draws its instances as placed.
   */
  @Test
  void withoutAnEntryProducersFeedTheQueueAndTheWorkersAreDrawnAsPlaced() throws Exception {
    Scenario s = scenario("serverless-worker-fleet.json");
    String svg = diagram(s, 6);
    Map<String, Drawn> n = nodes(svg);
    assertThat(text(n.get("users")))
        .contains("Producers", "300 messages/s")
        .doesNotContain("Users");
    assertThat(text(n.get("queue"))).contains("fed by producers").doesNotContain("of writes");
    assertThat(text(n.get("workers")))
        .contains("EC2 workers", "2 instances c7g.large", "in us-east-1a, us-east-1b")
        .contains("scales 2–6 on backlog");
    assertThat(arrows(svg))
        .filteredOn(a -> a.cls().equals("path messages"))
        .extracting(a -> a.from() + ">" + a.to())
        .containsExactlyInAnyOrder("users>queue", "queue>workers", "workers>db");
    assertThat(svg).contains("grey arrows: messages and the writes of their consumers");
    assertThat(svg).doesNotContain("requests");
    // countPerAz in every AZ (stage 5's tasks): the count is the placed one, no AZ line
    assertThat(text(nodes(diagram(s, 4)).get("workers")))
        .contains("3 tasks fargate.1vcpu-2gb")
        .doesNotContain("in us-east-1");
  }

  // ------------------------------------------------------------------ every component, every stage

  /**
   * The node keys a component present in a stage must give, with a piece of its own text each; a
   * component with no entry here fails the test, so that a new one gets its node.
   */
  static Map<String, String> expected(Components.Present<?> p, Architecture a, Workload w) {
    String section = p.component().section();
    Object config = p.config();
    Map<String, String> out = new LinkedHashMap<>();
    switch (section) {
      case "waf" -> {
        Waf waf = (Waf) config;
        if (waf.protectsEntry()) {
          out.put("waf@entry", "AWS WAF");
        }
        if (waf.protectsCloudFront() && a.cdn() != null) {
          out.put("waf@cloudfront", waf.rules() + " rule");
        }
      }
      case "entry" ->
          out.put(
              "entry",
              switch (a.entry()) {
                case dev.archsim.engine.model.Entry.ElasticIps x -> "Elastic IPs";
                case dev.archsim.engine.model.Entry.Route53 x -> "TTL";
                case dev.archsim.engine.model.Entry.LoadBalancer x -> "checks every";
                case dev.archsim.engine.model.Entry.ApiGateway x -> "throttle";
              });
      case "compute" -> {
        // a container service's derived fleet is drawn as its tasks (the "ecs" case)
        if (a.parts().get("ecs") == null) {
          String unit = a.compute().instanceType().startsWith("fargate.") ? "task" : "instance";
          a.compute().placement().keySet().forEach(z -> out.put("compute@" + z, unit));
        }
      }
      case "cdn" -> out.put("cdn", "CloudFront");
      case "functions" -> out.put("lambda", "Lambda " + a.functions().name());
      case "ecs" -> {
        EcsService e = (EcsService) config;
        out.put("ecs", e.eks() ? "EKS deployment " + e.name() : "ECS service " + e.name());
        a.compute()
            .placement()
            .keySet()
            .forEach(z -> out.put("compute@" + z, e.eks() ? "EKS" : "ECS"));
      }
      case "natGateways" -> {
        NatGateways nat = (NatGateways) config;
        if (nat.perAz()) {
          a.azs().forEach(z -> out.put("nat@" + z, "NAT gateway"));
        } else {
          out.put("nat@" + (nat.az() != null ? nat.az() : a.azs().get(0)), "shared by");
        }
      }
      case "vpcEndpoints" -> {
        var v = (dev.archsim.engine.model.VpcEndpoints) config;
        v.gateway().forEach(x -> out.put("vpce-gateway", x.service() + ": "));
        v.interfaces().forEach(x -> out.put("vpce-interface", x.service() + ": "));
      }
      case "cache" -> {
        Cache c = (Cache) config;
        out.put("cache", c.isServerless() ? "Serverless" : c.nodeType());
      }
      case "s3" -> {
        S3Storage s3 = (S3Storage) config;
        out.put(
            "s3",
            s3.transitions().isEmpty()
                ? "GB/month"
                : "→ " + s3.transitions().get(s3.transitions().size() - 1).storageClass());
      }
      case "cloudWatch" -> out.put("cloudwatch", "CloudWatch");
      case "database" -> {
        Database d = (Database) config;
        out.put(
            "db",
            d.serverlessV2()
                ? dev.archsim.engine.component.Numbers.plain(d.serverless().minAcu())
                    + "–"
                    + dev.archsim.engine.component.Numbers.plain(d.serverless().maxAcu())
                    + " ACU"
                : d.relational() ? d.instanceClass() : "DynamoDB");
        if (d.relational() && d.multiAz() && a.azs().size() > 1) {
          out.put("db-standby", d.engine() == Database.Engine.AURORA ? "Aurora" : "Multi-AZ");
        }
        if (d.relational() && d.readReplicas() > 0) {
          out.put("db-replicas", d.readReplicas() + " read replica");
        }
      }
      case "queue" -> {
        out.put("queue", "retention");
        out.put(
            "workers",
            a.queue().lambda() != null
                ? "batch"
                : a.queue().workers() != null ? "ms a message" : "messages/s");
      }
      case "tiers" -> {
        var chain = (dev.archsim.engine.model.ChainTiers) config;
        for (var t : chain.chain()) {
          out.put("tier-alb:" + t.name(), "port " + t.port());
          (t.fleet().placement().isEmpty() ? a.azs() : t.fleet().placement().keySet())
              .forEach(z -> out.put("tier:" + t.name() + "@" + z, "SG " + t.group().name()));
        }
      }
      case "dr" -> {
        DisasterRecovery dr = (DisasterRecovery) config;
        out.put("dr-dns", dr.globalAccelerator() ? "Global Accelerator" : "Route 53");
        for (String r : dr.regions()) {
          out.put("dr@" + r, "");
          if (a.database() != null) {
            out.put("dr-db@" + r, "");
          }
        }
        if (dr.multiRegion() && w != null) {
          for (Workload.Users u : w.users()) {
            out.put("users@" + u.region(), Math.round(100 * u.share()) + " % of users");
          }
        }
      }
      default -> {
        // a module that draws its own nodes (Component.diagram): each with its title
        p.diagram(a, w).forEach(x -> out.put(x.key(), x.title()));
        if (out.isEmpty()) {
          throw new AssertionError("no node expected for the component " + section);
        }
      }
    }
    return out;
  }

  @Test
  void everyComponentOfEveryLibraryStageHasItsNodeWithItsOwnText() throws Exception {
    int checked = 0;
    java.util.Set<String> sections = new java.util.TreeSet<>();
    for (Path file : documents()) {
      Scenario s = scenario(file);
      for (int i = 0; i < s.stages().size(); i++) {
        Architecture a = s.stages().get(i).architecture();
        Workload w = s.workloadOf(s.stages().get(i));
        Map<String, Drawn> n = nodes(diagram(s, i));
        String where = file.getFileName() + " stage " + s.stages().get(i).name();
        assertThat(n).as(where).containsKey(a.entry() == null ? "users" : "entry");
        if (a.compute() != null) {
          a.compute()
              .placement()
              .keySet()
              .forEach(z -> assertThat(n).as(where).containsKey("compute@" + z));
        }
        for (Components.Present<?> p : Components.in(a)) {
          String section = p.component().section();
          sections.add(section);
          expected(p, a, w)
              .forEach(
                  (key, piece) -> {
                    assertThat(n).as(where + ": " + section).containsKey(key);
                    assertThat(text(n.get(key))).as(where + ": " + key).contains(piece);
                  });
          checked++;
        }
      }
    }
    // every registered component is in some stage of these documents
    assertThat(sections)
        .containsExactlyInAnyOrderElementsOf(
            Components.all().stream().map(c -> c.section()).toList());
    assertThat(checked).isGreaterThan(50);
  }

  /**
   * The picture of every stage as a person would check it: no node over another, everything in the
   * picture, every line of text within its box, no arrow through a box it does not connect, no
   * regional service drawn inside an AZ, the other regions' nodes in their region.
   */
  @Test
  void everyLibraryStageIsLaidOutWithoutOverlapsAndWithItsTextInsideItsBoxes() throws Exception {
    int stages = 0;
    for (Path file : documents()) {
      Scenario s = scenario(file);
      for (int i = 0; i < s.stages().size(); i++) {
        String where = file.getFileName() + " stage " + s.stages().get(i).name();
        String svg = diagram(s, i);
        Box view = viewBox(svg);
        Map<String, Drawn> n = nodes(svg);
        assertThat(n).as(where).isNotEmpty();
        List<Drawn> all = new ArrayList<>(n.values());
        for (int x = 0; x < all.size(); x++) {
          Drawn a = all.get(x);
          assertThat(a.box().inside(view)).as("%s: %s inside the picture", where, a.key()).isTrue();
          for (int y = x + 1; y < all.size(); y++) {
            Drawn b = all.get(y);
            assertThat(a.box().overlaps(b.box()))
                .as("%s: %s overlaps %s", where, a.key(), b.key())
                .isFalse();
          }
          assertThat(a.lines()).as(where + ": " + a.key()).isNotEmpty();
          for (Line l : a.lines()) {
            double width = measured(l.text(), l.px());
            double left = l.anchor().equals("middle") ? l.x() - width / 2 : l.x();
            boolean badge = l.cls().equals("badge");
            if (badge) {
              left = l.x() - width;
              assertThat(l.y()).as(where + ": badge above " + a.key()).isLessThan(a.box().y());
              assertThat(l.y() - l.px()).as(where).isGreaterThanOrEqualTo(0);
              continue;
            }
            assertThat(left)
                .as("%s: '%s' starts inside %s", where, l.text(), a.key())
                .isGreaterThanOrEqualTo(a.box().x() + 2);
            assertThat(left + width)
                .as("%s: '%s' ends inside %s", where, l.text(), a.key())
                .isLessThanOrEqualTo(a.box().x() + a.box().w() - 2);
            assertThat(l.y() - 0.8 * l.px())
                .as("%s: '%s' below the top of %s", where, l.text(), a.key())
                .isGreaterThanOrEqualTo(a.box().y());
            assertThat(l.y() + 0.25 * l.px())
                .as("%s: '%s' above the bottom of %s", where, l.text(), a.key())
                .isLessThanOrEqualTo(a.box().y() + a.box().h());
          }
        }
        // arrows pass through no box but their two ends, and stay in the picture
        for (Arrow arrow : arrows(svg)) {
          assertThat(n).containsKeys(arrow.from(), arrow.to());
          for (int p = 1; p < arrow.points().size(); p++) {
            double[] a = arrow.points().get(p - 1);
            double[] b = arrow.points().get(p);
            int steps = (int) Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1])) + 1;
            for (int k = 0; k <= steps; k++) {
              double px = a[0] + (b[0] - a[0]) * k / steps;
              double py = a[1] + (b[1] - a[1]) * k / steps;
              assertThat(view.strictlyContains(px, py) || view.inside(new Box(px, py, 0, 0)))
                  .as("%s: arrow %s → %s inside the picture", where, arrow.from(), arrow.to())
                  .isTrue();
              for (Drawn d : all) {
                if (!d.key().equals(arrow.from()) && !d.key().equals(arrow.to())) {
                  assertThat(d.box().strictlyContains(px, py))
                      .as("%s: arrow %s → %s through %s", where, arrow.from(), arrow.to(), d.key())
                      .isFalse();
                }
              }
            }
          }
        }
        // a regional service is not drawn inside an AZ; the AZ bands do not overlap
        List<Box> bands = rects(svg, "az");
        // the nodes a module places in an AZ's band itself (Component.diagram)
        java.util.Set<String> zonalByModule = new java.util.HashSet<>();
        Architecture staged = s.stages().get(i).architecture();
        for (Components.Present<?> p : Components.in(staged)) {
          p.diagram(staged, s.workloadOf(s.stages().get(i))).stream()
              .filter(
                  x ->
                      x.lane() == dev.archsim.engine.component.DiagramNode.Lane.ZONE
                          || x.lane() == dev.archsim.engine.component.DiagramNode.Lane.EGRESS)
              .forEach(x -> zonalByModule.add(x.key()));
        }
        for (Drawn d : all) {
          boolean zonal =
              zonalByModule.contains(d.key())
                  || d.key().startsWith("compute@")
                  || d.key().startsWith("tier:")
                  || d.key().startsWith("nat@")
                  || d.key().equals("db") && !text(d).contains("DynamoDB")
                  || d.key().equals("db-standby");
          if (!zonal) {
            for (Box band : bands) {
              assertThat(d.box().overlaps(band))
                  .as("%s: %s inside an AZ", where, d.key())
                  .isFalse();
            }
          } else if (!bands.isEmpty()) {
            assertThat(bands.stream().anyMatch(band -> d.box().inside(band)))
                .as("%s: %s in its AZ", where, d.key())
                .isTrue();
          }
        }
        for (int x = 0; x < bands.size(); x++) {
          for (int y = x + 1; y < bands.size(); y++) {
            assertThat(bands.get(x).overlaps(bands.get(y))).as(where + ": AZ bands").isFalse();
          }
        }
        // each other region's nodes in its box; the labels and the legend fit the picture
        Architecture arch = s.stages().get(i).architecture();
        if (arch.dr() != null) {
          for (String r : arch.dr().regions()) {
            Matcher m =
                Pattern.compile(
                        "<rect class=\"region secondary\" data-region=\""
                            + r
                            + "\" x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\"")
                    .matcher(svg);
            assertThat(m.find()).as(where + ": region " + r).isTrue();
            Box box = new Box(d(m.group(1)), d(m.group(2)), d(m.group(3)), d(m.group(4)));
            assertThat(n.get("dr@" + r).box().inside(box)).as(where + ": dr@" + r).isTrue();
          }
        }
        Matcher t = TEXT.matcher(svg);
        while (t.find()) {
          Line l = line(t);
          if (l.cls().equals("legend") || l.cls().endsWith("label")) {
            assertThat(l.x() + measured(l.text(), l.px()))
                .as("%s: '%s' fits the picture", where, l.text())
                .isLessThanOrEqualTo(view.w());
            assertThat(l.y()).as(where).isLessThanOrEqualTo(view.h());
          }
        }
        stages++;
      }
    }
    assertThat(stages).isGreaterThan(30);
  }

  /**
   * The layout knows no component: every box and arrow comes from a module ({@code
   * Component.diagram}), so a new component needs no edit here. Of the stage's architecture it
   * reads only where it is (region, AZs) and whether it has an entry (users, or a queue's
   * producers).
   */
  @Test
  void theDiagramReadsNoComponentOfTheArchitecture() throws IOException {
    String source = Files.readString(Path.of("src/main/java/dev/archsim/core/report/Diagram.java"));
    assertThat(source.lines().filter(l -> l.startsWith("import dev.archsim.engine.model.")))
        .containsExactlyInAnyOrder(
            "import dev.archsim.engine.model.Architecture;",
            "import dev.archsim.engine.model.Workload;");
    List<String> read = new ArrayList<>();
    for (java.lang.reflect.Method m : Architecture.class.getDeclaredMethods()) {
      if (java.lang.reflect.Modifier.isPublic(m.getModifiers())
          && !m.isSynthetic()
          && !List.of("region", "azs", "entry", "equals", "hashCode", "toString")
              .contains(m.getName())
          && source.contains("." + m.getName() + "(")) {
        read.add(m.getName());
      }
    }
    assertThat(read).as("Architecture methods Diagram calls").isEmpty();
  }

  @Test
  void textIsWrappedToTheWidthItIsGiven() {
    List<String> lines = Diagram.wrap("STANDARD_IA at 30 d then GLACIER at 90 d", 10.5, 90);
    assertThat(lines).hasSizeGreaterThan(2);
    for (String l : lines) {
      assertThat(Diagram.textWidth(l, 10.5)).isLessThanOrEqualTo(90);
    }
    assertThat(String.join(" ", lines)).isEqualTo("STANDARD_IA at 30 d then GLACIER at 90 d");
    // a word wider than the line is cut rather than left to overflow
    assertThat(Diagram.wrap("fargate.16vcpu-120gb-arm64", 12, 50))
        .allSatisfy(l -> assertThat(Diagram.textWidth(l, 12)).isLessThanOrEqualTo(50));
    // Helvetica's widths: "m" is an 833/1000 em, "i" 222/1000
    assertThat(Diagram.textWidth("m", 10) / Diagram.textWidth("i", 10))
        .isCloseTo(833.0 / 222, org.assertj.core.api.Assertions.within(1e-9));
  }
}
