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
}
