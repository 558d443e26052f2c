package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each conservation law of a trial fails on numbers that break it, and only on those. */
class TrialInvariantsTest {
  static final Map<String, Long> COST = Map.of("ec2", 5_000_000L);

  @Test
  void consistentNumbersPass() {
    assertThatCode(() -> TrialInvariants.check("t", 1e9, 1e9 + 0.5, 9e8, 1e8, 9e8, COST))
        .doesNotThrowAnyException();
  }

  @Test
  void offeredMustBeTheIntegralOfTheRate() {
    assertThatThrownBy(() -> TrialInvariants.check("t", 1e9, 1.001e9, 9e8, 1e8, 9e8, COST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("integral of the traffic rate");
  }

  @Test
  void aRequestNeitherServedNorFailedIsCaught() {
    assertThatThrownBy(() -> TrialInvariants.check("t", 1e9, 1e9, 9e8, 0.9e8, 9e8, COST))
        .hasMessageContaining("served 9.0E8 + failed 9.0E7 != offered 1.0E9");
  }

  @Test
  void overFailingIsCaughtNotClamped() {
    assertThatThrownBy(() -> TrialInvariants.check("t", 1e9, 1e9, 9e8, 2e8, 9e8, COST))
        .hasMessageContaining("!= offered");
  }

  @Test
  void latencyMassMustBeTheServedRequestsBeforeAnyScaling() {
    assertThatThrownBy(() -> TrialInvariants.check("t", 1e9, 1e9, 9e8, 1e8, 8.99e8, COST))
        .hasMessageContaining("latency histogram mass");
  }

  @Test
  void aNegativeCostComponentIsCaught() {
    assertThatThrownBy(
            () ->
                TrialInvariants.check(
                    "stage 0 trial 3", 1e9, 1e9, 9e8, 1e8, 9e8, Map.of("ec2", -1L)))
        .hasMessageContaining("stage 0 trial 3")
        .hasMessageContaining("cost component ec2 is -1");
  }

  @Test
  void theRequestLevelLawsFailOnlyOnCountsThatDoNotAddUp() {
    long[] histogram = new long[8];
    histogram[2] = 60;
    histogram[5] = 30;
    assertThatCode(() -> TrialInvariants.checkRequestLevel(100, 90, 10, histogram))
        .doesNotThrowAnyException();
    // an arrival neither served nor given up
    assertThatThrownBy(() -> TrialInvariants.checkRequestLevel(101, 90, 10, histogram))
        .hasMessageContaining("served 90 + overload 10 != arrivals 101");
    // a served request missing from the histogram
    assertThatThrownBy(() -> TrialInvariants.checkRequestLevel(101, 91, 10, histogram))
        .hasMessageContaining("latency histogram mass 90 != served requests 91");
  }

  @Test
  void theRequestLevelLoopKeepsItsLaws() {
    // 4 instances of 2 vCPUs near saturation, every algorithm: the loop runs its own check
    for (var algorithm : dev.archsim.engine.model.Entry.LoadBalancer.Algorithm.values()) {
      var t =
          RequestSimulation.traffic(
              4,
              2,
              420,
              new dev.archsim.engine.model.TrafficPattern.Constant(),
              50,
              0.5,
              20,
              600,
              algorithm,
              new java.util.SplittableRandom(7));
      long mass = java.util.Arrays.stream(t.histogram()).sum();
      org.assertj.core.api.Assertions.assertThat(mass + t.overload()).isEqualTo(t.requests());
      org.assertj.core.api.Assertions.assertThat(t.overload()).isPositive();
    }
  }
}
