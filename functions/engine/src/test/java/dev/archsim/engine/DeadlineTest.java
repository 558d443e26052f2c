package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Deadline;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.ShardRun;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import dev.archsim.engine.validate.WorkEstimate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A shard carries a wall-clock deadline into the engine and stops itself when it passes. */
class DeadlineTest {

  /** One small fleet, two trials of a day: quick. */
  private static Scenario small() {
    return Scenarios.of(
        Duration.ofDays(1),
        4,
        5,
        Scenarios.constant(50, 20, 20),
        Scenarios.manual(200, 30),
        Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 2, 2));
  }

  /**
   * A thousand instances failing every 36 seconds on average for a year: 8.8e8 failures in one
   * trial, hours of work, far over the budget (which is why it needs a scenario built in code).
   */
  private static Scenario endless() {
    return Scenarios.of(
        Duration.ofDays(365),
        3,
        5,
        Scenarios.constant(50, 20, 20),
        Scenarios.manual(0.01, 1),
        Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 500, 500));
  }

  @Test
  void withoutADeadlineOrBeforeItTheShardIsWholeAndUnchanged() {
    Scenario s = small();
    Shard shard = new Shard(0, 0, 0, 4);
    StageAccumulator plain = new Simulator().simulate(s, shard);
    ShardRun none = new Simulator().simulate(s, shard, Deadline.NONE);
    ShardRun far = new Simulator().simulate(s, shard, Deadline.after(Duration.ofHours(1)));
    for (ShardRun run : new ShardRun[] {none, far}) {
      assertThat(run.stoppedAtDeadline()).isFalse();
      assertThat(run.complete()).isTrue();
      assertThat(run.trialsDone()).isEqualTo(4);
      assertThat(run.result()).isEqualTo(plain);
    }
  }

  @Test
  void aPassedDeadlineRunsNoTrial() {
    ShardRun run =
        new Simulator().simulate(small(), new Shard(0, 0, 0, 4), Deadline.after(Duration.ZERO));
    assertThat(run.stoppedAtDeadline()).isTrue();
    assertThat(run.trialsDone()).isZero();
    assertThat(run.result().trials()).isZero();
  }

  @Test
  @Timeout(60)
  void aTrialThatWouldTakeHoursStopsInsideItself() {
    Scenario s = endless();
    assertThat(new ScenarioValidator().validate(s))
        .filteredOn(Violation::isError)
        .extracting(Violation::message)
        .anyMatch(m -> m.contains("work units"));
    assertThat(WorkEstimate.of(s).stages().get(0).perTrial()).isGreaterThan(1e10);
    ShardRun run =
        new Simulator().simulate(s, new Shard(0, 0, 0, 3), Deadline.after(Duration.ofMillis(300)));
    assertThat(run.stoppedAtDeadline()).isTrue();
    assertThat(run.trialsDone()).isZero();
  }

  @Test
  @Timeout(60)
  void requestModeStopsInsideItsRequestLoop() {
    Scenario s =
        RequestModeTest.scenario(RunSettings.Mode.REQUESTS, "m5.large", 4, 5e4, 24 * 30, 2);
    ShardRun run =
        new Simulator().simulate(s, new Shard(0, 0, 0, 2), Deadline.after(Duration.ofMillis(300)));
    assertThat(run.stoppedAtDeadline()).isTrue();
    assertThat(run.trialsDone()).isZero();
  }
}
