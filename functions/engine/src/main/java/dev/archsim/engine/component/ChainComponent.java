package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ChainTiers;
import dev.archsim.engine.model.ChainTiers.Group;
import dev.archsim.engine.model.ChainTiers.Rule;
import dev.archsim.engine.model.ChainTiers.Tier;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A chain of compute tiers in one stage (seed 001: web → app → database): the compute fleet is the
 * first (web) tier; each tier of {@code tiers.chain} is a fleet of its own ({@link TierFleet}, the
 * compute fleet's mechanics) behind an internal Application Load Balancer, which every dynamic
 * request passes in order after the web tier and before the data tier. A tier fails the requests it
 * cannot serve (an instance failed and not yet marked unhealthy, its AZ lost, no instance, its
 * queue's abandonment at the client's timeout), counted as {@code tier.<name>.<cause>}; the time
 * each tier takes (its M/M/c+D wait and service) adds to the request's latency: its mean to the
 * mean, its distribution convolved with the web tier's into the latency histogram ({@link
 * LatencyLattice}, docs/decisions/031). Each tier bills its instance-hours and its internal load
 * balancer's hours.
 *
 * <p>Security groups: the web tier, each tier and the database declare what they admit (a source
 * security group or a CIDR block, and a port); a tier that admits more than the tier in front of it
 * (the internet, the whole VPC, any CIDR block, another group) is a security finding.
 */
public final class ChainComponent implements Component<ChainTiers> {
  /** The open internet, in IPv4 and IPv6. */
  static final Set<String> ANYWHERE = Set.of("0.0.0.0/0", "::/0");

  @Override
  public String section() {
    return "tiers";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return ChainTiers.TIER_DEFAULTS.entries();
  }

  /**
   * One instance in service of tier {@code tier} in {@code az} fails at {@code at}, recovered as
   * the tier's random failures are (its group replaces it, or the stage's instance recovery).
   */
  public record TierInstanceFailure(java.time.Duration at, String tier, String az)
      implements dev.archsim.engine.model.Faults.ComponentFault {}

  /**
   * Tier {@code tier}'s instances are resized to {@code toInstanceType} from {@code at}, as the
   * compute fleet's resize: one at a time leaves service, is stopped for {@code downtimeSeconds}
   * and registers again; the tier serves and bills at the new type once the last has been changed.
   */
  public record TierResize(
      java.time.Duration at, String tier, String toInstanceType, double downtimeSeconds)
      implements dev.archsim.engine.model.Faults.ComponentFault {}

  /**
   * Tier {@code tier}'s instances are replaced from {@code at} as an instance refresh does: new
   * instances launched and old ones terminated while at least {@code minimumHealthyPercent} of the
   * desired count stay healthy and at most {@code maximumPercent} run (default 90 % and 100 %, at
   * least one at a time; {@link TierFleet#refreshBounds}).
   */
  public record TierDeployment(
      java.time.Duration at, String tier, Integer minimumHealthyPercent, Integer maximumPercent)
      implements dev.archsim.engine.model.Faults.ComponentFault {}

  @Override
  public List<String> faultTypes() {
    return List.of("tier-instance-failure", "tier-resize", "tier-deployment");
  }

  @Override
  public dev.archsim.engine.model.Faults.ScheduledFault readFault(Section s) {
    java.time.Duration at = s.duration("at", java.time.Duration.ZERO);
    if ("tier-deployment".equals(s.text("type", ""))) {
      return new TierDeployment(
          at, s.text("tier", ""), s.integer("minimumHealthyPercent"), s.integer("maximumPercent"));
    }
    if ("tier-resize".equals(s.text("type", ""))) {
      return new TierResize(
          at,
          s.text("tier", ""),
          s.text("toInstanceType", ""),
          s.number(
              "downtimeSeconds", dev.archsim.engine.model.Faults.Resize.DEFAULT_DOWNTIME_SECONDS));
    }
    return new TierInstanceFailure(at, s.text("tier", ""), s.text("az", ""));
  }

