package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.result.StageSummary;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 002's DR table on events/scenarios/dr-strategies.json: RTO, RPO and cost. */
class DrStrategiesTest {
  static dev.archsim.engine.model.Scenario scenario;
  static List<StageSummary> stages;

  @BeforeAll
  static void simulate() throws Exception {
    scenario = Library.load("dr-strategies.json");
    stages = Library.simulate(scenario);
  }

  @Test
  void rtoFollowsEachStrategysMechanics() {
    // Route 53, 30 s interval x 3 failures: 13 of 15 checkers' phases (30 x 13 / 16), two more
    // intervals and the 4 s connection timeout: 88.4 s on average (sd 2.84 s per outage)
    for (StageSummary s : stages) {
      assertThat(s.meanDetectionSeconds())
          .as(s.name())
          .isCloseTo(30 * 13 / 16.0 + 2 * 30 + 4, within(3 * 2.84 / Math.sqrt(s.trials())));
    }
    double ttl = 60;
    assertThat(stages.get(0).recovery().rtoMean())
        .isCloseTo(detection(0) + 60 * 60 + 30 * 60 + 120 * 60 + ttl, within(0.01));
    assertThat(stages.get(1).recovery().rtoMean())
        .isCloseTo(detection(1) + 15 * 60 + 120 + ttl, within(0.01));
    assertThat(stages.get(2).recovery().rtoMean())
        .isCloseTo(detection(2) + 5 * 60 + Math.max(120, ttl), within(0.01));
    // active-active runs a full fleet in each region: nothing to boot, clients move over the TTL
    assertThat(stages.get(3).recovery().rtoMean()).isCloseTo(detection(3) + ttl, within(0.01));
  }

  static double detection(int stage) {
    return stages.get(stage).meanDetectionSeconds();
  }

  @Test
  void rtoAndRpoShrinkAndCostGrowsFromBackupToActiveActive() {
    for (int i = 1; i < stages.size(); i++) {
      StageSummary slower = stages.get(i - 1);
      StageSummary faster = stages.get(i);
      assertThat(faster.recovery().rtoMean())
          .as(faster.name())
          .isLessThan(slower.recovery().rtoMean());
      assertThat(faster.recovery().rpoMean())
          .as(faster.name())
          .isLessThan(slower.recovery().rpoMean());
      assertThat(faster.monthlyCostUsd()).as(faster.name()).isGreaterThan(slower.monthlyCostUsd());
      assertThat(faster.requestsFailed()).as(faster.name()).isLessThan(slower.requestsFailed());
    }
    // backup & restore loses what was written since the last daily snapshot: hours
    assertThat(stages.get(0).recovery().rpoMean()).isBetween(6 * 3600.0, 18 * 3600.0);
    // replication lag: seconds or less
    assertThat(stages.get(2).recovery().rpoMean()).isLessThan(2.0);
    assertThat(stages.get(3).recovery().rpoMean()).isLessThan(1.0);
  }

  @Test
  void requestsFailAsRegionOutageUntilTheSecondaryServes() {
    for (StageSummary s : stages) {
      assertThat(s.failedByCause().keySet()).as(s.name()).containsOnly("region-outage");
    }
    // backup & restore: every request fails from the outage (day 10, 00:00) until recovery
    double start = 10 * 86400.0;
    double rto = 12750;
    var w = scenario.workload();
    double expected =
        w.meanRate(start, start + rto) * rto / (w.meanRate(0, 30 * 86400.0) * 30 * 86400);
    double share = stages.get(0).requestsFailed() / (double) stages.get(0).requestsTotal();
    assertThat(share).isCloseTo(expected, within(0.02 * expected));
  }

  @Test
  void theRtoAndRpoObjectivesAreJudgedPerTrial() {
    // objectives: RTO 1 h, RPO 5 min
    var backup = stages.get(0).objectives();
    assertThat(backup.rtoTargetSeconds()).isEqualTo(3600.0);
    assertThat(backup.rtoProbability()).isZero();
    assertThat(backup.rpoProbability()).isLessThan(0.05); // a daily snapshot: 5 min of 24 h
    assertThat(backup.met()).isFalse();
    // pilot light: lag exponential with mean 60 s, P(lag <= 300 s) = 1 - e^-5
    assertThat(stages.get(1).objectives().rtoProbability()).isEqualTo(1.0);
    assertThat(stages.get(1).objectives().rpoProbability()).isGreaterThanOrEqualTo(0.95);
    for (StageSummary s : stages.subList(2, 4)) {
      assertThat(s.objectives().rtoProbability()).as(s.name()).isEqualTo(1.0);
      assertThat(s.objectives().rpoProbability()).as(s.name()).isEqualTo(1.0);
      assertThat(s.objectives().met()).as(s.name()).isTrue();
    }
  }

  @Test
  void activeActiveServesFarUsersFromTheNearerRegion() {
    // 40 % of the users are in Seoul: served there, their round trip to Virginia disappears
    assertThat(stages.get(3).latencyP50Ms()).isLessThan(stages.get(2).latencyP50Ms() - 10);
    assertThat(stages.get(3).latencyP99Ms()).isLessThan(stages.get(2).latencyP99Ms() - 100);
  }
}
