package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where only the rate moves, a stretch of steady rate is one traffic step (TrialSimulation: with
 * nothing but the fleet on the path at most ten minutes, the rate within a tolerance its queues'
 * slack sets; otherwise at most 60 s, the rate within 2^-10): a day of a daily cosine at 1 s steps
 * against the closed form integrated second by second.
 */
class SteadyStretchTest {
  static final int INSTANCES = 4;
  static final double MU = 10; // 100 ms of CPU per request
  static final double MEAN_RATE = 0.6 * INSTANCES * 2 * MU; // m5.large: 2 vCPUs; peak ρ 0.9
  static final double TIMEOUT = 0.2;
  static final double NETWORK_MS = 20;
  static final TrafficPattern.Daily DAILY = new TrafficPattern.Daily(1.5, 14);

  static Scenario scenario(Duration step) {
    Workload w =
        new Workload(
            MEAN_RATE, DAILY, new RequestProfile(1000 / MU, 2048, NETWORK_MS, TIMEOUT * 1000));
    Entry.LoadBalancer random =
        Scenarios.alb(10, 2, 2).withAlgorithm(Entry.LoadBalancer.Algorithm.RANDOM);
    return new Scenario(
        1,
        "steady",
        "",
        new RunSettings(Duration.ofDays(1), step, 1, 3, RunSettings.InitialState.ALL_HEALTHY),
        Objectives.NONE,
        null,
        null,
        List.of(
            new Stage(
                "s", "", w, Scenarios.fullSpeed("m5.large", INSTANCES, random), Faults.NONE)));
  }

  @Test
  void aDayOfDailyTrafficAtOneSecondStepsIsItsClosedFormInFewSteps() {
    // closed form: each second's requests at that second's mean rate, M/M/2+D per instance
    double offered = 0;
    double lost = 0;
    double servedLatency = 0;
    for (int s = 0; s < 86_400; s++) {
      double lambda = MEAN_RATE * DAILY.meanFactor(s, s + 1);
      MmcdQueue q = new MmcdQueue(2, MU, lambda / INSTANCES, TIMEOUT);
      offered += lambda;
      lost += lambda * q.timeoutFraction();
      servedLatency +=
          lambda * (1 - q.timeoutFraction()) * (NETWORK_MS + 1000 * q.meanServedResponseTime());
    }
    double meanLatency = servedLatency / (offered - lost);

    DnsMoveStepTest.Segments segments = new DnsMoveStepTest.Segments();
    TrialOutcome t = new Simulator(segments).runTrial(scenario(Duration.ofSeconds(1)), 0, 0);
    assertThat((double) t.requests()).isCloseTo(offered, within(1.0));
    double overload = t.failedByCause()[FailureCause.OVERLOAD.ordinal()];
    // the fluid queue keys the load to 0.1 % of its slack; the stretches add at most 2^-12 (Jensen)
    // on top: 266 236 against 266 166.9 (266 246 with the 2^-10 stretches of before)
    assertThat(overload).isCloseTo(lost, within(lost * 5e-4));
    double fluidMean = t.latencySumMicros() / 1000.0 / (t.requests() - overload);
    assertThat(fluidMean).isCloseTo(meanLatency, within(meanLatency * 1e-4));
    // far fewer steps than 86 400, none longer than ten minutes
    assertThat(segments.seen)
        .hasSizeLessThan(300); // 261 (2 468 with the rate kept within 2^-10, at most 60 s)
    for (double[] seg : segments.seen) {
      assertThat(seg[1] - seg[0]).isLessThanOrEqualTo(600 + 1e-9);
    }
    System.out.printf(
        "steady stretches: %d steps for a day at 1 s; overload %.1f vs closed form %.1f%n",
        segments.seen.size(), overload, lost);
  }

  @Test
  void stepsOfAMinuteOrMoreStepAsBefore() {
    DnsMoveStepTest.Segments segments = new DnsMoveStepTest.Segments();
    new Simulator(segments).runTrial(scenario(Duration.ofMinutes(1)), 0, 0);
    assertThat(segments.seen).hasSize(1440);
  }

  @Test
  void theDailyStretchKeepsTheRateWithinItsToleranceAndEndsWhereItWouldLeaveIt() {
    for (TrafficPattern.Daily daily :
        List.of(DAILY, new TrafficPattern.Daily(1.9, 3), new TrafficPattern.Daily(1.02, 0))) {
      for (double tol : new double[] {1.0 / 1024, 1.0 / 64, 0.5}) {
        for (double t = -5_000; t < 2 * 86_400; t += 997) {
          double u = daily.steadyUntil(t, t + 86_400, tol);
          assertThat(u).isGreaterThan(t);
          String where = daily + " t " + t + " tolerance " + tol;
          assertThat(ratio(daily, t, u)).as(where).isLessThanOrEqualTo(1 + tol + 1e-12);
          if (u < t + 86_400) {
            // the closed form's end is the longest: a little further the rate leaves the tolerance
            assertThat(ratio(daily, t, u + 1e-6 * (u - t) + 1e-3)).as(where).isGreaterThan(1 + tol);
          }
        }
      }
    }
    // a day whose whole swing is within the tolerance is one stretch up to the limit
    assertThat(new TrafficPattern.Daily(1.001, 0).steadyUntil(10, 500_000, 0.01))
        .isEqualTo(500_000);
  }

  /** max / min of the factor over [t, u], sampled finely and at the extremes inside. */
  private static double ratio(TrafficPattern.Daily daily, double t, double u) {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (int i = 0; i <= 2000; i++) {
      double f = daily.factorAt(t + (u - t) * i / 2000);
      lo = Math.min(lo, f);
      hi = Math.max(hi, f);
    }
    double peak = daily.peakHourUtc() * 3600;
    for (double e = peak + Math.floor((t - peak) / 43_200) * 43_200; e <= u; e += 43_200) {
      if (e >= t) {
        double f = daily.factorAt(e);
        lo = Math.min(lo, f);
        hi = Math.max(hi, f);
      }
    }
    return hi / lo;
  }
}
