package dev.archsim.engine.result;

import dev.archsim.engine.catalog.PriceUse;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.Scenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user reads for one stage, computed from the merged {@link StageAccumulator}. Derived
 * numbers are computed from exact integers, so they are identical however the trials were sharded.
 */
public record StageSummary(
    int index,
    String name,
    String description,
    long trials,
    long requestsTotal,
    long requestsServed,
    long requestsFailed,
    Map<String, Long> failedByCause,
    double availabilityMean,
    double availabilityCi95,
    double availabilityWorst,
    long worstTrial,
    double latencyMeanMs,
    double latencyP50Ms,
    double latencyP95Ms,
    double latencyP99Ms,
    double latencyP999Ms,
    double monthlyCostUsd,
    double monthlyCostCi95,
    Map<String, Double> costByComponentUsd,
    Map<String, Double> instanceHoursPerTrial,
    double incidentsPerTrial,
    double meanDetectionSeconds,
    double meanRecoverySeconds,
    double maxRecoverySeconds,
    double instancesMean,
    long instancesMin,
    long instancesMax,
    double creditCappedHoursPerTrial,
    String instancesUnit,
    List<Finding> findings,
    List<dev.archsim.engine.findings.PillarCheck> wellArchitected,
    ObjectivesOutcome objectives,
    String priceBook,
    Recovery recovery,
    Map<String, Double> countersPerTrial,
    Map<String, Long> peaks,
    PriceUse.Sheet prices,
    Distributions distributions,
    Workers workers) {

  /**
   * The queue's consumers in service, time-weighted over the horizon like the stage's {@code
   * instances}: mean, fewest and most over the trials, and what they are ({@code unit}: {@code
   * worker instances}, {@code worker tasks}, or a Lambda consumer's {@code concurrent batches};
   * empty when the stage has no queue consumers).
   */
  public record Workers(double mean, long min, long max, String unit) {}

  /** True when some billed item has no price: the monthly cost is then a lower bound. */
  public boolean costPartial() {
    return prices.partial();
  }

  /**
   * True when the stage has a budget objective and its cost is partial: a budget met on the priced
   * items may still be missed.
   */
  public boolean budgetUndetermined() {
    return objectives.monthlyBudgetUsd() != null && prices.partial();
  }

  /**
   * Recoveries of the stage (region and database failovers): how many per trial, RTO and RPO mean
   * and 95th percentile in seconds (NaN where nothing had to recover, or no data was at risk).
   */
  public record Recovery(
      double perTrial, double rtoMean, double rtoP95, double rpoMean, double rpoP95) {}

  /** A bucket of a distribution: values in [from, to), and how many fell there. */
  public record Bucket(double from, double to, long count) {}

  /**
   * The distributions behind the means: served requests by latency (the merged histogram's
   * non-empty buckets, in ms) and trials by availability (fractions; see {@link
   * StageAccumulator#TRIAL_AVAILABILITY}), both in ascending order.
   */
  public record Distributions(List<Bucket> latencyMs, List<Bucket> availabilityByTrial) {
    public Distributions {
      latencyMs = List.copyOf(latencyMs);
      availabilityByTrial = List.copyOf(availabilityByTrial);
    }

    static Distributions of(StageAccumulator acc) {
      List<Bucket> latency = new java.util.ArrayList<>();
      long[] h = acc.histogram();
      for (int i = 0; i < h.length; i++) {
        if (h[i] > 0) {
          latency.add(new Bucket(LatencyHistogram.lowerMs(i), LatencyHistogram.upperMs(i), h[i]));
        }
      }
      java.util.TreeMap<Integer, Long> byBucket = new java.util.TreeMap<>();
      // loops rather than lambdas in this class: each lambda's class is spun at its first call
      for (var e : acc.counters().entrySet()) {
        String k = e.getKey();
        Long v = e.getValue();
        if (k.startsWith(StageAccumulator.TRIAL_AVAILABILITY) && v > 0) {
          byBucket.put(
              Integer.parseInt(k.substring(StageAccumulator.TRIAL_AVAILABILITY.length())), v);
        }
      }
      List<Bucket> availability = new java.util.ArrayList<>();
      // highest unavailability first, so that availability ascends
      for (var e : byBucket.descendingMap().entrySet()) {
        int k = e.getKey();
        availability.add(
            new Bucket(
                1 - StageAccumulator.bucketUnavailabilityTo(k),
                1 - StageAccumulator.bucketUnavailabilityFrom(k),
                e.getValue()));
      }
      return new Distributions(latency, availability);
    }
  }

  /**
   * Objectives met or missed, with the probability each is met in a trial; the lost-messages
   * objective also with its figure ({@link LostMessages#perMillion}, NaN when nothing was sent) and
   * the half-width of its 95 % interval (NaN without the objective).
   */
  public record ObjectivesOutcome(
      boolean met,
      Double availabilityTarget,
      double availabilityProbability,
      Double latencyP99TargetMs,
      double latencyProbability,
      Double monthlyBudgetUsd,
      double budgetProbability,
      double allMetProbability,
      Double rtoTargetSeconds,
      double rtoProbability,
      Double rpoTargetSeconds,
      double rpoProbability,
      Double lostMessagesTargetPerMillion,
      double lostMessagesProbability,
      double lostMessagesPerMillion,
      double lostMessagesCi95) {}

  public static StageSummary of(Scenario scenario, StageAccumulator acc) {
    java.util.List<String> broken = acc.violations();
    if (!broken.isEmpty()) {
      throw new IllegalStateException(
          "engine invariant broken in stage " + acc.stage() + ": " + String.join("; ", broken));
    }
    var stage = scenario.stage(acc.stage());
    PriceUse.Sheet prices =
        dev.archsim.engine.catalog.Catalog.withPricing(
            scenario.pricing(), () -> PriceUse.of(stage.architecture(), scenario.faultsOf(stage)));
    long served = acc.served();
    Map<String, Long> byCause = new LinkedHashMap<>();
    for (FailureCause cause : FailureCause.values()) {
      long v = acc.failedByCause()[cause.ordinal()];
      if (v != 0) {
        byCause.put(cause.id(), v);
      }
    }
    double n = Math.max(1, acc.trials());
    Map<String, Double> cost = new LinkedHashMap<>();
    for (var e : acc.costByComponentMicroUsd().entrySet()) {
      cost.put(e.getKey(), e.getValue() / 1e6 / n);
    }
    Map<String, Double> hours = new LinkedHashMap<>();
    for (var e : acc.instanceSeconds().entrySet()) {
      hours.put(e.getKey(), e.getValue() / 3600.0 / n);
    }
    double meanLatency =
        served > 0
            ? new java.math.BigDecimal(acc.latencySumMicros())
                    .divide(java.math.BigDecimal.valueOf(served), java.math.MathContext.DECIMAL64)
                    .doubleValue()
                / 1000.0
            : Double.NaN;
    double p99 = LatencyHistogram.percentileMs(acc.histogram(), 0.99);
    double availability = acc.availabilityPpb().mean(1e9);
    double monthly = acc.monthlyCostMicroUsd().mean(1e6);
    Objectives o = scenario.objectives();
    RecoveryTally rec = acc.recovery();
    boolean met =
        (o.availability() == null || availability >= o.availability())
            && (o.latencyP99Ms() == null || p99 <= o.latencyP99Ms())
            && (o.monthlyBudgetUsd() == null || monthly <= o.monthlyBudgetUsd())
            && (o.rtoSeconds() == null
                || rec.rtoEvents() == 0
                || rec.meanRtoSeconds() <= o.rtoSeconds())
            && (o.rpoSeconds() == null
                || rec.rpoEvents() == 0
                || rec.meanRpoSeconds() <= o.rpoSeconds())
            && (o.lostMessagesPerMillion() == null
                || !(LostMessages.perMillion(acc.counters()) > o.lostMessagesPerMillion()));
    ObjectivesOutcome objectives =
        new ObjectivesOutcome(
            met,
            o.availability(),
            acc.trialsMeetingAvailability() / n,
            o.latencyP99Ms(),
            acc.trialsMeetingLatency() / n,
            o.monthlyBudgetUsd(),
            acc.trialsMeetingBudget() / n,
            acc.trialsMeetingAll() / n,
            o.rtoSeconds(),
            acc.counters().getOrDefault(StageAccumulator.RTO_MET, 0L) / n,
            o.rpoSeconds(),
            acc.counters().getOrDefault(StageAccumulator.RPO_MET, 0L) / n,
            o.lostMessagesPerMillion(),
            acc.counters().getOrDefault(LostMessages.MET, 0L) / n,
            LostMessages.perMillion(acc.counters()),
            LostMessages.ci95HalfWidth(acc.counters()));
    return new StageSummary(
        acc.stage(),
        stage.name(),
        stage.description(),
        acc.trials(),
        acc.requests(),
        served,
        acc.failed(),
        byCause,
        availability,
        acc.availabilityPpb().ci95HalfWidth(1e9),
        acc.availabilityPpb().count() == 0 ? Double.NaN : acc.availabilityPpb().min() / 1e9,
        acc.availabilityPpb().minTrial(),
        meanLatency,
        LatencyHistogram.percentileMs(acc.histogram(), 0.50),
        LatencyHistogram.percentileMs(acc.histogram(), 0.95),
        p99,
        LatencyHistogram.percentileMs(acc.histogram(), 0.999),
        monthly,
        acc.monthlyCostMicroUsd().ci95HalfWidth(1e6),
        cost,
        hours,
        acc.incidents() / n,
        acc.detections() == 0
            ? Double.NaN
            : acc.detectionMillisSum().doubleValue() / acc.detections() / 1000.0,
        acc.recoveries() == 0
            ? Double.NaN
            : acc.recoveryMillisSum().doubleValue() / acc.recoveries() / 1000.0,
        acc.maxRecoveryMillis() / 1000.0,
        acc.inServiceMilli().mean(1000.0),
        acc.trials() == 0 ? 0 : acc.minInService(),
        acc.maxInService(),
        acc.creditCappedSeconds() / 3600.0 / n,
        unitInService(stage.architecture()),
        StaticAnalyzer.analyze(
            scenario, acc.stage(), new dev.archsim.engine.findings.Bill(cost, monthly)),
        StaticAnalyzer.wellArchitected(scenario, acc.stage()),
        objectives,
        prices.priceBook(),
        new Recovery(
            acc.recovery().rtoEvents() / n,
            acc.recovery().meanRtoSeconds(),
            acc.recovery().p95RtoSeconds(),
            acc.recovery().meanRpoSeconds(),
            acc.recovery().p95RpoSeconds()),
        perTrial(acc.counters(), n),
        acc.peaks(),
        prices,
        Distributions.of(acc),
        new Workers(
            acc.workers().meanMilli().mean(1000.0),
            acc.trials() == 0 ? 0 : acc.workers().min(),
            acc.workers().max(),
            workerUnit(stage.architecture())));
  }

  /**
   * What the stage's queue consumers are counted in: a worker fleet's {@code worker instances}, an
   * ECS service's {@code worker tasks}, a Lambda consumer's {@code concurrent batches}; empty
   * without consumers.
   */
  static String workerUnit(dev.archsim.engine.model.Architecture a) {
    if (a.queue() == null) {
      return "";
    }
    if (a.queue().workers() != null) {
      return a.queue().workers().service() != null ? "worker tasks" : "worker instances";
    }
    return a.queue().lambda() != null ? "concurrent batches" : "";
  }

  /**
   * What the stage's count of units in service ({@link #instancesMean} and its bounds) counts: EC2
   * {@code instances}, a container service's {@code tasks} on Fargate (its {@code container
   * instances} on EC2), Lambda's {@code execution environments}, or for a stage without an entry
   * its queue's {@code worker instances}; empty when nothing of the stage runs on units (Lambda
   * consuming a queue without an entry).
   */
  static String unitInService(dev.archsim.engine.model.Architecture a) {
    var ecs = dev.archsim.engine.component.EcsComponent.of(a);
    if (ecs != null) {
      return ecs.instanceType() != null ? "container instances" : ecs.eks() ? "pods" : "tasks";
    }
    if (a.compute() != null) {
      return "instances";
    }
    if (a.functions() != null) {
      return "execution environments";
    }
    return a.queue() != null && a.queue().workers() != null ? "worker instances" : "";
  }

  private static Map<String, Double> perTrial(Map<String, Long> counters, double n) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith("objective:") && !k.startsWith(StageAccumulator.TRIAL_AVAILABILITY)) {
        m.put(k, e.getValue() / n);
      }
    }
    return m;
  }
}
