package dev.archsim.engine.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.Scenarios;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Sums of independent response times on the lattice against their closed forms and a numerical
 * convolution. The stated bound is a factor R^((n+1)/2) for n convolutions (R the cell ratio,
 * 1.023); the percentiles land within 0.1 % (read as the histogram reads its buckets, interpolated
 * geometrically inside the cell that crosses them).
 */
class LatencyLatticeTest {
  static final double R = Math.pow(10, 1.0 / LatencyLattice.CELLS_PER_DECADE);

  /** The p-quantile of a lattice, ms, interpolated geometrically inside the cell crossing it. */
  static double quantileMs(LatencyLattice l, double p) {
    double f = 0;
    for (int k = l.first(); k <= l.last(); k++) {
      double pk = l.probability(k);
      if (f + pk >= p) {
        return LatencyLattice.centreMs(k) / Math.sqrt(R) * Math.pow(R, (p - f) / pk);
      }
      f += pk;
    }
    return LatencyLattice.centreMs(l.last());
  }

  static final double TOLERANCE = 0.001;

  static LatencyLattice exponential(String name, double rate) {
    return LatencyLattice.of(name + rate, t -> 1 - Math.exp(-rate * t), 1.0);
  }

  static final double[] PERCENTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

  @Test
  void anExponentialOnTheLatticeKeepsItsPercentiles() {
    LatencyLattice l = exponential("exp", 20);
    for (double p : PERCENTILES) {
      double exact = Scenarios.quantileMs(t -> 1 - Math.exp(-20 * t), p);
      assertThat(quantileMs(l, p) / exact).as("p%s", p).isCloseTo(1, within(TOLERANCE));
    }
    // probabilities add to 1 and the mean (of the centres) is the exponential's within half a cell
    double total = 0;
    for (int k = l.first(); k <= l.last(); k++) {
      total += l.probability(k);
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
    assertThat(l.meanMs()).isCloseTo(50, within(50 * (Math.sqrt(R) - 1)));
  }

  @Test
  void twoExponentialsAddToTheHypoexponential() {
    // Exp(35) + Exp(10), the sojourns of two M/M/1 queues in series at 15/s (μ 50 and 25)
    double a = 35;
    double b = 10;
    LatencyLattice sum = LatencyLattice.sum(exponential("a", a), exponential("b", b));
    DoubleUnaryOperator exact = t -> 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
    for (double p : PERCENTILES) {
      assertThat(quantileMs(sum, p) / Scenarios.quantileMs(exact, p))
          .as("p%s", p)
          .isCloseTo(1, within(TOLERANCE));
    }
    assertThat(sum.meanMs()).isCloseTo(1000 / a + 1000 / b, within(0.01 * (1000 / a + 1000 / b)));
  }

  @Test
  void equalRatesAddToAnErlangWithoutACancellation() {
    // Exp(μ) + Exp(μ) is Erlang-2, 1 − e^{−μt}(1 + μt): the hypoexponential form divides by zero
    // here and loses digits near it; the lattice does not care
    double mu = 25;
    LatencyLattice one = exponential("e", mu);
    LatencyLattice two = LatencyLattice.sum(one, exponential("f", mu));
    for (double p : PERCENTILES) {
      double exact = Scenarios.quantileMs(t -> 1 - Math.exp(-mu * t) * (1 + mu * t), p);
      assertThat(quantileMs(two, p) / exact).as("p%s", p).isCloseTo(1, within(TOLERANCE));
    }
    // three in turn (two convolutions): Erlang-3
    LatencyLattice three = LatencyLattice.sum(two, exponential("g", mu));
    for (double p : PERCENTILES) {
      double exact =
          Scenarios.quantileMs(t -> 1 - Math.exp(-mu * t) * (1 + mu * t + mu * mu * t * t / 2), p);
      assertThat(quantileMs(three, p) / exact).as("p%s", p).isCloseTo(1, within(TOLERANCE));
    }
  }

  @Test
  void anOverloadedQueueAndAnExponentialMatchTheirNumericalConvolution() {
    // M/M/2+D at ρ 1.5 with a 1 s patience: the waits of those served pile up towards 1 s (the
    // density grows as e^{|θ|x}); then an Exp(25) tier. Reference: ∫ F(t − x) 25 e^{−25x} dx by
    // the trapezoid rule on 0.1 ms steps, F the queue's CDF given served
    MmcdQueue q = new MmcdQueue(2, 10, 30, 1.0);
    double served = 1 - q.timeoutFraction();
    LatencyLattice sum = LatencyLattice.sum(LatencyLattice.served(q), exponential("x", 25));
    DoubleUnaryOperator exact =
        t -> {
          int n = (int) Math.ceil(t / 1e-4);
          if (n == 0) {
            return 0;
          }
          double h = t / n;
          double s = 0;
          for (int i = 0; i <= n; i++) {
            double x = i * h;
            double w = (i == 0 || i == n) ? 0.5 : 1;
            s += w * q.servedCdf(t - x) / served * 25 * Math.exp(-25 * x);
          }
          return s * h;
        };
    for (double p : new double[] {0.5, 0.95, 0.99}) {
      assertThat(quantileMs(sum, p) / Scenarios.quantileMs(exact, p))
          .as("p%s", p)
          .isCloseTo(1, within(TOLERANCE));
    }
  }

  @Test
  void nearbyQueuesShareOneLatticeAndASumIsConvolvedOnce() {
    // slack 0.3 and 0.3002: the same to 7 significant bits; 0.31 is not
    LatencyLattice x = LatencyLattice.served(new MmcdQueue(2, 25, 35, 10));
    LatencyLattice y = LatencyLattice.served(new MmcdQueue(2, 25, 34.99, 10));
    LatencyLattice z = LatencyLattice.served(new MmcdQueue(2, 25, 34.5, 10));
    assertThat(y).isEqualTo(x);
    assertThat(z).isNotEqualTo(x);
    long before = LatencyLattice.convolutions();
    LatencyLattice s = LatencyLattice.sum(x, z);
    assertThat(LatencyLattice.convolutions() - before).isEqualTo(1);
    assertThat(LatencyLattice.sum(y, z)).isEqualTo(s);
    assertThat(LatencyLattice.convolutions() - before).isEqualTo(1);
  }
}
