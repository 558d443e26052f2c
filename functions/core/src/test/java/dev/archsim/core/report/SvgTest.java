package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgTest {

  static List<Double> widths(String svg) {
    Matcher m =
        Pattern.compile("<rect class=\"bar\" x=\"[^\"]+\" y=\"[^\"]+\" width=\"([^\"]+)\"")
            .matcher(svg);
    List<Double> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  @Test
  void stackedBarSegmentsAreProportionalToTheirValuesAndTheLongestBarFillsTheWidth() {
    String svg =
        Svg.stackedBars(
            "c",
            "title",
            List.of("a", "b"),
            List.of(
                new Svg.Series("x", new double[] {1, 2}), new Svg.Series("y", new double[] {3, 0})),
            "u");
    List<Double> w = widths(svg);
    assertThat(w).hasSize(3); // a: x and y; b: x only (a zero segment is not drawn)
    assertThat(w.get(1) / w.get(0)).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.01));
    assertThat(w.get(0) + w.get(1))
        .isCloseTo(760 - 220 - 150, org.assertj.core.api.Assertions.within(0.2));
    assertThat(svg)
        .startsWith("<svg class=\"chart\" data-chart=\"c\"")
        .endsWith("</svg>")
        .contains(">4.00 u<");
  }

  @Test
  void textIsEscaped() {
    String svg =
        Svg.stackedBars(
            "c",
            "<script>&",
            List.of("\"quoted\""),
            List.of(new Svg.Series("s", new double[] {1})),
            "u");
    assertThat(svg)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;&amp;")
        .contains("&quot;quoted&quot;");
  }

  @Test
  void lineChartsPlotEveryPointInsideTheAxes() {
    double[] x = {0, 3600, 7200, 10800};
    String svg =
        Svg.lines(
            "t", "title", x, List.of(new Svg.Series("n", new double[] {1, 2, 3, 2})), "count");
    Matcher m = Pattern.compile("points=\"([^\"]+)\"").matcher(svg);
    assertThat(m.find()).isTrue();
    String[] points = m.group(1).split(" ");
    assertThat(points).hasSize(4);
    for (String p : points) {
      double px = Double.parseDouble(p.split(",")[0]);
      double py = Double.parseDouble(p.split(",")[1]);
      assertThat(px).isBetween(60.0, 740.0);
      assertThat(py).isBetween(34.0, 180.0);
    }
  }

  @Test
  void humanNumbersAreCompact() {
    assertThat(Svg.human(1_234_567)).isEqualTo("1.23M");
    assertThat(Svg.human(4_800)).isEqualTo("4.8k");
    assertThat(Svg.human(0.5)).isEqualTo("0.50");
  }
}
