package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code archsim optimize}: the answer, the scenario file it writes, its errors. */
class OptimizeCommandTest {
  static final Path EXAMPLE = Path.of("../../events/optimize/whatisthetime-stage7.json");
  final CliHarness cli = new CliHarness();

  @Test
  void findsTheBestDesignAndWritesItAsAScenarioThatRuns(@TempDir Path dir) throws Exception {
    Path best = dir.resolve("best.json");
    assertThat(
            cli.archsim(
                "optimize",
                EXAMPLE.toString(),
                "--trials",
                "4",
                "--workers",
                "2",
                "--best",
                best.toString()))
        .isZero();
    // the text answer fits 120 columns: the design and why under each row, long lines wrapped
    assertThat(cli.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThan(121));
    assertThat(cli.out())
        .contains("Search: racing over 90 designs (18 more ruled out by constraints)")
        .contains("Trials simulated: ")
        .contains("(exhaustive search: 360,")
        .contains("Best: instanceType=")
        .contains(" best ")
        .contains("outpriced");
    assertThat(cli.err()).contains("best design written to");
    // its stage is named after its values, e.g. "7-multi-az c5.large 2AZ x2 2RI spot 50%"
    assertThat(Files.readString(best))
        .containsPattern(
            "\"name\" : \"7-multi-az [a-z0-9]+\\.large [23]AZ x[123] [024]RI (spot 50%|no-spot)\"");
    cli.clearOut();
    assertThat(cli.archsim("validate", best.toString())).isZero();
    assertThat(cli.out()).contains("valid (1 stage, 4 trials each");
  }

  @Test
  void theAnswerAsJsonOrMarkdownToAFile(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("answer.json");
    assertThat(
            cli.archsim(
                "optimize",
                EXAMPLE.toString(),
                "--trials",
                "2",
                "--format",
                "json",
                "-o",
                json.toString()))
        .isZero();
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).contains("wrote " + json);
    com.fasterxml.jackson.databind.JsonNode answer =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    // the shape of GET /optimizations/{id}'s result: no report (that is --report)
    assertThat(answer.path("search").asText()).isEqualTo("racing");
    assertThat(answer.path("designs").asInt()).isEqualTo(90);
    assertThat(answer.path("best").path("status").asText()).isEqualTo("best");
    assertThat(answer.path("best").path("scenario").path("stages").size()).isEqualTo(1);
    assertThat(answer.path("designsListed").size()).isEqualTo(90);
    assertThat(answer.has("report")).isFalse();
    String best = answer.path("best").path("label").asText();
    cli.clearErr();
    Path md = dir.resolve("answer.md");
    assertThat(
            cli.archsim(
                "optimize",
                EXAMPLE.toString(),
                "--trials",
                "2",
                "--format",
                "markdown",
                "-o",
                md.toString()))
        .isZero();
    assertThat(Files.readString(md))
        .startsWith("## Optimisation")
        .contains("- Search: racing over 90 designs")
        .contains("| # | outcome | trials | cost $/month |")
        .contains("| best | 2 | ")
        .contains(best); // the same seed, the same answer
    assertThat(cli.archsim("optimize", EXAMPLE.toString(), "--format", "csv")).isEqualTo(2);
    assertThat(cli.err()).contains("--format: optimize writes text, json or markdown");
  }

  @Test
  void aScenarioWithoutADesignSpaceIsExit2WithThePath() {
    assertThat(cli.archsim("optimize", "../../events/scenarios/whatisthetime.json")).isEqualTo(2);
    assertThat(cli.err())
        .contains("$.designSpace: the scenario has no design space to optimise")
        .doesNotContain("Exception");
  }

  @Test
  void everyFlagProblemIsListedInOnePass() {
    assertThat(
            cli.archsim(
                "optimize",
                EXAMPLE.toString(),
                "--search",
                "fast",
                "--screen-trials",
                "1",
                "--budget-trials",
                "0",
                "--stage",
                "9"))
        .isEqualTo(2);
    assertThat(cli.err())
        .contains("--search: auto, racing, exhaustive, bounded or evolutionary; found 'fast'")
        .contains("--screen-trials: must be at least 2")
        .contains("--budget-trials: must be at least 1")
        .contains("9");
  }

  @Test
  void noDesignMeetingTheObjectivesIsExit1AndSaysSo(@TempDir Path dir) throws Exception {
    Path strict = dir.resolve("strict.json");
    Files.writeString(
        strict, Files.readString(EXAMPLE).replace("\"latencyP99Ms\": 250", "\"latencyP99Ms\": 5"));
    assertThat(cli.archsim("optimize", strict.toString(), "--trials", "2")).isEqualTo(1);
    assertThat(cli.out()).contains("Best: none").contains("p99 ").contains("above the target 5 ms");
    assertThat(cli.err()).contains("no design meets the objectives at 95 % confidence");
  }

  @Test
  void paretoRunsExhaustiveSearchAndPrintsTheFront(@TempDir Path dir) throws Exception {
    Path small = dir.resolve("small.json");
    Files.writeString(
        small,
        Files.readString(EXAMPLE)
            .replace("\"t3.large\",\n        \"m5.large\",\n        ", "")
            .replace(
                "\"reservedCount\": [\n        0,\n        2,\n        4\n      ]",
                "\"reservedCount\": [0, 4]"));
    Path report = dir.resolve("report.html");
    assertThat(
            cli.archsim(
                "optimize",
                small.toString(),
                "--trials",
                "2",
                "--pareto",
                "--report",
                report.toString()))
        .isZero();
    assertThat(cli.out())
        .contains("Search: exhaustive over 20 designs")
        .contains("Pareto front (cost, availability, p99; ")
        .contains("(best)");
    String html = Files.readString(report);
    assertThat(html)
        .contains("data-chart=\"pareto-p99\"")
        .contains("data-chart=\"pareto-availability\"")
        .contains("Pareto front, ")
        .contains(" (best)</text>")
        // the answer as a table of the finalists (no longer the text form in a <pre>)
        .contains("<table class=\"finalists\">")
        .contains("<tr class=\"best\">")
        .contains("<h2>The Pareto front</h2>")
        .doesNotContain("<pre>");
    assertThat(cli.err()).contains("report written to");
  }

  /** The example's 108 designs (before constraints) times 100 ASG maxima: 10 800 designs. */
  static String bigSpace() throws Exception {
    String text = Files.readString(EXAMPLE);
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      values.append(i == 0 ? "" : ", ").append(i);
    }
    return text.replace("\"choices\": {", "\"choices\": {\"autoScalingMax\": [" + values + "], ");
  }

  @Test
  void aSpaceTooLargeToEnumerateIsSearchedByEvolution(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.json");
    Files.writeString(big, bigSpace());
    assertThat(cli.archsim("optimize", big.toString(), "--search", "racing")).isEqualTo(2);
    assertThat(cli.err())
        .contains(
            "--search: the space holds 10800 designs; racing search enumerates at most 10000; use"
                + " --search evolutionary or auto")
        .doesNotContain("Exception");
    cli.clearErr();
    int code =
        cli.archsim(
            "optimize",
            big.toString(),
            "--trials",
            "2",
            "--population",
            "4",
            "--generations",
            "1",
            "--workers",
            "2");
    assertThat(code).as(cli.err()).isIn(0, 1);
    assertThat(cli.out())
        .contains(
            "Search: evolutionary (NSGA-II, population 4) over a space of 10800 designs: 1"
                + " generations screened ")
        .contains("Trials simulated: ");
  }
}
