package dev.archsim.engine.sim.scaling;

/**
 * One minute of a group's metrics, as CloudWatch has them when the policies' alarms evaluate
 * (EC2's, the load balancer's and SQS's metrics at one-minute granularity).
 *
 * @param cpuPercent average CPU utilisation of the instances in service over the minute
 *     (CPUUtilization, Average)
 * @param inServiceSeconds instance-seconds in service over the minute: no CPU or per-target
 *     datapoint without any
 * @param requests requests the load balancer routed to the group's targets in the minute
 *     (RequestCount, Sum)
 * @param periodSeconds the minute's length (60 s)
 * @param visibleMessages messages visible in the queue the group scales on at the minute's end
 *     (ApproximateNumberOfMessagesVisible); NaN when the group scales on no queue
 * @param inService instances in service at the minute's end (InService, the guide's "running
 *     instances")
 */
public record MetricPeriod(
    double cpuPercent,
    double inServiceSeconds,
    double requests,
    double periodSeconds,
    double visibleMessages,
    int inService) {

  /** True when instances were in service during the minute, so CPU and per-target data exist. */
  public boolean hasData() {
    return inServiceSeconds > 0;
  }

  /** Healthy targets on average over the minute. */
  public double meanInService() {
    return inServiceSeconds / periodSeconds;
  }

  /**
   * ALBRequestCountPerTarget: the minute's RequestCount over the healthy targets; NaN without any.
   */
  public double requestsPerTarget() {
    return hasData() ? requests / meanInService() : Double.NaN;
  }

  /**
   * Backlog per instance as the AWS guide computes it: ApproximateNumberOfMessagesVisible over the
   * instances in service; NaN without a queue or with none in service (a division by zero in metric
   * math gives no datapoint).
   */
  public double backlogPerInstance() {
    return inService > 0 ? visibleMessages / inService : Double.NaN;
  }
}