  @Override
  public boolean owns(dev.archsim.engine.model.Faults.ScheduledFault f) {
    return f instanceof TierInstanceFailure
        || f instanceof TierResize
        || f instanceof TierDeployment;
  }

  /** The tier a fault of this module names. */
  private static String tierOf(dev.archsim.engine.model.Faults.ScheduledFault f) {
    return switch (f) {
      case TierResize r -> r.tier();
      case TierDeployment d -> d.tier();
      default -> ((TierInstanceFailure) f).tier();
    };
  }

  /** A tier deployment's bounds in percent: its own, or an instance refresh's defaults. */
  static int[] percentages(TierDeployment d) {
    return new int[] {
      d.minimumHealthyPercent() != null
          ? d.minimumHealthyPercent()
          : TierFleet.REFRESH_MINIMUM_HEALTHY_PERCENT,
      d.maximumPercent() != null ? d.maximumPercent() : TierFleet.REFRESH_MAXIMUM_HEALTHY_PERCENT
    };
  }

  @Override
  public void faultRules(
      dev.archsim.engine.model.Faults.ScheduledFault f,
      ChainTiers c,
      String path,
      List<Violation> out) {
    String tier = tierOf(f);
    String what =
        f instanceof TierResize
            ? "a tier resize"
            : f instanceof TierDeployment ? "a tier deployment" : "a tier instance failure";
    if (c == null) {
      out.add(Violation.error(path, what + " needs tiers in the stage"));
    } else if (c.chain().stream().noneMatch(t -> t.name().equals(tier))) {
      out.add(
          Violation.error(
              path + ".tier",
              "no tier '"
                  + tier
                  + "' behind the web tier; the tiers are "
                  + c.chain().stream().map(Tier::name).toList()
                  + (f instanceof TierResize
                      ? " (the web tier's resize is a resize)"
                      : " (a web instance's failure is an instance-failure)")));
    }
    if (f instanceof TierDeployment d) {
      Tier t =
          c == null
              ? null
              : c.chain().stream().filter(x -> x.name().equals(tier)).findFirst().orElse(null);
      if (t != null && t.fleet().autoScaling() == null) {
        out.add(
            Violation.error(
                path + ".tier",
                "tier '"
                    + tier
                    + "' has no Auto Scaling group to launch the new instances of a deployment"
                    + " (an instance refresh)"));
      }
      int[] p = percentages(d);
      if (p[0] < 0 || p[0] > 100) {
        out.add(
            Violation.error(path + ".minimumHealthyPercent", "must be in [0, 100]; found " + p[0]));
      }
      if (p[1] < 100 || p[1] > 200) {
        out.add(
            Violation.error(
                path + ".maximumPercent",
                "an instance refresh's maximum healthy percentage is in [100, 200]; found "
                    + p[1]));
      }
    }
    if (f instanceof TierResize r) {
      if (Catalog.instanceType(r.toInstanceType()).isEmpty()
          || Catalog.isFargate(r.toInstanceType())) {
        out.add(
            Violation.error(
                path + ".toInstanceType",
                "unknown EC2 instance type '"
                    + r.toInstanceType()
                    + "' (archsim catalog types lists them)"));
      }
      Ranges.nonNegative(r.downtimeSeconds(), path + ".downtimeSeconds", out);
    }
  }

  @Override
  public String describe(dev.archsim.engine.model.Faults.ScheduledFault f) {
    if (f instanceof TierDeployment d) {
      int[] p = percentages(d);
      return "tier "
          + d.tier()
          + "'s instances are replaced (an instance refresh keeping "
          + p[0]
          + " % healthy, at most "
          + p[1]
          + " %)";
    }
    if (f instanceof TierResize r) {
      return "tier "
          + r.tier()
          + " is resized to "
          + r.toInstanceType()
          + ", one instance at a time, each stopped for "
          + Numbers.plain(r.downtimeSeconds())
          + " s";
    }
    TierInstanceFailure x = (TierInstanceFailure) f;
    return "an instance of tier " + x.tier() + " in " + x.az() + " fails";
  }

