package dev.archsim.engine.validate;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Semantic validation: everything a JSON Schema cannot say (catalog look-ups, cross-field rules,
 * limits). Returns every violation it finds; never stops at the first.
 */
public final class ScenarioValidator {
  private final Limits limits;

  public ScenarioValidator(Limits limits) {
    this.limits = limits;
  }

  public ScenarioValidator() {
    this(Limits.DEFAULT);
  }

  public List<Violation> validate(Scenario scenario) {
    List<Violation> out = new ArrayList<>();
    if (scenario.version() != Scenario.CURRENT_VERSION) {
      out.add(
          Violation.error(
              "$.version",
              "unsupported version "
                  + scenario.version()
                  + "; expected "
                  + Scenario.CURRENT_VERSION));
    }
    run(scenario.run(), out);
    objectives(scenario.objectives(), out);
    if (scenario.workload() != null) {
      workload(scenario.workload(), "$.workload", scenario.run().horizonSeconds(), out);
    }
    if (scenario.faults() != null) {
      faults(scenario.faults(), "$.faults", out);
    }
    if (scenario.stages().isEmpty()) {
      out.add(Violation.error("$.stages", "at least one stage is required"));
    }
    if (scenario.stages().size() > limits.maxStages()) {
      out.add(
          Violation.error(
              "$.stages",
              "at most " + limits.maxStages() + " stages; found " + scenario.stages().size()));
    }
    CatalogRules.pricing(scenario.pricing(), "$.pricing", out);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      Stage stage = scenario.stages().get(i);
      String path = "$.stages[" + i + "]";
      if (!names.add(stage.name())) {
        out.add(Violation.error(path + ".name", "duplicate stage name '" + stage.name() + "'"));
      }
      if (stage.workload() != null) {
        workload(stage.workload(), path + ".workload", scenario.run().horizonSeconds(), out);
      } else if (scenario.workload() == null) {
        out.add(
            Violation.error(
                path + ".workload",
                "required: the stage has no workload and the scenario none to inherit"));
      }
      if (stage.faults() != null) {
        faults(stage.faults(), path + ".faults", out);
      }
      architecture(stage.architecture(), path + ".architecture", out);
      faultsInStage(
          scenario.faultsOf(stage),
          stage.faults() != null ? path + ".faults" : "$.faults",
          stage.architecture(),
          scenario.run(),
          out);
      if (scenario.run().mode() == RunSettings.Mode.REQUESTS) {
        requestMode(scenario, stage, path, out);
      }
      Workload w = scenario.workloadOf(stage);
      if (w != null && scenario.run().horizon().isPositive()) {
        double peak =
            w.pattern() instanceof ShapedPattern shaped
                ? shaped.maxFactor(0, scenario.run().horizonSeconds())
                : w.pattern() instanceof TrafficPattern.Daily d ? Math.max(1, d.peakFactor()) : 1;
        double requests =
            w.requestsPerSecond()
                * peak
                * scenario.run().horizonSeconds()
                * scenario.run().trials();
        if (requests > limits.maxRequestsPerStage()) {
          out.add(
              Violation.error(
                  path,
                  String.format(
                      java.util.Locale.ROOT,
                      "simulates up to %.3g requests (rate × peak × horizon × trials); at most %.3g per stage",
                      requests,
                      limits.maxRequestsPerStage())));
        }
      }
    }
    ModelBounds.check(scenario, out);
    if (!scenario.stages().isEmpty()) {
      out.addAll(WorkEstimate.of(scenario).check(limits.maxWork()));
    }
    return List.copyOf(new java.util.LinkedHashSet<>(out));
  }

  /** Request mode simulates fixed, fault-free fleets; everything else needs the fluid mode. */
  private static void requestMode(
      Scenario scenario, Stage stage, String path, List<Violation> out) {
    String why = " (request mode simulates fixed fleets without faults; use run.mode fluid)";
    Faults f = scenario.faultsOf(stage);
    if (f.instance() != null
        || f.az() != null
        || f.region() != null
        || f.database() != null
        || !f.scheduled().isEmpty()) {
      out.add(
          Violation.error(
              stage.faults() != null ? path + ".faults" : "$.faults",
              "faults are not simulated per request" + why));
    }
    Architecture arch = stage.architecture();
    boolean beyondTheFleet =
        Components.in(arch).stream()
            .anyMatch(p -> !(p.component() instanceof dev.archsim.engine.component.EntryComponent));
    if (arch.compute() == null || beyondTheFleet || arch.dr() != null) {
      out.add(
          Violation.error(
              path + ".architecture",
              "request mode simulates EC2 fleets without data tier, edge, queue, functions or DR"
                  + why));
      return;
    }
    ComputeTier c = arch.compute();
    if (c.autoScaling() != null) {
      out.add(
          Violation.error(
              path + ".architecture.compute.autoScaling",
              "Auto Scaling is not simulated per request" + why));
    }
    if (stage.architecture().entry() instanceof Entry.Route53) {
      out.add(
          Violation.error(
              path + ".architecture.entry",
              "Route 53 records are not simulated per request" + why));
    }
    boolean standardCredits =
        Catalog.instanceType(c.instanceType())
            .map(
                t ->
                    t.burstable()
                        && !(c.credits() != null
                            && c.credits().mode() == ComputeTier.CreditMode.UNLIMITED)
                        && !(c.credits() == null && t.burst().defaultUnlimited()))
            .orElse(false);
    if (standardCredits) {
      out.add(
          Violation.error(
              path + ".architecture.compute.credits",
              "standard CPU credits are not simulated per request; set mode unlimited" + why));
    }
    Workload w = scenario.workloadOf(stage);
    if (w != null) {
      double perTrial =
          w.requestsPerSecond()
              * w.pattern().maxFactor(0, scenario.run().horizonSeconds())
              * scenario.run().horizonSeconds();
      if (perTrial > MAX_REQUESTS_PER_TRIAL_IN_REQUEST_MODE) {
        out.add(
            Violation.error(
                path,
                String.format(
                    java.util.Locale.ROOT,
                    "request mode would simulate %.3g requests per trial; at most %.0e (use the fluid mode)",
                    perTrial,
                    MAX_REQUESTS_PER_TRIAL_IN_REQUEST_MODE)));
      }
    }
  }

  private static final double MAX_REQUESTS_PER_TRIAL_IN_REQUEST_MODE = 1e10;

  /** Validates and throws {@link ScenarioRejectedException} when any violation is an error. */
  public List<Violation> requireValid(Scenario scenario) {
    List<Violation> violations = validate(scenario);
    if (violations.stream().anyMatch(Violation::isError)) {
      throw new ScenarioRejectedException(violations.stream().filter(Violation::isError).toList());
    }
    return violations;
  }

  private void run(RunSettings run, List<Violation> out) {
    if (run.trials() < 1 || run.trials() > limits.maxTrials()) {
      out.add(
          Violation.error(
              "$.run.trials",
              "must be between 1 and " + limits.maxTrials() + "; found " + run.trials()));
    }
    if (run.horizon().isNegative() || run.horizon().isZero()) {
      out.add(Violation.error("$.run.horizon", "must be positive; found " + run.horizon()));
    } else if (run.horizon().compareTo(limits.maxHorizon()) > 0) {
      out.add(
          Violation.error(
              "$.run.horizon",
              "must be at most " + limits.maxHorizon() + "; found " + run.horizon()));
    }
    if (run.step().compareTo(limits.minStep()) < 0) {
      out.add(
          Violation.error(
              "$.run.step", "must be at least " + limits.minStep() + "; found " + run.step()));
    } else if (run.step().compareTo(run.horizon()) > 0 && run.horizon().isPositive()) {
      out.add(
          Violation.error(
              "$.run.step",
              "must not exceed the horizon " + run.horizon() + "; found " + run.step()));
    } else if (run.horizon().isPositive()
        && run.horizon().toMillis() / Math.max(1, run.step().toMillis())
            > limits.maxStepsPerTrial()) {
      out.add(
          Violation.error(
              "$.run.step",
              "horizon / step must be at most " + limits.maxStepsPerTrial() + " steps per trial"));
    }
  }

  private void objectives(Objectives o, List<Violation> out) {
    if (o.availability() != null && !(o.availability() > 0 && o.availability() <= 1)) {
      out.add(
          Violation.error(
              "$.objectives.availability", "must be in (0, 1]; found " + o.availability()));
    }
    if (o.latencyP99Ms() != null && !(o.latencyP99Ms() > 0)) {
      out.add(
          Violation.error(
              "$.objectives.latencyP99Ms", "must be positive; found " + o.latencyP99Ms()));
    }
    if (o.monthlyBudgetUsd() != null && !(o.monthlyBudgetUsd() >= 0)) {
      out.add(
          Violation.error(
              "$.objectives.monthlyBudgetUsd",
              "must not be negative; found " + o.monthlyBudgetUsd()));
    }
    if (o.rtoSeconds() != null) {
      positive(o.rtoSeconds(), "$.objectives.rtoSeconds", out);
    }
    if (o.rpoSeconds() != null) {
      nonNegative(o.rpoSeconds(), "$.objectives.rpoSeconds", out);
    }
  }

  private void workload(Workload w, String path, double horizonSeconds, List<Violation> out) {
    if (!(w.requestsPerSecond() >= 0) || Double.isInfinite(w.requestsPerSecond())) {
      out.add(
          Violation.error(
              path + ".requestsPerSecond",
              "must be a non-negative number; found " + w.requestsPerSecond()));
    }
    TrafficPattern base = w.pattern() instanceof ShapedPattern s ? s.base() : w.pattern();
    if (base instanceof TrafficPattern.Daily d) {
      if (!(d.peakFactor() >= 1 && d.peakFactor() <= 2)) {
        out.add(
            Violation.error(
                path + ".pattern.peakFactor",
                "must be in [1, 2] (peak / mean of a daily cosine); found " + d.peakFactor()));
      }
      if (!(d.peakHourUtc() >= 0 && d.peakHourUtc() < 24)) {
        out.add(
            Violation.error(
                path + ".pattern.peakHourUtc", "must be in [0, 24); found " + d.peakHourUtc()));
      }
    }
    if (w.pattern() instanceof ShapedPattern s) {
      TrafficShapeRules.check(s, path, horizonSeconds, out);
    }
    RequestProfile p = w.profile();
    positive(p.cpuMsPerRequest(), path + ".profile.cpuMsPerRequest", out);
    nonNegative(p.bytesOut(), path + ".profile.bytesOut", out);
    nonNegative(p.networkLatencyMs(), path + ".profile.networkLatencyMs", out);
    positive(p.timeoutMs(), path + ".profile.timeoutMs", out);
    TierRules.profile(p, path + ".profile", out);
    TierRules.users(w, path + ".users", out);
  }

  private void faults(Faults f, String path, List<Violation> out) {
    if (f.instance() != null) {
      String ip = path + ".instance";
      positive(f.instance().mtbfHours(), ip + ".mtbfHours", out);
      switch (f.instance().recovery()) {
        case Faults.ManualRepair m -> positive(m.mttrMinutes(), ip + ".recovery.mttrMinutes", out);
        case Faults.Replacement r -> {
          nonNegative(r.detectionSeconds(), ip + ".recovery.detectionSeconds", out);
          nonNegative(r.bootSeconds(), ip + ".recovery.bootSeconds", out);
        }
      }
    }
    if (f.az() != null) {
      nonNegative(f.az().ratePerYear(), path + ".az.ratePerYear", out);
      positive(f.az().meanDurationHours(), path + ".az.meanDurationHours", out);
    }
    for (int i = 0; i < f.scheduled().size(); i++) {
      String sp = path + ".scheduled[" + i + "]";
      Faults.ScheduledFault sf = f.scheduled().get(i);
      if (sf.at().isNegative()) {
        out.add(Violation.error(sp + ".at", "must not be negative; found " + sf.at()));
      }
      switch (sf) {
        case Faults.AzOutage o -> {
          if (!o.duration().isPositive()) {
            out.add(Violation.error(sp + ".duration", "must be positive; found " + o.duration()));
          }
        }
        case Faults.Resize r -> {
          nonNegative(r.downtimeSeconds(), sp + ".downtimeSeconds", out);
          CatalogRules.instanceType(r.toInstanceType(), sp + ".toInstanceType", out);
        }
        case Faults.DnsRemoval d -> {}
        case Faults.RegionOutage o -> {
          if (!o.duration().isPositive()) {
            out.add(Violation.error(sp + ".duration", "must be positive; found " + o.duration()));
          }
        }
        case Faults.InstanceFailure x -> {}
        default -> {} // a component's fault: its rules need the stage (faultsInStage)
      }
    }
    if (f.region() != null) {
      nonNegative(f.region().ratePerYear(), path + ".region.ratePerYear", out);
      positive(f.region().meanDurationHours(), path + ".region.meanDurationHours", out);
    }
    if (f.database() != null) {
      positive(f.database().mtbfHours(), path + ".database.mtbfHours", out);
    }
  }

  /** Checks of a stage's faults that depend on its architecture and the horizon. */
  private void faultsInStage(
      Faults f, String path, Architecture a, RunSettings run, List<Violation> out) {
    for (int i = 0; i < f.scheduled().size(); i++) {
      String sp = path + ".scheduled[" + i + "]";
      Faults.ScheduledFault sf = f.scheduled().get(i);
      if (sf.at().compareTo(run.horizon()) >= 0) {
        out.add(
            Violation.warning(
                sp + ".at",
                "at "
                    + sf.at()
                    + " is beyond the horizon "
                    + run.horizon()
                    + ": it never happens"));
      }
      switch (sf) {
        case Faults.AzOutage o -> {
          if (!a.azs().contains(o.az())) {
            out.add(
                Violation.error(
                    sp + ".az", "'" + o.az() + "' is not one of the stage's AZs " + a.azs()));
          }
        }
        case Faults.Resize r -> {
          if (Catalog.instanceType(r.toInstanceType()).isPresent()) {
            CatalogRules.offered(a, r.toInstanceType(), sp + ".toInstanceType", out);
            CatalogRules.priced(a.region(), r.toInstanceType(), sp + ".toInstanceType", out);
          }
        }
        case Faults.DnsRemoval d -> {
          if (!(a.entry() instanceof Entry.Route53)) {
            out.add(
                Violation.error(
                    sp,
                    "a DNS removal needs a route53 entry; this stage's entry is "
                        + a.entry().type()));
          }
        }
        case Faults.RegionOutage o -> {
          boolean regions =
              a.dr() != null
                  && a.dr().multiRegion()
                  && a.dr().strategy() == DisasterRecovery.Strategy.ACTIVE_ACTIVE;
          if (o.region() != null
              && !o.region().equals(a.region())
              && !(regions && a.dr().regions().contains(o.region()))) {
            out.add(
                Violation.error(
                    sp + ".region",
                    "'"
                        + o.region()
                        + "' is not a region of the stage: "
                        + (regions
                            ? "its regions are " + a.region() + " and " + a.dr().regions()
                            : "it runs in "
                                + a.region()
                                + "; the loss of another region is simulated for active-active"
                                + " over three or more regions (architecture.dr.regions)")));
          }
        }
        case Faults.InstanceFailure x -> {
          if (a.compute() == null) {
            out.add(
                Violation.error(
                    sp,
                    "an instance failure needs instances (architecture.compute); Lambda"
                        + " functions have none to lose"));
          } else if (!a.azs().contains(x.az())) {
            out.add(
                Violation.error(
                    sp + ".az", "'" + x.az() + "' is not one of the stage's AZs " + a.azs()));
          } else if (a.compute().placement().getOrDefault(x.az(), 0) == 0
              && a.compute().autoScaling() == null) {
            out.add(
                Violation.warning(
                    sp + ".az",
                    "the stage places no instance in " + x.az() + ": nothing fails there"));
          }
        }
        default -> Components.faultRules(sf, a, sp, out);
      }
    }
  }

  private void architecture(Architecture a, String path, List<Violation> out) {
    boolean regionKnown = CatalogRules.region(a.region(), path + ".region", out);
    CatalogRules.azs(a, path, regionKnown, out);
    TierRules.architecture(a, path, out);
    ComputeTier c = a.compute();
    if (c == null || dev.archsim.engine.component.EcsComponent.of(a) != null) {
      return; // a container service's fleet is checked by its own rules, at its own paths
    }
    String cp = path + ".compute";
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
    } else if (c.totalInstances() > limits.maxInstancesPerTier()) {
      out.add(
          Violation.error(
              cp,
              "at most "
                  + limits.maxInstancesPerTier()
                  + " instances per tier; found "
                  + c.totalInstances()));
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
    if (c.credits() != null) {
      if (Catalog.instanceType(c.instanceType()).map(t -> !t.burstable()).orElse(false)) {
        out.add(
            Violation.warning(
                cp + ".credits",
                c.instanceType() + " is not burstable; CPU credit settings are ignored"));
      }
      if (c.credits().initialPerInstance() != null) {
        nonNegative(c.credits().initialPerInstance(), cp + ".credits.initial", out);
      }
    }
  }

  private static final int MAX_CLIENT_BOUND_INSTANCES = 500;

  private void autoScaling(
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
    if (g.max() > limits.maxInstancesPerTier()) {
      out.add(
          Violation.error(
              gp + ".max", "at most " + limits.maxInstancesPerTier() + "; found " + g.max()));
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
    nonNegative(g.healthCheckGraceSeconds(), gp + ".healthCheckGraceSeconds", out);
    nonNegative(g.bootSeconds(), gp + ".bootSeconds", out);
    nonNegative(g.warmupSeconds(), gp + ".warmupSeconds", out);
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
          nonNegative(p.cooldownSeconds(), pp + ".cooldownSeconds", out);
        }
        case ComputeTier.StepScaling p -> {
          percent(p.thresholdPercent(), pp + ".thresholdPercent", out);
          if (p.steps().isEmpty()) {
            out.add(Violation.error(pp + ".steps", "at least one step is required"));
          }
          for (int k = 0; k < p.steps().size(); k++) {
            ComputeTier.Step st = p.steps().get(k);
            if (!(st.lower() >= 0 && st.upper() > st.lower())) {
              out.add(
                  Violation.error(
                      pp + ".steps[" + k + "]",
                      "needs 0 <= lower < upper; found [" + st.lower() + ", " + st.upper() + ")"));
            }
          }
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
          positive(p.targetValue(), pp + ".targetValue", out);
          if (!(a.entry() instanceof Entry.LoadBalancer lb
              && lb.kind() == Entry.LoadBalancer.Kind.ALB)) {
            out.add(
                Violation.error(
                    pp + ".metric",
                    "ALB request count per target needs an alb entry; found " + a.entry().type()));
          }
        }
        case ComputeTier.BacklogTracking p -> {
          positive(p.targetValue(), pp + ".targetValue", out);
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

  private void purchase(ComputeTier c, String cp, List<Violation> out) {
    ComputeTier.Purchase p = c.purchase();
    if (p == null) {
      return;
    }
    String pp = cp + ".purchase";
    int fleetMin = c.autoScaling() != null ? c.autoScaling().min() : c.totalInstances();
    if (p.reserved() != null) {
      ComputeTier.Reserved r = p.reserved();
      if (r.count() < 0) {
        out.add(
            Violation.error(pp + ".reserved.count", "must not be negative; found " + r.count()));
      } else if (r.count() > fleetMin) {
        out.add(
            Violation.warning(
                pp + ".reserved.count",
                r.count()
                    + " reserved instances exceed the fleet's minimum of "
                    + fleetMin
                    + ": the extra ones are paid for while idle"));
      }
      if (r.discount() == null && Catalog.reservedDiscount(r.term(), r.payment()).isEmpty()) {
        out.add(
            Violation.error(
                pp + ".reserved",
                "term must be 1y or 3y and payment no-upfront, partial-upfront or all-upfront; found "
                    + r.term()
                    + " "
                    + r.payment()));
      }
      if (r.discount() != null && !(r.discount() >= 0 && r.discount() < 1)) {
        out.add(
            Violation.error(pp + ".reserved.discount", "must be in [0, 1); found " + r.discount()));
      }
    }
    if (p.savingsPlan() != null) {
      nonNegative(
          p.savingsPlan().commitmentUsdPerHour(), pp + ".savingsPlan.commitmentUsdPerHour", out);
      if (!(p.savingsPlan().discount() >= 0 && p.savingsPlan().discount() < 1)) {
        out.add(
            Violation.error(
                pp + ".savingsPlan.discount",
                "must be in [0, 1); found " + p.savingsPlan().discount()));
      }
    }
    if (p.spot() != null) {
      ComputeTier.Spot s = p.spot();
      if (!(s.share() >= 0 && s.share() <= 1)) {
        out.add(Violation.error(pp + ".spot.share", "must be in [0, 1]; found " + s.share()));
      }
      if (!(s.discount() >= 0 && s.discount() < 1)) {
        out.add(Violation.error(pp + ".spot.discount", "must be in [0, 1); found " + s.discount()));
      }
      nonNegative(s.interruptionsPerMonth(), pp + ".spot.interruptionsPerMonth", out);
      if (s.onDemandBase() < 0) {
        out.add(
            Violation.error(
                pp + ".spot.onDemandBase", "must not be negative; found " + s.onDemandBase()));
      }
      if (c.autoScaling() == null) {
        out.add(
            Violation.error(
                pp + ".spot",
                "spot capacity needs an Auto Scaling group to replace interrupted instances"));
      }
    }
  }

  private static void percent(double v, String path, List<Violation> out) {
    if (!(v >= 0 && v <= 100)) {
      out.add(Violation.error(path, "must be a percentage in [0, 100]; found " + v));
    }
  }

  static void positive(double v, String path, List<Violation> out) {
    Ranges.positive(v, path, out);
  }

  static void nonNegative(double v, String path, List<Violation> out) {
    Ranges.nonNegative(v, path, out);
  }
}
