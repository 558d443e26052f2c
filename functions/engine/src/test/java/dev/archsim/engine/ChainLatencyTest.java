package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The latency distribution of a request through the web tier and a tier behind it: each tier's
 * response time enters the percentiles with its spread, not its mean. Checked against the closed
 * form of two M/M/1 queues in series (by Reich's theorem a request's two sojourn times are
 * independent exponentials of rates μ₁ − λ and μ₂ − λ, so their sum is hypoexponential) and against
 * a request-by-request simulation of two M/M/2 queues in series (the request mode does not simulate
 * tiers).
 */
class ChainLatencyTest {
  static final double NETWORK_MS = 20;

  /** P(T ≤ t) for T = Exp(a) + Exp(b), t in seconds (a ≠ b). */
  static double hypoexponential(double a, double b, double t) {
    return t <= 0 ? 0 : 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
  }

  /**
   * The p-quantile of {@code NETWORK_MS} plus a time of CDF {@code cdf} read from the latency
   * histogram as the engine reads its own (exact bucket mass, geometric interpolation): what the
   * engine would report with no error of its own.
   */
  static double histogramQuantileMs(DoubleUnaryOperator cdf, double p) {
    double[] mass = new double[LatencyHistogram.SIZE];
    LatencyHistogram.addDistribution(mass, 1.0, NETWORK_MS, 1.0, cdf);
    return LatencyHistogram.percentileMs(LatencyHistogram.roundTo(mass, 1_000_000_000L), p);
  }

  static StageSummary webAndApp(String type, double lambda, double webCpuMs, double appCpuMs) {
    Architecture a =
        ChainTiersTest.withApp(
            Scenarios.fullSpeed(type, 1, new Entry.ElasticIps()),
            ChainTiersTest.app(new ComputeTier("app", type, Map.of("us-east-1a", 1)), appCpuMs));
    return ChainTiersTest.simulate(
        a, Scenarios.constant(lambda, webCpuMs, NETWORK_MS), Faults.NONE, Duration.ofHours(6), 2);
  }

  @Test
  void twoMm1TiersInSeriesHaveTheHypoexponentialPercentiles() {
    // web: one t2.micro (1 vCPU, unlimited credits) at 20 ms a request, μ₁ = 50/s; app: one
    // t2.micro at 40 ms, μ₂ = 25/s; 15 req/s: ρ 0.3 and 0.6, sojourns Exp(35) and Exp(10)
    double a = 50 - 15;
    double b = 25 - 15;
    StageSummary r = webAndApp("t2.micro", 15, 20, 40);
    DoubleUnaryOperator exact = t -> hypoexponential(a, b, t);
    assertThat(r.requestsFailed()).isZero();
    // the mean is the sum of the means, as before
    double mean = NETWORK_MS + 1000 / a + 1000 / b;
    assertThat(r.latencyMeanMs()).isCloseTo(mean, within(mean * 0.005));
    // closed form p99: 20 + 494.2 ms; the app tier's mean added to the web tier's p99 would be
    // 20 + 100 + 131.6 ms, half of it
    double p99 = NETWORK_MS + Scenarios.quantileMs(exact, 0.99);
    assertThat(p99).isCloseTo(514.2, within(0.1));
    double meanShifted =
        NETWORK_MS + 1000 / b + Scenarios.quantileMs(t -> 1 - Math.exp(-a * t), 0.99);
    assertThat(r.latencyP99Ms()).isGreaterThan(meanShifted * 1.8);
    // against the closed form: within 0.3 % of what the histogram gives for the exact distribution
    // (the lattice's own error), within 2 % of the exact quantile (the histogram's included)
    for (double p : new double[] {0.5, 0.95, 0.99, 0.999}) {
      double engine = percentile(r, p);
      double viaHistogram = histogramQuantileMs(exact, p);
      double closedForm = NETWORK_MS + Scenarios.quantileMs(exact, p);
      assertThat(engine).as("p%s", p * 100).isCloseTo(viaHistogram, within(viaHistogram * 0.003));
      assertThat(engine).as("p%s", p * 100).isCloseTo(closedForm, within(closedForm * 0.02));
    }
  }

