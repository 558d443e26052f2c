package dev.archsim.engine.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void durationsAreWrittenAsScenariosWriteThem() {
    assertThat(Numbers.iso(Duration.ofDays(30))).isEqualTo("P30D");
    assertThat(Numbers.iso(Duration.ofHours(6))).isEqualTo("PT6H");
    assertThat(Numbers.iso(Duration.ofMinutes(90))).isEqualTo("PT90M");
    assertThat(Numbers.iso(Duration.ofSeconds(45))).isEqualTo("PT45S");
    assertThat(Numbers.iso(Duration.ZERO)).isEqualTo("PT0S");
    // days and a remainder: as written in the file, not a count of hours
    assertThat(Numbers.iso(Duration.parse("P2DT12H"))).isEqualTo("P2DT12H");
    assertThat(Numbers.iso(Duration.parse("P4DT19H"))).isEqualTo("P4DT19H");
    assertThat(Numbers.iso(Duration.parse("P1DT30M"))).isEqualTo("P1DT30M");
    assertThat(Numbers.iso(Duration.parse("P1DT45S"))).isEqualTo("P1DT45S");
    // each reads back as the same duration
    for (String d : new String[] {"P2DT12H", "P1DT90M", "PT90M", "P30D"}) {
      assertThat(Duration.parse(Numbers.iso(Duration.parse(d)))).isEqualTo(Duration.parse(d));
    }
  }
}
