package dev.archsim.engine.sim.scaling;

/**
 * Target tracking on the group's average CPU utilisation (ASGAverageCPUUtilization): the capacity
 * the group counts times the CPU over the target.
 */
public final class CpuTargetTracking extends TargetTracking {
  public CpuTargetTracking(double targetPercent) {
    super(targetPercent);
  }

  @Override
  protected double metric(MetricPeriod m) {
    return m.hasData() ? m.cpuPercent() : Double.NaN;
  }

  @Override
  protected int proportional(MetricPeriod m, double cpu, int live) {
    return ceil(live * cpu / target());
  }

  @Override
  protected String reading(double cpu) {
    return ScalingPolicy.cpu(cpu);
  }
}