  @Override
  public ChainTiers read(Section s) {
    List<Tier> chain = new ArrayList<>();
    for (Section t : s.list("chain")) {
      chain.add(tier(t));
    }
    return new ChainTiers(
        s.text("vpcCidr"),
        group(s.object("web"), "web"),
        chain,
        s.has("database") ? group(s.object("database"), "database") : null);
  }

  private static Group group(Section g, String dflt) {
    List<Rule> rules = new ArrayList<>();
    for (Section r : g.list("ingress")) {
      rules.add(new Rule(r.text("fromGroup"), r.text("cidr"), r.integer("port", 0)));
    }
    return new Group(g.text("securityGroup", dflt), rules);
  }

  private static Tier tier(Section t) {
    String name = t.text("name", "app");
    ComputeTier fleet =
        ExtraFleetRules.fleet(
            t,
            name,
            g ->
                new ComputeTier.TargetTracking(
                    g.number("targetCpuPercent", ChainTiers.DEFAULT_TARGET_CPU_PERCENT)),
            ChainTiers.DEFAULT_BOOT_SECONDS,
            ChainTiers.DEFAULT_WARMUP_SECONDS);
    return new Tier(
        fleet,
        t.integer("countPerAz", ChainTiers.DEFAULT_COUNT_PER_AZ),
        t.number("cpuMsPerRequest", 0),
        t.integer("port", 0),
        group(t.object("securityGroup"), name),
        t.bool("stickySessions", false));
  }

  /** A tier's fleet with its instances placed in the stage's AZs. */
  static ComputeTier placed(Tier t, List<String> azs) {
    return ExtraFleetRules.placed(t.fleet(), t.countPerAz(), azs);
  }

  // ---------------------------------------------------------------- rules

  /**
   * Why a tier's sticky sessions are rejected. An ALB's stickiness is a cookie it sets on the
   * response to its client ([AWS] Elastic Load Balancing user guide, "Sticky sessions for your
   * Application Load Balancer": duration-based cookies are named AWSALB, application-based
   * AWSALBAPP), and the client of an internal load balancer is the tier in front: its instances
   * would bind a user to an instance only by carrying that user's cookie to and fro, which nothing
   * in a tier's description says (a web tier's HTTP client keeps one cookie jar, or none), and the
   * engine keeps no per-user state behind the entry's load balancer.
   */
  static final String STICKY_SESSIONS_NOT_SIMULATED =
      "sticky sessions on a tier's internal load balancer are not simulated: its stickiness cookie"
          + " goes to its client, the tier in front, which would have to carry each user's cookie"
          + " to bind the user to an instance; keep the session state off the tier (ElastiCache,"
          + " DynamoDB) and remove stickySessions, or make the sessions sticky on the entry's load"
          + " balancer (architecture.entry.stickySessions), which is simulated";

