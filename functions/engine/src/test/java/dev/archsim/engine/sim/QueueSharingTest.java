package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.TrialOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Work counted, not timed: a round-robin fleet's queues (each a root σ and an embedded chain to
 * solve) are solved once per JVM, not once per trial, and sharing them changes no number.
 */
class QueueSharingTest {
  static Scenario roundRobinFleet() {
    Architecture a =
        new Architecture(
            "us-east-1",
            List.of("us-east-1a", "us-east-1b"),
            new Entry.LoadBalancer(
                Entry.LoadBalancer.Kind.ALB, new Entry.HealthCheck(10, 2, 2, 2), true),
            new ComputeTier("web", "m5.large", Map.of("us-east-1a", 4, "us-east-1b", 4)));
    Faults f = new Faults(new Faults.InstanceFaults(48, new Faults.ManualRepair(60)));
    Workload w =
        new Workload(
            500, new TrafficPattern.Daily(1.5, 14), new RequestProfile(12, 2048, 20, 10_000));
    return new Scenario(
        1,
        "rr",
        "",
        new RunSettings(
            Duration.ofDays(3), Duration.ofMinutes(1), 3, 9, RunSettings.InitialState.ALL_HEALTHY),
        Objectives.NONE,
        null,
        null,
        List.of(new Stage("s", "", w, a, f)));
  }

  @Test
  void aTrialRunAgainSolvesNoQueueAndGivesTheSameNumbers() {
    Scenario s = roundRobinFleet();
    Simulator sim = new Simulator();
    long before = Serving.queuesSolved();
    TrialOutcome first = sim.runTrial(s, 0, 0);
    long solvedByTheFirst = Serving.queuesSolved() - before;
    assertThat(solvedByTheFirst).isPositive();
    TrialOutcome again = sim.runTrial(s, 0, 0);
    assertThat(Serving.queuesSolved() - before).isEqualTo(solvedByTheFirst);
    assertThat(again.histogram()).isEqualTo(first.histogram());
    assertThat(again.failedByCause()).isEqualTo(first.failedByCause());
    assertThat(again.latencySumMicros()).isEqualTo(first.latencySumMicros());
    // another trial's failures give other fleet sizes: it solves only the queues not seen yet
    long mid = Serving.queuesSolved();
    sim.runTrial(s, 0, 1);
    assertThat(Serving.queuesSolved() - mid).isLessThan(solvedByTheFirst);
  }
}
