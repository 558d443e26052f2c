package dev.archsim.engine.result;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The integer result of one trial of one stage. Fractional fluid quantities are rounded once, here,
 * so everything merged afterwards is exact integer arithmetic.
 *
 * @param trial trial index within the stage
 * @param requests requests offered over the horizon
 * @param failedByCause failed requests, indexed by {@link FailureCause#ordinal()}
 * @param histogram served-request latencies in the {@link LatencyHistogram} layout; sums to served
 * @param latencySumMicros sum of served latencies in microseconds
 * @param monthlyCostMicroUsd cost per component, scaled to a 730-hour month, in micro-dollars
 * @param instanceSeconds billed instance-seconds per "type/purchase option"
 * @param incidents instance failures in the trial
 * @param detections incidents detected by a health or status check within the horizon
 * @param detectionMillisSum sum over detections of failure → detection time
 * @param recoveries incidents recovered within the horizon
 * @param recoveryMillisSum sum over recoveries of failure → back in service time
 * @param maxRecoveryMillis longest recovery
 * @param meanInServiceMilli time-averaged in-service instances × 1000
 * @param minInService fewest in-service instances at any time
 * @param maxInService most in-service instances at any time
 * @param creditCappedSeconds instance-seconds a burstable instance ran capped at its baseline
 * @param recovery RTO and RPO of the trial's recoveries (region and database failovers)
 * @param counters per-trial totals of the other tiers (edge hits, database queries, queued
 *     messages, cold starts…), summed when merged
 * @param peaks per-trial maxima (queue backlog, message age, concurrency, database utilisation),
 *     the maximum when merged
 * @param workers the queue's consumers in service (worker instances or tasks, or a Lambda
 *     consumer's concurrent batches), time-weighted over the horizon like the in-service instances
 */
public record TrialOutcome(
    long trial,
    long requests,
    long[] failedByCause,
    long[] histogram,
    long latencySumMicros,
    SortedMap<String, Long> monthlyCostMicroUsd,
    SortedMap<String, Long> instanceSeconds,
    long incidents,
    long detections,
    long detectionMillisSum,
    long recoveries,
    long recoveryMillisSum,
    long maxRecoveryMillis,
    long meanInServiceMilli,
    int minInService,
    int maxInService,
    long creditCappedSeconds,
    RecoveryTally recovery,
    SortedMap<String, Long> counters,
    SortedMap<String, Long> peaks,
    Workers workers) {

  /**
   * The queue's consumers in service over one trial.
   *
   * @param meanMilli time-averaged consumers in service × 1000
   * @param min fewest at any time
   * @param max most at any time
   */
  public record Workers(long meanMilli, int min, int max) {
    /** A stage without queue consumers. */
    public static final Workers NONE = new Workers(0, 0, 0);
  }

  public TrialOutcome {
    workers = workers == null ? Workers.NONE : workers;
    recovery = recovery == null ? RecoveryTally.EMPTY : recovery;
    counters = counters == null ? new TreeMap<>() : new TreeMap<>(counters);
    peaks = peaks == null ? new TreeMap<>() : new TreeMap<>(peaks);
    failedByCause = failedByCause.clone();
    histogram = histogram.clone();
    monthlyCostMicroUsd = new TreeMap<>(monthlyCostMicroUsd);
    instanceSeconds = new TreeMap<>(instanceSeconds);
  }

  public long failed() {
    long f = 0;
    for (long v : failedByCause) {
      f += v;
    }
    return f;
  }

  public long served() {
    return requests - failed();
  }

  /** Served / offered in parts per billion (1e9 when nothing was offered). */
  public long availabilityPpb() {
    if (requests == 0) {
      return 1_000_000_000L;
    }
    return Math.round(served() * 1e9 / requests);
  }

  public long monthlyCostTotalMicroUsd() {
    long t = 0;
    for (long v : monthlyCostMicroUsd.values()) {
      t += v;
    }
    return t;
  }

  public double p99Ms() {
    return LatencyHistogram.percentileMs(histogram, 0.99);
  }

  public static SortedMap<String, Long> sorted(Map<String, Long> m) {
    return new TreeMap<>(m);
  }
}
