package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stages' table of {@code archsim run} has the same headings in text and in Markdown. */
class StageTableHeadingsTest {
  private static final String WHATISTHETIME = "../../events/scenarios/whatisthetime.json";

  private static String run(String format) {
    CliHarness.Outcome o =
        CliHarness.run(
            "run",
            WHATISTHETIME,
            "--stage",
            "1",
            "--trials",
            "2",
            "--horizon",
            "P1D",
            "--quiet",
            "--format",
            format);
    assertThat(o.exit()).isZero();
    return o.out();
  }

  @Test
  void theTextTableHeadsItsColumnsAtTheirWidths() {
    assertThat(run("text"))
        .contains(
            "\n#  stage                        availability (95% CI)      failed req.   p50 ms"
                + "   p99 ms     $/month  objectives\n");
  }

  @Test
  void theMarkdownTableHasTheSameHeadings() {
    assertThat(run("markdown"))
        .contains(
            "| # | stage | availability (95% CI) | failed req. | p50 ms | p99 ms | $/month |"
                + " objectives |\n");
  }
}
