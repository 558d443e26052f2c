package dev.archsim.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectiveTextTest {

  @Test
  void anAvailabilityIsNeverRoundedUpToAHundredPercentWhileRequestsFailed() {
    // four decimals when they tell failures apart
    assertThat(ObjectiveText.availability(0.999)).isEqualTo("99.9000");
    assertThat(ObjectiveText.availability(0.99999)).isEqualTo("99.9990");
    assertThat(ObjectiveText.availability(1.0)).isEqualTo("100.0000");
    // 98 failed in 10^9 rounds to 100.0000 at four decimals: as many more as it takes
    assertThat(ObjectiveText.availability(1 - 98e-9)).isEqualTo("99.99999");
    assertThat(ObjectiveText.availability(1 - 2e-9)).isEqualTo("99.9999998");
    assertThat(ObjectiveText.availability(1 - 4e-7)).isEqualTo("99.99996");
    // one failure in 10^15 is beyond a double's digits at this scale: said as a bound
    assertThat(ObjectiveText.availability(1 - 1e-15)).isEqualTo(">99.999999999999");
  }
}
