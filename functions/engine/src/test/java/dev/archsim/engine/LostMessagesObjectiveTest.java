package dev.archsim.engine;

import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.alone;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.onePerAz;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.producers;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.queue;
import static dev.archsim.engine.QueueWorkersWithoutAnEntryTest.workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.LostMessages;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The lost-messages objective: messages deleted at the end of the retention period per million
 * sent. Three m5.large workers drain n·μ = 60 messages a second (QueueWorkersWithoutAnEntryTest);
 * with a retention of one hour, producers at λ = 80 lose (λ − nμ)·T − λ·R = 144 000 of the 1 728
 * 000 messages of 6 hours (83 333 per million), and producers at λ = 50 lose none.
 */
class LostMessagesObjectiveTest {
  static final Duration SIX_HOURS = Duration.ofHours(6);

  static Scenario scenario(Architecture a, double lambda, Objectives o, int trials) {
    return new Scenario(
        1,
        "lost",
        "",
        new RunSettings(
            SIX_HOURS, Duration.ofMinutes(1), trials, 7, RunSettings.InitialState.ALL_HEALTHY),
        o,
        null,
        null,
        List.of(new Stage("s", "", producers(lambda), a, Faults.NONE)));
  }

  static Objectives lostAtMost(double perMillion) {
    return new Objectives(null, null, null, null, null, perMillion);
  }

  static final Architecture THREE_WORKERS_ONE_HOUR = alone(queue(1, workers(onePerAz(), null)));

  @Test
  void workersThatCannotKeepUpWithinTheRetentionMissItByTheirLoss() {
    StageSummary s =
        Scenarios.firstStage(scenario(THREE_WORKERS_ONE_HOUR, 80, lostAtMost(1000), 3));
    double sent = 80 * 6 * 3600.0; // 1 728 000
    double lost = (80 - 60) * 6 * 3600.0 - 80 * 3600; // 144 000
    assertThat(s.countersPerTrial().get("queue.sent")).isEqualTo(sent);
    assertThat(s.countersPerTrial().get("queue.expired")).isCloseTo(lost, within(0.01 * lost));
    StageSummary.ObjectivesOutcome o = s.objectives();
    // the figure is the run's own count, exactly: lost / sent per million
    assertThat(o.lostMessagesPerMillion())
        .isEqualTo(s.countersPerTrial().get("queue.expired") / sent * 1e6);
    assertThat(o.lostMessagesPerMillion()).isCloseTo(1e6 * lost / sent, within(834.0));
    assertThat(o.lostMessagesPerMillion()).isCloseTo(83_333.3, within(834.0));
    // the three trials are alike (no random fault): the interval has no width but the rounding
    // of each trial's loss to a part per billion (at most 0.0005 per million here)
    assertThat(o.lostMessagesCi95()).isCloseTo(0, within(1e-3));
    assertThat(o.lostMessagesTargetPerMillion()).isEqualTo(1000.0);
    assertThat(o.lostMessagesProbability()).isZero();
    assertThat(o.met()).isFalse();
    assertThat(o.allMetProbability()).isZero();
    // availability counts requests: the producers' messages were all accepted
    assertThat(s.availabilityMean()).isEqualTo(1.0);
  }

  @Test
  void workersThatKeepUpMeetIt() {
    StageSummary s = Scenarios.firstStage(scenario(THREE_WORKERS_ONE_HOUR, 50, lostAtMost(0), 3));
    assertThat(s.objectives().lostMessagesPerMillion()).isZero();
    assertThat(s.objectives().lostMessagesCi95()).isZero();
    assertThat(s.objectives().lostMessagesProbability()).isEqualTo(1.0);
    assertThat(s.objectives().met()).isTrue();
  }

  @Test
  void theIntervalIsTheSpreadOfTheTrialsLossesAroundTheRatioOfTheTotals() {
    // three trials sending a million each, losing 100, 200 and 600: R = 300 per million; the
    // losses 100, 200, 600 per million lie −200, −100, +300 from it: Σ = 140 000, over (n − 1)·n =
    // 6, √(23 333.3) = 152.75, × 1.959964 = 299.39 per million
    StageAccumulator acc = StageAccumulator.empty(0);
    long[] losses = {100, 200, 600};
    for (int t = 0; t < 3; t++) {
      acc = acc.merge(trial(t, 1_000_000, losses[t], 250));
    }
    assertThat(LostMessages.perMillion(acc.counters())).isEqualTo(300.0);
    assertThat(LostMessages.ci95HalfWidth(acc.counters()))
        .isCloseTo(1.959964 * Math.sqrt(140_000 / 6.0), within(1e-9));
    // two trials of the three met 250 per million
    assertThat(acc.counters().get(LostMessages.MET)).isEqualTo(2L);
    // a total loss in each of 10^5 trials keeps its squares exact (10^18 ppb² a trial)
    StageAccumulator all = StageAccumulator.empty(0);
    StageAccumulator one = trial(0, 1000, 1000, 0);
    for (int t = 0; t < 100_000; t++) {
      all = all.merge(one);
    }
    assertThat(LostMessages.perMillion(all.counters())).isEqualTo(1e6);
    assertThat(LostMessages.ci95HalfWidth(all.counters())).isZero();
  }

  /** A trial's accumulator with its queue's counters, judged against {@code perMillion}. */
  static StageAccumulator trial(int t, long sent, long lost, double perMillion) {
    var counters = new TreeMap<String, Long>();
    counters.put("queue.sent", sent);
    counters.put("queue.expired", lost);
    var outcome =
        new dev.archsim.engine.result.TrialOutcome(
            t,
            0,
            new long[dev.archsim.engine.result.FailureCause.values().length],
            new long[dev.archsim.engine.result.LatencyHistogram.SIZE],
            0,
            new TreeMap<>(),
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
            counters,
            new TreeMap<>(),
            null);
    return StageAccumulator.ofTrial(0, outcome, lostAtMost(perMillion));
  }

  @Test
  void anObjectiveNoQueueCanMeasureIsAnErrorAtItsPath() {
    Architecture noQueue = QueueWorkersWithoutAnEntryTest.alone(null);
    Scenario s =
        new Scenario(
            1,
            "no queue",
            "",
            new RunSettings(
                SIX_HOURS, Duration.ofMinutes(1), 1, 7, RunSettings.InitialState.ALL_HEALTHY),
            lostAtMost(-1),
            null,
            null,
            List.of(new Stage("s", "", producers(10), noQueue, Faults.NONE)));
    List<Violation> v = new ScenarioValidator().validate(s);
    assertThat(v.stream().filter(x -> x.path().equals("$.objectives.lostMessagesPerMillion")))
        .extracting(Violation::message)
        .containsExactly(
            "must be between 0 and 1000000 (per million); found -1.0",
            "no stage has a queue (architecture.queue): only a queue's messages can be lost;"
                + " remove the objective or add the queue");
  }
}
