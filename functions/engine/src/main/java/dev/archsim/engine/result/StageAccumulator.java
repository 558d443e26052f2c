package dev.archsim.engine.result;

import dev.archsim.engine.model.Objectives;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The mergeable result of any set of trials of one stage: a commutative monoid under {@link
 * #merge}, with {@link #empty} as identity. Every field is an exact integer (or BigInteger) sum,
 * minimum or maximum, so any split of the trials into shards merges to the identical value.
 */
public record StageAccumulator(
    int stage,
    long trials,
    long requests,
    long[] failedByCause,
    long[] histogram,
    BigInteger latencySumMicros,
    ExactStat availabilityPpb,
    ExactStat monthlyCostMicroUsd,
    SortedMap<String, Long> costByComponentMicroUsd,
    SortedMap<String, Long> instanceSeconds,
    long trialsMeetingAvailability,
    long trialsMeetingLatency,
    long trialsMeetingBudget,
    long trialsMeetingAll,
    long incidents,
    long detections,
    BigInteger detectionMillisSum,
    long recoveries,
    BigInteger recoveryMillisSum,
    long maxRecoveryMillis,
    ExactStat inServiceMilli,
    long minInService,
    long maxInService,
    long creditCappedSeconds,
    RecoveryTally recovery,
    SortedMap<String, Long> counters,
    SortedMap<String, Long> peaks,
    WorkerTally workers) {

  public StageAccumulator {
    workers = workers == null ? WorkerTally.EMPTY : workers;
    recovery = recovery == null ? RecoveryTally.EMPTY : recovery;
    counters = Collections.unmodifiableSortedMap(new TreeMap<>(counters));
    peaks = Collections.unmodifiableSortedMap(new TreeMap<>(peaks));
    failedByCause = failedByCause.clone();
    histogram = histogram.clone();
    costByComponentMicroUsd =
        Collections.unmodifiableSortedMap(new TreeMap<>(costByComponentMicroUsd));
    instanceSeconds = Collections.unmodifiableSortedMap(new TreeMap<>(instanceSeconds));
  }

  /**
   * Counters of the trials that met the RTO and RPO objectives (1 per trial, summed like every
   * counter); they are not tier figures, so summaries leave them out of {@code tiers}.
   */
  public static final String RTO_MET = "objective:rto-met";

  public static final String RPO_MET = "objective:rpo-met";

  /**
   * Per-trial sums behind the confidence bounds of the latency and recovery objectives (written
   * only when the objective is set; the trial is the unit of randomness, so the bounds need each
   * trial's figure, not only the merged one): the number of trials with a p99, the sum of their
   * p99s and of its squares in tenths of a millisecond (each capped at {@link #P99_CAP_TENTHS}).
   */
  public static final String P99_TRIALS = "objective:p99-trials";

  public static final String P99_SUM = "objective:p99-sum-tenth-ms";
  public static final String P99_SQUARES = "objective:p99-squares-tenth-ms";

  /** 100 s in tenths of a millisecond: 10^5 trials of it square-summed stay within a long. */
  public static final long P99_CAP_TENTHS = 1_000_000L;

  /**
   * Per-trial sums of the recovery objectives, for the ratio estimator of the mean RTO (RPO) over
   * recoveries: Σx², Σxy and Σy² over trials, x a trial's summed RTO (RPO) in whole seconds (capped
   * at {@link #RECOVERY_CAP_SECONDS}), y its number of recoveries; the prefix then {@code rto} or
   * {@code rpo}.
   */
  public static final String RECOVERY_SQUARES = "objective:squares-";

  public static final String RECOVERY_CROSS = "objective:cross-";
  public static final String RECOVERY_EVENT_SQUARES = "objective:event-squares-";

  /** About 11.6 days: 10^5 trials of it square-summed stay within a long. */
  public static final long RECOVERY_CAP_SECONDS = 1_000_000L;

  /**
   * Counters of the trials by availability (1 per trial, summed like every counter), the key ending
   * in the bucket's number: 0 for a trial that served every request, k ≥ 1 for an unavailability (1
   * − availability) in [10^((k−1)/4), 10^(k/4)) parts per billion, four buckets a decade.
   */
  public static final String TRIAL_AVAILABILITY = "trials:availability:";

  /** The {@link #TRIAL_AVAILABILITY} bucket of a trial's availability in parts per billion. */
  public static int availabilityBucket(long availabilityPpb) {
    long unavailable = 1_000_000_000L - availabilityPpb;
    if (unavailable <= 0) {
      return 0;
    }
    return 1 + (int) Math.floor(4 * Math.log10(unavailable) + 1e-9);
  }

  /** Lowest unavailability (a fraction) of bucket {@code k} of {@link #availabilityBucket}. */
  public static double bucketUnavailabilityFrom(int k) {
    return k == 0 ? 0 : Math.pow(10, (k - 1) / 4.0) / 1e9;
  }

  /** Highest unavailability (a fraction, exclusive) of bucket {@code k}. */
  public static double bucketUnavailabilityTo(int k) {
    return k == 0 ? 0 : Math.min(1, Math.pow(10, k / 4.0) / 1e9);
  }

  public static StageAccumulator empty(int stage) {
    return new StageAccumulator(
        stage,
        0,
        0,
        new long[FailureCause.values().length],
        new long[LatencyHistogram.SIZE],
        BigInteger.ZERO,
        ExactStat.EMPTY,
        ExactStat.EMPTY,
        new TreeMap<>(),
        new TreeMap<>(),
        0,
        0,
        0,
        0,
        0,
        0,
        BigInteger.ZERO,
        0,
        BigInteger.ZERO,
        0,
        ExactStat.EMPTY,
        Long.MAX_VALUE,
        0,
        0,
        RecoveryTally.EMPTY,
        new TreeMap<>(),
        new TreeMap<>(),
        WorkerTally.EMPTY);
  }

  /** The accumulator of a single trial, judged against the objectives. */
  public static StageAccumulator ofTrial(int stage, TrialOutcome t, Objectives objectives) {
    long availability = t.availabilityPpb();
    long cost = t.monthlyCostTotalMicroUsd();
    boolean availabilityMet =
        objectives.availability() == null
            || availability >= Math.round(objectives.availability() * 1e9);
    double p99 = t.p99Ms();
    boolean latencyMet =
        objectives.latencyP99Ms() == null
            || (!Double.isNaN(p99) && p99 <= objectives.latencyP99Ms());
    boolean budgetMet =
        objectives.monthlyBudgetUsd() == null
            || cost <= Math.round(objectives.monthlyBudgetUsd() * 1e6);
    RecoveryTally r = t.recovery();
    boolean rtoMet =
        objectives.rtoSeconds() == null
            || r.rtoEvents() == 0
            || r.maxRtoMillis() <= Math.round(objectives.rtoSeconds() * 1000);
    boolean rpoMet =
        objectives.rpoSeconds() == null
            || r.rpoEvents() == 0
            || r.maxRpoMillis() <= Math.round(objectives.rpoSeconds() * 1000);
    SortedMap<String, Long> counters = new TreeMap<>(t.counters());
    counters.put(TRIAL_AVAILABILITY + availabilityBucket(availability), 1L);
    if (objectives.rtoSeconds() != null) {
      counters.put(RTO_MET, rtoMet ? 1L : 0L);
      recoverySums(counters, "rto", r.rtoMillisSum().longValue(), r.rtoEvents());
    }
    if (objectives.rpoSeconds() != null) {
      counters.put(RPO_MET, rpoMet ? 1L : 0L);
      recoverySums(counters, "rpo", r.rpoMillisSum().longValue(), r.rpoEvents());
    }
    boolean lostMet = true;
    if (objectives.lostMessagesPerMillion() != null) {
      LostMessages.recordTrial(counters, objectives.lostMessagesPerMillion());
      lostMet = counters.get(LostMessages.MET) == 1L;
    }
    if (objectives.latencyP99Ms() != null && !Double.isNaN(p99)) {
      long tenths = Math.min(P99_CAP_TENTHS, Math.round(Math.max(0, p99) * 10));
      counters.put(P99_TRIALS, 1L);
      counters.put(P99_SUM, tenths);
      counters.put(P99_SQUARES, tenths * tenths);
    }
    return new StageAccumulator(
        stage,
        1,
        t.requests(),
        t.failedByCause(),
        t.histogram(),
        BigInteger.valueOf(t.latencySumMicros()),
        ExactStat.of(availability, t.trial()),
        ExactStat.of(cost, t.trial()),
        t.monthlyCostMicroUsd(),
        t.instanceSeconds(),
        availabilityMet ? 1 : 0,
        latencyMet ? 1 : 0,
        budgetMet ? 1 : 0,
        availabilityMet && latencyMet && budgetMet && rtoMet && rpoMet && lostMet ? 1 : 0,
        t.incidents(),
        t.detections(),
        BigInteger.valueOf(t.detectionMillisSum()),
        t.recoveries(),
        BigInteger.valueOf(t.recoveryMillisSum()),
        t.maxRecoveryMillis(),
        ExactStat.of(t.meanInServiceMilli(), t.trial()),
        t.minInService(),
        t.maxInService(),
        t.creditCappedSeconds(),
        t.recovery(),
        counters,
        t.peaks(),
        WorkerTally.ofTrial(t.workers(), t.trial()));
  }

  private static void recoverySums(
      SortedMap<String, Long> counters, String which, long millis, long events) {
    long x = Math.min(RECOVERY_CAP_SECONDS, Math.round(millis / 1000.0));
    counters.put(RECOVERY_SQUARES + which, x * x);
    counters.put(RECOVERY_CROSS + which, x * events);
    counters.put(RECOVERY_EVENT_SQUARES + which, events * events);
  }

  public StageAccumulator merge(StageAccumulator o) {
    if (o.stage != stage) {
      throw new IllegalArgumentException("cannot merge stage " + o.stage + " into stage " + stage);
    }
    return new StageAccumulator(
        stage,
        trials + o.trials,
        requests + o.requests,
        add(failedByCause, o.failedByCause),
        add(histogram, o.histogram),
        latencySumMicros.add(o.latencySumMicros),
        availabilityPpb.merge(o.availabilityPpb),
        monthlyCostMicroUsd.merge(o.monthlyCostMicroUsd),
        add(costByComponentMicroUsd, o.costByComponentMicroUsd),
        add(instanceSeconds, o.instanceSeconds),
        trialsMeetingAvailability + o.trialsMeetingAvailability,
        trialsMeetingLatency + o.trialsMeetingLatency,
        trialsMeetingBudget + o.trialsMeetingBudget,
        trialsMeetingAll + o.trialsMeetingAll,
        incidents + o.incidents,
        detections + o.detections,
        detectionMillisSum.add(o.detectionMillisSum),
        recoveries + o.recoveries,
        recoveryMillisSum.add(o.recoveryMillisSum),
        Math.max(maxRecoveryMillis, o.maxRecoveryMillis),
        inServiceMilli.merge(o.inServiceMilli),
        Math.min(minInService, o.minInService),
        Math.max(maxInService, o.maxInService),
        creditCappedSeconds + o.creditCappedSeconds,
        recovery.merge(o.recovery),
        add(counters, o.counters),
        max(peaks, o.peaks),
        workers.merge(o.workers));
  }

  public long failed() {
    long f = 0;
    for (long v : failedByCause) {
      f += v;
    }
    return f;
  }

  /**
   * What must hold in any merged result, each side counted on its own: failed requests and every
   * cause non-negative and at most the offered ones; the latency histogram counts exactly the
   * served requests; availability of every trial in [0, 1]; cost non-negative, and the monthly cost
   * summed per trial equal to the sum of its components. Empty when all hold; {@link
   * StageSummary#of} refuses to summarise otherwise.
   */
  public java.util.List<String> violations() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (FailureCause cause : FailureCause.values()) {
      if (failedByCause[cause.ordinal()] < 0) {
        out.add("failed requests of cause " + cause.id() + " negative");
      }
    }
    if (failed() > requests) {
      out.add(failed() + " requests failed of " + requests + " offered");
    }
    long histogramTotal = 0;
    for (long c : histogram) {
      if (c < 0) {
        out.add("a negative latency bucket");
      }
      histogramTotal += c;
    }
    if (histogramTotal != served()) {
      out.add("latency histogram counts " + histogramTotal + ", served " + served());
    }
    if (availabilityPpb.count() > 0
        && (availabilityPpb.min() < 0 || availabilityPpb.max() > 1_000_000_000L)) {
      out.add(
          "trial availability outside [0, 1]: "
              + availabilityPpb.min()
              + ".."
              + availabilityPpb.max()
              + " ppb");
    }
    BigInteger components = BigInteger.ZERO;
    for (Map.Entry<String, Long> e : costByComponentMicroUsd.entrySet()) {
      if (e.getValue() < 0) {
        out.add("cost component " + e.getKey() + " negative: " + e.getValue() + " micro-USD");
      }
      components = components.add(BigInteger.valueOf(e.getValue()));
    }
    if (!components.equals(monthlyCostMicroUsd.sum())) {
      out.add(
          "monthly cost "
              + monthlyCostMicroUsd.sum()
              + " micro-USD != sum of its components "
              + components);
    }
    return out;
  }

  public long served() {
    return requests - failed();
  }

  private static long[] add(long[] a, long[] b) {
    long[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
    for (int i = 0; i < b.length; i++) {
      r[i] += b[i];
    }
    return r;
  }

  private static SortedMap<String, Long> add(Map<String, Long> a, Map<String, Long> b) {
    TreeMap<String, Long> r = new TreeMap<>(a);
    // loops rather than lambdas: each lambda's class is spun at its first call
    for (Map.Entry<String, Long> e : b.entrySet()) {
      Long old = r.get(e.getKey());
      r.put(e.getKey(), old == null ? e.getValue() : old + e.getValue());
    }
    return r;
  }

  private static SortedMap<String, Long> max(Map<String, Long> a, Map<String, Long> b) {
    TreeMap<String, Long> r = new TreeMap<>(a);
    for (Map.Entry<String, Long> e : b.entrySet()) {
      Long old = r.get(e.getKey());
      r.put(e.getKey(), old == null ? e.getValue() : Math.max(old, e.getValue()));
    }
    return r;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof StageAccumulator o)) {
      return false;
    }
    return stage == o.stage
        && trials == o.trials
        && requests == o.requests
        && Arrays.equals(failedByCause, o.failedByCause)
        && Arrays.equals(histogram, o.histogram)
        && latencySumMicros.equals(o.latencySumMicros)
        && availabilityPpb.equals(o.availabilityPpb)
        && monthlyCostMicroUsd.equals(o.monthlyCostMicroUsd)
        && costByComponentMicroUsd.equals(o.costByComponentMicroUsd)
        && instanceSeconds.equals(o.instanceSeconds)
        && trialsMeetingAvailability == o.trialsMeetingAvailability
        && trialsMeetingLatency == o.trialsMeetingLatency
        && trialsMeetingBudget == o.trialsMeetingBudget
        && trialsMeetingAll == o.trialsMeetingAll
        && incidents == o.incidents
        && detections == o.detections
        && detectionMillisSum.equals(o.detectionMillisSum)
        && recoveries == o.recoveries
        && recoveryMillisSum.equals(o.recoveryMillisSum)
        && maxRecoveryMillis == o.maxRecoveryMillis
        && inServiceMilli.equals(o.inServiceMilli)
        && minInService == o.minInService
        && maxInService == o.maxInService
        && creditCappedSeconds == o.creditCappedSeconds
        && recovery.equals(o.recovery)
        && counters.equals(o.counters)
        && peaks.equals(o.peaks)
        && workers.equals(o.workers);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        stage, trials, requests, Arrays.hashCode(histogram), availabilityPpb);
  }

  @Override
  public String toString() {
    return "StageAccumulator[stage="
        + stage
        + ", trials="
        + trials
        + ", requests="
        + requests
        + ", failed="
        + failed()
        + "]";
  }
}
