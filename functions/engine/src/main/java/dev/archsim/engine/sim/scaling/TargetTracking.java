package dev.archsim.engine.sim.scaling;

/**
 * Target tracking as EC2 Auto Scaling runs it ([AWS]
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html): the
 * policy creates two CloudWatch alarms on the metric's one-minute datapoints; the high alarm fires
 * after {@value #SCALE_OUT_DATAPOINTS} consecutive datapoints above the target and the group scales
 * out in proportion to the metric (capacity × metric / target, rounded up), but adds nothing more
 * while the instances of its last scale-out warm up; the low alarm fires after {@value
 * #SCALE_IN_DATAPOINTS} consecutive datapoints below {@value #SCALE_IN_SHARE} of the target and the
 * group scales in to the proportional capacity (at least one). The 3 and 15 datapoints and the 90 %
 * are what the alarms AWS creates for a target tracking policy show in CloudWatch (AlarmHigh: 3
 * datapoints within 3 minutes; AlarmLow: 15 datapoints within 15 minutes, at 90 % of the target);
 * AWS documents only that it "scales out proportionally" and "scales in gradually".
 *
 * <p>A subclass says what the metric is and what capacity it asks for.
 */
public abstract class TargetTracking implements ScalingPolicy {
  /** Consecutive one-minute datapoints above the target before a scale-out. */
  public static final int SCALE_OUT_DATAPOINTS = 3;

  /** Consecutive one-minute datapoints below {@link #SCALE_IN_SHARE} of the target to scale in. */
  public static final int SCALE_IN_DATAPOINTS = 15;

  /** The low alarm's threshold as a share of the target. */
  public static final double SCALE_IN_SHARE = 0.9;

  private final double target;
  private int above;
  private int below;

  protected TargetTracking(double target) {
    this.target = target;
  }

  /** The target value, in the metric's unit. */
  public double target() {
    return target;
  }

  /** The metric's datapoint for minute {@code m}; NaN when it has none (the alarms skip it). */
  protected abstract double metric(MetricPeriod m);

  /**
   * The capacity that would bring the metric to the target: the metric is a total over the
   * instances it is averaged on, so that total over the target, rounded up.
   */
  protected abstract int proportional(MetricPeriod m, double metric, int live);

  /** The datapoint in words for the scaling note ("75% CPU"). */
  protected abstract String reading(double metric);

  @Override
  public final Decision evaluate(double now, MetricPeriod m, int live, ScalingTimers timers) {
    double v = metric(m);
    if (Double.isNaN(v)) {
      return null;
    }
    above = v > target ? above + 1 : 0;
    below = v < SCALE_IN_SHARE * target ? below + 1 : 0;
    int wanted = proportional(m, v, live);
    if (above >= SCALE_OUT_DATAPOINTS && timers.warm(now) && wanted > live) {
      above = 0;
      return new Decision(wanted, reading(v));
    }
    if (below >= SCALE_IN_DATAPOINTS && wanted < live) {
      below = 0;
      return new Decision(Math.max(wanted, 1), reading(v));
    }
    return null;
  }

  /** ceil(x), forgiving the rounding error of a product that should be whole. */
  static int ceil(double x) {
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(x - 1e-9));
  }
}
