package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChartsTest {

  static List<double[]> points(String svg, String series) {
    Matcher m =
        Pattern.compile("data-series=\"" + Pattern.quote(series) + "\"[^>]*points=\"([^\"]+)\"")
            .matcher(svg);
    assertThat(m.find()).as(series).isTrue();
    List<double[]> out = new ArrayList<>();
    for (String p : m.group(1).split(" ")) {
      String[] xy = p.split(",");
      out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return out;
  }

  static List<double[]> panels(String svg) {
    Matcher m =
        Pattern.compile(
                "<g class=\"panel\" data-unit=\"([^\"]*)\" data-top=\"(\\d+)\" data-bottom=\"(\\d+)\" data-max=\"([^\"]+)\"")
            .matcher(svg);
    List<double[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(
          new double[] {
            Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3)),
            Double.parseDouble(m.group(4))
          });
    }
    return out;
  }

  @Test
  void timelinePointsAreTheSeriesValuesOnTheirOwnPanelsAxis() {
    double[] t = {0, 3600, 7200, 10800};
    double[] instances = {2, 4, 4, 3};
    double[] offered = {120, 480, 300, 60};
    String svg =
        Charts.timeline(
            "t",
            "title",
            t,
            List.of(
                new Charts.Panel("instances", List.of(new Svg.Series("in service", instances))),
                new Charts.Panel("req/s", List.of(new Svg.Series("offered", offered)))),
            List.of(new Charts.Marker(5400, "instance i-1 failed")),
            List.of(new Charts.Span(3600, 7200, "primary region down")));
    List<double[]> panels = panels(svg);
    assertThat(panels).hasSize(2);
    // each panel's axis reaches a round value above its own maximum: 4 instances, 480 req/s
    assertThat(panels.get(0)[2]).isEqualTo(5.0);
    assertThat(panels.get(1)[2]).isEqualTo(600.0);
    assertThat(panels.get(1)[0]).isGreaterThan(panels.get(0)[1]);
    List<double[]> a = points(svg, "in service");
    List<double[]> b = points(svg, "offered");
    assertThat(a).hasSize(4);
    for (int i = 0; i < 4; i++) {
      double[] p0 = panels.get(0);
      double[] p1 = panels.get(1);
      assertThat((p0[1] - a.get(i)[1]) / (p0[1] - p0[0]) * p0[2])
          .isCloseTo(instances[i], within(0.05));
      assertThat((p1[1] - b.get(i)[1]) / (p1[1] - p1[0]) * p1[2])
          .isCloseTo(offered[i], within(3.0));
      // x: 70 px margin, 670 px for 4 hours
      assertThat(a.get(i)[0]).isCloseTo(70 + 670 * t[i] / 14400, within(0.1));
    }
    // the marker at 1.5 h and the shaded hour from 1 h to 2 h
    assertThat(svg).contains("<g class=\"marker incident\" data-x=\"5400.0\"><line x1=\"321.3\"");
    assertThat(svg).contains("<title>day 0 01:30: instance i-1 failed</title>");
    assertThat(svg).contains("class=\"span\" x=\"237.5\"").contains("width=\"167.5\"");
    assertThat(svg).contains(">hour 4<").contains("in service (instances)").contains(">600<");
  }

  @Test
  void theSameSeriesKeepsItsColourWhicheverPanelsComeBefore() {
    Charts.Panel rates =
        new Charts.Panel("req/s", List.of(new Svg.Series("offered", new double[] {1})));
    String one =
        Charts.timeline(
            "a",
            "t",
            new double[] {0},
            List.of(new Charts.Panel("n", List.of(new Svg.Series("x", new double[] {1}))), rates),
            List.of(),
            List.of());
    String two =
        Charts.timeline(
            "b",
            "t",
            new double[] {0},
            List.of(
                new Charts.Panel(
                    "n",
                    List.of(
                        new Svg.Series("x", new double[] {1}),
                        new Svg.Series("y", new double[] {1}))),
                rates),
            List.of(),
            List.of());
    Pattern colour = Pattern.compile("data-series=\"offered\" fill=\"none\" stroke=\"([^\"]+)\"");
    Matcher m1 = colour.matcher(one);
    Matcher m2 = colour.matcher(two);
    assertThat(m1.find() && m2.find()).isTrue();
    assertThat(m1.group(1)).isEqualTo(m2.group(1));
  }

  @Test
  void everySeriesOfAFivePanelTimelineHasAColourOfItsOwn() {
    double[] v = {1, 2};
    java.util.function.Function<String, Svg.Series> s = n -> new Svg.Series(n, v);
    // the panels of a queue stage with a Lambda entry: the fifth panel's first place (3 * 4 = 12)
    // comes round to the first panel's colour
    String svg =
        Charts.timeline(
            "q",
            "t",
            new double[] {0, 60},
            List.of(
                new Charts.Panel("concurrent executions", List.of(s.apply("mean concurrency"))),
                new Charts.Panel("concurrent batches", List.of(s.apply("consumer concurrency"))),
                new Charts.Panel(
                    "msg/s",
                    List.of(s.apply("messages sent"), s.apply("failed"), s.apply("throttled"))),
                new Charts.Panel("messages", List.of(s.apply("queue backlog")), true),
                new Charts.Panel("seconds", List.of(s.apply("age of the oldest message")))),
            List.of(),
            List.of());
    Matcher m =
        Pattern.compile("data-series=\"([^\"]+)\" fill=\"none\" stroke=\"([^\"]+)\"").matcher(svg);
    java.util.Map<String, String> colours = new java.util.LinkedHashMap<>();
    while (m.find()) {
      colours.put(m.group(1), m.group(2));
    }
    assertThat(colours).hasSize(7);
    assertThat(new java.util.HashSet<>(colours.values())).hasSize(7);
    assertThat(colours.get("failed")).isEqualTo(Charts.FAILED_COLOUR);
    // the legend's swatches are the lines' colours, in the same order
    Matcher legend = Pattern.compile("<rect class=\"legend\"[^>]*fill=\"([^\"]+)\"").matcher(svg);
    List<String> swatches = new ArrayList<>();
    while (legend.find()) {
      swatches.add(legend.group(1));
    }
    assertThat(swatches).containsExactlyElementsOf(colours.values());
  }

  @Test
  void aZeroOnALogAxisIsDrawnOnItsOwnRowLabelledZeroNotOnTheLowestDecade() {
    // ten-million-users: stages with no failed request beside one with 1.53 per million
    String svg =
        Charts.scatter(
            "z",
            "t",
            List.of(
                new Charts.Point("none failed", 100, 0, 0, 0),
                new Charts.Point("some failed", 200, 0, 1.53, 0.2),
                new Charts.Point("many failed", 300, 0, 1200, 40)),
            new Charts.Axis("monthly cost", "$"),
            new Charts.Axis("failed requests per million", ""),
            false);
    assertThat(svg).contains("failed requests per million (log scale)");
    List<double[]> d = dots(svg);
    assertThat(d).hasSize(3);
    double zero = d.get(0)[1];
    double small = d.get(1)[1];
    // the lowest decade (1) is the axis' floor, where 1.53 sits just above; zero is under it
    assertThat(zero - small).as("zero below 1.53").isGreaterThan(Charts.ZERO_ROW / 2.0);
    Matcher row = Pattern.compile("<g class=\"zero-row\" data-y=\"([^\"]+)\"").matcher(svg);
    assertThat(row.find()).isTrue();
    assertThat(Double.parseDouble(row.group(1))).isCloseTo(zero, within(0.05));
    Matcher label =
        Pattern.compile("<text class=\"zero-tick\" x=\"[^\"]+\" y=\"([^\"]+)\"[^>]*>0</text>")
            .matcher(svg);
    assertThat(label.find()).as("the zero row is labelled 0").isTrue();
    assertThat(Double.parseDouble(label.group(1))).isCloseTo(zero + 4, within(0.05));
    // the lowest decade's tick is above the zero row, at its own place
    Matcher one = Pattern.compile("y=\"([0-9.]+)\"[^>]*text-anchor=\"end\">1</text>").matcher(svg);
    assertThat(one.find()).isTrue();
    assertThat(Double.parseDouble(one.group(1)) - 4).isBetween(small, zero - Charts.ZERO_ROW / 2.0);
    // without a zero, no such row
    assertThat(
            Charts.scatter(
                "n",
                "t",
                List.of(new Charts.Point("a", 1, 0, 1.5, 0), new Charts.Point("b", 2, 0, 900, 0)),
                new Charts.Axis("x", ""),
                new Charts.Axis("y", ""),
                false))
        .doesNotContain("zero-row");
  }

  @Test
  void aHistogramOfTrialsHasWholeNumberTicks() {
    String svg =
        Charts.histogram(
            "a",
            "t",
            List.of(new Charts.Bin(99, 99.5, 2), new Charts.Bin(99.5, 100, 1)),
            new Charts.Axis("availability", "%"),
            false,
            "trials",
            List.of());
    Matcher tick = Pattern.compile("text-anchor=\"end\">([^<]+)</text>").matcher(svg);
    List<String> ticks = new ArrayList<>();
    while (tick.find()) {
      ticks.add(tick.group(1));
    }
    assertThat(ticks).containsExactly("0", "1", "2");
  }

  static List<double[]> dots(String svg) {
    Matcher m =
        Pattern.compile("<circle class=\"point\" cx=\"([^\"]+)\" cy=\"([^\"]+)\"").matcher(svg);
    List<double[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    return out;
  }

  @Test
  void scatterPlacesPointsByValueOnLinearAndLogAxesWithWhiskers() {
    String svg =
        Charts.scatter(
            "s",
            "t",
            List.of(
                new Charts.Point("a", 1000, 100, 2000, 0),
                new Charts.Point("b", 2000, 0, 20, 5),
                new Charts.Point("c", 1500, 0, 200, 0)),
            new Charts.Axis("monthly cost", "$"),
            new Charts.Axis("failed per million", ""),
            true);
    List<double[]> d = dots(svg);
    assertThat(d).hasSize(3);
    // x linear from $0 (cost 2000 is twice 1000 from the axis' origin at x = 80)
    assertThat((d.get(1)[0] - 80) / (d.get(0)[0] - 80)).isCloseTo(2.0, within(0.01));
    // y logarithmic: 2000, 200, 20 are evenly spaced
    assertThat(d.get(2)[1] - d.get(0)[1]).isCloseTo(d.get(1)[1] - d.get(2)[1], within(0.2));
    assertThat(svg).contains("failed per million (log scale)").contains("monthly cost, US$");
    // a's cost whisker spans ± $100; b's availability whisker spans ± 5
    Matcher w = Pattern.compile("class=\"ci\" d=\"M([0-9.]+),[0-9.]+ H([0-9.]+)\"").matcher(svg);
    assertThat(w.find()).isTrue();
    double perDollar = (d.get(0)[0] - 80) / 1000;
    assertThat(Double.parseDouble(w.group(2)) - Double.parseDouble(w.group(1)))
        .isCloseTo(200 * perDollar, within(0.3));
    assertThat(svg).contains("class=\"front\"").contains("<title>a: monthly cost $1,000 ± $100, ");
  }

  @Test
  void histogramBarsAreAsTallAsTheirCountsAndLogSpacedBinsAreEquallyWide() {
    double r = Math.pow(10, 0.05);
    String svg =
        Charts.histogram(
            "h",
            "t",
            List.of(
                new Charts.Bin(10, 10 * r, 100),
                new Charts.Bin(100, 100 * r, 300),
                new Charts.Bin(1000, Double.POSITIVE_INFINITY, 50)),
            new Charts.Axis("latency", "ms"),
            true,
            "requests",
            List.of(new Charts.Marker(100, "p50")));
    Matcher m =
        Pattern.compile(
                "<rect class=\"bin\" x=\"([^\"]+)\" y=\"[^\"]+\" width=\"([^\"]+)\" height=\"([^\"]+)\"")
            .matcher(svg);
    List<double[]> bars = new ArrayList<>();
    while (m.find()) {
      bars.add(
          new double[] {
            Double.parseDouble(m.group(1)),
            Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3))
          });
    }
    assertThat(bars).hasSize(3);
    assertThat(bars.get(1)[2] / bars.get(0)[2]).isCloseTo(3.0, within(0.02));
    assertThat(bars.get(0)[1]).isCloseTo(bars.get(1)[1], within(0.15));
    // 10 to 100 is one decade of the three the axis spans (10 ms to 10 s)
    assertThat(bars.get(1)[0] - bars.get(0)[0]).isCloseTo(670 / 3.0, within(0.2));
    assertThat(svg).contains("latency, ms (log scale)").contains(">p50 100 ms<");
    assertThat(svg).contains("data-to=\"Infinity\"").contains("1.0k ms to more: 50 requests");
  }

  @Test
  void userTextInChartsIsEscaped() {
    String svg =
        Charts.scatter(
            "s",
            "<b>",
            List.of(new Charts.Point("<script>alert(1)</script>", 1, 0, 1, 0)),
            new Charts.Axis("x\"", ""),
            new Charts.Axis("y&", ""),
            false);
    assertThat(svg).doesNotContain("<script>").doesNotContain("<b>").contains("&lt;script&gt;");
  }

  @Test
  void ticksThatWouldReadTheSameAreWrittenInFull() {
    // one stage's cost interval spans $1 190-$1 200: every tick would read $1.2k
    assertThat(Charts.tickLabels(java.util.List.of(1190.0, 1192.5, 1195.0, 1197.5, 1200.0), "$"))
        .containsExactly("$1,190.0", "$1,192.5", "$1,195.0", "$1,197.5", "$1,200.0");
    assertThat(Charts.tickLabels(java.util.List.of(1190.0, 1195.0, 1200.0), "$"))
        .containsExactly("$1,190", "$1,195", "$1,200");
    // distinct short labels stay short
    assertThat(Charts.tickLabels(java.util.List.of(0.0, 1000.0, 2000.0), "$"))
        .containsExactly("$0", "$1k", "$2k");
  }
}
