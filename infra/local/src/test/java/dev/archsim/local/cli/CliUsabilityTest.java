package dev.archsim.local.cli;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.archsim.core.result.PairedDifference;
import dev.archsim.core.result.ResultCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a new user meets on the command line: help, formats, flag errors, objectives, compare. */
class CliUsabilityTest {
  static final String WHATISTHETIME = "../../events/scenarios/whatisthetime.json";
  static final ObjectMapper JSON = new ObjectMapper();
  final CliHarness cli = new CliHarness();

  /** The README's complete minimal example (two m5.large behind an ALB, a $200 budget). */
  static String minimalExample() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"));
    int at = readme.indexOf("## A complete minimal example");
    int from = readme.indexOf("```json", at) + "```json".length();
    return readme.substring(from, readme.indexOf("```", from));
  }

  // ------------------------------------------------------------------ help, version, completion

  @Test
  void everyCommandAnswersHelpWithExamplesAndExitsZero() {
    CommandLine root = ArchsimCommand.commandLine();
    for (String name : root.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      for (String flag : List.of("--help", "-h")) {
        cli.clearOut();
        assertThat(cli.archsim(name, flag)).as(name + " " + flag + ": " + cli.err()).isZero();
        assertThat(cli.out()).as(name).contains("Usage: archsim " + name);
      }
      assertThat(cli.out()).as(name).containsPattern("Examples[^\\n]*:");
      cli.clearOut();
      assertThat(cli.archsim("help", name)).as("help " + name).isZero();
      assertThat(cli.out()).contains("Usage: archsim " + name);
    }
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void versionNamesTheBuildThePriceBookAndTheJdk() {
    assertThat(cli.archsim("--version")).isZero();
    assertThat(cli.out())
        .contains("archsim " + Versions.archsim())
        .contains("price book " + dev.archsim.engine.catalog.Catalog.PRICE_BOOK_VERSION)
        .contains("Java " + System.getProperty("java.version"));
    assertThat(Versions.archsim()).isNotEqualTo("unknown").doesNotContain("${");
  }

  @Test
  void completionScriptsCoverEveryCommandForBashAndZsh() {
    assertThat(cli.archsim("completion", "bash")).isZero();
    String bash = cli.out();
    assertThat(bash).contains("complete -F _complete_archsim");
    for (String cmd : List.of("validate", "run", "compare", "explain", "new", "schema")) {
      assertThat(bash).contains(cmd);
    }
    assertThat(bash).contains("--format").contains("whatisthetime");
    cli.clearOut();
    assertThat(cli.archsim("completion", "zsh")).isZero();
    assertThat(cli.out()).contains("bashcompinit");
    assertThat(cli.archsim("completion", "fish")).isEqualTo(2);
  }

  @Test
  void aMistypedFlagIsExitTwoWithTheNearestFlag() {
    assertThat(cli.archsim("run", WHATISTHETIME, "--trails", "5")).isEqualTo(2);
    assertThat(cli.err()).contains("--trails").contains("--trials").contains("archsim run --help");
  }

  // ------------------------------------------------------------------ flag errors, exit 2

  @Test
  void zeroWorkersIsAFlagError() {
    assertThat(cli.archsim("run", WHATISTHETIME, "--workers", "0")).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo("--workers 0: must be between 1 and 1024" + System.lineSeparator())
        .doesNotContain("maximumPoolSize");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aReportInAMissingDirectoryIsRefusedBeforeSimulating(@TempDir Path dir) {
    Path report = dir.resolve("missing/r.html");
    // a run of 100 000 trials of a year would take hours: an answer at all shows nothing ran
    assertThat(
            cli.archsim(
                "run",
                WHATISTHETIME,
                "--report",
                report.toString(),
                "--trials",
                "100000",
                "--horizon",
                "P366D",
                "--stage",
                "9"))
        .isEqualTo(2);
    // every problem in one pass: the flag and the stage
    assertThat(cli.err()).contains("--stage 9: no such stage");
    assertThatWrapped(cli.err())
        .contains(
            "--report "
                + report
                + ": the directory "
                + report.getParent().toAbsolutePath()
                + " does not exist");
  }

  @Test
  void everyBadFlagIsReportedInOnePassNotOnlyTheFirstPicocliMeets(@TempDir Path dir) {
    // values of the wrong kind (picocli's), and the run's own checks, before any work: 100 000
    // trials of a year would take hours, an answer at all shows nothing ran
    assertThat(
            cli.archsim(
                "run",
                WHATISTHETIME,
                "--format",
                "yaml",
                "--trials",
                "abc",
                "--seed",
                "x",
                "--horizon",
                "P400D",
                "--stage",
                "9",
                "--report",
                dir.resolve("missing/r.html").toString()))
        .isEqualTo(2);
    assertThat(cli.err())
        .contains("--format yaml: must be one of: text, json, csv, markdown")
        .contains("--trials abc: must be a whole number")
        .contains("--seed x: must be a whole number")
        .contains("--horizon P400D: must be at most P366D")
        .contains("--stage 9: no such stage")
        .contains("--report " + dir.resolve("missing/r.html"))
        .doesNotContain("Invalid value");
    assertThat(cli.out()).isEmpty();
    // a command without checks of its own: every problem picocli met, then where to read more
    cli.clearErr();
    assertThat(cli.archsim("validate", WHATISTHETIME, "--format", "yaml", "--quiett")).isEqualTo(2);
    assertThat(cli.err())
        .contains("--format yaml: must be one of: text, json, csv, markdown")
        .contains("Unknown option: '--quiett'")
        .contains("--quiet")
        .contains("Try 'archsim validate --help' for more.");
    // compare's flags, both files checked, nothing simulated
    cli.clearErr();
    assertThat(
            cli.archsim(
                "compare", WHATISTHETIME, WHATISTHETIME, "--trials", "0", "--workers", "many"))
        .isEqualTo(2);
    assertThat(cli.err())
        .contains("--workers many: must be a whole number")
        .contains("--trials 0: must be between 1 and 100,000");
  }

  @Test
  void trialsAndHorizonBeyondTheLimitsAreSaidAsTyped() {
    assertThat(cli.archsim("run", WHATISTHETIME, "--trials", "200000", "--horizon", "P400D"))
        .isEqualTo(2);
    assertThat(cli.err())
        .contains("--trials 200000: must be between 1 and 100,000")
        .contains("--horizon P400D: must be at most P366D")
        .doesNotContain("$.run")
        .doesNotContain("PT9600H");
    cli.clearErr();
    assertThat(cli.archsim("run", WHATISTHETIME, "--horizon", "30 days")).isEqualTo(2);
    assertThat(cli.err()).contains("--horizon 30 days: not a duration; write").contains("P30D");
  }

  @Test
  void aStageIsChosenByNumberAndAnUnknownOneListsTheNames() throws Exception {
    assertThat(
            cli.archsim(
                "run",
                WHATISTHETIME,
                "--stage",
                "8",
                "--trials",
                "2",
                "--horizon",
                "P1D",
                "--format",
                "json"))
        .as(cli.err())
        .isZero();
    JsonNode r = JSON.readTree(cli.out());
    assertThat(r.get("stages")).hasSize(1);
    assertThat(r.at("/stages/0/name").asText()).isEqualTo("8-reserved-and-spot");
    assertThat(cli.archsim("run", WHATISTHETIME, "--stage", "9")).isEqualTo(2);
    assertThat(cli.err())
        .contains(
            "--stage 9: no such stage; give a name or a number:\n"
                + "  1 1-t2.micro-elastic-ip, 2 2-vertical-m5.large")
        .contains("8 8-reserved-and-spot");
    cli.clearErr();
    assertThat(cli.archsim("run", WHATISTHETIME, "--stage", "7-mutli-az")).isEqualTo(2);
    assertThat(cli.err()).contains("(did you mean '7-multi-az'?)");
  }

  /**
   * A stage run alone draws the same trials as in a run of the whole file with the same seed: its
   * random streams are keyed by its place in the file, not among the stages chosen. Stage 8 (spot
   * interruptions, random failures) over 3 days, compared figure by figure.
   */
  @Test
  void aStageRunAloneGivesWhatTheWholeFileGivesIt() throws Exception {
    assertThat(
            cli.archsim(
                "run",
                WHATISTHETIME,
                "--trials",
                "4",
                "--horizon",
                "P3D",
                "--seed",
                "7",
                "--format",
                "json"))
        .as(cli.err())
        .isZero();
    JsonNode all = JSON.readTree(cli.out()).at("/stages/7");
    cli.clearOut();
    assertThat(
            cli.archsim(
                "run",
                WHATISTHETIME,
                "--stage",
                "8",
                "--trials",
                "4",
                "--horizon",
                "P3D",
                "--seed",
                "7",
                "--format",
                "json"))
        .as(cli.err())
        .isZero();
    JsonNode one = JSON.readTree(cli.out()).at("/stages/0");
    assertThat(one.get("name").asText()).isEqualTo("8-reserved-and-spot");
    assertThat(all.get("name").asText()).isEqualTo("8-reserved-and-spot");
    for (String figure :
        new String[] {"requests", "availability", "cost", "incidents", "latencyMs"}) {
      assertThat(one.get(figure)).as(figure).isEqualTo(all.get(figure));
    }
  }

  // ------------------------------------------------------------------ objectives

  @Test
  void theMinimalExampleSaysItMissesItsBudgetAndByHowMuch(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("min.json");
    Files.writeString(file, minimalExample());
    assertThat(cli.archsim("run", file.toString(), "--trials", "10", "--horizon", "P7D", "--check"))
        .isEqualTo(1);
    JsonNode json = resultOf(file, "--trials", "10", "--horizon", "P7D");
    double cost = json.at("/stages/0/cost/monthlyUsd").asDouble();
    assertThat(cost).isGreaterThan(200);
    String over = String.format(java.util.Locale.ROOT, "(over by $%,.2f)", cost - 200);
    assertThat(cli.out())
        .contains(
            "✗ monthly budget $"
                + String.format(java.util.Locale.ROOT, "%,.2f", cost)
                + " > $200.00 target "
                + over)
        .contains("✓ availability")
        // 10 trials all over budget: P = 0 with a Wilson interval, not a bare 0.00
        .contains("P(all met) 0.00 [0.00, 0.28] of 10 trials");
    assertThat(cli.err()).contains("objectives missed by alb-2-azs: monthly budget");
  }

  JsonNode resultOf(Path file, String... flags) throws Exception {
    String[] args = new String[flags.length + 4];
    args[0] = "run";
    args[1] = file.toString();
    args[2] = "--format";
    args[3] = "json";
    System.arraycopy(flags, 0, args, 4, flags.length);
    CliHarness.Outcome run = CliHarness.run(args);
    assertThat(run.exit()).isIn(0, 1);
    return JSON.readTree(run.out());
  }

  // ------------------------------------------------------------------ formats and output

  @Test
  void runFormatsAreParseableAndTheJsonMatchesThePublishedSchema(@TempDir Path dir)
      throws Exception {
    String[] common = {
      "--stage", "1", "--stage", "7", "--trials", "3", "--horizon", "P1D", "--quiet"
    };
    Path csv = dir.resolve("stages.csv");
    assertThat(
            cli.archsim(
                concat(
                    new String[] {"run", WHATISTHETIME, "--format", "csv", "-o", csv.toString()},
                    common)))
        .isZero();
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).isEmpty(); // --quiet: not even "wrote ..."
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("stage,trials,availability,availability_ci95,failed_requests");
    assertThat(lines.get(1)).startsWith("1-t2.micro-elastic-ip,3,");
    assertThat(lines.get(1).split(",", -1)).hasSize(16);
    assertThat(lines.get(1).split(",", -1)[11]).isIn("met", "missed");
    assertThat(
            cli.archsim(
                concat(new String[] {"run", WHATISTHETIME, "--format", "markdown"}, common)))
        .isZero();
    assertThat(cli.out())
        .contains("| # | stage | availability (95% CI) |")
        .contains("| --- |")
        .contains("| 7 | 7-multi-az |");
    cli.clearOut();
    assertThat(cli.archsim(concat(new String[] {"run", WHATISTHETIME, "--json"}, common))).isZero();
    JsonNode result = JSON.readTree(cli.out());
    assertThat(result.get("version").asInt()).isEqualTo(1);
    assertThat(
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(ResultCodec.resultSchemaText())
                .validate(result))
        .isEmpty();
    cli.clearOut();
    assertThat(cli.archsim("schema", "--result")).isZero();
    assertThat(JSON.readTree(cli.out()).get("title").asText()).contains("result, version 1");
  }

  @Test
  void validateListsEveryProblemInOnePassInEveryFormat(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad,
        minimalExample()
            .replace("\"horizon\": \"P30D\"", "\"horizon\": \"30 days\"")
            .replace("\"intervalSeconds\": 10", "\"intervalSecs\": 10")
            .replace("\"instanceType\": \"m5.large\"", "\"instanceType\": \"m5.larg\""));
    assertThat(cli.archsim("validate", bad.toString(), "--format", "json")).isEqualTo(2);
    JsonNode v = JSON.readTree(cli.out());
    assertThat(v.get("valid").asBoolean()).isFalse();
    assertThat(v.get("problems")).hasSize(3);
    assertThat(v.get("problems").get(0).get("message").asText())
        .contains("is not a duration; write");
    assertThat(v.get("problems").get(1).get("message").asText())
        .contains("did you mean 'intervalSeconds'");
    assertThat(v.get("problems").get(2).get("message").asText())
        .containsPattern("did you mean '?m5.large");
    cli.clearErr();
    assertThat(cli.archsim("validate", bad.toString())).isEqualTo(2);
    assertThat(cli.err()).endsWith(bad + ": 3 problems" + System.lineSeparator());
    cli.clearOut();
    assertThat(cli.archsim("validate", bad.toString(), "--format", "csv")).isEqualTo(2);
    assertThat(cli.out().split("\r\n")).hasSize(4);
    cli.clearOut();
    assertThat(cli.archsim("validate", WHATISTHETIME)).isZero();
    assertThat(cli.out()).contains("valid (8 stages, 100 trials each, horizon P30D)");
  }

  @Test
  void standardInputIsReadForADash() {
    cli.stdin(
        """
        version: 1
        name: from stdin
        workload: {requestsPerSecond: 5, profile: {cpuMsPerRequest: 10}}
        stages:
          - name: one
            architecture:
              region: us-east-1
              azs: [us-east-1a]
              entry: {type: alb}
              compute: {instanceType: m5.large, countPerAz: 2}
        """
            .getBytes(StandardCharsets.UTF_8));
    assertThat(cli.archsim("validate", "-")).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("-: valid (1 stage,");
  }

  // ------------------------------------------------------------------ human output

  @Test
  void outputGoesToTheFileGivenInsteadOfStandardOutput(@TempDir Path dir) throws Exception {
    String[][] commands = {
      {"validate", WHATISTHETIME, "--format", "json"},
      {"explain", WHATISTHETIME, "--format", "markdown"},
      {"run", WHATISTHETIME, "--stage", "2", "--trials", "2", "--horizon", "P1D", "--json"},
      {
        "compare",
        WHATISTHETIME,
        WHATISTHETIME,
        "--stage",
        "1",
        "--trials",
        "2",
        "--horizon",
        "P1D",
        "--format",
        "csv"
      }
    };
    for (String[] command : commands) {
      CliHarness.Outcome onStdout = CliHarness.run(command);
      assertThat(onStdout.exit()).as(String.join(" ", command)).isZero();
      Path file = dir.resolve(command[0] + ".out");
      List<String> withOutput = new java.util.ArrayList<>(List.of(command));
      withOutput.addAll(List.of("-o", file.toString()));
      CliHarness.Outcome toFile = CliHarness.run(withOutput.toArray(String[]::new));
      assertThat(toFile.exit()).as(String.join(" ", withOutput)).isZero();
      assertThat(toFile.out()).as(command[0]).isEmpty();
      // the same document, in the file (a run's JSON names no file, and the runs are seeded)
      assertThat(Files.readString(file)).as(command[0]).isEqualTo(onStdout.out());
    }
  }

  @Test
  void explainPrintsNoJavaRecordsDurationsAsWrittenAndFitsTheTerminal() throws Exception {
    try (var files = Files.list(Path.of("../../events/scenarios"))) {
      for (Path f : files.toList()) {
        cli.clearOut();
        assertThat(cli.archsim("explain", f.toString())).as(f.toString()).isZero();
        String text = cli.out();
        // a record's toString: Name[field=value, ...]
        assertThat(text).as(f.toString()).doesNotContainPattern("[A-Z][A-Za-z]*\\[[a-zA-Z]+=");
        assertFitsOneHundredTwentyColumns(f + ": explain", text);
      }
    }
    cli.clearOut();
    assertThat(cli.archsim("explain", WHATISTHETIME)).isZero();
    assertThat(cli.out())
        .contains("daily peak ×1.6 at 13:00 UTC")
        .contains("at P1D: resize to m5.large")
        .contains("at P20D: us-east-1a outage for PT2H")
        .contains("Route 53 simple records, TTL 3600 s")
        .contains("purchase: 5 reserved (1y, no-upfront); spot for 50 % above 5 on-demand");
    // days with a remainder are written as the file writes them, not as a count of hours
    cli.clearOut();
    assertThat(cli.archsim("explain", "../../events/scenarios/flash-sale.json")).isZero();
    assertThat(cli.out())
        .contains("P4DT19H")
        .contains("P2DT12H")
        .doesNotContain("PT115H")
        .doesNotContain("PT60H");
  }

  @Test
  void runTextFitsOneHundredTwentyColumnsAndHasNoColourOffATerminal() throws Exception {
    try (var files = Files.list(Path.of("../../events/scenarios"))) {
      for (Path f : files.sorted().toList()) {
        cli.clearOut();
        assertThat(cli.archsim("run", f.toString(), "--trials", "2", "--horizon", "P1D", "-q"))
            .as(f.toString())
            .isZero();
        assertFitsOneHundredTwentyColumns(f + ": run", cli.out());
        assertThat(cli.out()).as(f.toString()).doesNotContain("\u001b[");
        assertThat(cli.out().replaceAll("\\s+", " ")).as(f.toString()).contains("horizon P1D");
        cli.clearOut();
        assertThat(cli.archsim("validate", f.toString())).as(f.toString()).isZero();
        assertFitsOneHundredTwentyColumns(f + ": validate", cli.out());
      }
    }
    // the header wraps, every word kept: on one line it took 137 columns
    cli.clearOut();
    assertThat(
            cli.archsim(
                "run",
                "../../events/scenarios/scaling-signals.json",
                "--trials",
                "2",
                "--horizon",
                "P1D",
                "-q"))
        .isZero();
    assertThat(cli.out().lines().limit(2).reduce((a, b) -> a + " " + b.strip()).orElseThrow())
        .isEqualTo(
            "Scaling signals on Graviton: requests per target, backlog per worker, ACUs and storage"
                + " classes — seed 41, 2 trials per stage, horizon P1D");
  }

  /** Every line of {@code text} takes at most 120 columns (code points: no wide characters). */
  static void assertFitsOneHundredTwentyColumns(String what, String text) {
    assertThat(text.lines())
        .as(what)
        .allSatisfy(
            l ->
                assertThat(l.codePointCount(0, l.length()))
                    .as(what + ": " + l)
                    .isLessThanOrEqualTo(120));
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(OutputOptions.Terminal.colour(Map.of(), true)).isTrue();
    assertThat(OutputOptions.Terminal.colour(Map.of(), false)).isFalse();
    assertThat(OutputOptions.Terminal.colour(Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(OutputOptions.Terminal.colour(Map.of("TERM", "dumb"), true)).isFalse();
    assertThat(new OutputOptions.Paint(true).red("missed")).isEqualTo("\u001b[31mmissed\u001b[0m");
    assertThat(new OutputOptions.Paint(false).red("missed")).isEqualTo("missed");
  }

  @Test
  void aFindingRespectsTheStagesOwnResize() throws Exception {
    assertThat(cli.archsim("explain", WHATISTHETIME, "--format", "json")).isZero();
    JsonNode stages = JSON.readTree(cli.out()).get("stages");
    // stage 1 runs a t2.micro all month; stage 2 resizes it to m5.large on day 1 of 30
    assertThat(stages.get(0).get("findings").toString()).contains("CPU credits run out");
    assertThat(stages.get(1).get("findings").toString())
        .doesNotContain("credits")
        .doesNotContain("t2.micro");
  }

  // ------------------------------------------------------------------ compare

  /**
   * The tour's mine.json, made stronger: WhatIsTheTime with a hundred times the spot interruptions
   * in stage 8 (its spot instances are few, and an interrupted one bills as spot through its
   * notice, so ten times the rate leaves 20 half-month trials mostly without an interruption).
   */
  static Path moreSpot(Path dir) throws Exception {
    Path b = dir.resolve("more-spot.json");
    Files.writeString(
        b,
        Files.readString(Path.of(WHATISTHETIME))
            .replace("\"interruptionsPerMonth\": 0.05", "\"interruptionsPerMonth\": 5"));
    return b;
  }

  @Test
  void compareGivesAPairedIntervalPerFigureAndCallsNoiseNoise(@TempDir Path dir) throws Exception {
    Path b = moreSpot(dir);
    assertThat(
            cli.archsim(
                "compare",
                WHATISTHETIME,
                b.toString(),
                "--trials",
                "20",
                "--horizon",
                "P15D",
                "--json"))
        .as(cli.err())
        .isZero();
    JsonNode r = JSON.readTree(cli.out());
    assertThat(r.get("stages")).hasSize(8);
    // stages 1-7 are the same in both files: on common random numbers every trial is identical
    for (int i = 0; i < 7; i++) {
      JsonNode cost = r.at("/stages/" + i + "/bMinusA/monthlyCostUsd");
      assertThat(cost.get("difference").asDouble()).isZero();
      assertThat(cost.get("verdict").asText()).isEqualTo("identical in every trial");
    }
    // stage 8 differs only in spot interruptions: the interval is reported and decides the verdict
    JsonNode failed = r.at("/stages/7/bMinusA/failedRequestsPerTrial");
    assertThat(failed.get("trials").asInt()).isEqualTo(20);
    double low = failed.get("ci95Low").asDouble();
    double high = failed.get("ci95High").asDouble();
    assertThat(low).isLessThanOrEqualTo(failed.get("difference").asDouble());
    assertThat(high).isGreaterThanOrEqualTo(failed.get("difference").asDouble());
    assertThat(failed.get("distinguishable").asBoolean()).isEqualTo(low > 0 || high < 0);
    boolean same = low == 0 && high == 0 && failed.get("difference").asDouble() == 0;
    assertThat(failed.get("verdict").asText())
        .isEqualTo(
            same
                ? "identical in every trial"
                : low > 0 || high < 0 ? "differs" : "not distinguishable from noise");
    // stage 8 does differ: a hundred times the interruptions change at least one trial's cost
    assertThat(r.at("/stages/7/bMinusA/monthlyCostUsd/verdict").asText())
        .isNotEqualTo("identical in every trial");
  }

  @Test
  void compareTakesTheStagesToCompareByNameOrNumber(@TempDir Path dir) throws Exception {
    Path b = moreSpot(dir);
    assertThat(
            cli.archsim(
                "compare",
                WHATISTHETIME,
                b.toString(),
                "--stage",
                "8",
                "--stage",
                "2-vertical-m5.large",
                "--trials",
                "3",
                "--horizon",
                "P2D",
                "--json"))
        .as(cli.err())
        .isZero();
    JsonNode r = JSON.readTree(cli.out());
    // only the two stages, in the files' order, each paired with the same stage of B
    assertThat(r.get("stages")).hasSize(2);
    assertThat(r.at("/stages/0/a").asText()).isEqualTo("2-vertical-m5.large");
    assertThat(r.at("/stages/1/a").asText()).isEqualTo("8-reserved-and-spot");
    assertThat(r.at("/stages/1/b").asText()).isEqualTo("8-reserved-and-spot");
    assertThat(r.at("/stages/0/bMinusA/monthlyCostUsd/verdict").asText())
        .isEqualTo("identical in every trial");
    // the text form numbers them as the file does, as run --stage does: 2 and 8, not 1 and 2
    cli.clearOut();
    assertThat(
            cli.archsim(
                "compare",
                WHATISTHETIME,
                b.toString(),
                "--stage",
                "8",
                "--stage",
                "2-vertical-m5.large",
                "--trials",
                "3",
                "--horizon",
                "P2D"))
        .isZero();
    assertThat(cli.out())
        .contains("\n2  2-vertical-m5.large\n")
        .contains("\n8  8-reserved-and-spot\n");
    assertThat(cli.out()).doesNotContain("\n1  ");
    // a stage neither file has: said for the file, with the names to choose from, nothing run
    cli.clearOut();
    cli.clearErr();
    assertThat(cli.archsim("compare", WHATISTHETIME, b.toString(), "--stage", "9")).isEqualTo(2);
    assertThat(cli.err())
        .contains(WHATISTHETIME + ":")
        .contains("--stage 9: no such stage; give a name or a number:\n  1 1-t2.micro-elastic-ip");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void compareWritesItsReportAndChecksTheFileFirst(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("diff.html");
    assertThat(
            cli.archsim(
                "compare",
                WHATISTHETIME,
                WHATISTHETIME,
                "--trials",
                "2",
                "--horizon",
                "P1D",
                "--report",
                report.toString(),
                "--format",
                "markdown"))
        .isZero();
    assertThat(cli.out()).contains("| stage | figure | A | B | B − A (95% CI) |");
    String html = Files.readString(report);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("B − A")
        .contains("srcdoc=\"&lt;!DOCTYPE html&gt;");
    assertThat(
            cli.archsim(
                "compare",
                WHATISTHETIME,
                WHATISTHETIME,
                "--report",
                dir.resolve("no/x.html").toString()))
        .isEqualTo(2);
  }

  @Test
  void compareTextFitsOneHundredTwentyColumnsOverTheLibrary() throws Exception {
    List<Path> library;
    try (var files = Files.list(Path.of("../../events/scenarios"))) {
      library = files.sorted().toList();
    }
    // each file against the next (the first stage of both): every name and path in A and in B
    for (int i = 0; i < library.size(); i++) {
      Path a = library.get(i);
      Path b = library.get((i + 1) % library.size());
      cli.clearOut();
      assertThat(
              cli.archsim(
                  "compare",
                  a.toString(),
                  b.toString(),
                  "--stage",
                  "1",
                  "--trials",
                  "2",
                  "--horizon",
                  "P1D",
                  "-q"))
          .as(a + " vs " + b + ": " + cli.err())
          .isZero();
      assertFitsOneHundredTwentyColumns(a + " vs " + b, cli.out());
    }
    // a path is never split, so it can be copied; the name wraps under it, every word kept
    cli.clearOut();
    String signals = "../../events/scenarios/scaling-signals.json";
    assertThat(
            cli.archsim(
                "compare", signals, signals, "--stage", "1", "--trials", "2", "--horizon", "P1D"))
        .isZero();
    List<String> lines = cli.out().lines().toList();
    assertThat(lines.get(0)).startsWith("A: " + signals + " (Scaling signals");
    assertThat((lines.get(0) + " " + lines.get(1).strip()))
        .isEqualTo(
            "A: "
                + signals
                + " (Scaling signals on Graviton: requests per target, backlog per worker, ACUs"
                + " and storage classes)");
  }

  @Test
  void aDifferenceBelowWhatIsShownIsNotCalledNoise() {
    // a p99 moved by a few nanoseconds in some trials prints as +0.0 ± 0.0: not "noise"
    double[] a = {119.888389617, 120.5, 118.25, 119.0};
    double[] b = {119.888389619, 120.5, 118.250002, 119.0};
    PairedDifference tiny = PairedDifference.of(a, b, PairedDifference.Figure.P99.resolution);
    assertThat(tiny.verdict()).isEqualTo(PairedDifference.Verdict.BELOW_PRECISION);
    assertThat(tiny.verdict().text).isEqualTo("the same to the precision shown in every trial");
    // 0.06 ms in one trial, more than half of what is shown: a difference the table can show
    b[2] = 118.31;
    assertThat(PairedDifference.of(a, b, PairedDifference.Figure.P99.resolution).verdict())
        .isEqualTo(PairedDifference.Verdict.NOISE);
    // equal in every trial stays identical; a figure without a resolution judges as before
    assertThat(PairedDifference.of(a, a, 0.1).verdict())
        .isEqualTo(PairedDifference.Verdict.IDENTICAL);
    assertThat(
            PairedDifference.of(a, new double[] {119.888389619, 120.5, 118.250002, 119.0})
                .verdict())
        .isEqualTo(PairedDifference.Verdict.NOISE);
  }

  @Test
  void noiseIsNeverPrintedAsPlusOrMinusZero() {
    // one trial of 100 moved by 0.06 ms: noise, with an interval of ± 0.0012 ms; printed
    // with the decimals that show it, not as "+0.0 ± 0.0"
    double[] a = new double[100];
    double[] b = new double[100];
    java.util.Arrays.fill(a, 120.0);
    java.util.Arrays.fill(b, 120.0);
    b[37] = 120.06;
    PairedDifference d = PairedDifference.of(a, b, PairedDifference.Figure.P99.resolution);
    assertThat(d.verdict()).isEqualTo(PairedDifference.Verdict.NOISE);
    assertThat(dev.archsim.core.report.CompareReport.delta(PairedDifference.Figure.P99, d))
        .isEqualTo(String.format(java.util.Locale.ROOT, "%+.3f ± %.3f", d.mean(), d.halfWidth()))
        .doesNotContain("0.0 ± 0.0");
    // a figure the same to the precision shown keeps that precision
    b[37] = 120.000001;
    assertThat(
            dev.archsim.core.report.CompareReport.delta(
                PairedDifference.Figure.P99,
                PairedDifference.of(a, b, PairedDifference.Figure.P99.resolution)))
        .isEqualTo("+0.0 ± 0.0");
  }

  @Test
  void anUnknownSubcommandIsAnErrorEvenWithHelpAndOneMistakeIsOneError() {
    // `prices refresh --help`: refresh is no subcommand of prices; said, not prices' help
    assertThat(cli.archsim("prices", "refresh", "--help")).isEqualTo(2);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .contains("prices: unexpected argument 'refresh'; give one of its commands:")
        .contains("Did you mean: prices show?")
        .contains("Try 'archsim prices --help' for more.");
    // a command's own help still works, and so does a subcommand's
    cli.clearErr();
    assertThat(cli.archsim("prices", "show", "--help")).isZero();
    assertThat(cli.out()).contains("Usage: archsim prices show");
    // `completion fish`: fish is not a shell it knows; said once, not also "unmatched argument"
    cli.clearOut();
    cli.clearErr();
    assertThat(cli.archsim("completion", "fish")).isEqualTo(2);
    assertThat(cli.err().lines().filter(l -> l.contains("fish")))
        .singleElement()
        .asString()
        .isEqualTo("SHELL fish: must be one of: bash, zsh");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void thePairedIntervalIsStudentsT() {
    // differences 1, 2, 0, 1: mean 1, sd 0.8165, t(3) 3.1824 -> half-width 1.2992
    PairedDifference d = PairedDifference.of(new double[] {1, 2, 3, 4}, new double[] {2, 4, 3, 5});
    assertThat(d.mean()).isEqualTo(1.0);
    assertThat(d.halfWidth()).isCloseTo(3.1824 * Math.sqrt(2.0 / 3) / 2, within(1e-9));
    assertThat(d.verdict()).isEqualTo(PairedDifference.Verdict.NOISE);
    PairedDifference clear =
        PairedDifference.of(new double[] {1, 2, 3, 4}, new double[] {3, 4.1, 4.9, 6});
    assertThat(clear.verdict()).isEqualTo(PairedDifference.Verdict.DIFFERS);
    assertThat(PairedDifference.of(new double[] {1}, new double[] {2}).verdict())
        .isEqualTo(PairedDifference.Verdict.TOO_FEW_TRIALS);
    // t quantiles against tables: df 11 2.2010, 50 2.0086, 100 1.9840
    assertThat(PairedDifference.studentT975(11)).isCloseTo(2.2010, within(1e-4));
    assertThat(PairedDifference.studentT975(50)).isCloseTo(2.0086, within(1e-4));
    assertThat(PairedDifference.studentT975(100)).isCloseTo(1.9840, within(1e-4));
  }

  static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
