package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate's tolerance within one traffic step, from the fleet's queues (Jensen's bound). */
class StretchToleranceTest {
  @Test
  void theToleranceFollowsTheQueuesSlack() {
    // Jensen's bound ρ δ² / (4 s²) of the wait's relative error stays within 2^-12 where the bound
    // is not clamped, and δ shrinks to the former 2^-10 near saturation
    for (int c : new int[] {1, 2, 8, 96}) {
      for (double rho = 0.05; rho < 3; rho += 0.01) {
        double d = TrialSimulation.stretchTolerance(rho, c);
        assertThat(d).isBetween(1.0 / 1024, 1.0 / 64);
        double load = rho * (1 + 1.0 / 64);
        double s = 1 - load;
        if (d > 1.0 / 1024) {
          assertThat(load * d * d / (4 * s * s))
              .as("rho %s c %s", rho, c)
              .isLessThanOrEqualTo(1.0 / 4096 * (1 + 1e-9));
        }
      }
    }
    assertThat(TrialSimulation.stretchTolerance(0.999, 2)).isEqualTo(1.0 / 1024);
    assertThat(TrialSimulation.stretchTolerance(0.2, 2)).isEqualTo(1.0 / 64);
    assertThat(TrialSimulation.stretchTolerance(0.0, 2)).isEqualTo(1.0 / 64);
  }
}
