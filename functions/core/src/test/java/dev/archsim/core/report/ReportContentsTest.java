package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.result.ResultView;
import dev.archsim.engine.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report's table of contents and its summary table, on the library: every section written is
 * listed, and the summary says which objectives a stage missed, by how much, and P(all met) with
 * its interval.
 */
class ReportContentsTest {
  private static final Pattern HEADING =
      Pattern.compile(
          "(?:<section class=\"stage\" id=\"([^\"]+)\"><h2>|<h2 id=\"([^\"]+)\">|<h2>)(.*?)</h2>");
  private static final Pattern LINK = Pattern.compile("<li><a href=\"#([^\"]+)\">(.*?)</a></li>");

  static String report(String file, boolean wholeHorizon) throws Exception {
    Scenario s = ReportChartsTest.scenario(file, 2);
    if (!wholeHorizon) {
      s = s.withRun(s.run().withHorizon(Duration.ofDays(1)));
    }
    ResultView view = new ResultView(ReportChartsTest.result(s));
    return HtmlReport.render(s, view, Reports.timelines(s, view));
  }

  /** Each heading of the page as "id title" (an h2 without an id: "- title"). */
  static List<String> headings(String body) {
    List<String> out = new ArrayList<>();
    Matcher m = HEADING.matcher(body);
    while (m.find()) {
      String id = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "-";
      out.add(id + " " + m.group(3).replaceAll("<[^>]*>", ""));
    }
    return out;
  }

  static List<String> contents(String html) {
    String nav = html.substring(html.indexOf("<nav id=\"toc\">"), html.indexOf("</nav>"));
    List<String> out = new ArrayList<>();
    Matcher m = LINK.matcher(nav);
    while (m.find()) {
      out.add(m.group(1) + " " + m.group(2));
    }
    return out;
  }

  @Test
  void theContentsListEverySectionOfEveryLibraryReport() throws Exception {
    List<String> files;
    try (var list = Files.list(Path.of("../../events/scenarios"))) {
      files = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    for (String file : files) {
      // dr-strategies' outages (day 10) need its whole horizon for its Recovery section
      String html = report(file, file.equals("dr-strategies.json"));
      String body = html.substring(html.indexOf("</nav>"));
      List<String> headings = headings(body);
      assertThat(contents(html)).as(file).isEqualTo(headings).isNotEmpty();
      assertThat(headings).as(file).noneMatch(h -> h.startsWith("- "));
      if (file.equals("dr-strategies.json")) {
        assertThat(contents(html))
            .as(file)
            .contains("recovery-title Recovery (region and database failovers)");
      }
    }
  }

  @Test
  void theSummarySaysWhichObjectivesWereMissedByHowMuchAndPWithItsInterval() throws Exception {
    // over a day, with 2 trials, one stage of three-tier-10m-pv is over its $1,500 budget
    String html = report("three-tier-10m-pv.json", false);
    Matcher table =
        Pattern.compile("<table class=\"data\" id=\"summary\">(.*?)</table>", Pattern.DOTALL)
            .matcher(html);
    assertThat(table.find()).isTrue();
    List<String> cells = new ArrayList<>();
    Matcher row =
        Pattern.compile("<td class=\"l\">((?:(?!</td>).)*)</td></tr>").matcher(table.group(1));
    while (row.find()) {
      cells.add(row.group(1).replaceAll("<[^>]*>", ""));
    }
    assertThat(cells).isNotEmpty();
    // 2 trials: P(all met) is 0, 0.5 or 1 with its Wilson interval, as the command line prints it
    assertThat(cells)
        .allMatch(
            c ->
                c.matches(
                    ".*; P\\(all met\\) (0\\.00|0\\.50|1\\.00) \\[\\d\\.\\d\\d, \\d\\.\\d\\d\\]"),
            "P(all met) with its interval");
    // a missed objective is named with by how much, as the stage's Objectives table says it
    assertThat(cells).anyMatch(c -> c.startsWith("missed: "));
    for (String c : cells) {
      if (c.startsWith("missed: ")) {
        assertThat(c)
            .containsPattern("^missed: (.+ \\((short|over) by [^)]+\\)(, |; ))+P\\(all met\\)");
      }
    }
    assertThat(cells)
        .anyMatch(c -> c.matches("missed: monthly budget \\(over by \\$[0-9,.]+\\); .*"));
  }

  @Test
  void durationsInTheRecoveryAndIncidentsTablesReadAsTheObjectivesWriteThem() throws Exception {
    // 12,750.5 s of RTO is 3.5 h, as the stage's Objectives table says it
    assertThat(HtmlReport.durationCell(12_750.5)).isEqualTo("<td title=\"12,750.5 s\">3.5 h</td>");
    assertThat(HtmlReport.durationCell(1_170)).isEqualTo("<td title=\"1,170.0 s\">19.5 min</td>");
    assertThat(HtmlReport.durationCell(45)).isEqualTo("<td title=\"45.0 s\">45.0 s</td>");
    assertThat(HtmlReport.durationCell(Double.NaN)).isEqualTo("<td>–</td>");
    String html = report("dr-strategies.json", true);
    Matcher recovery =
        Pattern.compile("<table class=\"data\" id=\"recovery\">(.*?)</table>", Pattern.DOTALL)
            .matcher(html);
    assertThat(recovery.find()).isTrue();
    Matcher incidents =
        Pattern.compile("<table class=\"data incidents\">(.*?)</table>", Pattern.DOTALL)
            .matcher(html);
    List<String> tables = new ArrayList<>(List.of(recovery.group(1)));
    while (incidents.find()) {
      tables.add(incidents.group(1));
    }
    assertThat(tables).hasSizeGreaterThan(4);
    Pattern cell = Pattern.compile("<td title=\"([0-9,.]+) s\">([^<]+)</td>");
    int durations = 0;
    boolean hours = false;
    for (String t : tables) {
      // no header in raw seconds any more
      assertThat(t).doesNotContainPattern("<th>[^<]* s</th>");
      Matcher m = cell.matcher(t);
      while (m.find()) {
        durations++;
        double seconds = Double.parseDouble(m.group(1).replace(",", ""));
        assertThat(m.group(2))
            .as("%s s", m.group(1))
            .isEqualTo(dev.archsim.core.result.ObjectiveText.duration(seconds))
            .matches("\\d+\\.\\d (s|min|h)");
        hours |= m.group(2).endsWith(" h");
      }
    }
    // dr-strategies' region outage: recoveries of hours, each written in hours
    assertThat(durations).isGreaterThan(8);
    assertThat(hours).isTrue();
  }
}
