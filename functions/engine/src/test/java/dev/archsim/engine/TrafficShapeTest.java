package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Workloads from data: the requests a trial offers are the exact integral of the composed rate
 * (trace × daily × weekly × growth × spikes × steps), checked against closed forms and independent
 * sums; and a load step drives the Auto Scaling reaction its alarm mechanics predict.
 */
class TrafficShapeTest {
  private static final double DAY = 86_400;
  private static final double MONTH = 730 * 3600.0;
  private static final RequestProfile PROFILE = new RequestProfile(10, 2048, 20, 10_000);

  // ------------------------------------------------------------------ helpers

  static Scenario scenario(
      Workload w, Architecture arch, Duration horizon, Duration step, RunSettings.Mode mode) {
    return new Scenario(
        1,
        "shape",
        "",
        new RunSettings(horizon, step, 1, 11, RunSettings.InitialState.ALL_HEALTHY, mode),
        Objectives.NONE,
        null,
        null,
        List.of(new Stage("s", "", w, arch, Faults.NONE)));
  }

  static long offered(Workload w, Duration horizon, Duration step) {
    Architecture arch = Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 4, 4);
    Scenario s = scenario(w, arch, horizon, step, RunSettings.Mode.FLUID);
    return new Simulator().runTrial(s, 0, 0).requests();
  }

  static Workload traceWorkload(ShapedPattern.Trace trace, ShapedPattern p) {
    return new Workload(trace.scale() * trace.meanRequestsPerSecond(), p, PROFILE);
  }

  static ShapedPattern only(ShapedPattern.Trace trace) {
    return new ShapedPattern(null, trace, null, 0, List.of(), List.of());
  }

  /** Counts per period drawn around a daily wave, with some periods missing (gaps: no requests). */
  static ShapedPattern.Trace trace(
      int points, double period, double gapShare, long seed, double scale, double shift) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<double[]> kept = new ArrayList<>();
    double t = 0;
    for (int i = 0; i < points; i++) {
      if (i == 0 || rng.nextDouble() >= gapShare) {
        double wave = 1 + 0.6 * Math.sin(2 * Math.PI * t / DAY);
        kept.add(new double[] {t, Math.floor(period * 40 * wave * (0.8 + 0.4 * rng.nextDouble()))});
      }
      t += period;
    }
    double[] at = new double[kept.size()];
    double[] req = new double[kept.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = kept.get(i)[0];
      req[i] = kept.get(i)[1];
    }
    return new ShapedPattern.Trace(at, req, period, scale, shift);
  }

  /**
   * The trace's requests over [0, h), summed independently of the engine: each point's count over
   * every repetition, times the share of its period inside the horizon, times the scale.
   */
  static double expectedTraceRequests(ShapedPattern.Trace tr, double h) {
    double[] at = tr.at();
    double[] req = tr.requests();
    double period = tr.periodSeconds();
    double length = at[at.length - 1] + period;
    double sum = 0;
    for (long c = (long) Math.floor(-tr.shiftSeconds() / length) - 1;
        tr.shiftSeconds() + c * length < h;
        c++) {
      for (int i = 0; i < at.length; i++) {
        double start = tr.shiftSeconds() + c * length + at[i];
        double overlap = Math.min(start + period, h) - Math.max(start, 0);
        if (overlap > 0) {
          sum += req[i] * overlap / period;
        }
      }
    }
    return sum * tr.scale();
  }

  static void assertExact(long offered, double expected) {
    assertThat((double) offered).isCloseTo(expected, within(Math.max(1.0, expected * 1e-12)));
  }

  // ------------------------------------------------------------------ traces

  @Test
  void aTraceRepeatedOverWholeDaysOffersItsCountsTimesTheScale() {
    // one day of 5-minute CloudWatch sums, three days at a 1-minute step
    ShapedPattern.Trace tr = trace(288, 300, 0, 1, 1.0, 0);
    assertThat(tr.lengthSeconds()).isEqualTo(DAY);
    long offered = offered(traceWorkload(tr, only(tr)), Duration.ofDays(3), Duration.ofMinutes(1));
    assertExact(offered, 3 * tr.totalRequests());
    assertThat(expectedTraceRequests(tr, 3 * DAY)).isEqualTo(3 * tr.totalRequests());
  }

  @Test
  void aShiftedScaledTraceWithGapsOffersItsIntegralAtAnyStep() {
    // 1-minute points with missing minutes (CloudWatch omits periods without requests), a shift
    // that falls inside a period, steps that do not divide the period, a horizon that ends
    // mid-trace
    ShapedPattern.Trace gaps = trace(97, 60, 0.2, 2, 2.5, 1234.5);
    for (Duration step :
        List.of(Duration.ofSeconds(7), Duration.ofSeconds(60), Duration.ofMinutes(13))) {
      long offered = offered(traceWorkload(gaps, only(gaps)), Duration.ofHours(10), step);
      assertExact(offered, expectedTraceRequests(gaps, 10 * 3600));
    }
    ShapedPattern.Trace hourly = trace(24 * 7, 3600, 0.05, 3, 0.37, 5 * 3600);
    long offered =
        offered(
            traceWorkload(hourly, only(hourly)),
            Duration.ofDays(9).plusSeconds(1234),
            Duration.ofMinutes(5));
    assertExact(offered, expectedTraceRequests(hourly, 9 * DAY + 1234));
  }

  @Test
  void aTraceWithOnePointIsAFlatRate() {
    ShapedPattern.Trace one =
        new ShapedPattern.Trace(new double[] {0}, new double[] {600}, 60, 3, 0);
    Workload w = traceWorkload(one, only(one));
    assertThat(w.requestsPerSecond()).isEqualTo(30.0);
    assertExact(offered(w, Duration.ofHours(2), Duration.ofSeconds(45)), 30.0 * 7200);
  }

  // ------------------------------------------------------------------ composition

  @Test
  void growthOfGPercentAMonthOverKMonthsMultipliesTheIntegralByItsClosedForm() {
    double rps = 100;
    for (double g : new double[] {5, -20, 50}) {
      int months = 3;
      ShapedPattern p = new ShapedPattern(null, null, null, g, List.of(), List.of());
      long offered =
          offered(
              new Workload(rps, p, PROFILE),
              Duration.ofHours(730L * months),
              Duration.ofMinutes(5));
      double q = 1 + g / 100;
      // ∫0^{kM} (1+g)^{t/M} dt = M ((1+g)^k − 1) / ln(1+g)
      double closed = rps * MONTH * (Math.pow(q, months) - 1) / Math.log(q);
      assertExact(offered, closed);
      assertThat(offered / (rps * months * MONTH))
          .isCloseTo((Math.pow(q, months) - 1) / (months * Math.log(q)), within(1e-9));
    }
  }

  @Test
  void aSpikeAddsExactlyItsExtraVolume() {
    double rps = 500;
    TrafficPattern.Daily daily = new TrafficPattern.Daily(1.6, 14);
    double at = 10 * 3600 + 7 * 60 + 30; // between two 1-minute steps
    double duration = 25 * 60;
    double factor = 4;
    ShapedPattern without = new ShapedPattern(daily, null, null, 0, List.of(), List.of());
    ShapedPattern with =
        new ShapedPattern(
            daily,
            null,
            null,
            0,
            List.of(new ShapedPattern.Spike(at, duration, factor)),
            List.of());
    long base =
        offered(new Workload(rps, without, PROFILE), Duration.ofDays(1), Duration.ofMinutes(1));
    long spiked =
        offered(new Workload(rps, with, PROFILE), Duration.ofDays(1), Duration.ofMinutes(1));
    double w = 2 * Math.PI / DAY;
    double phase = 14 * 3600;
    double underSpike =
        duration + 0.6 * (Math.sin(w * (at + duration - phase)) - Math.sin(w * (at - phase))) / w;
    assertThat((double) spiked - base).isCloseTo((factor - 1) * rps * underSpike, within(2.0));
    assertExact(base, rps * DAY); // the daily cosine's mean over a day is 1
  }

  @Test
  void aLoadStepHoldsItsFactorUntilTheNextStep() {
    double rps = 200;
    ShapedPattern p =
        new ShapedPattern(
            null,
            null,
            null,
            0,
            List.of(),
            List.of(new ShapedPattern.Step(3600, 3), new ShapedPattern.Step(4 * 3600 + 17, 0.5)));
    long offered =
        offered(new Workload(rps, p, PROFILE), Duration.ofHours(6), Duration.ofMinutes(1));
    assertExact(offered, rps * (3600 + 3 * (3 * 3600 + 17) + 0.5 * (2 * 3600 - 17)));
  }

  @Test
  void theWeeklyShapeKeepsTheWeeklyMeanAndGivesWeekendsTheirFactor() {
    double rps = 300;
    ShapedPattern.Weekly weekly = new ShapedPattern.Weekly(0.5, DayOfWeek.SATURDAY);
    ShapedPattern p = new ShapedPattern(null, null, weekly, 0, List.of(), List.of());
    Workload w = new Workload(rps, p, PROFILE);
    assertExact(offered(w, Duration.ofDays(7), Duration.ofMinutes(1)), rps * 7 * DAY);
    // day 0 is a Saturday: weekday factor 7 / (5 + 2 × 0.5) = 7/6, weekend 7/12
    assertExact(offered(w, Duration.ofDays(1), Duration.ofMinutes(1)), rps * DAY * 7 / 12);
    assertExact(
        offered(w, Duration.ofDays(3), Duration.ofMinutes(1)),
        rps * DAY * (7.0 / 12 * 2 + 7.0 / 6));
  }

  @Test
  void everythingComposedIntegratesToTheFineNumericIntegralOfTheRate() {
    ShapedPattern.Trace tr = trace(288, 300, 0.1, 4, 1.7, 600);
    ShapedPattern p =
        new ShapedPattern(
            new TrafficPattern.Daily(1.4, 9),
            tr,
            new ShapedPattern.Weekly(0.7, DayOfWeek.FRIDAY),
            30,
            List.of(
                new ShapedPattern.Spike(3 * 3600, 1200, 5),
                new ShapedPattern.Spike(3 * 3600 + 600, 1800, 2)),
            List.of(new ShapedPattern.Step(5 * 3600, 1.5), new ShapedPattern.Step(30 * 3600, 0.8)));
    double h = 2 * DAY;
    // Simpson's rule on every 60-s cell (all breakpoints of this shape lie on the 60-s grid)
    double numeric = 0;
    int n = 16;
    for (double a = 0; a < h; a += 60) {
      double dx = 60.0 / n;
      double s = p.factorAt(a + 1e-9) + p.factorAt(a + 60 - 1e-9);
      for (int i = 1; i < n; i++) {
        s += (i % 2 == 1 ? 4 : 2) * p.factorAt(a + i * dx);
      }
      numeric += s * dx / 3;
    }
    assertThat(p.integral(0, h)).isCloseTo(numeric, within(numeric * 1e-9));
    Workload w = traceWorkload(tr, p);
    long offered = offered(w, Duration.ofDays(2), Duration.ofSeconds(37));
    assertExact(offered, w.requestsPerSecond() * numeric);
    // the mean over pieces adds up: the integral of [0, h) is the sum over any split
    assertThat(p.integral(0, 12345.6) + p.integral(12345.6, h))
        .isCloseTo(p.integral(0, h), within(numeric * 1e-12));
    assertThat(p.maxFactor(0, h)).isGreaterThanOrEqualTo(maxSampled(p, h));
  }

  private static double maxSampled(ShapedPattern p, double h) {
    double m = 0;
    for (double t = 0; t < h; t += 7) {
      m = Math.max(m, p.factorAt(t));
    }
    return m;
  }

  @Test
  void requestModeDrawsArrivalsFromTheShapedRate() {
    ShapedPattern.Trace tr = trace(60, 60, 0.1, 5, 1.0, 0);
    ShapedPattern p =
        new ShapedPattern(
            null, tr, null, 0, List.of(new ShapedPattern.Spike(1800, 300, 3)), List.of());
    Workload w = traceWorkload(tr, p);
    Scenario s =
        scenario(
            w,
            Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 4),
            Duration.ofHours(1),
            Duration.ofMinutes(1),
            RunSettings.Mode.REQUESTS);
    long offered = new Simulator().runTrial(s, 0, 0).requests();
    double expected = w.requestsPerSecond() * p.integral(0, 3600);
    // a Poisson count: five standard deviations
    assertThat((double) offered).isCloseTo(expected, within(5 * Math.sqrt(expected)));
    assertThat(expected).isGreaterThan(expectedTraceRequests(tr, 3600) * 1.05);
  }

  // ------------------------------------------------------------------ Auto Scaling reaction

  /**
   * 8 m5.large (16 vCPUs) serve 400 req/s × 10 ms = 4 busy vCPUs: 25 % CPU. A step to 3× the load
   * at time T makes 75 %, above the 70 % alarm. The group evaluates average CPU each minute over
   * the minute just ended; the alarm fires after {@code evaluationPeriods} minutes that are each
   * above the threshold. A minute half before and half after the step averages 50 %, below it, so
   * the first breaching minute is the first one starting at or after T: the scale-out comes at 60 ×
   * (⌈T / 60⌉ + N) s, adds 4 instances (desired 8 → 12), and once they are in service CPU is 50 %:
   * no second scale-out, however long the cooldown.
   */
  @Test
  void aLoadStepDrivesTheScaleOutTheAlarmMechanicsPredict() {
    int periods = 3;
    for (double stepAt : new double[] {7200, 7230, 7259}) {
      ComputeTier.AutoScaling asg =
          new ComputeTier.AutoScaling(
              8,
              40,
              8,
              List.of(new ComputeTier.SimpleScaling(true, 70, 4, 60, periods, 300)),
              List.of(),
              "elb",
              300,
              120,
              180,
              false);
      Architecture arch = Scenarios.scaled(asg, null, Map.of("us-east-1a", 4, "us-east-1b", 4));
      ShapedPattern p =
          new ShapedPattern(
              null, null, null, 0, List.of(), List.of(new ShapedPattern.Step(stepAt, 3)));
      Scenario s =
          scenario(
              new Workload(400, p, PROFILE),
              arch,
              Duration.ofHours(4),
              Duration.ofMinutes(1),
              RunSettings.Mode.FLUID);
      List<double[]> scaling = new ArrayList<>();
      List<String> what = new ArrayList<>();
      SimulationListener listener =
          new SimulationListener() {
            @Override
            public void infrastructureEvent(
                int stage,
                long trial,
                double seconds,
                dev.archsim.engine.sim.InfrastructureEvent e) {
              if (e instanceof dev.archsim.engine.sim.InfrastructureEvent.DesiredCapacityChanged) {
                scaling.add(new double[] {seconds});
                what.add(e.description());
              }
            }
          };
      var outcome = new Simulator(listener).runTrial(s, 0, 0);
      double predicted = 60 * (Math.ceil(stepAt / 60) + periods);
      assertThat(what)
          .as("step at " + stepAt)
          .containsExactly("auto scaling desired 8 -> 12 at 75% CPU");
      assertThat(scaling.get(0)[0]).as("step at " + stepAt).isEqualTo(predicted);
      assertThat(outcome.maxInService()).isEqualTo(12);
      assertThat(outcome.minInService()).isEqualTo(8);
    }
  }
}
