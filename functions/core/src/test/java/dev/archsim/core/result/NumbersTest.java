package dev.archsim.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.report.CompareReport;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * No figure prints as a negative zero: a value that rounds to zero at the precision shown is zero
 * ({@code +0.0}, {@code 0.0}), whatever its sign, while a value that shows a digit keeps its sign.
 */
class NumbersTest {
  @Test
  void aNegativeValueThatRoundsToZeroPrintsAsZero() {
    // what String.format does, and what the figures must not show
    assertThat(String.format(Locale.ROOT, "%+.1f", -0.00001)).isEqualTo("-0.0");
    assertThat(Numbers.format("p99 %+.1f ms,", -0.00001)).isEqualTo("p99 +0.0 ms,");
    assertThat(Numbers.format("%.1f", -0.0)).isEqualTo("0.0");
    assertThat(Numbers.format("[%.1f, %.1f]", -0.04, 0.04)).isEqualTo("[0.0, 0.0]");
    assertThat(Numbers.format("%8.1f|", -0.04)).isEqualTo("     0.0|");
    assertThat(Numbers.format("cost %+,.2f $/month", -0.004)).isEqualTo("cost +0.00 $/month");
    assertThat(Numbers.format("%+.4f pp", -1e-7)).isEqualTo("+0.0000 pp");
  }

  @Test
  void aValueThatShowsADigitKeepsItsSign() {
    assertThat(Numbers.format("%+.1f", -0.06)).isEqualTo("-0.1");
    assertThat(Numbers.format("%.3f", -0.0004)).isEqualTo("0.000");
    assertThat(Numbers.format("%.3f", -0.0006)).isEqualTo("-0.001");
    assertThat(Numbers.format("%+,.2f", -1234.5)).isEqualTo("-1,234.50");
    // other arguments are left alone, and each number is judged at its own precision
    assertThat(Numbers.format("%s → %s: %+,d, %+.1f, %.4f", "a", "b", -3L, -0.01, -0.01))
        .isEqualTo("a → b: -3, +0.0, -0.0100");
    assertThat(Numbers.format("%2$.1f %1$.1f", -0.5, -0.01)).isEqualTo("0.0 -0.5");
    assertThat(Numbers.format("%.1f%%", Double.NaN)).isEqualTo("NaN%");
  }

  @Test
  void compareIntervalsAndDifferencesShowNoNegativeZero() {
    // a p99 a few nanoseconds lower in some trials: the same to the precision shown
    double[] a = {119.9, 120.5, 118.25, 119.0};
    double[] b = {119.89999999, 120.5, 118.24999998, 119.0};
    PairedDifference d = PairedDifference.of(a, b, PairedDifference.Figure.P99.resolution);
    assertThat(d.mean()).isNegative();
    assertThat(d.low()).isNegative();
    assertThat(CompareReport.delta(PairedDifference.Figure.P99, d)).isEqualTo("+0.0 ± 0.0");
    assertThat(CompareReport.interval(PairedDifference.Figure.P99, d)).isEqualTo("[0.0, 0.0]");
    String table =
        CompareReport.table(
            List.of(
                new CompareReport.Stage(
                    "8  8-reserved-and-spot",
                    List.of(d, d, d, d, PairedDifference.of(a, b, 0.001)))));
    assertThat(table).doesNotContainPattern("-0\\.0+(?![0-9])");
  }
}
