package dev.archsim.engine.sim.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CPU alarm of simple and step scaling: direction, consecutive breaches, minutes without data.
 */
class CpuAlarmTest {
  static MetricPeriod cpu(double percent) {
    return new MetricPeriod(percent, 60, 0, 60, Double.NaN, 1);
  }

  static final MetricPeriod NO_DATA = new MetricPeriod(0, 0, 0, 60, Double.NaN, 0);

  @Test
  void firesAfterThreeBreachesInARowAndAQuietMinuteStartsTheCountAgain() {
    CpuAlarm high = new CpuAlarm(true, 70, 3);
    assertThat(high.breached(cpu(80))).isFalse();
    assertThat(high.breached(cpu(80))).isFalse();
    assertThat(high.breached(cpu(70))).as("at the threshold is no breach").isFalse();
    assertThat(high.breached(cpu(80))).isFalse();
    assertThat(high.breached(cpu(80))).isFalse();
    assertThat(high.breached(cpu(80))).isTrue();
    assertThat(high.breached(cpu(90))).as("still in alarm until the policy acts").isTrue();
    high.reset();
    assertThat(high.breached(cpu(90))).isFalse();
  }

  @Test
  void aMinuteWithoutDataNeitherBreachesNorEndsTheRun() {
    CpuAlarm high = new CpuAlarm(true, 70, 2);
    assertThat(high.breached(cpu(80))).isFalse();
    assertThat(high.breached(NO_DATA)).isFalse();
    assertThat(high.breached(cpu(80))).isTrue();
  }

  @Test
  void aLowAlarmBreachesBelowItsThreshold() {
    CpuAlarm low = new CpuAlarm(false, 30, 1);
    assertThat(low.breached(cpu(40))).isFalse();
    assertThat(low.breached(cpu(30))).isFalse();
    assertThat(low.breached(cpu(20))).isTrue();
  }
}