  @Test
  void twoMm2TiersInSeriesMatchARequestByRequestSimulation() {
    // web: one m5.large (2 vCPU) at 100 ms, μ = 10/s, 14 req/s (ρ 0.7); app: one m5.large at
    // 40 ms, μ = 25/s (ρ 0.28). Simulated request by request: FIFO queues, the app tier fed by the
    // web tier's departures; the engine takes the tiers' times as independent
    StageSummary r = webAndApp("m5.large", 14, 100, 40);
    double[] simulated = tandemMs(14, 10, 25, 2, 1_000_000, 7);
    for (double p : new double[] {0.5, 0.95, 0.99}) {
      double sim = NETWORK_MS + simulated[(int) (p * simulated.length)];
      assertThat(percentile(r, p)).as("p%s", p * 100).isCloseTo(sim, within(sim * 0.02));
    }
    double simMean = NETWORK_MS + Arrays.stream(simulated).average().orElseThrow();
    assertThat(r.latencyMeanMs()).isCloseTo(simMean, within(simMean * 0.02));
  }

  @Test
  void aTrialRunAgainConvolvesNothingAndAFleetWithoutTiersNever() {
    // work counted, not timed: the lattices and their sums are shared by all trials of the JVM,
    // and a stage without tiers takes the fleet's closed-form mass as before, with no lattice
    Workload w =
        new Workload(
            300, new TrafficPattern.Daily(1.6, 14), new RequestProfile(20, 2048, 20, 10_000));
    Architecture plain = Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 2, 2);
    Architecture chained =
        ChainTiersTest.withApp(
            plain,
            ChainTiersTest.app(
                new ComputeTier("app", "m5.large", Map.of("us-east-1a", 2, "us-east-1b", 2)), 30));
    Simulator sim = new Simulator();
    Scenario s = Scenarios.of(Duration.ofDays(2), 2, 5, w, Faults.NONE, chained, plain);
    long built = LatencyLattice.built();
    long convolved = LatencyLattice.convolutions();
    TrialOutcome first = sim.runTrial(s, 0, 0);
    long builtByFirst = LatencyLattice.built() - built;
    long convolvedByFirst = LatencyLattice.convolutions() - convolved;
    assertThat(builtByFirst).isPositive();
    assertThat(convolvedByFirst).isPositive();
    TrialOutcome again = sim.runTrial(s, 0, 0);
    assertThat(LatencyLattice.built() - built).isEqualTo(builtByFirst);
    assertThat(LatencyLattice.convolutions() - convolved).isEqualTo(convolvedByFirst);
    assertThat(again.histogram()).isEqualTo(first.histogram());
    assertThat(again.latencySumMicros()).isEqualTo(first.latencySumMicros());
    sim.runTrial(s, 1, 0);
    assertThat(LatencyLattice.built() - built).isEqualTo(builtByFirst);
    assertThat(LatencyLattice.convolutions() - convolved).isEqualTo(convolvedByFirst);
  }

  static double percentile(StageSummary r, double p) {
    return p == 0.5
        ? r.latencyP50Ms()
        : p == 0.95 ? r.latencyP95Ms() : p == 0.99 ? r.latencyP99Ms() : r.latencyP999Ms();
  }

  /**
   * Sorted total times (ms) of {@code n} Poisson arrivals at rate {@code lambda} through two FIFO
   * queues of {@code c} exponential servers each (rates {@code mu1}, {@code mu2}), the second fed
   * by the first's departures in the order they leave; the first tenth is dropped as warm-up.
   */
  static double[] tandemMs(double lambda, double mu1, double mu2, int c, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] arrive = new double[n];
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += -Math.log(1 - rng.nextDouble()) / lambda;
      arrive[i] = t;
    }
    double[] leave1 = fifo(arrive, c, mu1, rng);
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> Double.compare(leave1[x], leave1[y]));
    double[] arrive2 = new double[n];
    for (int k = 0; k < n; k++) {
      arrive2[k] = leave1[order[k]];
    }
    double[] leave2 = fifo(arrive2, c, mu2, rng);
    double[] total = new double[n];
    for (int k = 0; k < n; k++) {
      int i = order[k];
      total[i] = (leave2[k] - arrive[i]) * 1000;
    }
    double[] kept = Arrays.copyOfRange(total, n / 10, n);
    Arrays.sort(kept);
    return kept;
  }

  private static double[] fifo(double[] arrive, int c, double mu, SplittableRandom rng) {
    PriorityQueue<Double> free = new PriorityQueue<>();
    for (int k = 0; k < c; k++) {
      free.add(0.0);
    }
    double[] leave = new double[arrive.length];
    for (int i = 0; i < arrive.length; i++) {
      double start = Math.max(arrive[i], free.poll());
      leave[i] = start - Math.log(1 - rng.nextDouble()) / mu;
      free.add(leave[i]);
    }
    return leave;
  }
}
