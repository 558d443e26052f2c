package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The commands that take a scenario and write one answer ({@code validate}, {@code explain}) refuse
 * an {@code -o} they could not write before they read the scenario, and read it once it can be.
 */
class UnwritableOutputTest {
  private static final String WHATISTHETIME = "../../events/scenarios/whatisthetime.json";

  @ParameterizedTest
  @ValueSource(strings = {"validate", "explain"})
  void anOutputInAMissingDirectoryIsRefusedBeforeTheScenarioIsRead(
      String command, @TempDir Path dir) {
    Path missing = dir.resolve("nowhere").resolve("answer.txt");
    Path absent = dir.resolve("absent.json");

    CliHarness.Outcome refused =
        CliHarness.run(command, absent.toString(), "-o", missing.toString());

    assertThat(refused.exit()).isEqualTo(ArchsimCommand.EXIT_INVALID);
    // only the output's problem: the scenario (which does not exist either) was not read
    assertThat(refused.err())
        .isEqualTo(
            "--output "
                + missing
                + ": the directory "
                + missing.getParent().toAbsolutePath()
                + " does not exist\n");
    assertThat(refused.out()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"validate, 'valid (8 stages'", "explain, 1-t2.micro-elastic-ip"})
  void aWritableOutputLetsTheScenarioBeReadAndTheAnswerWritten(
      String command, String answered, @TempDir Path dir) throws Exception {
    Path answer = dir.resolve("answer.txt");

    CliHarness.Outcome missingScenario =
        CliHarness.run(command, dir.resolve("absent.json").toString(), "-o", answer.toString());
    assertThat(missingScenario.exit()).isEqualTo(ArchsimCommand.EXIT_INVALID);
    assertThat(missingScenario.err()).isEqualTo(dir.resolve("absent.json") + ": no such file\n");

    CliHarness.Outcome written = CliHarness.run(command, WHATISTHETIME, "-o", answer.toString());
    assertThat(written.exit()).isEqualTo(ArchsimCommand.EXIT_OK);
    assertThat(Files.readString(answer)).contains(answered);
  }
}
