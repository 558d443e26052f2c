package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.scenario.ScenarioCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands share the process's codecs: the JSON Schema is compiled once in a process, however
 * many files and commands it reads (before, each parse built a codec that compiled it again, twice
 * in a {@code compare} of two files).
 */
class SchemaCompiledOnceTest {
  @Test
  void compareOfTwoFilesThenARunCompileTheSchemaOnce(@TempDir Path dir) {
    CliHarness.Outcome compare =
        CliHarness.run(
            "compare",
            ParseOnceTest.LIBRARY,
            "../../events/scenarios/db-failover.json",
            "--trials",
            "2",
            "--horizon",
            "P1D",
            "--report",
            dir.resolve("compare.html").toString());
    assertThat(compare.exit()).as(compare.err()).isZero();
    CliHarness.Outcome run =
        CliHarness.run(
            "run", ParseOnceTest.LIBRARY, "--trials", "2", "--horizon", "P1D", "--no-progress");
    assertThat(run.exit()).as(run.err()).isZero();
    CliHarness.Outcome validate = CliHarness.run("validate", ParseOnceTest.LIBRARY);
    assertThat(validate.exit()).as(validate.err()).isZero();
    assertThat(ScenarioCodec.schemaCompilations()).isEqualTo(1);
  }
}