  @Override
  public void rules(ChainTiers c, Architecture a, String path, List<Violation> out) {
    if (a.compute() == null) {
      out.add(
          Violation.error(
              path,
              "the tiers behind the web tier need the stage's compute fleet (architecture.compute)"
                  + " as their first tier"));
    }
    if (c.chain().isEmpty()) {
      out.add(Violation.error(path + ".chain", "must list at least one tier"));
    }
    Set<String> groups = new HashSet<>();
    Set<String> names = new HashSet<>();
    if (a.compute() != null) {
      names.add(a.compute().name());
    }
    groups.add(c.web().name());
    for (int i = 0; i < c.chain().size(); i++) {
      Tier t = c.chain().get(i);
      String tp = path + ".chain[" + i + "]";
      if (!names.add(t.name())) {
        out.add(
            Violation.error(
                tp + ".name",
                "tier '" + t.name() + "' is named twice (the compute fleet is a tier too)"));
      }
      if (!groups.add(t.group().name())) {
        out.add(
            Violation.error(
                tp + ".securityGroup.securityGroup",
                "security group '" + t.group().name() + "' is declared twice"));
      }
      tierRules(t, a, tp, out);
      if (t.stickySessions()) {
        out.add(Violation.error(tp + ".stickySessions", STICKY_SESSIONS_NOT_SIMULATED));
      }
    }
    if (c.database() != null) {
      if (!groups.add(c.database().name())) {
        out.add(
            Violation.error(
                path + ".database.securityGroup",
                "security group '" + c.database().name() + "' is declared twice"));
      }
      if (a.database() == null) {
        out.add(
            Violation.error(
                path + ".database", "the stage has no database (architecture.database) to guard"));
      }
    }
    if (c.vpcCidr() != null && !cidr(c.vpcCidr())) {
      out.add(
          Violation.error(
              path + ".vpcCidr", "not a CIDR block (e.g. 10.0.0.0/16); found " + c.vpcCidr()));
    }
    ruleRules(c.web(), groups, path + ".web.ingress", out);
    for (int i = 0; i < c.chain().size(); i++) {
      Tier t = c.chain().get(i);
      String gp = path + ".chain[" + i + "].securityGroup.ingress";
      ruleRules(t.group(), groups, gp, out);
      if (t.port() >= 1
          && !t.group().ingress().isEmpty()
          && t.group().ingress().stream().noneMatch(r -> r.port() == t.port())) {
        out.add(
            Violation.error(
                gp,
                "tier '"
                    + t.name()
                    + "' listens on port "
                    + t.port()
                    + " but its security group admits nothing on it: no request could reach it"));
      }
    }
    if (c.database() != null) {
      ruleRules(c.database(), groups, path + ".database.ingress", out);
    }
  }

  private static void tierRules(Tier t, Architecture a, String tp, List<Violation> out) {
    ComputeTier f = t.fleet();
    if (Catalog.instanceType(f.instanceType()).isEmpty() || Catalog.isFargate(f.instanceType())) {
      out.add(
          Violation.error(
              tp + ".instanceType",
              "unknown EC2 instance type '"
                  + f.instanceType()
                  + "' (archsim catalog types lists them)"));
    }
    Ranges.positive(t.cpuMsPerRequest(), tp + ".cpuMsPerRequest", out);
    if (t.port() < 1 || t.port() > 65_535) {
      out.add(Violation.error(tp + ".port", "must be in [1, 65535]; found " + t.port()));
    }
    ExtraFleetRules.placementInStageAzs(f, a, tp, out);
    ExtraFleetRules.credits(f, tp, out);
    ExtraFleetRules.spot(f, tp + ".purchase", out);
    ExtraFleetRules.reserved(placed(t, a.azs()), tp + ".purchase", out);
    for (Map.Entry<String, Integer> e : f.placement().entrySet()) {
      if (e.getValue() < 0) {
        out.add(
            Violation.error(tp + ".placement." + e.getKey(), "must be ≥ 0; found " + e.getValue()));
      }
    }
    ComputeTier.AutoScaling g = f.autoScaling();
    if (g == null && placed(t, a.azs()).totalInstances() == 0) {
      out.add(
          Violation.error(
              f.placement().isEmpty() ? tp + ".countPerAz" : tp + ".placement",
              "tier '"
                  + f.name()
                  + "' runs no instance and has no Auto Scaling group, so every request that"
                  + " reaches it would fail (no-capacity): give it instances (countPerAz or"
                  + " placement) or an autoScaling group"));
    } else if (g != null && g.max() < 1) {
      out.add(
          Violation.error(
              tp + ".autoScaling.max",
              "tier '"
                  + f.name()
                  + "' can never run an instance: every request that reaches it would fail"
                  + " (no-capacity); the group's max must be at least 1"));
    }
    if (g != null) {
      ExtraFleetRules.groupBounds(g, tp, out);
      double target = ((ComputeTier.TargetTracking) g.policies().get(0)).targetPercent();
      if (!(target > 0 && target <= 100)) {
        out.add(
            Violation.error(
                tp + ".autoScaling.targetCpuPercent",
                "must be in (0, 100]; found " + Numbers.plain(target)));
      }
      Ranges.nonNegative(g.bootSeconds(), tp + ".autoScaling.bootSeconds", out);
      Ranges.nonNegative(g.warmupSeconds(), tp + ".autoScaling.warmupSeconds", out);
    }
  }

