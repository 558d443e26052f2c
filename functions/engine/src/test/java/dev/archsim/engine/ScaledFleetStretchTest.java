package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An auto-scaled fleet at 1 s steps: the group's evaluation every minute reads its metrics, fed
 * apart in closed form, and no longer ends a traffic step unless it launches or terminates an
 * instance, so the steps run from one change of the fleet to the next (within the rate's
 * tolerance). Work is counted, not timed; the numbers are checked against the same trial at
 * 1-minute steps, where every minute is a step of its own and the metrics come from the steps.
 */
class ScaledFleetStretchTest {
  /** The shape of bench's fleet-100-1s: 3 AZs, CPU simple scaling, failures, a daily cosine. */
  static Scenario fleet(
      int perAz, double rate, Duration horizon, Duration step, boolean crossZone) {
    Map<String, Integer> placement = new LinkedHashMap<>();
    for (String az : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
      placement.put(az, perAz);
    }
    int desired = 3 * perAz;
    ComputeTier.AutoScaling asg =
        Scenarios.cpuSimpleScaling(
            desired * 6 / 10,
            desired * 2,
            desired,
            Math.max(1, desired / 10),
            Math.max(1, desired / 20));
    Architecture arch =
        new Architecture(
            "us-east-1",
            List.copyOf(placement.keySet()),
            new Entry.LoadBalancer(
                Entry.LoadBalancer.Kind.ALB, new Entry.HealthCheck(30, 5, 5, 2), crossZone),
            new ComputeTier("web", "m5.large", placement, null, null, asg, null));
    Workload w =
        new Workload(
            rate, new TrafficPattern.Daily(1.5, 14), new RequestProfile(20, 2048, 20, 10_000));
    Faults f =
        new Faults(
            new Faults.InstanceFaults(720, new Faults.ManualRepair(60)),
            new Faults.AzFaults(20, 2),
            List.of());
    return Scenarios.oneStage(
        new RunSettings(horizon, step, 1, 1, RunSettings.InitialState.STEADY_STATE), w, arch, f);
  }

  /** Traffic steps and the fleet's infrastructure events of a trial. */
  static final class Recorder extends DnsMoveStepTest.Segments {
    final List<String> events = new ArrayList<>();

    @Override
    public void infrastructureEvent(
        int stage, long trial, double seconds, dev.archsim.engine.sim.InfrastructureEvent e) {
      events.add(seconds + " " + e.description());
    }
  }

  @Test
  void atOneSecondStepsTheTrialScalesAndFailsAsAtMinuteStepsInAFifthOfTheSteps() {
    Recorder fine = new Recorder();
    Recorder minutes = new Recorder();
    // trial 1 without cross-zone load balancing: each AZ's node splits its share over its targets
    for (int trial = 0; trial < 3; trial++) {
      fine.seen.clear();
      fine.events.clear();
      minutes.seen.clear();
      minutes.events.clear();
      TrialOutcome a =
          new Simulator(fine)
              .runTrial(
                  fleet(10, 1500, Duration.ofDays(3), Duration.ofSeconds(1), trial != 1), 0, trial);
      TrialOutcome b =
          new Simulator(minutes)
              .runTrial(
                  fleet(10, 1500, Duration.ofDays(3), Duration.ofMinutes(1), trial != 1), 0, trial);
      // the same decisions at the same moments: scale-outs and scale-ins, failures, AZ outages
      assertThat(fine.events).isEqualTo(minutes.events);
      assertThat(fine.events.stream().filter(e -> e.contains("auto scaling desired")).count())
          .as("the group scales in and out")
          .isGreaterThan(4);
      assertThat(a.requests()).isEqualTo(b.requests());
      long[] fa = a.failedByCause();
      long[] fb = b.failedByCause();
      for (FailureCause c : FailureCause.values()) {
        if (c != FailureCause.OVERLOAD) {
          assertThat((double) fa[c.ordinal()]).as(c.name()).isCloseTo(fb[c.ordinal()], within(1.0));
        }
      }
      assertThat(fa[FailureCause.UNHEALTHY_TARGET.ordinal()]).isPositive();
      // the queue is taken at each step's mean rate: minutes against stretches within the bound
      double meanA = a.latencySumMicros() / 1000.0 / (a.requests() - sum(fa));
      double meanB = b.latencySumMicros() / 1000.0 / (b.requests() - sum(fb));
      assertThat(meanA).isCloseTo(meanB, within(meanB * 1e-4));
      // costs and instance-seconds are linear in the rate: the same up to rounding (data out
      // follows the share served, which the queues move by ~1e-8)
      assertThat(a.monthlyCostMicroUsd().keySet()).isEqualTo(b.monthlyCostMicroUsd().keySet());
      a.monthlyCostMicroUsd()
          .forEach(
              (k, v) ->
                  assertThat((double) v)
                      .as(k)
                      .isCloseTo(b.monthlyCostMicroUsd().get(k), within(2 + v * 1e-8)));
      a.instanceSeconds()
          .forEach(
              (k, v) ->
                  assertThat((double) v).as(k).isCloseTo(b.instanceSeconds().get(k), within(1.0)));
      // 4 320 minutes in three days; far fewer steps at 1 s than steps of a minute
      assertThat(minutes.seen.size()).isGreaterThanOrEqualTo(4_320);
      assertThat(fine.seen.size()).isLessThan(minutes.seen.size() / 5);
      System.out.printf(
          "trial %d: %d steps at 1 s, %d at 1 min; mean latency %.6f vs %.6f ms%n",
          trial, fine.seen.size(), minutes.seen.size(), meanA, meanB);
    }
  }

  @Test
  void theHundredInstanceFleetTakesFewStepsInThirtyDays() {
    // two steps a minute before (bench's fleet-100-1s: 92 238 in trial 0, 7 280 now); 8 761 here
    Recorder steps = new Recorder();
    new Simulator(steps)
        .runTrial(fleet(33, 6000, Duration.ofDays(30), Duration.ofSeconds(1), true), 0, 0);
    assertThat(steps.seen.size()).isLessThan(10_000);
    System.out.printf("fleet of 99 at 1 s, 30 days: %d traffic steps%n", steps.seen.size());
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }
}
