package dev.archsim.engine.sim.scaling;

import java.util.Locale;

/**
 * Target tracking on ALBRequestCountPerTarget, "Average Application Load Balancer request count per
 * target for your Auto Scaling group" ([AWS]
 * https://docs.aws.amazon.com/AutoScaling/latest/APIReference/API_PredefinedMetricSpecification.html):
 * the target group's RequestCount in a one-minute period over its healthy targets. The target is in
 * requests per target per minute. The capacity asked for is the one at which each target would get
 * the target: the minute's requests over the target, rounded up; at a steady R requests per second
 * that is ceil(60 R / target) once the alarms have fired and the new instances passed their checks.
 */
public final class RequestCountTargetTracking extends TargetTracking {
  public RequestCountTargetTracking(double requestsPerTargetPerMinute) {
    super(requestsPerTargetPerMinute);
  }

  @Override
  protected double metric(MetricPeriod m) {
    return m.requestsPerTarget();
  }

  @Override
  protected int proportional(MetricPeriod m, double perTarget, int live) {
    return ceil(m.meanInService() * perTarget / target());
  }

  @Override
  protected String reading(double perTarget) {
    return String.format(Locale.ROOT, "%.0f requests per target", perTarget);
  }
}
