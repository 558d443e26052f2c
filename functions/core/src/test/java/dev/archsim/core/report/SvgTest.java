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
        .contains(">4 u<");
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

  static List<Double> xs(String svg) {
    Matcher m = Pattern.compile("<rect class=\"bar\" x=\"([^\"]+)\"").matcher(svg);
    List<Double> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  @Test
  void barsSpanningDecadesUseALogAxisSoTheSmallOnesStayVisible() {
    String svg =
        Svg.stackedBars(
            "c",
            "t",
            List.of("small", "mid", "large"),
            List.of(new Svg.Series("x", new double[] {40, 4_000, 400_000})),
            "$");
    List<Double> w = widths(svg);
    // axis from $10 to $1M: 5 decades over 390 px, so each factor of 100 adds 2/5 of the width
    assertThat(w.get(1) - w.get(0)).isCloseTo(390 * 2 / 5.0, within(0.2));
    assertThat(w.get(2) - w.get(1)).isCloseTo(390 * 2 / 5.0, within(0.2));
    assertThat(svg).contains("(log scale)").contains(">$40<").contains(">$400k<");
    assertThat(svg).contains(">$10<").contains(">$1M<").doesNotContain(" $<");
  }

  @Test
  void aLinearAxisHasRoundTicksAndItsUnit() {
    String svg =
        Svg.stackedBars(
            "c", "t", List.of("a"), List.of(new Svg.Series("x", new double[] {87})), "ms");
    assertThat(svg).contains(">0<").contains(">20<").contains(">80<").contains(">ms<");
    assertThat(svg).doesNotContain("log scale").doesNotContain(">100<");
    String small =
        Svg.stackedBars(
            "c", "t", List.of("a", "b"), List.of(new Svg.Series("x", new double[] {1, 500})), "ms");
    assertThat(small)
        .contains(">1<")
        .contains(">1k<")
        .doesNotContain(">1.00<")
        .doesNotContain(">1.0k<");
  }

  @Test
  void theCiIsAWhiskerAroundTheMeanAndTheLabelIsTheMean() {
    String svg =
        Svg.barsWithCi(
            "u", "t", List.of("a", "b"), new double[] {4, 2}, new double[] {1, 0.5}, "per million");
    List<Double> w = widths(svg);
    assertThat(w.get(0) / w.get(1)).isCloseTo(2.0, within(0.01));
    Matcher m = Pattern.compile("class=\"ci\" d=\"M([0-9.]+),[0-9.]+ H([0-9.]+)").matcher(svg);
    assertThat(m.find()).isTrue();
    double perUnit = w.get(0) / 4;
    assertThat(Double.parseDouble(m.group(1)) - 220).isCloseTo(3 * perUnit, within(0.2));
    assertThat(Double.parseDouble(m.group(2)) - 220).isCloseTo(5 * perUnit, within(0.2));
    assertThat(svg).contains(">4.0 ± 1.0<").doesNotContain("zero for every stage");
    assertThat(
            Svg.barsWithCi(
                "u", "t", List.of("a"), new double[] {0}, new double[] {0}, "per million"))
        .contains("t — zero for every stage");
  }

  @Test
  void percentileSegmentsEndAtTheirValueAndTheTooltipSaysWhich() {
    String svg =
        Svg.percentiles(
            "l",
            "t",
            List.of("a"),
            List.of(
                new Svg.Series("p50", new double[] {10}),
                new Svg.Series("p99", new double[] {30}),
                new Svg.Series("p99.9", new double[] {40})),
            "ms");
    List<Double> w = widths(svg);
    assertThat(w.get(0) + w.get(1)).isCloseTo(390 * 30 / 40.0, within(0.2));
    assertThat(svg)
        .contains("<title>a p99: 30 ms</title>")
        .contains("<title>a p99.9: 40 ms</title>");
    assertThat(svg).doesNotContain("beyond");
  }

  @Test
  void manySeriesAreGroupedSoEveryColourNamesOneAndLegendsDoNotOverlap() {
    List<Svg.Series> many = new java.util.ArrayList<>();
    for (int k = 0; k < 28; k++) {
      many.add(new Svg.Series("component number " + k, new double[] {k + 1, 28 - k}));
    }
    String svg = Svg.stackedBars("c", "t", List.of("a", "b"), many, "$");
    Matcher fills = Pattern.compile("<rect class=\"legend\"[^>]*fill=\"([^\"]+)\"").matcher(svg);
    java.util.Set<String> colours = new java.util.HashSet<>();
    int entries = 0;
    while (fills.find()) {
      colours.add(fills.group(1));
      entries++;
    }
    assertThat(entries).isEqualTo(Svg.PALETTE.length);
    assertThat(colours).hasSize(entries);
    assertThat(svg).contains("other (17): ");
    // legend boxes (swatch + text width) do not overlap and stay inside the chart
    Matcher m =
        Pattern.compile(
                "<rect class=\"legend\" x=\"(\\d+)\" y=\"(\\d+)\"[^>]*data-width=\"(\\d+)\"")
            .matcher(svg);
    List<int[]> boxes = new java.util.ArrayList<>();
    while (m.find()) {
      boxes.add(
          new int[] {
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
          });
    }
    assertThat(boxes).hasSize(entries);
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        int[] a = boxes.get(i);
        int[] b = boxes.get(j);
        boolean sameRow = a[1] == b[1];
        boolean apart = a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0];
        assertThat(!sameRow || apart).as("legend %d and %d overlap", i, j).isTrue();
      }
    }
  }

  @Test
  void timelineTicksAreRoundDaysAndTheLastIsNotClipped() {
    double[] x = new double[30];
    for (int i = 0; i < 30; i++) {
      x[i] = i * 86400.0;
    }
    String svg = Svg.lines("t", "title", x, List.of(new Svg.Series("n", new double[30])), "count");
    assertThat(svg).contains(">day 0<", ">day 5<", ">day 10<", ">day 30<");
    assertThat(svg).doesNotContain(">day 6.0<").doesNotContain(">day 30.0<");
    assertThat(svg)
        .contains(
            "x=\"740.0\" y=\"196.0\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"end\">day 30<");
  }

  static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.api.Assertions.within(d);
  }
}
