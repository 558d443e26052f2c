package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The health-check timing model against its closed forms and an independent sampling. */
class HealthChecksTest {
  @Test
  void route53DecidesWithTheThirteenthOfFifteenCheckers() {
    // more than 18 % healthy: 15 - floor(2.7) = 13 must call it unhealthy
    assertThat(HealthChecks.ROUTE53_DECIDING).isEqualTo(13);
  }

  @Test
  void theOrderStatisticQuantileMatchesSortedUniforms() {
    SplittableRandom rng = new SplittableRandom(11);
    int samples = 200_000;
    double[] thirteenth = new double[samples];
    double[] phases = new double[15];
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < 15; j++) {
        phases[j] = rng.nextDouble();
      }
      Arrays.sort(phases);
      thirteenth[i] = phases[12];
    }
    Arrays.sort(thirteenth);
    for (double u : new double[] {0.05, 0.25, 0.5, 0.75, 0.95}) {
      assertThat(HealthChecks.orderStatisticQuantile(13, 15, u))
          .as("quantile %s", u)
          .isCloseTo(thirteenth[(int) (u * samples)], within(0.003));
    }
  }

  @Test
  void meansAreTheClosedForms() {
    // mean over u of the delay, by the midpoint rule on 20 000 points
    int n = 20_000;
    double r53 = 0;
    double alb = 0;
    Entry.HealthCheck hc = new Entry.HealthCheck(30, 5, 5, 2);
    for (int i = 0; i < n; i++) {
      double u = (i + 0.5) / n;
      r53 += HealthChecks.route53Unhealthy(30, 3, u) / n;
      alb += HealthChecks.albUnhealthy(hc, u) / n;
    }
    // Route 53, 30 s x 3: 30 x 13 / 16 + 2 x 30 + 4 = 88.375 s
    assertThat(HealthChecks.route53UnhealthyMean(30, 3)).isEqualTo(88.375);
    assertThat(r53).isCloseTo(88.375, within(1e-3));
    // ALB defaults: 15 + 30 + 5 = 50 s unhealthy, 15 + 4 x 30 = 135 s healthy
    assertThat(HealthChecks.albUnhealthyMean(hc)).isEqualTo(50.0);
    assertThat(alb).isCloseTo(50.0, within(1e-6));
    assertThat(HealthChecks.albHealthyMean(hc)).isEqualTo(135.0);
    // the extremes: every checker's phase at 0 or at the interval's end
    assertThat(HealthChecks.route53Unhealthy(30, 3, 0)).isCloseTo(64.0, within(1e-4));
    assertThat(HealthChecks.route53Unhealthy(30, 3, 1)).isCloseTo(94.0, within(1e-4));
  }
}
