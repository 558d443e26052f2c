package dev.archsim.engine.sim.scaling;

import dev.archsim.engine.model.ComputeTier;

/**
 * Step scaling on average CPU: after {@code evaluationPeriods} breaching minutes, and not while the
 * last scale-out's instances warm up, the adjustment of the step the breach falls in (metric −
 * threshold in percentage points, either direction, in [lower, upper)).
 */
public final class StepScalingPolicy implements ScalingPolicy {
  private final ComputeTier.StepScaling p;
  private final CpuAlarm alarm;

  public StepScalingPolicy(ComputeTier.StepScaling p) {
    this.p = p;
    this.alarm = new CpuAlarm(p.above(), p.thresholdPercent(), p.evaluationPeriods());
  }

  @Override
  public Decision evaluate(double now, MetricPeriod m, int live, ScalingTimers timers) {
    if (alarm.breached(m) && timers.warm(now)) {
      alarm.reset();
      double avg = m.cpuPercent();
      double by = Math.abs(avg - p.thresholdPercent());
      for (ComputeTier.Step s : p.steps()) {
        if (by >= s.lower() && by < s.upper()) {
          return new Decision(live + s.adjustment(), ScalingPolicy.cpu(avg));
        }
      }
    }
    return null;
  }
}
