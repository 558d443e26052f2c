package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.scenario.ScenarioCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command parses each scenario it runs once: the flags change the parsed model as typed copies,
 * the local pipeline's workers take the model as submitted, and the report draws the same model
 * (before, a run with a report parsed its scenario four times: the file, the changed document at
 * submission, once more in the workers, and again for the report).
 */
class ParseOnceTest {
  static final String LIBRARY = "../../events/scenarios/whatisthetime.json";

  @Test
  void runWithEveryOverrideAndAReportParsesTheScenarioOnce(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.html");
    long before = ScenarioCodec.documentsMapped();
    CliHarness.Outcome run =
        CliHarness.run(
            "run",
            LIBRARY,
            "--trials",
            "2",
            "--seed",
            "3",
            "--horizon",
            "P1D",
            "--stage",
            "2",
            "--stage",
            "4",
            "--report",
            report.toString(),
            "--no-progress",
            "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(ScenarioCodec.documentsMapped() - before).isEqualTo(1);
    assertThat(Files.readString(report)).contains("Seed 3, 2 trials per stage, horizon P1D");
    assertThat(run.out()).contains("\"trials\" : 2").contains("\"seed\" : 3");
  }

  @Test
  void compareParsesEachScenarioOnce(@TempDir Path dir) throws Exception {
    long before = ScenarioCodec.documentsMapped();
    CliHarness.Outcome compare =
        CliHarness.run(
            "compare",
            LIBRARY,
            "../../events/scenarios/db-failover.json",
            "--trials",
            "2",
            "--horizon",
            "P1D",
            "--report",
            dir.resolve("compare.html").toString());
    assertThat(compare.exit()).as(compare.err()).isZero();
    assertThat(ScenarioCodec.documentsMapped() - before).isEqualTo(2);
  }
}
