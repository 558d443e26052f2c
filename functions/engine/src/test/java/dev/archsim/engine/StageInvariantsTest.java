package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The merged-result invariants ({@link StageAccumulator#violations}): they hold on simulated
 * stages, and each one fails on an accumulator that breaks it, so a summary is never made of
 * numbers that do not add up.
 */
class StageInvariantsTest {
  static TrialOutcome trial(long requests, long failed, long served, Map<String, Long> cost) {
    long[] byCause = new long[FailureCause.values().length];
    byCause[FailureCause.OVERLOAD.ordinal()] = failed;
    long[] histogram = new long[LatencyHistogram.SIZE];
    histogram[100] = served;
    return new TrialOutcome(
        0,
        requests,
        byCause,
        histogram,
        0,
        new TreeMap<>(cost),
        new TreeMap<>(),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        null,
        null,
        null,
        null);
  }

  static StageAccumulator acc(TrialOutcome t) {
    return StageAccumulator.ofTrial(0, t, Objectives.NONE);
  }

  @Test
  void simulatedStagesHoldEveryInvariant() {
    var s =
        Scenarios.of(
            Duration.ofDays(7),
            3,
            7,
            Scenarios.constant(400, 20, 5),
            Scenarios.manual(200, 60),
            Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 2, 2));
    StageAccumulator a = new Simulator().simulate(s, new Shard(0, 0, 0, 3));
    assertThat(a.failed()).isPositive();
    assertThat(a.violations()).isEmpty();
    assertThat(RunSummary.of(s, List.of(a)).stages()).hasSize(1);
  }

  @Test
  void consistentTrialPasses() {
    assertThat(acc(trial(100, 10, 90, Map.of("ec2", 7L))).violations()).isEmpty();
  }

  @Test
  void overFailingIsAViolation() {
    assertThat(acc(trial(100, 110, 0, Map.of())).violations())
        .anyMatch(v -> v.contains("110 requests failed of 100 offered"));
  }

  @Test
  void histogramMustCountTheServed() {
    assertThat(acc(trial(100, 10, 89, Map.of())).violations())
        .anyMatch(v -> v.contains("latency histogram counts 89, served 90"));
  }

  @Test
  void negativeCostIsAViolation() {
    assertThat(acc(trial(100, 10, 90, Map.of("ec2", -3L))).violations())
        .anyMatch(v -> v.contains("cost component ec2 negative"));
  }

  @Test
  void costMustBeTheSumOfItsComponents() {
    StageAccumulator ok = acc(trial(100, 10, 90, Map.of("ec2", 7L)));
    StageAccumulator bad =
        new StageAccumulator(
            ok.stage(),
            ok.trials(),
            ok.requests(),
            ok.failedByCause(),
            ok.histogram(),
            ok.latencySumMicros(),
            ok.availabilityPpb(),
            ok.monthlyCostMicroUsd(),
            new TreeMap<>(Map.of("ec2", 7L, "alb", 1L)),
            ok.instanceSeconds(),
            ok.trialsMeetingAvailability(),
            ok.trialsMeetingLatency(),
            ok.trialsMeetingBudget(),
            ok.trialsMeetingAll(),
            ok.incidents(),
            ok.detections(),
            ok.detectionMillisSum(),
            ok.recoveries(),
            ok.recoveryMillisSum(),
            ok.maxRecoveryMillis(),
            ok.inServiceMilli(),
            ok.minInService(),
            ok.maxInService(),
            ok.creditCappedSeconds(),
            ok.recovery(),
            ok.counters(),
            ok.peaks(),
            ok.workers());
    assertThat(bad.violations()).anyMatch(v -> v.contains("!= sum of its components 8"));
    var s =
        Scenarios.of(
            Duration.ofDays(1),
            1,
            1,
            Scenarios.constant(1, 1, 1),
            Scenarios.manual(0, 0),
            Scenarios.singleAz("m5.large", 1, Scenarios.alb(10, 2, 2)));
    assertThatThrownBy(() -> RunSummary.of(s, List.of(bad)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine invariant broken in stage 0");
  }
}
