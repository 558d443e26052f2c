package dev.archsim.engine.sim.scaling;

import dev.archsim.engine.model.ComputeTier;

/**
 * Simple scaling on average CPU: after {@code evaluationPeriods} breaching minutes, add {@code
 * adjustment} instances (negative removes), then no simple activity until the cooldown has passed.
 */
public final class SimpleScalingPolicy implements ScalingPolicy {
  private final ComputeTier.SimpleScaling p;
  private final CpuAlarm alarm;

  public SimpleScalingPolicy(ComputeTier.SimpleScaling p) {
    this.p = p;
    this.alarm = new CpuAlarm(p.above(), p.thresholdPercent(), p.evaluationPeriods());
  }

  @Override
  public Decision evaluate(double now, MetricPeriod m, int live, ScalingTimers timers) {
    if (alarm.breached(m) && timers.cooledDown(now)) {
      timers.coolDown(now, p.cooldownSeconds());
      alarm.reset();
      return new Decision(live + p.adjustment(), ScalingPolicy.cpu(m.cpuPercent()));
    }
    return null;
  }
}
