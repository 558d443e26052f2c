package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code -q/--quiet} promises on run, compare, explain and validate (README, "Output"): only
 * the output and errors, no progress, warnings or notes. Each command runs twice, without and with
 * the flag: the quiet one prints the same output and exits with the same code, and its standard
 * error is the other's less the warnings, the progress and the notes ("wrote FILE", "report written
 * to FILE"), errors kept.
 *
 * <p>The scenario is the README's minimal example with a DynamoDB table marked Multi-AZ, which the
 * validator accepts with a warning; it misses its $200 budget, so {@code --check} fails with an
 * error line.
 */
class QuietFlagTest {
  static final String WARNING =
      "warning: $.stages[0].architecture.database.multiAz: DynamoDB is always replicated across"
          + " three AZs";
  static final String[] SMALL = {"--trials", "2", "--horizon", "P1D", "--workers", "1"};

  @TempDir static Path dir;
  static String warned;
  static String broken;

  @BeforeAll
  static void scenarios() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(CliUsabilityTest.minimalExample());
    ObjectNode arch = (ObjectNode) doc.at("/stages/0/architecture");
    arch.putObject("database").put("engine", "dynamodb").put("multiAz", true);
    warned = write("warned.json", doc);
    ((ObjectNode) arch.get("compute")).put("instanceType", "m5.larg");
    broken = write("broken.json", doc);
  }

  static String write(String name, JsonNode doc) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, doc.toPrettyString());
    return file.toString();
  }

  static String[] with(String[] args, String... more) {
    return Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
  }

  /** The command without and with --quiet: same exit code and standard output. */
  static CliHarness.Outcome[] loudAndQuiet(String... args) {
    CliHarness.Outcome loud = CliHarness.run(args);
    CliHarness.Outcome quiet = CliHarness.run(with(args, "--quiet"));
    assertThat(quiet.exit()).as("exit code").isEqualTo(loud.exit());
    assertThat(quiet.out()).as("standard output").isEqualTo(loud.out());
    return new CliHarness.Outcome[] {loud, quiet};
  }

  static String line(String s) {
    return s + System.lineSeparator();
  }

  @Test
  void runQuietPrintsTheResultAloneWithoutTheWarningOrTheProgressItWasAskedFor() {
    CliHarness.Outcome[] o =
        loudAndQuiet(with(new String[] {"run", warned, "--seed", "3", "--progress"}, SMALL));
    assertThat(o[0].exit()).isZero();
    assertThat(o[0].out()).contains("alb-2-azs").contains("Cost by component");
    assertThat(o[0].err()).contains(WARNING).contains("2/2 trials");
    assertThat(o[1].err()).isEmpty();
  }

  @Test
  void runQuietKeepsTheCheckFailureAndItsExitCodeAndDropsTheNotesOfTheFilesWritten()
      throws Exception {
    Path loudOut = dir.resolve("loud.csv");
    Path quietOut = dir.resolve("quiet.csv");
    Path report = dir.resolve("r.html");
    String[] args =
        with(
            new String[] {
              "run", warned, "--check", "--format", "csv", "--report", report.toString()
            },
            SMALL);
    CliHarness.Outcome loud = CliHarness.run(with(args, "-o", loudOut.toString()));
    CliHarness.Outcome quiet = CliHarness.run(with(args, "-o", quietOut.toString(), "-q"));
    assertThat(loud.exit()).isEqualTo(quiet.exit()).isEqualTo(ArchsimCommand.EXIT_FAILED);
    assertThat(loud.out()).isEmpty();
    assertThat(quiet.out()).isEmpty();
    assertThat(Files.readString(quietOut))
        .isEqualTo(Files.readString(loudOut))
        .contains("alb-2-azs");
    String missed =
        line(
            "objectives missed by alb-2-azs: monthly budget $290.33 > $200.00 target (over by $90.33)");
    assertThat(loud.err())
        .isEqualTo(
            line(WARNING)
                + line("wrote " + loudOut)
                + line("report written to " + report)
                + missed);
    assertThat(quiet.err()).isEqualTo(missed);
  }

  @Test
  void runQuietReportsAnInvalidScenariosErrorsWithoutItsWarnings() {
    CliHarness.Outcome[] o = loudAndQuiet(with(new String[] {"run", broken}, SMALL));
    assertThat(o[0].exit()).isEqualTo(ArchsimCommand.EXIT_INVALID);
    assertThat(o[0].out()).isEmpty();
    assertThat(o[1].err())
        .contains("$.stages[0].architecture.compute.instanceType: unknown instance type 'm5.larg'")
        .doesNotContain("warning:");
    assertThat(o[0].err()).contains(WARNING);
  }

  @Test
  void validateQuietPrintsTheVerdictAndTheErrorsButNotTheWarnings() throws Exception {
    CliHarness.Outcome[] valid = loudAndQuiet("validate", warned);
    assertThat(valid[0].exit()).isZero();
    assertThat(valid[1].out()).startsWith(warned + ": valid (1 stage, 100 trials each");
    assertThat(valid[0].err()).isEqualTo(line(WARNING));
    assertThat(valid[1].err()).isEmpty();

    CliHarness.Outcome[] invalid = loudAndQuiet("validate", broken);
    assertThat(invalid[0].exit()).isEqualTo(ArchsimCommand.EXIT_INVALID);
    assertThat(invalid[0].out()).isEmpty();
    assertThat(invalid[1].err())
        .contains("$.stages[0].architecture.compute.instanceType: unknown instance type 'm5.larg'")
        .doesNotContain("warning:");
    assertThat(invalid[0].err()).contains(WARNING);
    assertThat(invalid[0].err().replace(line(WARNING), "")).isEqualTo(invalid[1].err());

    // as JSON the problems are the output: the warnings leave it too, the verdict stays
    CliHarness.Outcome json = CliHarness.run("validate", warned, "--format", "json", "-q");
    assertThat(json.exit()).isZero();
    assertThat(json.err()).isEmpty();
    JsonNode answer = new ObjectMapper().readTree(json.out());
    assertThat(answer.get("valid").asBoolean()).isTrue();
    assertThat(answer.get("problems")).isEmpty();
    JsonNode loud = new ObjectMapper().readTree(CliHarness.run("validate", warned, "--json").out());
    assertThat(loud.at("/problems/0/severity").asText()).isEqualTo("warning");
  }

  @Test
  void explainQuietPrintsTheSameTreeWithoutTheWarning() {
    CliHarness.Outcome[] o = loudAndQuiet("explain", warned);
    assertThat(o[0].exit()).isZero();
    assertThat(o[0].out()).contains("alb-2-azs").contains("m5.large");
    assertThat(o[0].err()).isEqualTo(line(WARNING));
    assertThat(o[1].err()).isEmpty();
  }

  @Test
  void compareQuietWritesTheSameComparisonWithoutItsNotesAndKeepsTheErrors() throws Exception {
    Path report = dir.resolve("compare.html");
    Path loudOut = dir.resolve("compare-loud.txt");
    Path quietOut = dir.resolve("compare-quiet.txt");
    String[] args =
        with(new String[] {"compare", warned, warned, "--report", report.toString()}, SMALL);
    CliHarness.Outcome loud = CliHarness.run(with(args, "-o", loudOut.toString()));
    CliHarness.Outcome quiet = CliHarness.run(with(args, "-o", quietOut.toString(), "--quiet"));
    assertThat(loud.exit()).isEqualTo(quiet.exit()).isZero();
    assertThat(Files.readString(quietOut))
        .isEqualTo(Files.readString(loudOut))
        .contains("identical in every trial");
    assertThat(loud.err())
        .isEqualTo(line("wrote " + loudOut) + line("report written to " + report));
    assertThat(quiet.err()).isEmpty();

    CliHarness.Outcome[] invalid =
        loudAndQuiet(with(new String[] {"compare", warned, broken}, SMALL));
    assertThat(invalid[0].exit()).isEqualTo(ArchsimCommand.EXIT_INVALID);
    assertThat(invalid[1].err())
        .startsWith(line(broken + ":"))
        .contains("unknown instance type 'm5.larg'")
        .doesNotContain("warning:");
    assertThat(invalid[0].err()).contains(WARNING);
  }
}
