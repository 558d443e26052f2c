package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A spot share at a hundred times the usual interruption rate (2 000 interruptions an
 * instance-month, one every 22 minutes) for 30 days: an instance is often interrupted while it
 * boots or registers, before it serves. Ten m5.large in two AZs, an Auto Scaling group holding ten,
 * two on demand and round(0.6 × 8) = 5 of the rest on spot.
 *
 * <p>What must hold whatever the draws: the instances in service stay within [0, 10] at every step;
 * the on-demand part stays the base and its share, 5 instances all along (an interrupted spot
 * instance is replaced by spot, never turned into an on-demand one); the spot instance-seconds are
 * the 5 live ones all along plus each interrupted one's 2-minute notice. And in expectation: the
 * interruptions are the rate times the spot exposure (the live spot instance-seconds), a Poisson
 * count, within 3 standard errors over 20 trials.
 */
class SpotHighInterruptionRateTest {
  static final int TRIALS = 20;
  static final double HORIZON = 30 * 86_400.0;
  static final double PER_MONTH = 2_000;
  static final int DESIRED = 10;
  static final int SPOT = 5;

  static Scenario scenario() {
    ComputeTier.AutoScaling asg =
        new ComputeTier.AutoScaling(
            DESIRED, DESIRED, DESIRED, List.of(), List.of(), "elb", 300, 120, 0, false);
    ComputeTier.Purchase purchase =
        new ComputeTier.Purchase(null, null, new ComputeTier.Spot(0.6, 0.7, PER_MONTH, 2));
    Architecture a = Scenarios.scaled(asg, purchase, Map.of("us-east-1a", 5, "us-east-1b", 5));
    return Scenarios.oneStage(
        new RunSettings(
            Duration.ofSeconds((long) HORIZON),
            Duration.ofMinutes(1),
            TRIALS,
            17,
            RunSettings.InitialState.ALL_HEALTHY),
        Scenarios.cpuOnly(50, 20),
        a,
        Faults.NONE);
  }

  @Test
  void countsStayWithinTheGroupAndInterruptionsFollowTheRateOverTheSpotExposure() {
    Scenario sc = scenario();
    List<Double> interruptions = new ArrayList<>();
    int[] serving = {Integer.MAX_VALUE, Integer.MIN_VALUE};
    Simulator sim =
        new Simulator(
            new SimulationListener() {
              @Override
              public void infrastructureEvent(
                  int stage, long trial, double seconds, InfrastructureEvent e) {
                if (e instanceof InfrastructureEvent.SpotInterruption) {
                  interruptions.add(seconds);
                }
              }

              @Override
              public boolean wantsSamples(int stage, long trial) {
                return true;
              }

              @Override
              public void sample(
                  int stage,
                  long trial,
                  double from,
                  double to,
                  int inService,
                  double offered,
                  double failed) {
                serving[0] = Math.min(serving[0], inService);
                serving[1] = Math.max(serving[1], inService);
              }
            });
    long count = 0;
    double exposure = 0;
    for (int t = 0; t < TRIALS; t++) {
      interruptions.clear();
      serving[0] = Integer.MAX_VALUE;
      serving[1] = Integer.MIN_VALUE;
      TrialOutcome o = sim.runTrial(sc, 0, t);
      assertThat(serving[0]).as("fewest in service, trial %d", t).isGreaterThanOrEqualTo(0);
      assertThat(serving[1]).as("most in service, trial %d", t).isLessThanOrEqualTo(DESIRED);
      assertThat(o.minInService()).as("trial %d", t).isBetween(0, DESIRED);
      double notices = 0;
      for (double at : interruptions) {
        notices += Math.min(120, HORIZON - at);
      }
      long spot = o.instanceSeconds().getOrDefault("m5.large/spot", 0L);
      long onDemand = o.instanceSeconds().getOrDefault("m5.large/on-demand", 0L);
      // the on-demand base and share: 5 instances all along, not one more
      assertThat((double) onDemand)
          .as("on-demand instance-seconds, trial %d", t)
          .isCloseTo((DESIRED - SPOT) * HORIZON, within(2.0));
      // the live spot instances (5 all along, an interrupted one replaced at once) and the notices
      double live = spot - notices;
      assertThat(live)
          .as("live spot instance-seconds, trial %d", t)
          .isCloseTo(SPOT * HORIZON, within(2.0));
      count += interruptions.size();
      exposure += live;
    }
    double expected = PER_MONTH * exposure / (730 * 3600.0);
    assertThat(expected / TRIALS).isCloseTo(SPOT * PER_MONTH * 720 / 730, within(1.0));
    assertThat((double) count).isCloseTo(expected, within(3 * Math.sqrt(expected)));
  }

  /**
   * The interruption clock follows the spot count down a scale-in too. A group of 10 (2 on demand
   * and 5 spot) scaled to 4 (1 spot: round(0.6 × 2)) for the second half of every day, 20
   * interruptions an instance-month, 30 days: the live spot instances are 5 for 360 h and 1 for 360
   * h (a scale-in takes 4 spot ones at once, keeping the share; a scale-out's launches are spot at
   * once), so the interruptions are 20 / 730 h × (5 + 1) × 360 h = 59.2 a trial, a Poisson count,
   * within 3 standard errors over 20 trials. A clock left at 5 instances' rate after each scale-in
   * adds most of one interruption a day.
   */
  @Test
  void theInterruptionRateFollowsTheSpotCountThroughScaleIns() {
    double perMonth = 20;
    ComputeTier.AutoScaling asg =
        new ComputeTier.AutoScaling(
            4,
            DESIRED,
            DESIRED,
            List.of(),
            List.of(
                new ComputeTier.ScheduledAction(Duration.ofHours(12), true, null, null, 4),
                new ComputeTier.ScheduledAction(Duration.ofHours(24), true, null, null, DESIRED)),
            "elb",
            300,
            120,
            0,
            false);
    ComputeTier.Purchase purchase =
        new ComputeTier.Purchase(null, null, new ComputeTier.Spot(0.6, 0.7, perMonth, 2));
    Scenario sc =
        Scenarios.oneStage(
            new RunSettings(
                Duration.ofSeconds((long) HORIZON),
                Duration.ofMinutes(1),
                TRIALS,
                23,
                RunSettings.InitialState.ALL_HEALTHY),
            Scenarios.cpuOnly(10, 20),
            Scenarios.scaled(asg, purchase, Map.of("us-east-1a", 5, "us-east-1b", 5)),
            Faults.NONE);
    long[] count = {0};
    Simulator sim =
        new Simulator(
            new SimulationListener() {
              @Override
              public void infrastructureEvent(
                  int stage, long trial, double seconds, InfrastructureEvent e) {
                if (e instanceof InfrastructureEvent.SpotInterruption) {
                  count[0]++;
                }
              }
            });
    for (int t = 0; t < TRIALS; t++) {
      sim.runTrial(sc, 0, t);
    }
    double expected = TRIALS * perMonth / (730 * 3600.0) * (SPOT + 1) * HORIZON / 2;
    assertThat(expected / TRIALS).isCloseTo(59.18, within(0.01));
    assertThat((double) count[0]).isCloseTo(expected, within(3 * Math.sqrt(expected)));
  }
}
