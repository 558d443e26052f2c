package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Merged results do not depend on how trials are split into shards or merged. */
class ShardingTest {
  private static final int TRIALS = 16;
  static final Scenario SCENARIO =
      Scenarios.of(
          Duration.ofDays(2),
          TRIALS,
          42,
          new Workload(
              30, new TrafficPattern.Daily(1.8, 14), new RequestProfile(40, 4096, 20, 10_000)),
          Scenarios.manual(24, 60),
          Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 2, 1));
  private static final List<StageAccumulator> PER_TRIAL = new ArrayList<>();

  static {
    for (int t = 0; t < TRIALS; t++) {
      PER_TRIAL.add(new Simulator().simulate(SCENARIO, new Shard(t, 0, t, t + 1)));
    }
  }

  @Test
  void aShardEqualsTheMergeOfItsTrialsAndOfAnySplit() {
    StageAccumulator whole = new Simulator().simulate(SCENARIO, new Shard(0, 0, 0, TRIALS));
    StageAccumulator merged = StageAccumulator.empty(0);
    for (StageAccumulator a : PER_TRIAL) {
      merged = merged.merge(a);
    }
    assertThat(merged).isEqualTo(whole);
    StageAccumulator split =
        new Simulator()
            .simulate(SCENARIO, new Shard(1, 0, 5, TRIALS))
            .merge(new Simulator().simulate(SCENARIO, new Shard(0, 0, 0, 5)));
    assertThat(split).isEqualTo(whole);
    assertThat(whole.failed()).isPositive();
    assertThat(whole.incidents()).isPositive();
  }

  static LongStream randomSplits() {
    return new Random(20261123).longs(200);
  }

  /** 200 random shard sizes and merge orders, reproducible from the fixed generator seed. */
  @ParameterizedTest
  @MethodSource("randomSplits")
  void anyGroupingAndOrderMergesToTheSameResult(long draw) {
    Random r = new Random(draw);
    int shardSize = 1 + r.nextInt(TRIALS);
    long shuffleSeed = r.nextLong();
    List<StageAccumulator> shards = new ArrayList<>();
    for (int from = 0; from < TRIALS; from += shardSize) {
      StageAccumulator s = StageAccumulator.empty(0);
      for (int t = from; t < Math.min(TRIALS, from + shardSize); t++) {
        s = s.merge(PER_TRIAL.get(t));
      }
      shards.add(s);
    }
    Collections.shuffle(shards, new Random(shuffleSeed));
    StageAccumulator merged = StageAccumulator.empty(0);
    for (StageAccumulator s : shards) {
      merged = s.merge(merged);
    }
    StageAccumulator inOrder = StageAccumulator.empty(0);
    for (StageAccumulator a : PER_TRIAL) {
      inOrder = inOrder.merge(a);
    }
    assertThat(merged).isEqualTo(inOrder);
  }

  @Test
  void emptyIsTheIdentity() {
    StageAccumulator a = PER_TRIAL.get(3);
    assertThat(StageAccumulator.empty(0).merge(a)).isEqualTo(a);
    assertThat(a.merge(StageAccumulator.empty(0))).isEqualTo(a);
  }

  @Test
  void sameSeedSameResultOtherSeedOtherResult() {
    StageAccumulator again = new Simulator().simulate(SCENARIO, new Shard(0, 0, 3, 4));
    assertThat(again).isEqualTo(PER_TRIAL.get(3));
    Scenario other = SCENARIO.withRun(SCENARIO.run().withSeed(43));
    assertThat(new Simulator().simulate(other, new Shard(0, 0, 3, 4)))
        .isNotEqualTo(PER_TRIAL.get(3));
  }

  @Test
  void everyTrialConservesRequestsAndKeepsCostNonNegative() {
    for (StageAccumulator a : PER_TRIAL) {
      long histogramTotal = java.util.Arrays.stream(a.histogram()).sum();
      assertThat(histogramTotal).isEqualTo(a.served());
      assertThat(a.served() + a.failed()).isEqualTo(a.requests());
      assertThat(a.costByComponentMicroUsd().values()).allMatch(v -> v >= 0);
      assertThat(a.requests()).isPositive();
    }
  }
}
