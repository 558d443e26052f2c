package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.result.ResultView;
import dev.archsim.engine.model.Scenario;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overview's numbers as the rendered report writes them: every axis tick in one form (1, 10,
 * 1k, 1M; never 1.0k or 1.00M), every bar's figure to three significant digits, and each stage's
 * unavailability as a mean and its half-width at the same precision. On WhatIsTheTime, whose stages
 * run from 355 k failed requests per million to a few, and ten-million-users, whose costs run from
 * $40 to $696 k.
 */
class OverviewLabelsTest {
  /** The overview's charts of each report: chart id to the texts of its SVG, in order. */
  private static final List<Map<String, List<String>>> OVERVIEWS = new ArrayList<>();

  private static final Pattern CHART =
      Pattern.compile("<svg[^>]*data-chart=\"([^\"]+)\"(.*?)</svg>", Pattern.DOTALL);
  private static final Pattern TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");

  /** A tick: a whole number or a decimal without trailing zeros, then k, M or G, after a $. */
  private static final Pattern TICK = Pattern.compile("\\$?-?(0|[1-9]\\d*)(\\.\\d*[1-9])?[kMG]?");

  /** A figure of three significant digits (or a whole number under 1 000), k/M/G past 1 000. */
  private static final Pattern FIGURE =
      Pattern.compile(
          "\\$?(\\d{1,3}|\\d\\.\\d\\d|\\d\\d\\.\\d|0\\.0*[1-9]\\d\\d|(\\d\\.\\d\\d|\\d\\d\\.\\d|\\d{3})[kMG])");

  @BeforeAll
  static void render() throws Exception {
    for (String file : List.of("whatisthetime.json", "ten-million-users.json")) {
      Scenario s = ReportChartsTest.scenario(file, 3);
      String html = Reports.html(s, new ResultView(ReportChartsTest.result(s)));
      int from = html.indexOf("id=\"overview\"");
      int to = html.indexOf("<h2", from + 10);
      Map<String, List<String>> charts = new LinkedHashMap<>();
      Matcher m = CHART.matcher(html.substring(from, to));
      while (m.find()) {
        List<String> texts = new ArrayList<>();
        Matcher t = TEXT.matcher(m.group(2));
        while (t.find()) {
          texts.add(t.group(1).replace("&amp;", "&"));
        }
        charts.put(m.group(1), texts);
      }
      assertThat(charts).containsKeys("unavailability", "cost", "latency", "failed-by-cause");
      OVERVIEWS.add(charts);
    }
  }

