package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.result.ResultView;
import dev.archsim.engine.model.Scenario;
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

  static String report(String file, boolean wholeHorizon) throws Exception {
    Scenario s = ReportChartsTest.scenario(file, 2);
    if (!wholeHorizon) {
      s = s.withRun(s.run().withHorizon(Duration.ofDays(1)));
    }
    ResultView view = new ResultView(ReportChartsTest.result(s));
    return HtmlReport.render(s, view, Reports.timelines(s, view));
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
