package dev.archsim.engine.validate;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
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
      workload(scenario.workload(), "$.workload", out);
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
    Set<String> names = new HashSet<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      Stage stage = scenario.stages().get(i);
      String path = "$.stages[" + i + "]";
      if (!names.add(stage.name())) {
        out.add(Violation.error(path + ".name", "duplicate stage name '" + stage.name() + "'"));
      }
      if (stage.workload() != null) {
        workload(stage.workload(), path + ".workload", out);
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
      Workload w = scenario.workloadOf(stage);
      if (w != null && scenario.run().horizon().isPositive()) {
        double peak =
            w.pattern() instanceof TrafficPattern.Daily d ? Math.max(1, d.peakFactor()) : 1;
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
    return List.copyOf(out);
  }

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
  }

  private void workload(Workload w, String path, List<Violation> out) {
    if (!(w.requestsPerSecond() >= 0) || Double.isInfinite(w.requestsPerSecond())) {
      out.add(
          Violation.error(
              path + ".requestsPerSecond",
              "must be a non-negative number; found " + w.requestsPerSecond()));
    }
    if (w.pattern() instanceof TrafficPattern.Daily d) {
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
    RequestProfile p = w.profile();
    positive(p.cpuMsPerRequest(), path + ".profile.cpuMsPerRequest", out);
    nonNegative(p.bytesOut(), path + ".profile.bytesOut", out);
    nonNegative(p.networkLatencyMs(), path + ".profile.networkLatencyMs", out);
    positive(p.timeoutMs(), path + ".profile.timeoutMs", out);
  }

  private void faults(Faults f, String path, List<Violation> out) {
    if (f.instance() == null) {
      return;
    }
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

  private void architecture(Architecture a, String path, List<Violation> out) {
    boolean regionKnown = Catalog.isKnownRegion(a.region());
    if (!regionKnown) {
      out.add(
          Violation.error(
              path + ".region",
              "unknown region '" + a.region() + "'; known: " + Catalog.regions()));
    }
    if (a.azs().isEmpty()) {
      out.add(Violation.error(path + ".azs", "at least one Availability Zone is required"));
    }
    Set<String> seen = new HashSet<>();
    List<String> valid = Catalog.availabilityZones(a.region());
    for (int i = 0; i < a.azs().size(); i++) {
      String az = a.azs().get(i);
      if (!seen.add(az)) {
        out.add(
            Violation.error(path + ".azs[" + i + "]", "duplicate Availability Zone '" + az + "'"));
      } else if (regionKnown && !valid.contains(az)) {
        out.add(
            Violation.error(
                path + ".azs[" + i + "]",
                "'" + az + "' is not an Availability Zone of " + a.region() + "; known: " + valid));
      }
    }
    ComputeTier c = a.compute();
    String cp = path + ".compute";
    if (Catalog.instanceType(c.instanceType()).isEmpty()) {
      out.add(
          Violation.error(
              cp + ".instanceType",
              "unknown instance type '"
                  + c.instanceType()
                  + "'; known: "
                  + Catalog.instanceTypeNames()));
    } else if (regionKnown && Catalog.onDemandHourly(a.region(), c.instanceType()).isEmpty()) {
      out.add(
          Violation.error(
              cp + ".instanceType", "no price for " + c.instanceType() + " in " + a.region()));
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
      case Entry.LoadBalancer lb -> {
        Entry.HealthCheck hc = lb.healthCheck();
        String hp = path + ".entry.healthCheck";
        if (!(hc.intervalSeconds() >= 5 && hc.intervalSeconds() <= 300)) {
          out.add(
              Violation.error(
                  hp + ".intervalSeconds", "must be in [5, 300]; found " + hc.intervalSeconds()));
        }
        if (!(hc.timeoutSeconds() >= 2 && hc.timeoutSeconds() <= 120)) {
          out.add(
              Violation.error(
                  hp + ".timeoutSeconds", "must be in [2, 120]; found " + hc.timeoutSeconds()));
        } else if (hc.timeoutSeconds() >= hc.intervalSeconds()) {
          out.add(Violation.error(hp + ".timeoutSeconds", "must be less than intervalSeconds"));
        }
        if (hc.healthyThreshold() < 2 || hc.healthyThreshold() > 10) {
          out.add(
              Violation.error(
                  hp + ".healthyThreshold", "must be in [2, 10]; found " + hc.healthyThreshold()));
        }
        if (hc.unhealthyThreshold() < 2 || hc.unhealthyThreshold() > 10) {
          out.add(
              Violation.error(
                  hp + ".unhealthyThreshold",
                  "must be in [2, 10]; found " + hc.unhealthyThreshold()));
        }
      }
    }
  }

  private static void positive(double v, String path, List<Violation> out) {
    if (!(v > 0) || Double.isInfinite(v)) {
      out.add(Violation.error(path, "must be a positive number; found " + v));
    }
  }

  private static void nonNegative(double v, String path, List<Violation> out) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      out.add(Violation.error(path, "must not be negative; found " + v));
    }
  }
}
