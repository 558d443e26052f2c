package dev.archsim.engine.validate;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
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
    if (scenario.objectives().lostMessagesPerMillion() != null) {
      lostMessages(scenario, scenario.objectives().lostMessagesPerMillion(), out);
    }
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
      Components.rulesWithout(scenario, stage, path + ".architecture", out);
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
    boolean
        beyondTheFleet = // what the request mode does not simulate: all but the fleet and its entry
        Components.in(arch).stream()
                .anyMatch(
                    p ->
                        !(p.component() instanceof dev.archsim.engine.component.EntryComponent
                            || p.component()
                                instanceof dev.archsim.engine.component.ComputeComponent));
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

  /**
   * The lost-messages objective: a share of a million, of the messages a stage's queue takes, so a
   * scenario with no queue in any stage sets one that nothing can measure.
   */
  private static void lostMessages(Scenario scenario, double perMillion, List<Violation> out) {
    String path = "$.objectives.lostMessagesPerMillion";
    if (!(perMillion >= 0 && perMillion <= 1e6)) {
      out.add(
          Violation.error(
              path, "must be between 0 and 1000000 (per million); found " + perMillion));
    }
    if (scenario.stages().stream().allMatch(st -> st.architecture().queue() == null)) {
      out.add(
          Violation.error(
              path,
              "no stage has a queue (architecture.queue): only a queue's messages can be lost;"
                  + " remove the objective or add the queue"));
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
          if (a.compute() == null) {
            out.add(
                Violation.error(
                    sp,
                    "a resize changes the compute tier's instance type (architecture.compute);"
                        + " this stage has no compute tier"));
          } else if (Catalog.instanceType(r.toInstanceType()).isPresent()) {
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
                        + (a.entry() == null ? "none" : a.entry().type())));
          }
        }
        case Faults.RegionOutage o -> {
          boolean dr = a.dr() != null && !a.dr().regions().isEmpty();
          if (o.region() != null
              && !o.region().equals(a.region())
              && !(dr && a.dr().regions().contains(o.region()))) {
            out.add(
                Violation.error(
                    sp + ".region",
                    "'"
                        + o.region()
                        + "' is not a region of the stage: "
                        + (dr
                            ? "its regions are " + a.region() + " and " + a.dr().regions()
                            : "it runs in "
                                + a.region()
                                + " alone; another region joins the stage through its DR"
                                + " strategy (architecture.dr)")));
          }
        }
        case Faults.InstanceFailure x -> {
          if (a.compute() == null) {
            out.add(
                Violation.error(
                    sp,
                    a.entry() == null
                        ? "an instance failure hits the compute tier (architecture.compute), and a"
                            + " stage without an entry has none; its queue's workers fail at the"
                            + " instances' MTBF (faults.instance) and with their AZ (az-outage)"
                        : "an instance failure needs instances (architecture.compute); Lambda"
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
    // the compute tier's rules are its module's (ComputeComponent); the limits are admission rules
    if (c.totalInstances() > limits.maxInstancesPerTier()) {
      out.add(
          Violation.error(
              cp,
              "at most "
                  + limits.maxInstancesPerTier()
                  + " instances per tier; found "
                  + c.totalInstances()));
    }
    if (c.autoScaling() != null && c.autoScaling().max() > limits.maxInstancesPerTier()) {
      out.add(
          Violation.error(
              cp + ".autoScaling.max",
              "at most " + limits.maxInstancesPerTier() + "; found " + c.autoScaling().max()));
    }
  }

  static void positive(double v, String path, List<Violation> out) {
    Ranges.positive(v, path, out);
  }

  static void nonNegative(double v, String path, List<Violation> out) {
    Ranges.nonNegative(v, path, out);
  }
}