  /** The texts between the chart's title and its axis name: the ticks. */
  private static List<String> ticks(List<String> texts, String axisName) {
    int end = -1;
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i).startsWith(axisName)) {
        end = i;
        break;
      }
    }
    assertThat(end).as("axis " + axisName + " in " + texts).isPositive();
    return texts.subList(1, end);
  }

  @Test
  void everyTickOfEveryOverviewBarChartReadsAsARoundNumber() {
    Map<String, String> axisNames =
        Map.of(
            "unavailability", "per million",
            "cost", "US$",
            "latency", "ms",
            "failed-by-cause", "% of the stage");
    for (Map<String, List<String>> charts : OVERVIEWS) {
      for (var axis : axisNames.entrySet()) {
        List<String> ticks = ticks(charts.get(axis.getKey()), axis.getValue());
        assertThat(ticks).as(axis.getKey()).hasSizeGreaterThan(2);
        assertThat(ticks).as(axis.getKey()).allMatch(t -> TICK.matcher(t).matches());
        assertThat(ticks).as(axis.getKey()).doesNotHaveDuplicates();
      }
    }
    // the log axis of WhatIsTheTime's unavailability reads 1 10 100 1k 10k 100k 1M
    assertThat(ticks(OVERVIEWS.get(0).get("unavailability"), "per million"))
        .containsExactly("1", "10", "100", "1k", "10k", "100k", "1M");
  }

  @Test
  void unavailabilityIsTheMeanAndItsHalfWidthAtTheSamePrecision() {
    Pattern meanCi =
        Pattern.compile("(\\d{1,3}(?:,\\d{3})*)(?:\\.(\\d+))? ± (\\d[\\d,]*)(?:\\.(\\d+))?");
    int withCi = 0;
    for (Map<String, List<String>> charts : OVERVIEWS) {
      for (String t : charts.get("unavailability")) {
        Matcher m = meanCi.matcher(t);
        if (!m.matches()) {
          continue;
        }
        withCi++;
        String meanDecimals = m.group(2) == null ? "" : m.group(2);
        String ciDecimals = m.group(4) == null ? "" : m.group(4);
        assertThat(meanDecimals.length()).as(t).isEqualTo(ciDecimals.length());
        // the half-width to at most two significant digits
        BigDecimal ci = new BigDecimal((m.group(3) + "." + ciDecimals).replace(",", ""));
        assertThat(ci.stripTrailingZeros().precision()).as(t).isLessThanOrEqualTo(2);
        assertThat(t).doesNotContain("k").doesNotContain("M").doesNotContain("per million");
      }
    }
    // every stage of both scenarios but those failing nothing in every trial has an interval
    assertThat(withCi).isGreaterThanOrEqualTo(10);
  }

  @Test
  void everyBarsFigureHasThreeSignificantDigits() {
    for (Map<String, List<String>> charts : OVERVIEWS) {
      // the figures after the bars: the texts that start with $ after the axis name
      List<String> cost = charts.get("cost");
      int axis = ticks(cost, "US$").size() + 1;
      List<String> costs =
          cost.subList(axis + 1, cost.size()).stream().filter(t -> t.startsWith("$")).toList();
      assertThat(costs).isNotEmpty().allMatch(t -> FIGURE.matcher(t).matches());
      List<String> failed =
          charts.get("failed-by-cause").stream()
              .filter(t -> t.endsWith(" failed") && !t.equals("none failed"))
              .map(t -> t.substring(0, t.length() - " failed".length()))
              .toList();
      assertThat(failed).isNotEmpty().allMatch(t -> FIGURE.matcher(t).matches());
      List<String> p999 =
          charts.get("latency").stream()
              .filter(t -> t.startsWith("p99.9 "))
              .map(t -> t.substring(6, t.length() - " ms".length()))
              .toList();
      assertThat(p999).isNotEmpty().allMatch(t -> FIGURE.matcher(t).matches());
    }
    // ten-million-users' last stage costs $696 392 a month: $696k, not $696.4k
    assertThat(OVERVIEWS.get(1).get("cost")).contains("$696k");
  }

  @Test
  void figuresAndIntervalsAreFormattedAlike() {
    assertThat(Svg.figure(40.13)).isEqualTo("40.1");
    assertThat(Svg.figure(62)).isEqualTo("62");
    assertThat(Svg.figure(1_034)).isEqualTo("1.03k");
    assertThat(Svg.figure(40_012)).isEqualTo("40.0k");
    assertThat(Svg.figure(696_392.38)).isEqualTo("696k");
    assertThat(Svg.figure(999_600)).isEqualTo("1.00M");
    assertThat(Svg.figure(73_740_000)).isEqualTo("73.7M");
    assertThat(Svg.figure(0.001234)).isEqualTo("0.00123");
    assertThat(Svg.figureWithUnit(1_034, "$")).isEqualTo("$1.03k");
    assertThat(Svg.meanAndCi(1_197.34, 3.34, "per million")).isEqualTo("1,197.3 ± 3.3");
    assertThat(Svg.meanAndCi(1_432.7, 332, "per million")).isEqualTo("1,430 ± 330");
    // the half-width to two digits unless finer than the mean's seventh
    assertThat(Svg.meanAndCi(355_577.2389, 0.37, "per million")).isEqualTo("355,577.2 ± 0.4");
    assertThat(Svg.meanAndCi(14.615162, 0.000001, "$")).isEqualTo("$14.61516 ± $0.00000");
    assertThat(Svg.meanAndCi(98, 193, "")).isEqualTo("100 ± 190");
    assertThat(Svg.meanAndCi(409.11, 0.066, "$")).isEqualTo("$409.110 ± $0.066");
    assertThat(Svg.meanAndCi(6.53, 0, "per million")).isEqualTo("6.53");
  }
}
