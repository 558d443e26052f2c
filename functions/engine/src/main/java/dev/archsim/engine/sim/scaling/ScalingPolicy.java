package dev.archsim.engine.sim.scaling;

import dev.archsim.engine.model.ComputeTier;

/**
 * A scaling policy of a group, evaluated every minute on that minute's metrics. It holds its own
 * alarm state (consecutive breaching datapoints); the group clamps what it asks for to its minimum
 * and maximum, and when several policies decide in one minute the last one's capacity is taken.
 */
public interface ScalingPolicy {
  /**
   * What the policy asks for after minute {@code m}: a capacity (before the group's bounds), or
   * null to leave the capacity as it is.
   *
   * @param live the instances the group counts now (in service, starting, failed but not yet
   *     replaced)
   */
  Decision evaluate(double now, MetricPeriod m, int live, ScalingTimers timers);

  /** A capacity asked for, with the reading that decided it in words ("75% CPU"). */
  record Decision(int capacity, String reading) {}

  /** The policy class of a scenario's policy. */
  static ScalingPolicy of(ComputeTier.ScalingPolicy p) {
    return switch (p) {
      case ComputeTier.SimpleScaling s -> new SimpleScalingPolicy(s);
      case ComputeTier.StepScaling s -> new StepScalingPolicy(s);
      case ComputeTier.TargetTracking t -> new CpuTargetTracking(t.targetPercent());
      case ComputeTier.RequestCountTracking t -> new RequestCountTargetTracking(t.targetValue());
      case ComputeTier.BacklogTracking t -> new BacklogTargetTracking(t.targetValue());
    };
  }

  /** The CPU reading as the scaling notes print it: "75% CPU". */
  static String cpu(double percent) {
    return Math.round(percent) + "% CPU";
  }
}
