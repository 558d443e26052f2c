package dev.archsim.engine;

import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.alone;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.hours;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.outage;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.producers;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.queue;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.run;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue's consumers counted as what they are (docs/decisions/063): the {@code workers} figure,
 * time-weighted over the horizon like {@code instances}, against closed forms.
 */
class WorkersInServiceTest {

  @Test
  void aFixedWorkerFleetIsCountedExactly() {
    // two m5.large workers in us-east-1a and one in us-east-1b, no faults: 3 in service at every
    // step of the 2 hours, so mean = fewest = most = 3
    StageSummary s =
        run(
            alone(queue(96, workers(Map.of("us-east-1a", 2, "us-east-1b", 1), null))),
            40,
            Faults.NONE,
            hours(2));
    assertThat(s.workers().unit()).isEqualTo("worker instances");
    assertThat(s.workers().mean()).isEqualTo(3.0);
    assertThat(s.workers().min()).isEqualTo(3);
    assertThat(s.workers().max()).isEqualTo(3);
    // without an entry the fleet is the stage's own units too, counted the same
    assertThat(s.instancesMean()).isEqualTo(s.workers().mean());
  }

  @Test
  void anAzOutageTakesItsWorkersOutOfTheCountUntilTheyPassTheirChecksAgain() {
    // three workers in us-east-1a, lost from 1 h to 2 h of 5 h; back, they pass the target group's
    // 5 checks at a 30 s interval (120 to 150 s): mean = 3 × (5 h − 1 h − 120..150 s) / 5 h
    Faults f = outage("us-east-1a", hours(1), hours(1));
    StageSummary s = run(alone(queue(96, workers(Map.of("us-east-1a", 3), null))), 40, f, hours(5));
    double horizon = 5 * 3600;
    assertThat(s.workers().mean())
        .isBetween(3 * (horizon - 3600 - 150) / horizon, 3 * (horizon - 3600 - 120) / horizon);
    assertThat(s.workers().min()).isZero();
    assertThat(s.workers().max()).isEqualTo(3);
  }

  @Test
  void aStageWithoutQueueConsumersHasNoWorkersFigure() {
    StageSummary s = Scenarios.firstStage(ShardingTest.SCENARIO);
    assertThat(s.workers().unit()).isEmpty();
    assertThat(s.workers().max()).isZero();
    assertThat(s.workers().mean()).isEqualTo(0.0, within(0.0));
  }

  @Test
  void theWorkersFigureIsTheSameHoweverTheTrialsAreSplitIntoShards() {
    // us-east-1a lost for an hour: the count moves (3, then 1, then 3 again) in every trial
    Faults f = outage("us-east-1a", hours(1), hours(1));
    Scenario scenario =
        Scenarios.oneStage(
            new RunSettings(
                hours(3), Duration.ofMinutes(1), 6, 11, RunSettings.InitialState.ALL_HEALTHY),
            producers(40),
            alone(queue(96, workers(Map.of("us-east-1a", 2, "us-east-1b", 1), null))),
            f);
    StageAccumulator whole = new Simulator().simulate(scenario, new Shard(0, 0, 0, 6));
    StageAccumulator split =
        new Simulator()
            .simulate(scenario, new Shard(2, 0, 4, 6))
            .merge(new Simulator().simulate(scenario, new Shard(1, 0, 1, 4)))
            .merge(new Simulator().simulate(scenario, new Shard(0, 0, 0, 1)));
    assertThat(split).isEqualTo(whole);
    assertThat(split.workers()).isEqualTo(whole.workers());
    assertThat(whole.workers().max()).isEqualTo(3);
    assertThat(whole.workers().min()).isEqualTo(1);
  }
}
