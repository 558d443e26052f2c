package dev.archsim.engine.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * E_n/M/c (a round-robin target) against published values, Erlang C, and an independent
 * continuous-time Markov chain; and the abandoning queue built on it.
 */
class ErlangArrivalQueueTest {

  @Test
  void withPoissonArrivalsItIsErlangC() {
    // published: Erlang C for 3 servers at offered load 2.4 is 0.6472
    assertThat(new ErlangArrivalQueue(3, 10, 24, 1).waitProbability())
        .isCloseTo(0.6472, within(5e-5));
    for (int c : new int[] {1, 2, 3, 8, 16}) {
      for (double rho : new double[] {0.3, 0.8, 0.95}) {
        double lambda = rho * c * 10;
        ErlangArrivalQueue q = new ErlangArrivalQueue(c, 10, lambda, 1);
        MmcQueue erlang = new MmcQueue(c, 10, lambda, Double.POSITIVE_INFINITY);
        assertThat(q.sigma()).as("c %d rho %s", c, rho).isCloseTo(rho, within(1e-12));
        assertThat(q.waitProbability())
            .as("c %d rho %s", c, rho)
            .isCloseTo(erlang.waitProbability(), within(1e-9));
      }
    }
  }

  @Test
  void e2M1HasKleinrocksClosedForm() {
    // E_2/M/1: σ(2ρ + 1 − σ)² = 4ρ² factors as (σ − 1)(σ² − (4ρ + 1)σ + 4ρ²), so
    // σ = ((4ρ + 1) − √(8ρ + 1)) / 2: 0.381966 at ρ = 0.5
    for (double rho : new double[] {0.1, 0.5, 0.9, 0.99}) {
      double expected = ((4 * rho + 1) - Math.sqrt(8 * rho + 1)) / 2;
      ErlangArrivalQueue q = new ErlangArrivalQueue(1, 1, rho, 2);
      assertThat(q.sigma()).as("rho %s", rho).isCloseTo(expected, within(1e-12));
      // GI/M/1: P(wait) = σ, mean wait σ / (μ(1 − σ))
      assertThat(q.waitProbability()).isCloseTo(expected, within(1e-12));
      assertThat(q.meanWait()).isCloseTo(expected / (1 - expected), within(1e-9));
    }
    assertThat(new ErlangArrivalQueue(1, 1, 0.5, 2).sigma()).isCloseTo(0.381966, within(1e-6));
  }

  @Test
  void manyTargetsApproachTheDeterministicStream() {
    // D/M/1 at ρ = 0.5: σ = e^{−(1−σ)/ρ} gives 0.2032 (Gross and Harris, D/M/1 example)
    assertThat(new ErlangArrivalQueue(1, 1, 0.5, 100_000).sigma()).isCloseTo(0.2032, within(1e-4));
    // and round robin over more targets waits less: E_n gets more regular with n
    double previous = 1;
    for (int n : new int[] {1, 2, 5, 20, 100}) {
      double w = new ErlangArrivalQueue(2, 10, 16, n).meanWait();
      assertThat(w).as("n %d", n).isLessThan(previous);
      previous = w;
    }
  }

  @Test
  void multiServerTargetsMatchTheMarkovChain() {
    for (int[] cn : new int[][] {{2, 3}, {4, 5}, {2, 10}}) {
      for (double rho : new double[] {0.5, 0.85}) {
        int c = cn[0];
        int n = cn[1];
        double mu = 1;
        double lambda = rho * c * mu;
        double[] chain = markovChain(c, n, mu, lambda);
        ErlangArrivalQueue q = new ErlangArrivalQueue(c, mu, lambda, n);
        assertThat(q.waitProbability())
            .as("c %d n %d rho %s", c, n, rho)
            .isCloseTo(chain[0], within(1e-6));
        assertThat(q.meanWait())
            .as("c %d n %d rho %s", c, n, rho)
            .isCloseTo(chain[1], within(1e-5));
      }
    }
  }