  private static void ruleRules(Group g, Set<String> groups, String path, List<Violation> out) {
    for (int i = 0; i < g.ingress().size(); i++) {
      Rule r = g.ingress().get(i);
      String rp = path + "[" + i + "]";
      if ((r.fromGroup() == null) == (r.cidr() == null)) {
        out.add(Violation.error(rp, "give exactly one source: fromGroup or cidr"));
      }
      if (r.fromGroup() != null
          && !groups.contains(r.fromGroup())
          && !"alb".equals(r.fromGroup())) {
        out.add(
            Violation.error(
                rp + ".fromGroup",
                "unknown security group '"
                    + r.fromGroup()
                    + "': declared are "
                    + new java.util.TreeSet<>(groups)
                    + " and 'alb' (the load balancer's)"));
      }
      if (r.cidr() != null && !cidr(r.cidr())) {
        out.add(
            Violation.error(
                rp + ".cidr", "not a CIDR block (e.g. 10.0.0.0/16); found " + r.cidr()));
      }
      if (r.port() < 1 || r.port() > 65_535) {
        out.add(Violation.error(rp + ".port", "must be in [1, 65535]; found " + r.port()));
      }
    }
  }

  /** An IPv4 CIDR block a.b.c.d/n, or {@code ::/0}. */
  static boolean cidr(String s) {
    if ("::/0".equals(s)) {
      return true;
    }
    return s.matches(
        "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "/(3[0-2]|[12]?\\d)");
  }

  @Override
  public void bounds(ChainTiers c, String path, List<Violation> out) {
    Ranges.atMost(c.chain().size(), ChainTiers.MAX_TIERS, path + ".chain", "tiers", out);
    for (int i = 0; i < c.chain().size(); i++) {
      Tier t = c.chain().get(i);
      ComputeTier f = t.fleet();
      long n = f.placement().values().stream().mapToLong(Integer::longValue).sum();
      if (f.placement().isEmpty()) {
        n = t.countPerAz();
      }
      if (f.autoScaling() != null) {
        n = Math.max(n, f.autoScaling().max());
      }
      Ranges.atMost(n, ChainTiers.MAX_INSTANCES, path + ".chain[" + i + "]", "instances", out);
    }
  }

  @Override
  public double stateUnits(ChainTiers c) {
    return c.chain().size();
  }

  // ---------------------------------------------------------------- prices, findings

  @Override
  public void prices(ChainTiers c, Architecture a, PriceList out) {
    for (Tier t : c.chain()) {
      ExtraFleetRules.prices(t.fleet(), a.region(), "on-demand", out);
    }
    out.uses("alb.hour", a.region());
    out.uses("alb.lcu-hour", a.region());
  }

  /** With the stage's faults: a tier resized bills the type it moves to. */
  @Override
  public void prices(
      ChainTiers c, Architecture a, dev.archsim.engine.model.Faults faults, PriceList out) {
    prices(c, a, out);
    for (dev.archsim.engine.model.Faults.ScheduledFault f : faults.scheduled()) {
      if (f instanceof TierResize r) {
        Tier t = c.chain().stream().filter(x -> x.name().equals(r.tier())).findFirst().orElse(null);
        if (t != null) {
          ExtraFleetRules.prices(
              new ComputeTier(
                  t.name(), r.toInstanceType(), Map.of(), t.fleet().credits(), null, null, null),
              a.region(),
              "on-demand, after a resize",
              out);
        }
      }
    }
  }

  /**
   * The security group in front of each group: the web tier's is the load balancer's (or the
   * internet without one), each tier's is the one before it, the database's is the last tier's.
   */
  @Override
  public void findings(ChainTiers c, Scenario scenario, Stage stage, List<Finding> out) {
    Architecture a = stage.architecture();
    boolean behindLb = a.entry() instanceof Entry.LoadBalancer;
    for (Rule r : c.web().ingress()) {
      if (behindLb && r.cidr() != null) {
        out.add(
            securityFinding(
                r.cidr(),
                a.compute() == null ? "web" : a.compute().name(),
                r,
                "the load balancer's security group (sg alb)",
                c.vpcCidr()));
      }
    }
    String front = c.web().name();
    for (Tier t : c.chain()) {
      for (Rule r : t.group().ingress()) {
        if (r.cidr() != null || !front.equals(r.fromGroup())) {
          out.add(securityFinding(r.cidr(), t.name(), r, "sg " + front, c.vpcCidr()));
        }
      }
      front = t.group().name();
    }
    if (c.database() != null) {
      for (Rule r : c.database().ingress()) {
        if (r.cidr() != null || !front.equals(r.fromGroup())) {
          out.add(securityFinding(r.cidr(), "database", r, "sg " + front, c.vpcCidr()));
        }
      }
    }
    for (Tier t : c.chain()) {
      ComputeTier f = placed(t, a.azs());
      long zones = f.placement().values().stream().filter(n -> n > 0).count();
      if (f.totalInstances() <= 1 || zones <= 1 && a.azs().size() > 1) {
        out.add(
            new Finding(
                "reliability",
                "high",
                "tier:" + t.name(),
                String.format(
                    Locale.ROOT,
                    "tier '%s' runs %d instance(s) in %d AZ: every request passes it, so losing"
                        + " %s fails them all; spread it over the stage's AZs",
                    t.name(),
                    f.totalInstances(),
                    zones,
                    f.totalInstances() <= 1 ? "that instance" : "that AZ")));
      }
    }
  }

  /** A tier (or the database) admits more than the tier in front of it. */
  private static Finding securityFinding(
      String cidr, String tier, Rule r, String shouldBe, String vpcCidr) {
    String what;
    String severity;
    if (cidr != null && ANYWHERE.contains(cidr)) {
      what = "the whole internet (" + cidr + ")";
      severity = "high";
    } else if (cidr != null && cidr.equals(vpcCidr)) {
      what = "the whole VPC (" + cidr + "), every subnet and every instance in it";
      severity = "medium";
    } else if (cidr != null) {
      what = "the address block " + cidr;
      severity = "medium";
    } else {
      what = "sg " + r.fromGroup() + ", which is not the tier in front of it";
      severity = "medium";
    }
    return new Finding(
        "security",
        severity,
        "tier:" + tier,
        String.format(
            Locale.ROOT,
            "%s admits %s on port %d: more than the tier in front of it; admit only %s",
            tier,
            what,
            r.port(),
            shouldBe));
  }

  /**
   * Whether each tier's group is described and admits only the group in front of it (no CIDR, no
   * other group).
   */
  static boolean chained(ChainTiers c) {
    String front = c.web().name();
    for (Tier t : c.chain()) {
      if (t.group().ingress().isEmpty()) {
        return false; // not described: nothing to check
      }
      for (Rule r : t.group().ingress()) {
        if (r.cidr() != null || !front.equals(r.fromGroup())) {
          return false;
        }
      }
      front = t.group().name();
    }
    if (c.database() != null) {
      for (Rule r : c.database().ingress()) {
        if (r.cidr() != null || !front.equals(r.fromGroup())) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void checks(ChainTiers c, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "security",
            "each tier behind the web tier (and the database) admits only the security group of"
                + " the tier in front of it",
            chained(c) && c.database() != null));
  }

  @Override
  public List<String> explain(ChainTiers c, Architecture a, Workload w) {
    List<String> lines = new ArrayList<>();
    StringBuilder path = new StringBuilder(a.compute() == null ? "web" : a.compute().name());
    c.chain().forEach(t -> path.append(" → ").append(t.name()));
    if (a.database() != null) {
      path.append(" → database");
    }
    lines.add("tiers: " + path + " (each dynamic request passes every tier in order)");
    lines.add("  sg " + c.web().name() + " admits " + admits(c.web()));
    for (Tier t : c.chain()) {
      ComputeTier f = placed(t, a.azs());
      ComputeTier.AutoScaling g = f.autoScaling();
      double mu = 1000.0 / t.cpuMsPerRequest();
      double vcpu = Catalog.instanceType(f.instanceType()).map(x -> x.vcpuCapacity()).orElse(1.0);
      lines.add(
          String.format(
              Locale.ROOT,
              "  tier %s: %d × %s behind an internal ALB, %s ms CPU a request = %s req/s an"
                  + " instance%s; sg %s admits %s",
              t.name(),
              f.totalInstances(),
              f.instanceType(),
              Numbers.plain(t.cpuMsPerRequest()),
              Numbers.plain(vcpu * mu),
              g == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", Auto Scaling %d–%d at %s %% CPU",
                      g.min(),
                      g.max(),
                      Numbers.plain(
                          ((ComputeTier.TargetTracking) g.policies().get(0)).targetPercent())),
              t.group().name(),
              admits(t.group())));
      lines.addAll(ExtraFleetRules.explain(f));
    }
    if (c.database() != null) {
      lines.add("  sg " + c.database().name() + " (database) admits " + admits(c.database()));
    }
    return lines;
  }

  private static String admits(Group g) {
    if (g.ingress().isEmpty()) {
      return "nothing";
    }
    return String.join(
        ", ", g.ingress().stream().map(r -> r.source() + " on " + r.port()).toList());
  }

  // ---------------------------------------------------------------- the trial

  /**
   * Each tier behind its internal load balancer, two columns after the one in front (the balancer,
   * then the tier's instances in their AZs, placed as written or {@code countPerAz} in each of the
   * stage's AZs); the path goes on from the last tier's instances (to the data tier). Egress stays
   * on the compute tier's arrows.
   */
  @Override
  public List<DiagramNode> diagram(ChainTiers chain, Architecture a, Workload w) {
    List<DiagramNode> out = new ArrayList<>();
    List<String> inFront = List.of(DiagramNode.FRONT);
    int column = DiagramNode.COMPUTE;
    for (int i = 0; i < chain.chain().size(); i++) {
      ChainTiers.Tier t = chain.chain().get(i);
      boolean last = i == chain.chain().size() - 1;
      String alb = "tier-alb:" + t.name();
      DiagramNode balancer =
          DiagramNode.of(
              DiagramNode.Place.TIERS,
              alb,
              ++column,
              DiagramNode.Lane.MID,
              "Internal ALB",
              List.of("to " + t.name() + " on port " + t.port()));
      for (String from : inFront) {
        balancer = balancer.from(from, DiagramNode.Kind.PATH);
      }
      out.add(balancer);
      column++;
      Map<String, Integer> placed = new LinkedHashMap<>(t.fleet().placement());
      if (placed.isEmpty()) {
        a.azs().forEach(z -> placed.put(z, t.countPerAz()));
      }
      List<String> tier = new ArrayList<>();
      for (Map.Entry<String, Integer> p : placed.entrySet()) {
        String key = "tier:" + t.name() + "@" + p.getKey();
        DiagramNode node =
            DiagramNode.of(
                    DiagramNode.Place.TIERS,
                    key,
                    column,
                    DiagramNode.Lane.ZONE,
                    t.name() + " tier",
                    List.of(
                        "EC2 " + t.fleet().instanceType(),
                        DiagramNode.count(p.getValue(), "instance"),
                        "SG " + t.group().name()))
                .inAz(p.getKey())
                .from(alb, DiagramNode.Kind.PATH);
        out.add(last ? node.onThePath() : node);
        tier.add(key);
      }
      inFront = tier;
    }
    return out;
  }

  @Override
  public TierChain stage(ChainTiers c, TrialContext trial) {
    return new Chain(c, trial);
  }

  /** The tiers in one trial: a fleet each, in request order. */
  private static final class Chain implements TierChain {
    private final List<Tier> tiers;
    private final TierFleet[] fleets;
    private final ComputeTier[] placed;

    /** LCU-hours each tier's internal load balancer used since the last bill. */
    private final double[] lcuHours;

    /** Each tier's figures: requests served, failed by cause, hours capped at the baseline. */
    private final Metric[] served;

    private final Metric[][] failed;
    private final Metric[] capped;

    private final TrialContext trial;
    private double latencyMs;
    private LatencyLattice latency;

    Chain(ChainTiers c, TrialContext trial) {
      this.tiers = c.chain();
      this.trial = trial;
      this.fleets = new TierFleet[tiers.size()];
      this.placed = new ComputeTier[tiers.size()];
      this.lcuHours = new double[tiers.size()];
      this.served = new Metric[tiers.size()];
      this.failed = new Metric[tiers.size()][FailureCause.values().length];
      this.capped = new Metric[tiers.size()];
      List<String> azs = trial.architecture().azs();
      for (int i = 0; i < fleets.length; i++) {
        Metric.Tier tier = Metric.Tier.chain(tiers.get(i).name());
        served[i] = tier.metric(Metric.FleetFigure.SERVED);
        capped[i] = tier.metric(Metric.FleetFigure.CREDIT_CAPPED_HOURS);
        for (FailureCause cause : FailureCause.values()) {
          failed[i][cause.ordinal()] = tier.failed(cause);
        }
        placed[i] = placed(tiers.get(i), azs);
        fleets[i] = trial.fleet(placed[i], null);
      }
    }

    @Override
    public double pass(double a, double dt, double rate) {
      double ms = 0;
      LatencyLattice time = null;
      for (int i = 0; i < fleets.length && rate > 0; i++) {
        Tier t = tiers.get(i);
        // the tier's internal load balancer: a new connection per request, the response processed
        lcuHours[i] += Services.albLcus(rate, trial.profile().bytesOut()) * dt / 3600.0;
        TierFleet.Served s = fleets[i].serve(dt, rate, t.cpuMsPerRequest());
        for (FailureCause cause : FailureCause.values()) {
          double n = s.failed()[cause.ordinal()];
          if (n > 0) {
            trial.failed(cause, n);
            trial.count(failed[i][cause.ordinal()], n);
          }
        }
        trial.count(served[i], s.rate() * dt);
        rate = s.rate();
        ms += s.meanMs();
        if (s.latency() != null) {
          // the tiers' times are independent (each its own queue): their sum's distribution is
          // the convolution of theirs
          time = time == null ? s.latency() : LatencyLattice.sum(time, s.latency());
        }
      }
      latencyMs = ms;
      latency = rate > 0 ? time : null;
      return rate;
    }

    @Override
    public double latencyMs() {
      return latencyMs;
    }

    @Override
    public LatencyLattice latency() {
      return latency;
    }

    @Override
    public void inject(dev.archsim.engine.model.Faults.ScheduledFault f, double now) {
      for (int i = 0; i < fleets.length; i++) {
        if (!tiers.get(i).name().equals(tierOf(f))) {
          continue;
        }
        if (f instanceof TierResize r) {
          fleets[i].resize(r.toInstanceType(), r.downtimeSeconds(), now);
        } else if (f instanceof TierDeployment d) {
          int[] p = percentages(d);
          fleets[i].deploy(p[0], p[1], true, now);
        } else {
          fleets[i].instanceFails(trial.azIndex(((TierInstanceFailure) f).az()), now);
        }
      }
    }

    @Override
    public void azDown(int az, double now) {
      for (TierFleet f : fleets) {
        f.azDown(az, now);
      }
    }

    @Override
    public void azUp(int az, double now) {
      for (TierFleet f : fleets) {
        f.azUp(az, now);
      }
    }

    @Override
    public void bill(double a, double dt, double offeredRate) {
      String region = trial.region();
      for (int i = 0; i < fleets.length; i++) {
        TierFleet.Usage u = fleets[i].takeUsage(a + dt);
        u.bill(trial, placed[i], "on-demand", "spot");
        trial.count(capped[i], u.cappedSeconds() / 3600);
        trial.cost(
            "alb:" + tiers.get(i).name() + " (internal, hours)",
            dt / 3600.0 * Services.usd("alb.hour", region));
        trial.cost(
            "alb:" + tiers.get(i).name() + " (internal, LCUs)",
            lcuHours[i] * Services.usd("alb.lcu-hour", region));
        lcuHours[i] = 0;
      }
    }
  }
}
