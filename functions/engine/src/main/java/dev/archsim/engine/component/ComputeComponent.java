package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The compute tier: a group of identical EC2 (or Fargate) instances per Availability Zone, fixed or
 * in an Auto Scaling group with its policies and scheduled actions, paid on demand, reserved, under
 * a Savings Plan or on spot.
 *
 * <p>The module holds the section's JSON mapping and defaults, its rules, its prices, findings,
 * Well-Architected checks and explain lines. Its trial state is the engine's fleet (per-AZ counts
 * of instances by state, health checks, the failure clock, scaling policies, spot capacity: {@code
 * sim.Fleet} behind a load balancer, {@code sim.Slots} for per-instance addresses, decision 020),
 * shared with the container services that run on it ({@link EcsComponent#computeTier}), so it has
 * no {@link PathStage} of its own ({@link #stage} is null). The fleet's scheduled faults (a resize,
 * an instance failure, a DNS removal) are the engine's too: the fleet runs them.
 */
public final class ComputeComponent implements Component<ComputeTier> {
  @Override
  public String section() {
    return "compute";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return ComputeTier.DEFAULTS.entries();
  }

  /** The stage's compute tier (a container service's tasks when it has no compute section). */
  @Override
  public ComputeTier config(Architecture a) {
    return a.compute();
  }

  /**
   * Maps the section; its count per AZ spreads over the stage's AZs, its exposure defaults to what
   * the entry implies (private behind a load balancer, public with per-instance addresses) and a
   * spot share without figures takes the Spot Instance Advisor's for the type in the region, so it
   * reads those from the {@link Section#architecture()}.
   */
  @Override
  public ComputeTier read(Section c) {
    Section a = c.architecture();
    List<String> azs = a.texts("azs");
    Map<String, Integer> placement = new LinkedHashMap<>();
    if (c.has("placement")) {
      Section p = c.object("placement");
      for (String az : p.fields()) {
        placement.put(az, p.integer(az, 0));
      }
    } else {
      int perAz = c.integer("countPerAz", ComputeTier.DEFAULT_COUNT_PER_AZ);
      for (String z : azs) {
        placement.putIfAbsent(z, perAz);
      }
    }
    ComputeTier.Credits credits = ExtraFleetRules.credits(c);
    String entry = a.object("entry").text("type", "");
    boolean lb = !"elastic-ip".equals(entry) && !"route53".equals(entry);
    ComputeTier.Exposure exposure =
        c.has("publicAddresses") || c.has("ingress")
            ? new ComputeTier.Exposure(
                c.bool("publicAddresses", !lb),
                "load-balancer".equals(c.text("ingress", lb ? "load-balancer" : "anywhere")))
            : null;
    String type = c.text("instanceType", "");
    return new ComputeTier(
        c.text("name", ComputeTier.DEFAULT_NAME),
        type,
        placement,
        credits,
        exposure,
        c.has("autoScaling") ? autoScaling(c.object("autoScaling")) : null,
        c.has("purchase") ? purchase(c.object("purchase"), a.text("region", ""), type) : null);
  }

  /**
   * A step scaling policy as a scenario writes it, for an Auto Scaling group or an ECS service: a
   * CloudWatch alarm on CPU ({@code comparison} "above" or "below" {@code thresholdPercent}) and
   * its steps.
   */
  static ComputeTier.StepScaling stepScaling(Section p) {
    List<ComputeTier.Step> steps = new ArrayList<>();
    for (Section st : p.list("steps")) {
      steps.add(
          new ComputeTier.Step(
              st.number("lower", 0),
              st.number("upper", ComputeTier.OPEN_UPPER),
              st.integer("adjustment", 0)));
    }
    return new ComputeTier.StepScaling(
        "above".equals(p.text("comparison", "")),
        p.number("thresholdPercent", 0),
        steps,
        p.number("periodSeconds", ComputeTier.DEFAULT_STEP_PERIOD_SECONDS),
        p.integer("evaluationPeriods", ComputeTier.DEFAULT_STEP_EVALUATION_PERIODS));
  }

  private static ComputeTier.AutoScaling autoScaling(Section g) {
    List<ComputeTier.ScalingPolicy> policies = new ArrayList<>();
    for (Section p : g.list("policies")) {
      boolean above = "above".equals(p.text("comparison", "")); // required
      switch (p.text("type", "")) {
        case "simple" ->
            policies.add(
                new ComputeTier.SimpleScaling(
                    above,
                    p.number("thresholdPercent", 0),
                    p.integer("adjustment", 0),
                    p.number("periodSeconds", ComputeTier.DEFAULT_SIMPLE_PERIOD_SECONDS),
                    p.integer("evaluationPeriods", ComputeTier.DEFAULT_SIMPLE_EVALUATION_PERIODS),
                    p.number("cooldownSeconds", ComputeTier.DEFAULT_SIMPLE_COOLDOWN_SECONDS)));
        case "step" -> policies.add(stepScaling(p));
        default ->
            policies.add(
                switch (p.text("metric", "cpu")) {
                  case "alb-request-count-per-target" ->
                      new ComputeTier.RequestCountTracking(p.number("targetValue", 0));
                  case "sqs-backlog-per-instance" ->
                      new ComputeTier.BacklogTracking(p.number("targetValue", 0));
                  default -> new ComputeTier.TargetTracking(p.number("targetPercent", 0));
                });
      }
    }
    List<ComputeTier.ScheduledAction> scheduled = new ArrayList<>();
    for (Section s : g.list("scheduled")) {
      scheduled.add(
          new ComputeTier.ScheduledAction(
              s.duration("at", Duration.ZERO),
              s.bool("daily", ComputeTier.DEFAULT_SCHEDULED_DAILY),
              s.integer("min"),
              s.integer("max"),
              s.integer("desired")));
    }
    return new ComputeTier.AutoScaling(
        g.integer("min", 0),
        g.integer("max", 0),
        g.integer("desired", 0),
        policies,
        scheduled,
        g.text("healthCheckType", ComputeTier.DEFAULT_HEALTH_CHECK_TYPE),
        g.number("healthCheckGraceSeconds", ComputeTier.DEFAULT_HEALTH_CHECK_GRACE_SECONDS),
        g.number("bootSeconds", ComputeTier.DEFAULT_BOOT_SECONDS),
        g.number("warmupSeconds", ComputeTier.DEFAULT_WARMUP_SECONDS),
        g.bool("rebalance", ComputeTier.DEFAULT_REBALANCE));
  }

  /**
   * A purchase mix. A spot share without a discount or interruption rate takes the Spot Instance
   * Advisor's figures for the type in the region (the catalog's constants where it has none).
   */
  private static ComputeTier.Purchase purchase(Section p, String region, String type) {
    Section sp = p.object("savingsPlan");
    return new ComputeTier.Purchase(
        ExtraFleetRules.reserved(p),
        p.has("savingsPlan")
            ? new ComputeTier.SavingsPlan(
                sp.number("commitmentUsdPerHour", 0), sp.number("discount", 0))
            : null,
        ExtraFleetRules.spot(p, region, type));
  }

  /**
   * A step scaling policy's steps: each 0 <= lower < upper; only the last may leave its upper bound
   * out (open, as AWS allows for the last step adjustment).
   */
  static void stepRules(List<ComputeTier.Step> steps, String pp, List<Violation> out) {
    for (int k = 0; k < steps.size(); k++) {
      ComputeTier.Step st = steps.get(k);
      boolean open = st.upper() == ComputeTier.OPEN_UPPER;
      if (open && k < steps.size() - 1) {
        out.add(
            Violation.error(
                pp + ".steps[" + k + "].upper",
                "only the last step may leave its upper bound open; give this one an upper"));
      } else if (!(st.lower() >= 0 && st.upper() > st.lower())) {
        out.add(
            Violation.error(
                pp + ".steps[" + k + "]",
                "needs 0 <= lower < upper; found [" + st.lower() + ", " + st.upper() + ")"));
      }
    }
  }

  /** At most this many instances with a per-instance address (Elastic IPs, Route 53 records). */
  private static final int MAX_CLIENT_BOUND_INSTANCES = 500;

  /**
   * The tier's rules: a known instance type offered and priced in the region, its placement in the
   * stage's AZs, at least one instance, what its entry needs of it (the Elastic IP quota, two
   * instances for failover records, a load balancer for Auto Scaling), its group, purchase and
   * credits. The work budget's bounds on the fleet's size are the validator's (admission limits).
   */
  @Override
  public void rules(ComputeTier c, Architecture a, String cp, List<Violation> out) {
    if (EcsComponent.of(a) != null) {
      return; // a container service's fleet is checked by its own rules, at its own paths
    }
    String path = cp.substring(0, cp.length() - ".compute".length());
    boolean regionKnown = CatalogRules.region(a.region(), path + ".region", new ArrayList<>());
    if (CatalogRules.instanceType(c.instanceType(), cp + ".instanceType", out) && regionKnown) {
      CatalogRules.offered(a, c.instanceType(), cp + ".instanceType", out);
      CatalogRules.priced(a.region(), c.instanceType(), cp + ".instanceType", out);
    }
    for (Map.Entry<String, Integer> e : c.placement().entrySet()) {
      if (!a.azs().contains(e.getKey())) {
        out.add(
            Violation.error(
                cp + ".placement." + e.getKey(),
                "Availability Zone not listed in " + path + ".azs"));
      }
      if (e.getValue() < 0) {
        out.add(
            Violation.error(
                cp + ".placement." + e.getKey(), "must not be negative; found " + e.getValue()));
      }
    }
    if (c.totalInstances() < 1) {
      out.add(Violation.error(cp, "at least one instance is required"));
    }
    boolean clientBound = !(a.entry() instanceof Entry.LoadBalancer);
    // the entry's own rules are its module's (EntryComponent); these depend on the fleet behind it
    switch (a.entry()) {
      case Entry.ElasticIps eips -> {
        if (c.totalInstances() > Catalog.ELASTIC_IP_QUOTA_PER_REGION) {
          out.add(
              Violation.warning(
                  path + ".entry",
                  c.totalInstances()
                      + " Elastic IPs exceed the default quota of "
                      + Catalog.ELASTIC_IP_QUOTA_PER_REGION
                      + " per region; a quota increase must be requested"));
        }
      }
      case Entry.Route53 r -> {
        if (r.routing() == Entry.Route53.Routing.FAILOVER && c.totalInstances() < 2) {
          out.add(
              Violation.error(
                  path + ".entry.routing",
                  "'failover' routing needs a primary and at least one secondary instance"));
        }
      }
      case Entry.ApiGateway g ->
          out.add(
              Violation.error(
                  path + ".entry",
                  "an api-gateway entry fronts Lambda functions (architecture.functions), not"
                      + " instances"));
      case Entry.LoadBalancer lb -> {}
    }
    if (clientBound && c.totalInstances() > MAX_CLIENT_BOUND_INSTANCES) {
      out.add(
          Violation.error(
              cp,
              "at most "
                  + MAX_CLIENT_BOUND_INSTANCES
                  + " instances with a per-instance address ("
                  + a.entry().type()
                  + ")"));
    }
    autoScaling(c, a, cp, clientBound, out);
    purchase(c, cp, out);
    ExtraFleetRules.credits(c, cp, out);
  }

  private static void autoScaling(
      ComputeTier c, Architecture a, String cp, boolean clientBound, List<Violation> out) {
    ComputeTier.AutoScaling g = c.autoScaling();
    if (g == null) {
      return;
    }
    String gp = cp + ".autoScaling";
    if (clientBound) {
      out.add(
          Violation.error(
              gp,
              "Auto Scaling needs a load balancer entry (alb or nlb) to route to new instances"));
    }
    if (g.min() < 0) {
      out.add(Violation.error(gp + ".min", "must not be negative; found " + g.min()));
    }
    if (g.max() < g.min()) {
      out.add(
          Violation.error(gp + ".max", "must be at least min (" + g.min() + "); found " + g.max()));
    }
    if (g.desired() < g.min() || g.desired() > g.max()) {
      out.add(
          Violation.error(
              gp + ".desired",
              "must be within [min, max] = ["
                  + g.min()
                  + ", "
                  + g.max()
                  + "]; found "
                  + g.desired()));
    }
    if (c.totalInstances() != g.desired()) {
      out.add(
          Violation.error(
              cp + ".placement",
              "the starting placement has "
                  + c.totalInstances()
                  + " instances but desired is "
                  + g.desired()));
    }
    if (!"ec2".equals(g.healthCheckType()) && !"elb".equals(g.healthCheckType())) {
      out.add(
          Violation.error(
              gp + ".healthCheckType", "must be ec2 or elb; found '" + g.healthCheckType() + "'"));
    }
    Ranges.nonNegative(g.healthCheckGraceSeconds(), gp + ".healthCheckGraceSeconds", out);
    Ranges.nonNegative(g.bootSeconds(), gp + ".bootSeconds", out);
    Ranges.nonNegative(g.warmupSeconds(), gp + ".warmupSeconds", out);
    for (int i = 0; i < g.policies().size(); i++) {
      String pp = gp + ".policies[" + i + "]";
      switch (g.policies().get(i)) {
        case ComputeTier.SimpleScaling p -> {
          percent(p.thresholdPercent(), pp + ".thresholdPercent", out);
          if (p.adjustment() == 0) {
            out.add(Violation.error(pp + ".adjustment", "must not be 0"));
          }
          if (p.periodSeconds() < 10) {
            out.add(
                Violation.error(
                    pp + ".periodSeconds", "must be at least 10; found " + p.periodSeconds()));
          }
          if (p.evaluationPeriods() < 1) {
            out.add(
                Violation.error(
                    pp + ".evaluationPeriods",
                    "must be at least 1; found " + p.evaluationPeriods()));
          }
          Ranges.nonNegative(p.cooldownSeconds(), pp + ".cooldownSeconds", out);
        }
        case ComputeTier.StepScaling p -> {
          percent(p.thresholdPercent(), pp + ".thresholdPercent", out);
          if (p.steps().isEmpty()) {
            out.add(Violation.error(pp + ".steps", "at least one step is required"));
          }
          stepRules(p.steps(), pp, out);
          if (p.evaluationPeriods() < 1) {
            out.add(
                Violation.error(
                    pp + ".evaluationPeriods",
                    "must be at least 1; found " + p.evaluationPeriods()));
          }
        }
        case ComputeTier.TargetTracking p -> {
          if (!(p.targetPercent() > 0 && p.targetPercent() <= 100)) {
            out.add(
                Violation.error(
                    pp + ".targetPercent", "must be in (0, 100]; found " + p.targetPercent()));
          }
        }
        case ComputeTier.RequestCountTracking p -> {
          Ranges.positive(p.targetValue(), pp + ".targetValue", out);
          if (!(a.entry() instanceof Entry.LoadBalancer lb
              && lb.kind() == Entry.LoadBalancer.Kind.ALB)) {
            out.add(
                Violation.error(
                    pp + ".metric",
                    "ALB request count per target needs an alb entry; found " + a.entry().type()));
          }
        }
        case ComputeTier.BacklogTracking p -> {
          Ranges.positive(p.targetValue(), pp + ".targetValue", out);
          if (a.queue() == null) {
            out.add(
                Violation.error(
                    pp + ".metric",
                    "backlog per instance needs an SQS queue in the stage (architecture.queue)"));
          }
          if (g.min() < 1) {
            out.add(
                Violation.warning(
                    gp + ".min",
                    "backlog per instance has no datapoint with no instance in service"
                        + " (ApproximateNumberOfMessagesVisible / 0): with min 0 the group"
                        + " does not scale out from 0 on it"));
          }
        }
      }
    }
    for (int i = 0; i < g.scheduled().size(); i++) {
      ComputeTier.ScheduledAction s = g.scheduled().get(i);
      String sp = gp + ".scheduled[" + i + "]";
      if (s.min() == null && s.max() == null && s.desired() == null) {
        out.add(Violation.error(sp, "sets nothing: give min, max or desired"));
      }
      if (s.min() != null && s.max() != null && s.max() < s.min()) {
        out.add(
            Violation.error(
                sp + ".max", "must be at least min (" + s.min() + "); found " + s.max()));
      }
      if (s.at().isNegative()) {
        out.add(Violation.error(sp + ".at", "must not be negative; found " + s.at()));
      }
    }
  }

  private static void purchase(ComputeTier c, String cp, List<Violation> out) {
    ComputeTier.Purchase p = c.purchase();
    if (p == null) {
      return;
    }
    String pp = cp + ".purchase";
    int fleetMin = c.autoScaling() != null ? c.autoScaling().min() : c.totalInstances();
    ExtraFleetRules.reserved(p.reserved(), fleetMin, pp, out);
    if (p.savingsPlan() != null) {
      Ranges.nonNegative(
          p.savingsPlan().commitmentUsdPerHour(), pp + ".savingsPlan.commitmentUsdPerHour", out);
      if (!(p.savingsPlan().discount() >= 0 && p.savingsPlan().discount() < 1)) {
        out.add(
            Violation.error(
                pp + ".savingsPlan.discount",
                "must be in [0, 1); found " + p.savingsPlan().discount()));
      }
    }
    ExtraFleetRules.spot(c, pp, out);
  }

  private static void percent(double v, String path, List<Violation> out) {
    if (!(v >= 0 && v <= 100)) {
      out.add(Violation.error(path, "must be a percentage in [0, 100]; found " + v));
    }
  }

  /** Facts about a stage both the findings and the checklist use. */
  private record Facts(
      Architecture arch,
      ComputeTier tier,
      InstanceType type,
      int instances,
      long zones,
      boolean loadBalanced,
      boolean publicInstances,
      boolean ingressOnlyFromLb,
      double meanUtilisation,
      double peakUtilisation) {}

  private static Facts facts(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    ComputeTier c = a.compute();
    InstanceType type =
        Catalog.instanceType(longestRunningType(c.instanceType(), scenario, stage)).orElse(null);
    int n =
        c.autoScaling() != null
            ? Math.max(1, c.autoScaling().desired())
            : Math.max(1, c.totalInstances());
    long zones = 0;
    for (int k : c.placement().values()) {
      if (k > 0) {
        zones++;
      }
    }
    boolean lb = a.entry() instanceof Entry.LoadBalancer;
    ComputeTier.Exposure e = c.exposure();
    boolean publicInstances = e != null ? e.publicAddresses() : !lb;
    boolean onlyLb = e != null ? e.ingressFromLoadBalancerOnly() : lb;
    Workload w = scenario.workloadOf(stage);
    double mean = 0;
    double peak = 0;
    if (w != null && type != null) {
      double peakFactor = w.pattern().maxFactor(0, scenario.run().horizonSeconds());
      double offEdge =
          a.cdn() == null
              ? 0
              : w.profile().staticFraction() * (a.cdn().s3Origin() ? 1 : a.cdn().hitRatio());
      mean =
          w.requestsPerSecond()
              * (1 - offEdge)
              * w.profile().cpuMsPerRequest()
              / 1000.0
              / (type.vcpuCapacity() * n);
      peak = mean * peakFactor;
    }
    return new Facts(a, c, type, n, zones, lb, publicInstances, onlyLb, mean, peak);
  }

  /** Scheduled resizes by the time they happen. */
  private static final java.util.Comparator<Faults.Resize> BY_TIME =
      new java.util.Comparator<>() {
        @Override
        public int compare(Faults.Resize a, Faults.Resize b) {
          return a.at().compareTo(b.at());
        }
      };

  /** {@code seconds} more for {@code type} (added after what it has, as merge would). */
  private static void add(java.util.Map<String, Double> seconds, String type, double more) {
    Double before = seconds.get(type);
    seconds.put(type, before == null ? more : before + more);
  }

  /**
   * The instance type the stage runs for most of its horizon: the tier's own, or the one a
   * scheduled resize of the stage moves it to (a stage that resizes t2.micro to m5.large on day 1
   * of 30 is judged as m5.large).
   */
  static String longestRunningType(String initial, Scenario scenario, Stage stage) {
    Faults faults = scenario.faultsOf(stage);
    double horizon = scenario.run().horizonSeconds();
    if (faults == null || horizon <= 0) {
      return initial;
    }
    // loops rather than a stream of lambdas: each lambda's class is spun at its first call, and
    // every stage's prices are listed
    List<Faults.Resize> resizes = new ArrayList<>();
    for (Faults.ScheduledFault f : faults.scheduled()) {
      if (f instanceof Faults.Resize r && r.at().toSeconds() < horizon) {
        resizes.add(r);
      }
    }
    resizes.sort(BY_TIME); // stable: resizes at the same time keep their order
    java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    String current = initial;
    double from = 0;
    for (Faults.Resize r : resizes) {
      add(seconds, current, r.at().toSeconds() - from);
      current = r.toInstanceType();
      from = r.at().toSeconds();
    }
    add(seconds, current, horizon - from);
    String longest = initial;
    for (var e : seconds.entrySet()) {
      if (e.getValue() > seconds.get(longest)) {
        longest = e.getKey();
      }
    }
    return longest;
  }

  /**
   * The fleet's findings: a single point of failure, then its entry's (which count its instances
   * and zones), how exposed its instances are, its health-check grace, burst credits and peak load.
   */
  @Override
  public void findings(ComputeTier c, Scenario scenario, Stage stage, List<Finding> out) {
    Facts f = facts(scenario, stage);
    String tier = "compute:" + f.tier().name();
    int total = f.tier().totalInstances();
    ComputeTier.AutoScaling asg = f.tier().autoScaling();
    if (asg == null ? total == 1 : asg.max() <= 1) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              tier,
              "one instance: any instance failure, resize or AZ outage is a full outage"));
    } else if (f.zones() == 1 && (asg == null || f.arch().azs().size() == 1)) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              tier,
              "all instances are in one Availability Zone: an AZ outage is a full outage"));
    }
    EntryComponent.fleetFindings(f.arch().entry(), total, f.zones(), out);
    if (f.loadBalanced()) {
      if (f.publicInstances()) {
        out.add(
            new Finding(
                "security",
                "medium",
                tier,
                "instances have public addresses although the load balancer fronts them; move them to private subnets"));
      }
      if (!f.ingressOnlyFromLb()) {
        out.add(
            new Finding(
                "security",
                "high",
                tier,
                "the instances' security group admits traffic from anywhere, not only from the load balancer"));
      }
    }
    if (asg != null
        && "elb".equals(asg.healthCheckType())
        && asg.healthCheckGraceSeconds() < asg.bootSeconds()) {
      out.add(
          Finding.formatted(
              "reliability",
              "high",
              tier,
              "health-check grace period %.0f s is shorter than the %.0f s boot: new instances are"
                  + " terminated as unhealthy before they can serve",
              asg.healthCheckGraceSeconds(),
              asg.bootSeconds()));
    }
    if (!f.loadBalanced()) {
      out.add(
          new Finding(
              "security",
              "medium",
              tier,
              "instances have public addresses and take traffic straight from the internet;"
                  + " a load balancer in front lets them live in private subnets"));
    }
    if (f.type() != null
        && f.type().burstable()
        && f.meanUtilisation() > f.type().burst().baselinePerVcpu()) {
      out.add(
          Finding.formatted(
              "performance",
              "high",
              tier,
              "average CPU %.0f%% is above the %s baseline of %.0f%%: CPU credits run out%s",
              100 * f.meanUtilisation(),
              f.type().name(),
              100 * f.type().burst().baselinePerVcpu(),
              f.type().burst().defaultUnlimited()
                  ? " (unlimited mode bills the surplus)"
                  : " and the instance is throttled"));
    }
    double peakOfMax =
        asg == null
            ? f.peakUtilisation()
            : f.peakUtilisation() * f.instances() / Math.max(1, asg.max());
    if (peakOfMax > 1) {
      out.add(
          Finding.formatted(
              "performance",
              "high",
              tier,
              "the daily peak needs %.0f%% of the %s fleet's CPU: requests queue and time out",
              100 * peakOfMax,
              asg == null ? "whole" : "largest allowed"));
    }
    if (asg != null) {
      for (ComputeTier.ScalingPolicy p : asg.policies()) {
        switch (p) {
          case ComputeTier.RequestCountTracking rc ->
              requestTargetFinding(rc, f, scenario, stage, out);
          case ComputeTier.BacklogTracking bt -> backlogFinding(bt, f, scenario, stage, out);
          default -> {}
        }
      }
    }
  }

  /**
   * CPU share at which {@link #requestTargetFinding} suggests a target: the 70 % the daily-peak
   * check holds the starting fleet to.
   */
  static final double SUGGESTED_CPU = 0.7;

  /**
   * A request-count target at or above what one instance serves: the group holds every target at
   * {@code target / (60 000 × vCPU / cpuMsPerRequest)} of its CPU, 100 % or more, where the queue
   * of an instance grows until its requests time out (overload), and it adds instances only once
   * the count per target passes that target.
   */
  private static void requestTargetFinding(
      ComputeTier.RequestCountTracking rc,
      Facts f,
      Scenario scenario,
      Stage stage,
      List<Finding> out) {
    Workload w = scenario.workloadOf(stage);
    if (w == null || f.type() == null || w.profile().cpuMsPerRequest() <= 0) {
      return;
    }
    double perMinute = f.type().vcpuCapacity() * 60_000.0 / w.profile().cpuMsPerRequest();
    if (rc.targetValue() < perMinute) {
      return;
    }
    out.add(
        Finding.formatted(
            "performance",
            "high",
            "compute:" + f.tier().name(),
            "Auto Scaling keeps %s requests a minute on each target, %s one %s serves (%s"
                + " vCPU × 60 000 ms / %s ms a request = %s a minute): at the target each instance"
                + " runs at %s %% CPU, its requests queue and time out (overload) before the group"
                + " scales out; a target of %s or less keeps it at %.0f %%",
            Numbers.plain(rc.targetValue()),
            rc.targetValue() > perMinute ? "more than" : "as many as",
            f.type().name(),
            Numbers.plain(f.type().vcpuCapacity()),
            Numbers.plain(w.profile().cpuMsPerRequest()),
            Numbers.plain(perMinute),
            Numbers.plain(Math.round(1000 * rc.targetValue() / perMinute) / 10.0),
            Numbers.plain(Math.floor(SUGGESTED_CPU * perMinute)),
            100 * SUGGESTED_CPU));
  }

  /**
   * A fleet tracking the stage's queue backlog per instance: the compute tier produces the queue's
   * messages and never consumes them (its consumers are a Lambda function, workers or a fixed
   * rate), so instances it adds drain nothing. With more messages in than the consumers take, the
   * backlog only grows and the group runs at its maximum; with fewer, it stays at its minimum
   * whatever its own load.
   */
  private static void backlogFinding(
      ComputeTier.BacklogTracking bt, Facts f, Scenario scenario, Stage stage, List<Finding> out) {
    AsyncQueue q = f.arch().queue();
    Workload w = scenario.workloadOf(stage);
    if (q == null || w == null) {
      return;
    }
    double in = QueueComponent.produced(q, f.arch(), w.profile(), w.requestsPerSecond());
    double drained = QueueComponent.capacity(q);
    String consumers =
        q.lambda() != null
            ? "the Lambda function " + q.lambda().name()
            : q.workers() != null
                ? "the queue workers " + q.workers().fleet().name()
                : "consumers at " + Numbers.plain(q.consumerRatePerSecond()) + " messages/s";
    ComputeTier.AutoScaling asg = f.tier().autoScaling();
    String effect;
    if (in > drained) {
      double hourly = Catalog.onDemandUsd(f.arch().region(), f.tier().instanceType());
      effect =
          String.format(
              Locale.ROOT,
              "%s messages/s in against %s out: the backlog grows by %s an hour whatever the"
                  + " group does, and it scales out to its maximum, %d × %s ($%.2f a month on"
                  + " demand)",
              Numbers.plain(in),
              Numbers.plain(drained),
              Numbers.plain(3600 * (in - drained)),
              asg.max(),
              f.tier().instanceType(),
              asg.max() * 730 * hourly);
    } else {
      effect =
          String.format(
              Locale.ROOT,
              "%s messages/s in against %s out: the backlog stays near empty and the group"
                  + " at its minimum of %d, whatever its own load",
              Numbers.plain(in),
              Numbers.plain(drained),
              asg.min());
    }
    out.add(
        Finding.formatted(
            "performance",
            "high",
            "compute:" + f.tier().name(),
            "Auto Scaling tracks the queue's backlog per instance (%s messages), but these"
                + " instances send the messages and %s take%s them: %s; scale the consumers on the"
                + " backlog (queue.workers) and this fleet on its own CPU or request count",
            Numbers.plain(bt.targetValue()),
            consumers,
            q.lambda() != null || q.workers() != null ? "s" : "",
            effect));
  }

  /** The fleet's Well-Architected checks: zones, recovery, scaling, exposure, purchase. */
  @Override
  public void checks(ComputeTier c, Scenario scenario, Stage stage, List<PillarCheck> out) {
    Facts f = facts(scenario, stage);
    ComputeTier.AutoScaling asg = f.tier().autoScaling();
    ComputeTier.Purchase p = f.tier().purchase();
    Faults faults = scenario.faultsOf(stage);
    boolean autoRecovery =
        asg != null
            || (faults.instance() != null
                && faults.instance().recovery() instanceof Faults.Replacement);
    boolean healthChecks =
        f.loadBalanced()
            || (f.arch().entry() instanceof Entry.Route53 r && r.healthCheck() != null);
    boolean scalesIn =
        asg != null
            && asg.policies().stream()
                .anyMatch(
                    x ->
                        // every target-tracking policy scales in below 90 % of its target
                        x instanceof ComputeTier.TargetTracking
                            || x instanceof ComputeTier.RequestCountTracking
                            || x instanceof ComputeTier.BacklogTracking
                            || (x instanceof ComputeTier.SimpleScaling s && s.adjustment() < 0)
                            || (x instanceof ComputeTier.StepScaling st && !st.above()));
    boolean burstOk =
        f.type() == null
            || !f.type().burstable()
            || f.meanUtilisation() <= f.type().burst().baselinePerVcpu();
    out.add(
        new PillarCheck("reliability", "runs in two or more Availability Zones", f.zones() >= 2));
    out.add(new PillarCheck("reliability", "more than one instance", f.instances() > 1));
    out.add(
        new PillarCheck(
            "reliability", "a load balancer routes around failed instances", f.loadBalanced()));
    out.add(
        new PillarCheck(
            "reliability", "failed instances are replaced automatically", autoRecovery));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "capacity follows load (Auto Scaling policies)",
            asg != null && !asg.policies().isEmpty()));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "the daily peak stays below 70 % CPU of the starting fleet",
            f.peakUtilisation() <= 0.7));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "no burstable instance runs above its baseline on average",
            burstOk));
    out.add(
        new PillarCheck(
            "security",
            "instances are not reachable from the internet (private subnets)",
            !f.publicInstances()));
    out.add(
        new PillarCheck(
            "security",
            "the security group admits only the load balancer",
            f.loadBalanced() && f.ingressOnlyFromLb()));
    out.add(
        new PillarCheck(
            "cost optimization",
            "base capacity on reserved instances or a Savings Plan",
            p != null && (p.reserved() != null || p.savingsPlan() != null)));
    out.add(
        new PillarCheck(
            "cost optimization",
            "spot capacity for what can be interrupted",
            p != null && p.spot() != null && p.spot().share() > 0));
    out.add(new PillarCheck("cost optimization", "the fleet scales in when load drops", scalesIn));
    out.add(
        new PillarCheck(
            "operational excellence", "health checks detect failed instances", healthChecks));
    out.add(
        new PillarCheck(
            "operational excellence",
            "scaling and recovery are automated, not manual",
            autoRecovery && asg != null));
    out.add(
        new PillarCheck(
            "operational excellence",
            "changes roll out without downtime (several instances behind a load balancer)",
            f.loadBalanced() && f.instances() > 1));
  }

  /**
   * The instance types it bills (on demand, and the type a scheduled resize moves it to), surplus
   * CPU credits of a burstable type, and the public IPv4 addresses.
   */
  @Override
  public void prices(ComputeTier c, Architecture a, PriceList out) {
    prices(c, a, Faults.NONE, out);
  }

  @Override
  public void prices(ComputeTier c, Architecture a, Faults faults, PriceList out) {
    String region = a.region();
    out.instances(c.instanceType(), region, "on-demand");
    for (Faults.ScheduledFault f : faults.scheduled()) {
      if (f instanceof Faults.Resize r) {
        out.instances(r.toInstanceType(), region, "on-demand, after a resize");
      }
    }
    if (Catalog.instanceType(c.instanceType()).orElse(null) instanceof InstanceType t
        && t.burstable()) {
      out.uses(Catalog.surplusCreditKey(t.name()), region);
    }
    out.uses("public-ipv4.hour", region);
  }

  @Override
  public List<String> explain(ComputeTier c, Architecture a, Workload w) {
    List<String> out = new ArrayList<>();
    if (a.parts().get("ecs") != null) {
      // the container service's lines say what its derived fleet runs
      out.add("compute: the container service's capacity (below)");
      return out;
    }
    List<String> placement = new ArrayList<>();
    c.placement().forEach((az, n) -> placement.add(az + " × " + n));
    out.add(
        String.format(
            Locale.ROOT,
            "compute %s: %s in %s",
            c.name(),
            c.instanceType(),
            String.join(", ", placement)));
    if (c.autoScaling() != null) {
      ComputeTier.AutoScaling g = c.autoScaling();
      out.add(
          String.format(
              Locale.ROOT,
              "  Auto Scaling min %d max %d desired %d, %d polic%s%s",
              g.min(),
              g.max(),
              g.desired(),
              g.policies().size(),
              g.policies().size() == 1 ? "y" : "ies",
              g.scheduled().isEmpty()
                  ? ""
                  : ", "
                      + g.scheduled().size()
                      + " scheduled action"
                      + (g.scheduled().size() == 1 ? "" : "s")));
    }
    if (c.purchase() != null) {
      out.add("  purchase: " + purchase(c.purchase()));
    }
    return out;
  }

  /** A purchase mix in words. */
  static String purchase(ComputeTier.Purchase p) {
    List<String> parts = new ArrayList<>();
    if (p.reserved() != null) {
      var r = p.reserved();
      parts.add(r.count() + " reserved (" + r.term() + ", " + r.payment() + ")");
    }
    if (p.savingsPlan() != null) {
      parts.add(
          "Savings Plan $"
              + Numbers.plain(p.savingsPlan().commitmentUsdPerHour())
              + "/h at "
              + Numbers.plain(100 * p.savingsPlan().discount())
              + " % off");
    }
    if (p.spot() != null) {
      var s = p.spot();
      parts.add(
          String.format(
              Locale.ROOT,
              "spot for %s %% above %d on-demand, %s %% off, %s interruptions per instance-month",
              Numbers.plain(100 * s.share()),
              s.onDemandBase(),
              Numbers.plain(100 * s.discount()),
              Numbers.plain(s.interruptionsPerMonth())));
    }
    return parts.isEmpty() ? "on demand" : String.join("; ", parts);
  }

  /** None of its own: the engine's fleet keeps the instances' state (decision 020). */
  /**
   * The key of the compute tier's box in an AZ, which the container service's tasks share and the
   * NAT gateways' egress arrows start from.
   */
  static String diagramKey(String az) {
    return "compute@" + az;
  }

  /**
   * Its instances (or Fargate tasks) in each AZ's band, on the path after the entry; its Auto
   * Scaling group above the zones; the purchase mix on the group, or on the first AZ's box without
   * one. A container service's fleet is drawn by the service ({@link EcsComponent#diagram}).
   */
  @Override
  public List<DiagramNode> diagram(ComputeTier c, Architecture a, Workload w) {
    if (EcsComponent.of(a) != null) {
      return List.of();
    }
    boolean fargate = c.instanceType().startsWith("fargate.");
    List<DiagramNode> out = new ArrayList<>();
    for (Map.Entry<String, Integer> p : c.placement().entrySet()) {
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.COMPUTE,
                  diagramKey(p.getKey()),
                  DiagramNode.COMPUTE,
                  DiagramNode.Lane.ZONE,
                  fargate ? "Fargate" : "EC2 " + c.instanceType(),
                  fargate
                      ? List.of(DiagramNode.count(p.getValue(), "task"), c.instanceType())
                      : List.of(DiagramNode.count(p.getValue(), "instance")))
              .inAz(p.getKey())
              .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
              .onThePath());
    }
    if (c.autoScaling() != null) {
      out.add(
          DiagramNode.of(
              DiagramNode.Place.COMPUTE,
              "asg",
              DiagramNode.COMPUTE,
              DiagramNode.Lane.TOP,
              "Auto Scaling",
              groupDetails(c.autoScaling())));
    }
    String purchase = c.purchase() == null ? null : purchaseLine(c.purchase());
    if (purchase != null && !out.isEmpty()) {
      int on = c.autoScaling() != null ? out.size() - 1 : 0;
      out.set(on, out.get(on).withDetail(purchase));
    }
    return out;
  }

  /**
   * What the stage's scheduled resizes do to its compute tier while the stage runs, one line each
   * in time order ("t2.micro → m5.large, day 1"): the diagram adds them to the tier's boxes, which
   * it draws as changed, and the report's inputs table lists them. Empty without a compute tier of
   * instances, or without a resize.
   */
  public static List<String> scheduledChanges(Architecture a, Faults faults) {
    ComputeTier c = a.compute();
    if (c == null || faults == null || EcsComponent.of(a) != null) {
      return List.of();
    }
    List<Faults.Resize> resizes = new ArrayList<>();
    for (Faults.ScheduledFault f : faults.scheduled()) {
      if (f instanceof Faults.Resize r) {
        resizes.add(r);
      }
    }
    resizes.sort(BY_TIME); // stable: resizes at the same time keep their order
    List<String> out = new ArrayList<>();
    String current = c.instanceType();
    for (Faults.Resize r : resizes) {
      out.add(current + " → " + r.toInstanceType() + ", " + when(r.at()));
      current = r.toInstanceType();
    }
    return out;
  }

  /**
   * The diagram's boxes the stage's scheduled changes alter while it runs, each with its lines of
   * {@link #scheduledChanges}: the compute tier's box in each AZ. Empty when nothing changes.
   */
  public static Map<String, List<String>> scheduledDiagramChanges(Architecture a, Faults faults) {
    List<String> lines = scheduledChanges(a, faults);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!lines.isEmpty()) {
      for (String az : a.compute().placement().keySet()) {
        out.put(diagramKey(az), lines);
      }
    }
    return out;
  }

  /** A time into the trial as the timelines' axis says it: "day 1", "day 2.5". */
  static String when(Duration at) {
    double days = at.toSeconds() / 86_400.0;
    return days == Math.rint(days)
        ? String.format(Locale.ROOT, "day %.0f", days)
        : String.format(
            Locale.ROOT,
            "day %s",
            new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", days))
                .stripTrailingZeros()
                .toPlainString());
  }

  private static List<String> groupDetails(ComputeTier.AutoScaling g) {
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
      d.add(DiagramNode.count(g.scheduled().size(), "scheduled action"));
    }
    return d;
  }

  private static String purchaseLine(ComputeTier.Purchase p) {
    List<String> parts = new ArrayList<>();
    if (p.reserved() != null) {
      parts.add(p.reserved().count() + " reserved");
    }
    if (p.savingsPlan() != null) {
      parts.add("Savings Plan");
    }
    if (p.spot() != null) {
      parts.add(
          "spot " + DiagramNode.percent(p.spot().share()) + " above " + p.spot().onDemandBase());
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  @Override
  public PathStage stage(ComputeTier c, TrialContext trial) {
    return null;
  }
}