  /**
   * E_n/M/c as a continuous-time Markov chain over (arrival phase, number in system), truncated far
   * into the geometric tail and solved by Gauss–Seidel: [P(an arrival waits), mean wait]. Arrivals
   * see the chain as it stands at the end of phase n.
   */
  private static double[] markovChain(int c, int n, double mu, double lambda) {
    int levels = c + 300;
    double r = n * lambda;
    double[][] x = new double[n][levels];
    for (double[] row : x) {
      java.util.Arrays.fill(row, 1.0 / (n * levels));
    }
    for (int sweep = 0; sweep < 200_000; sweep++) {
      double change = 0;
      for (int j = 0; j < levels; j++) {
        for (int p = 0; p < n; p++) {
          double in = 0;
          if (p > 0) {
            in += x[p - 1][j] * r;
          } else if (j > 0) {
            in += x[n - 1][j - 1] * r;
          }
          if (j + 1 < levels) {
            in += x[p][j + 1] * Math.min(j + 1, c) * mu;
          }
          double out = (p == n - 1 && j == levels - 1 ? 0 : r) + Math.min(j, c) * mu;
          double v = in / out;
          change = Math.max(change, Math.abs(v - x[p][j]));
          x[p][j] = v;
        }
      }
      double total = 0;
      for (double[] row : x) {
        for (double v : row) {
          total += v;
        }
      }
      for (double[] row : x) {
        for (int j = 0; j < levels; j++) {
          row[j] /= total;
        }
      }
      if (change < 1e-14 && sweep > 100) {
        break;
      }
    }
    double seen = 0;
    double waits = 0;
    double wait = 0;
    for (int j = 0; j < levels; j++) {
      double v = x[n - 1][j];
      seen += v;
      if (j >= c) {
        waits += v;
        wait += v * (j - c + 1) / (c * mu);
      }
    }
    return new double[] {waits / seen, wait / seen};
  }

  @Test
  void theAbandoningQueueIsExactAtItsLimits() {
    // infinite patience: E_n/M/c itself
    ErlangArrivalQueue g = new ErlangArrivalQueue(3, 10, 25, 4);
    MmcdQueue q = MmcdQueue.erlangArrivals(3, 10, 25, Double.POSITIVE_INFINITY, 4);
    assertThat(q.timeoutFraction()).isZero();
    assertThat(q.noWaitProbability()).isCloseTo(1 - g.waitProbability(), within(1e-12));
    assertThat(q.meanServedResponseTime()).isCloseTo(0.1 + g.meanWait(), within(1e-12));
    // n = 1: M/M/c+D, byte for byte
    MmcdQueue poisson = new MmcdQueue(3, 10, 25, 0.2);
    MmcdQueue one = MmcdQueue.erlangArrivals(3, 10, 25, 0.2, 1);
    assertThat(one.timeoutFraction()).isEqualTo(poisson.timeoutFraction());
    assertThat(one.servedCdf(0.15)).isEqualTo(poisson.servedCdf(0.15));
  }

  @Test
  void roundRobinLosesLessThanRandomAndMoreLoadNeverLosesFewer() {
    double previous = 0;
    for (double rho = 0.5; rho < 3; rho += 0.01) {
      MmcdQueue rr = MmcdQueue.erlangArrivals(2, 10, rho * 20, 0.5, 6);
      MmcdQueue random = new MmcdQueue(2, 10, rho * 20, 0.5);
      assertThat(rr.timeoutFraction()).as("rho %s", rho).isGreaterThanOrEqualTo(previous);
      assertThat(rr.timeoutFraction())
          .as("rho %s", rho)
          .isLessThanOrEqualTo(random.timeoutFraction() + 1e-12);
      assertThat(rr.servedCdf(1e6)).isCloseTo(1 - rr.timeoutFraction(), within(1e-9));
      previous = rr.timeoutFraction();
    }
    // far above saturation the servers stay busy and the rest gives up: 1 − cμ/λ
    assertThat(MmcdQueue.erlangArrivals(2, 10, 60, 2, 6).timeoutFraction())
        .isCloseTo(1 - 20.0 / 60, within(1e-6));
    // continuous across saturation
    double below = MmcdQueue.erlangArrivals(2, 10, 20 * (1 - 1e-9), 0.5, 6).timeoutFraction();
    double above = MmcdQueue.erlangArrivals(2, 10, 20 * (1 + 1e-9), 0.5, 6).timeoutFraction();
    assertThat(above).isCloseTo(below, within(1e-6));
  }
}
