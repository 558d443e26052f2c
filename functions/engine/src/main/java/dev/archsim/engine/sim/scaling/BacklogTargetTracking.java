package dev.archsim.engine.sim.scaling;

import java.util.Locale;

/**
 * Target tracking on an SQS queue's backlog per instance, as the AWS guide builds it ([AWS]
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html and its metric math
 * version, ec2-auto-scaling-target-tracking-metric-math.html): backlog per instance =
 * ApproximateNumberOfMessagesVisible / the group's instances in service, tracked against the
 * acceptable backlog per instance (the longest acceptable latency over the time an instance takes
 * per message). The capacity asked for is the backlog over the target, rounded up. With no instance
 * in service the expression divides by zero and has no datapoint, so a group scaling on backlog
 * alone should keep a minimum of one.
 */
public final class BacklogTargetTracking extends TargetTracking {
  public BacklogTargetTracking(double messagesPerInstance) {
    super(messagesPerInstance);
  }

  @Override
  protected double metric(MetricPeriod m) {
    return m.backlogPerInstance();
  }

  @Override
  protected int proportional(MetricPeriod m, double perInstance, int live) {
    return ceil(m.inService() * perInstance / target());
  }

  @Override
  protected String reading(double perInstance) {
    return String.format(Locale.ROOT, "%.0f messages per instance", perInstance);
  }
}
