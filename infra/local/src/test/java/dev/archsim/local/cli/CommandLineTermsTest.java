package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in the user's terms: a YAML file's problems on their lines, picocli's own
 * wording replaced, a stage without findings said to have none, and explain's --stage taken as run
 * takes it.
 */
class CommandLineTermsTest {
  static final String WHATISTHETIME = "../../events/scenarios/whatisthetime.json";

  /** whatisthetime as YAML with {@code requestsPerSecond} misspelt in its first two stages. */
  static String yamlWithTwoMistakes() throws Exception {
    String yaml =
        new ObjectMapper(new YAMLFactory())
            .writeValueAsString(new ObjectMapper().readTree(Path.of(WHATISTHETIME).toFile()));
    int first = yaml.indexOf("requestsPerSecond:");
    int second = yaml.indexOf("requestsPerSecond:", first + 1);
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    return yaml.substring(0, first)
        + "requestPerSecond:"
        + yaml.substring(first + "requestsPerSecond:".length(), second)
        + "requestPerSecond:"
        + yaml.substring(second + "requestsPerSecond:".length());
  }

  /** The lines (1 for the first) the misspelt field is on in the text. */
  static List<Integer> linesOf(String text, String word) {
    List<Integer> lines = new ArrayList<>();
    List<String> all = text.lines().toList();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).strip().startsWith(word)) {
        lines.add(i + 1);
      }
    }
    return lines;
  }

  @Test
  void aYamlFilesProblemsSayTheirLines(@TempDir Path dir) throws Exception {
    String yaml = yamlWithTwoMistakes();
    List<Integer> lines = linesOf(yaml, "requestPerSecond:");
    assertThat(lines).hasSize(2);
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, yaml);

    CliHarness.Outcome validate = CliHarness.run("validate", file.toString());
    assertThat(validate.exit()).isEqualTo(2);
    assertThat(validate.err())
        .contains("$.stages[0].workload.requestPerSecond (line " + lines.get(0) + "): ")
        .contains("$.stages[1].workload.requestPerSecond (line " + lines.get(1) + "): ")
        .contains("mine.yaml: 2 problems");
    OutputWidthTest.assertFits("validate", validate.err());

    // run refuses the file alike, before any work
    CliHarness.Outcome run = CliHarness.run("run", file.toString(), "--trials", "2");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("$.stages[0].workload.requestPerSecond (line " + lines.get(0) + "): ")
        .contains("$.stages[1].workload.requestPerSecond (line " + lines.get(1) + "): ");

    // as JSON, the lines /scenarios/validate gives the app
    CliHarness.Outcome json = CliHarness.run("validate", file.toString(), "--format", "json");
    JsonNode problems = new ObjectMapper().readTree(json.out()).get("problems");
    List<Integer> got = new ArrayList<>();
    problems.forEach(p -> got.add(p.path("line").asInt(-1)));
    assertThat(got).containsAll(lines);

    // a JSON file's paths say where they are: no line added
    Path jsonFile = dir.resolve("mine.json");
    Files.writeString(
        jsonFile,
        Files.readString(Path.of(WHATISTHETIME))
            .replaceFirst("\"requestsPerSecond\"", "\"requestPerSecond\""));
    CliHarness.Outcome plain = CliHarness.run("validate", jsonFile.toString());
    assertThat(plain.exit()).isEqualTo(2);
    assertThat(plain.err())
        .contains("$.stages[0].workload.requestPerSecond: ")
        .doesNotContain("(line ");
  }

  @Test
  void picocliWordingIsSaidInTheUsersTerms() {
    CliHarness.Outcome shell = CliHarness.run("completion", "fish");
    assertThat(shell.exit()).isEqualTo(2);
    assertThat(shell.err())
        .contains("SHELL fish: must be one of: bash, zsh")
        .doesNotContain("positional parameter")
        .doesNotContain("index 0");
    OutputWidthTest.assertFits("completion fish", shell.err());

    CliHarness.Outcome extra = CliHarness.run("run", WHATISTHETIME, "extra.json");
    assertThat(extra.exit()).isEqualTo(2);
    assertThat(extra.err())
        .contains("run: unexpected argument 'extra.json'; run takes FILE and options")
        .contains("Try 'archsim run --help' for more.")
        .doesNotContain("Unmatched argument")
        .doesNotContain("index 2");
    OutputWidthTest.assertFits("run FILE extra.json", extra.err());
  }

  @Test
  void aStageWithoutFindingsSaysNone() {
    CliHarness.Outcome run =
        CliHarness.run(
            "run", WHATISTHETIME, "--stage", "8", "--trials", "2", "--horizon", "P1D", "-q");
    assertThat(run.exit()).as(run.err()).isZero();
    String findings = run.out().substring(run.out().indexOf("\nFindings\n"));
    assertThat(findings.lines().toList())
        .hasSize(3)
        .last()
        .asString()
        .matches("  8-reserved-and-spot +none");
  }

  @Test
  void explainTakesStageAsRunDoes() {
    CliHarness.Outcome eight = CliHarness.run("explain", WHATISTHETIME, "--stage", "8");
    assertThat(eight.exit()).as(eight.err()).isZero();
    assertThat(eight.out()).contains("├─ 8-reserved-and-spot").doesNotContain("├─ 1-t2.micro");
    CliHarness.Outcome named =
        CliHarness.run("explain", WHATISTHETIME, "--stage", "2-vertical-m5.large", "--stage", "1");
    assertThat(named.exit()).as(named.err()).isZero();
    assertThat(named.out())
        .contains("├─ 1-t2.micro-elastic-ip")
        .contains("├─ 2-vertical-m5.large")
        .doesNotContain("├─ 3-");
    CliHarness.Outcome wrong = CliHarness.run("explain", WHATISTHETIME, "--stage", "9");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.out()).isEmpty();
    assertThat(wrong.err())
        .contains("--stage 9: no such stage; give a name or a number:")
        .contains("1 1-t2.micro-elastic-ip,")
        .contains("8 8-reserved-and-spot");
  }
}
