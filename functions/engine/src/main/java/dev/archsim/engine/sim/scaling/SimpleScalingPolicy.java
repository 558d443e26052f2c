package dev.archsim.engine.sim.scaling;

import dev.archsim.engine.model.ComputeTier;

/**
 * Simple scaling on average CPU: after {@code evaluationPeriods} breaching minutes, add {@code
 * adjustment} instances (negative removes), then no simple activity until the cooldown has passed.
 */
public final class SimpleScalingPolicy implements ScalingPolicy {
  private final ComputeTier.SimpleScaling p;
  private int breaches;

  public SimpleScalingPolicy(ComputeTier.SimpleScaling p) {
    this.p = p;
  }

  @Override
  public Decision evaluate(double now, MetricPeriod m, int live, ScalingTimers timers) {
    if (!m.hasData()) {
      return null;
    }
    double avg = m.cpuPercent();
    boolean breach = p.above() ? avg > p.thresholdPercent() : avg < p.thresholdPercent();
    breaches = breach ? breaches + 1 : 0;
    if (breaches >= p.evaluationPeriods() && timers.cooledDown(now)) {
      timers.coolDown(now, p.cooldownSeconds());
      breaches = 0;
      return new Decision(live + p.adjustment(), ScalingPolicy.cpu(avg));
    }
    return null;
  }
}
