package dev.archsim.engine.validate;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import java.util.List;

/**
 * The counts a scenario's model may hold, mirrored from the JSON Schema's maxima for the models
 * that are built without it: a stored document read back with {@code ScenarioCodec.parseAccepted},
 * and scenarios built in code. A count the engine allocates state for (cache nodes, AZs, user
 * regions, policies, scheduled faults and actions) must never size an array from an unchecked
 * number: {@code cache.nodes: 1000000000} would exhaust the heap before the first trial.
 */
public final class ModelBounds {
  private ModelBounds() {}

  public static final int MAX_AZS = 30;
  public static final int MAX_USER_REGIONS = 50;
  public static final int MAX_SCHEDULED_FAULTS = 100;
  public static final int MAX_POLICIES = 50;
  public static final int MAX_POLICY_STEPS = 50;
  public static final int MAX_SCHEDULED_ACTIONS = 100;

  /**
   * Points of a workload trace: 100 000 covers CloudWatch's whole retention at each period (15 days
   * of 1-minute data is 21 600 points, 63 days of 5-minute data 18 144, 455 days of hourly data 10
   * 920) with room for finer logs.
   */
  public static final int MAX_TRACE_POINTS = 100_000;

  public static final int MAX_SPIKES = 100;
  public static final int MAX_LOAD_STEPS = 100;

  /** Adds an error for every count of the scenario above its bound. */
  static void check(Scenario scenario, List<Violation> out) {
    if (scenario.workload() != null) {
      workload(scenario.workload(), "$.workload", out);
    }
    if (scenario.faults() != null) {
      faults(scenario.faults(), "$.faults", out);
    }
    for (int i = 0; i < scenario.stages().size(); i++) {
      Stage stage = scenario.stages().get(i);
      String path = "$.stages[" + i + "]";
      if (stage.workload() != null) {
        workload(stage.workload(), path + ".workload", out);
      }
      if (stage.faults() != null) {
        faults(stage.faults(), path + ".faults", out);
      }
      architecture(stage.architecture(), path + ".architecture", out);
    }
  }

  private static void workload(Workload w, String path, List<Violation> out) {
    atMost(w.users().size(), MAX_USER_REGIONS, path + ".users", "user regions", out);
    if (w.pattern() instanceof ShapedPattern s) {
      if (s.trace() != null) {
        atMost(s.trace().size(), MAX_TRACE_POINTS, path + ".trace.points", "trace points", out);
      }
      atMost(s.spikes().size(), MAX_SPIKES, path + ".spikes", "spikes", out);
      atMost(s.steps().size(), MAX_LOAD_STEPS, path + ".steps", "load steps", out);
    }
  }

  private static void faults(Faults f, String path, List<Violation> out) {
    atMost(
        f.scheduled().size(), MAX_SCHEDULED_FAULTS, path + ".scheduled", "scheduled faults", out);
  }

  private static void architecture(Architecture a, String path, List<Violation> out) {
    atMost(a.azs().size(), MAX_AZS, path + ".azs", "Availability Zones", out);
    for (Components.Present<?> c : Components.in(a)) {
      c.bounds(path, out);
    }
    ComputeTier c = a.compute();
    if (c != null && c.autoScaling() != null) {
      String gp = path + ".compute.autoScaling";
      List<ComputeTier.ScalingPolicy> policies = c.autoScaling().policies();
      atMost(policies.size(), MAX_POLICIES, gp + ".policies", "scaling policies", out);
      for (int i = 0; i < policies.size(); i++) {
        if (policies.get(i) instanceof ComputeTier.StepScaling s) {
          atMost(
              s.steps().size(), MAX_POLICY_STEPS, gp + ".policies[" + i + "].steps", "steps", out);
        }
      }
      atMost(
          c.autoScaling().scheduled().size(),
          MAX_SCHEDULED_ACTIONS,
          gp + ".scheduled",
          "scheduled actions",
          out);
    }
  }

  private static void atMost(long n, int max, String path, String what, List<Violation> out) {
    Ranges.atMost(n, max, path, what, out);
  }
}
