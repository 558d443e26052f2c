package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Scenario;
import org.junit.jupiter.api.Test;

/** The report's table of a stage's inputs lists what the stage changes while it runs. */
class StageInputsTest {
  static String inputs(Scenario s, int stage) {
    StringBuilder h = new StringBuilder();
    HtmlReport.inputs(h, s, stage);
    return h.toString();
  }

  @Test
  void aStagesScheduledResizeIsListedWithWhenAndWhat() throws Exception {
    Scenario s = DiagramTest.scenario("whatisthetime.json");
    String second = inputs(s, 1);
    assertThat(second)
        .contains(
            "<td class=\"l\">scheduled changes (web)</td><td class=\"l\">t2.micro → m5.large, day 1</td>");
    // the stage before and the stage after resize nothing: no such row
    assertThat(inputs(s, 0)).doesNotContain("scheduled changes");
    assertThat(inputs(s, 2)).doesNotContain("scheduled changes");
  }
}
