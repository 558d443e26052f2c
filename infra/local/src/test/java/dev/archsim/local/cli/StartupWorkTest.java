package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up work a short command spins at run time: every lambda, pattern-matching switch and
 * method reference of the project's code on a command's path has its class generated (with the
 * ClassFile API, itself first interpreted, then compiled) and linked at its first call, in every
 * process. Counted in a fresh JVM ({@code -Xlog:class+load}: a hidden class's source is the class
 * that spun it), which a command of this test JVM could not show (its classes are spun already).
 *
 * <p>The budgets are round 1's counts on the same commands (its {@code archsim.jar}, the library's
 * db-failover as round 1 has it: {@code validate} 15, {@code run --trials 2 --seed 1 --workers 1}
 * 76; docs/performance.md): today's command line must not spin more than round 1's did. One worker,
 * so the count is the same from run to run.
 */
class StartupWorkTest {
  private static final int ROUND_1_VALIDATE = 15;
  private static final int ROUND_1_RUN = 76;

  @TempDir Path dir;

  /** The project's hidden classes a fresh {@code archsim ARGS} spins. */
  private List<String> spunBy(String... args) throws IOException, InterruptedException {
    Path log = dir.resolve("classes.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ArchsimCommand.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("archsim finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();
    List<String> spun = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      int at = line.indexOf(" source: dev.archsim.");
      if (at > 0 && line.contains("$$")) {
        spun.add(line.substring(line.indexOf("] ", line.indexOf("class,load")) + 2, at));
      }
    }
    return spun;
  }

  @Test
  void validateSpinsNoMoreClassesThanRound1() throws Exception {
    List<String> spun = spunBy("validate", "../../events/scenarios/db-failover.json");
    assertThat(spun).as("lambdas and switches spun by validate: %s", spun).isNotEmpty();
    assertThat(spun.size())
        .as("lambdas and switches spun by validate: %s", spun)
        .isLessThanOrEqualTo(ROUND_1_VALIDATE);
  }

  @Test
  void aShortRunSpinsNoMoreClassesThanRound1() throws Exception {
    List<String> spun =
        spunBy(
            "run",
            "../../events/scenarios/db-failover.json",
            "--trials",
            "2",
            "--seed",
            "1",
            "--workers",
            "1");
    assertThat(spun.size())
        .as("lambdas and switches spun by a short run: %s", spun)
        .isLessThanOrEqualTo(ROUND_1_RUN);
  }
}
