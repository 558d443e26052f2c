package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fargate Spot's interruptions against their model: each spot task is interrupted at {@code
 * spotInterruptionsPerMonth} a month (730 h), so n spot tasks over T see a Poisson count of mean n
 * × rate × T / month; an interrupted task gets the 2-minute warning (it leaves the load balancer
 * and drains, billed as spot) while the service starts a replacement, in service after the task
 * start and its health checks.
 *
 * <p>Ten tasks of 1 vCPU, FARGATE base 2 weight 1 and FARGATE_SPOT weight 3: round(3/4 × 8) = 6 on
 * spot, 100 interruptions a task-month, one day: 6 × 100 × 24 / 730 = 19.73 interruptions a trial.
 * 60 requests a second of 100 ms: 60 % busy on ten tasks, 67 % on nine.
 */
class FargateSpotInterruptionTest {
  static final int TRIALS = 24;
  static final double DAY = 86_400;
  static final double RATE = 100;
  static final int SPOT = 6;
  static final int TASKS = 10;

  static EcsService service() {
    return Scenarios.ecs()
        .providers(Scenarios.provider("FARGATE", 2, 1), Scenarios.provider("FARGATE_SPOT", 0, 3))
        .tasks(TASKS)
        .spotInterruptionsPerMonth(RATE)
        .build();
  }

  @Test
  void interruptionsComeAtTheModelsRateAndEachIsReplacedAfterATaskStartWithoutFailingARequest() {
    Scenario sc =
        Scenarios.oneStage(
            new RunSettings(
                Duration.ofDays(1),
                Duration.ofMinutes(1),
                TRIALS,
                11,
                RunSettings.InitialState.ALL_HEALTHY),
            Scenarios.cpuOnly(60, 100),
            Scenarios.ecsBehindAlb(service(), 0),
            Faults.NONE);
    List<Double> times = new ArrayList<>();
    Simulator sim =
        new Simulator(
            new SimulationListener() {
              @Override
              public void infrastructureEvent(
                  int stage, long trial, double seconds, InfrastructureEvent e) {
                if (e instanceof InfrastructureEvent.SpotInterruption) {
                  times.add(seconds);
                }
              }
            });
    double expected = SPOT * RATE * DAY / (730 * 3600.0);
    assertThat(expected).isCloseTo(19.73, org.assertj.core.data.Offset.offset(0.01));
    long total = 0;
    for (int t = 0; t < TRIALS; t++) {
      times.clear();
      TrialOutcome o = sim.runTrial(sc, 0, t);
      int k = times.size();
      total += k;
      // nothing fails: the warning drains the requests in flight, nine tasks carry the load
      assertThat(o.failed()).as("trial %d", t).isZero();
      // billing: 6 spot and 4 on-demand tasks all day, plus each interrupted task's 2-minute
      // drain (cut by the day's end) beside its spot replacement
      double drains = 0;
      for (double at : times) {
        drains += Math.min(120, DAY - at);
      }
      assertThat(o.instanceSeconds().get("fargate.1vcpu-2gb/spot"))
          .as("trial %d", t)
          .isBetween((long) (SPOT * DAY + drains) - 1, (long) (SPOT * DAY + drains) + 1);
      assertThat(o.instanceSeconds().get("fargate.1vcpu-2gb/on-demand"))
          .isBetween((long) ((TASKS - SPOT) * DAY) - 1, (long) ((TASKS - SPOT) * DAY) + 1);
      // a replacement is in service a task start (300 s) and its checks (5..10 s) after the
      // interruption: the fewest in service is ten less the most interruptions that overlap so
      assertThat(o.minInService())
          .as("trial %d", t)
          .isBetween(TASKS - overlap(times, 310), TASKS - overlap(times, 300));
    }
    double mean = (double) total / TRIALS;
    double standardError = Math.sqrt(expected / TRIALS); // Poisson: variance = mean
    assertThat(mean).isCloseTo(expected, org.assertj.core.data.Offset.offset(3 * standardError));
  }

  /** The most of the intervals [t, t + length) that hold at one moment (0 without any). */
  static int overlap(List<Double> starts, double length) {
    int most = 0;
    for (double t : starts) {
      int n = 0;
      for (double u : starts) {
        if (u <= t && t < u + length) {
          n++;
        }
      }
      most = Math.max(most, n);
    }
    return most;
  }
}
