package dev.archsim.core.report;

import java.util.List;

/**
 * One trial of one stage over time, at the start of each point's interval (at most a few hundred
 * points), each value the time-weighted mean over the interval: instances in service (none in the
 * primary region while it is down; whole Lambda environments on a serverless stage), the mean
 * concurrent executions of a serverless stage (invocations per second × duration, Little's law;
 * zero on a fleet of instances), offered, failed and throttled requests per second, the DR
 * secondary region's instances, the queue's backlog, its worker fleet's instances (or tasks) in
 * service, its Lambda consumer's concurrent batches and the age of its oldest message (seconds, at
 * each step's end); the infrastructure events as markers and the primary region's outages as spans;
 * and {@code zooms}, the same trial around its longest outages (an hour either side) at a finer
 * step: the primary region's longest, then an AZ's longest unless the first zoom shows it (each
 * only when it is a sliver of the whole axis, so none for a trial without outages).
 */
public record Timeline(
    int stage,
    long trial,
    String label,
    double[] seconds,
    double[] inService,
    double[] concurrency,
    double[] offered,
    double[] failed,
    double[] throttled,
    double[] secondaryInService,
    double[] backlog,
    double[] workers,
    double[] consumerConcurrency,
    double[] oldestMessageAge,
    List<Charts.Marker> events,
    List<Charts.Span> regionOutages,
    List<Timeline> zooms) {
  public Timeline {
    events = List.copyOf(events);
    regionOutages = List.copyOf(regionOutages);
    zooms = List.copyOf(zooms);
  }

  /** A timeline without a zoom whose queue has no consumers to show (no workers, no Lambda). */
  public Timeline(
      int stage,
      long trial,
      String label,
      double[] seconds,
      double[] inService,
      double[] concurrency,
      double[] offered,
      double[] failed,
      double[] throttled,
      double[] secondaryInService,
      double[] backlog,
      List<Charts.Marker> events,
      List<Charts.Span> regionOutages) {
    this(
        stage,
        trial,
        label,
        seconds,
        inService,
        concurrency,
        offered,
        failed,
        throttled,
        secondaryInService,
        backlog,
        new double[seconds.length],
        new double[seconds.length],
        new double[seconds.length],
        events,
        regionOutages,
        List.of());
  }

  /** Where the time axis ends: the last point's interval's end. */
  public double end() {
    return Charts.axisEnd(seconds);
  }
}
