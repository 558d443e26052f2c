package dev.archsim.engine.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** M/M/c+D closed forms, their limits, and that more load never loses fewer requests. */
class MmcdQueueTest {
  @Test
  void theMm1AbandoningQueueLosesWhatItsClosedFormSays() {
    // M/M/1+D at rho 0.95 with a 1 s timeout: P = (λ/μ) e^{−θτ} / (1 + λ(1 − e^{−θτ})/θ +
    // (λ/μ) e^{−θτ}); 3.2e-4, where Erlang C's non-abandoning tail rho e^{−θτ} says 6.4e-3
    double mu = 100;
    double lambda = 95;
    double theta = mu - lambda;
    double e = Math.exp(-theta);
    double expected = lambda / mu * e / (1 + lambda * (1 - e) / theta + lambda / mu * e);
    MmcdQueue q = new MmcdQueue(1, mu, lambda, 1.0);
    assertThat(q.timeoutFraction()).isCloseTo(expected, within(1e-15));
    assertThat(q.timeoutFraction()).isCloseTo(3.22e-4, within(0.01e-4));
    assertThat(new MmcQueue(1, mu, lambda, 1.0).timeoutFraction())
        .isCloseTo(6.4e-3, within(0.05e-3));
  }

  @Test
  void withoutATimeoutItIsErlangC() {
    for (int c : new int[] {1, 3, 8}) {
      double mu = 10;
      double lambda = 0.8 * c * mu;
      MmcdQueue d = new MmcdQueue(c, mu, lambda, Double.POSITIVE_INFINITY);
      MmcQueue erlang = new MmcQueue(c, mu, lambda, Double.POSITIVE_INFINITY);
      assertThat(d.timeoutFraction()).isZero();
      assertThat(d.noWaitProbability()).isCloseTo(1 - erlang.waitProbability(), within(1e-12));
      assertThat(d.meanServedResponseTime())
          .isCloseTo(erlang.meanResponseTime(), within(1e-12 * erlang.meanResponseTime()));
      assertThat(d.servedCdf(0.3)).isCloseTo(erlang.servedCdf(0.3), within(1e-12));
    }
  }

  @Test
  void atSaturationItIsContinuous() {
    // θ = 0: P = (λ/μ) / (1 + λτ + λ/μ) for M/M/1
    double mu = 100;
    double tau = 0.5;
    double exact = 1.0 / (1 + mu * tau + 1);
    for (double rho : new double[] {1 - 1e-9, 1.0, 1 + 1e-9}) {
      assertThat(new MmcdQueue(1, mu, rho * mu, tau).timeoutFraction())
          .as("rho %s", rho)
          .isCloseTo(exact, within(1e-7));
    }
  }

  @Test
  void farAboveSaturationAlmostAllTheExcessGivesUp() {
    // λ = 3cμ, long patience: the servers stay busy, everyone else leaves: 1 − cμ/λ
    MmcdQueue q = new MmcdQueue(4, 10, 120, 600);
    assertThat(q.timeoutFraction()).isCloseTo(1 - 40.0 / 120, within(1e-9));
    assertThat(q.servedCdf(1e6)).isCloseTo(1 - q.timeoutFraction(), within(1e-9));
    // served requests waited at most the patience: mean response below τ + 1/μ
    assertThat(q.meanServedResponseTime()).isLessThan(600 + 0.1).isGreaterThan(599);
  }

  @Test
  void theServedDistributionReachesTheServedShareAndNeverDecreases() {
    MmcdQueue q = new MmcdQueue(3, 20, 58, 0.2);
    double prev = 0;
    for (double t = 0.001; t < 10; t *= 1.1) {
      double f = q.servedCdf(t);
      assertThat(f).isGreaterThanOrEqualTo(prev - 1e-15);
      prev = f;
    }
    assertThat(prev).isCloseTo(1 - q.timeoutFraction(), within(1e-12));
  }

  @Test
  void moreLoadNeverLosesFewerRequests() {
    // a seeded property over 2 000 random queues (docs/decisions/005), across saturation
    SplittableRandom rng = new SplittableRandom(2026);
    for (int i = 0; i < 2000; i++) {
      int c = 1 + rng.nextInt(32);
      double mu = 1 + rng.nextDouble() * 200;
      double tau = Math.pow(10, -3 + rng.nextDouble() * 5);
      double rho1 = rng.nextDouble() * 2;
      double rho2 = rho1 * (1 + rng.nextDouble() * 0.1) + 1e-6;
      double p1 = new MmcdQueue(c, mu, rho1 * c * mu, tau).timeoutFraction();
      double p2 = new MmcdQueue(c, mu, rho2 * c * mu, tau).timeoutFraction();
      assertThat(p2)
          .as("c %d mu %s tau %s rho %s -> %s", c, mu, tau, rho1, rho2)
          .isGreaterThanOrEqualTo(p1 * (1 - 1e-9) - 1e-15);
      assertThat(p2).isBetween(0.0, 1.0);
    }
  }
}
