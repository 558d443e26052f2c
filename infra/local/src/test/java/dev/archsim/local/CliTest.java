package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.local.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  static final Path WHATISTHETIME = Path.of("../../events/scenarios/whatisthetime.json");
  final CliHarness cli = new CliHarness();

  @Test
  void validateAcceptsTheLibraryScenario() {
    assertThat(cli.archsim("validate", WHATISTHETIME.toString())).isZero();
    assertThat(cli.out()).contains("valid (8 stages, 100 trials each, horizon P30D)");
  }

  @Test
  void validatePrintsEveryProblemAsPathColonMessageAndExits2(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        version: 1
        name: bad
        run: {trials: -3}
        workload: {requestsPerSecond: 5, profile: {cpuMsPerRequest: 0}}
        stages:
          - name: s
            architecture: {region: us-east-1, azs: [us-east-1q], entry: {type: elastic-ip},
                           compute: {instanceType: x1.tiny}}
        """);
    assertThat(cli.archsim("validate", bad.toString())).isEqualTo(2);
    // a YAML file's problems say the line each is on
    assertThat(cli.err())
        .contains("$.run.trials (line 3): ")
        .contains("$.workload.profile.cpuMsPerRequest (line 4): ")
        .contains(
            "$.stages[0].architecture.azs[0] (line 7): 'us-east-1q' is not an Availability Zone of"
                + " us-east-1")
        .contains(
            "$.stages[0].architecture.compute.instanceType (line 8): unknown instance type"
                + " 'x1.tiny'")
        .doesNotContain("Exception");
  }

  @Test
  void aMissingFileIsExit2WithoutAStackTrace() {
    assertThat(cli.archsim("run", "no/such/file.json")).isEqualTo(2);
    assertThat(cli.err()).contains("no/such/file.json: no such file").doesNotContain("at dev.");
  }

  @Test
  void runJsonPrintsTheMergedResultPerStage() throws Exception {
    assertThat(
            cli.archsim("run", WHATISTHETIME.toString(), "--trials", "4", "--seed", "9", "--json"))
        .isZero();
    JsonNode result = new ObjectMapper().readTree(cli.out());
    assertThat(result.get("seed").asLong()).isEqualTo(9);
    assertThat(result.get("stages")).hasSize(8);
    for (JsonNode s : result.get("stages")) {
      assertThat(s.get("trials").asInt()).isEqualTo(4);
      for (String path :
          new String[] {
            "/name", "/requests/total", "/requests/failed", "/requests/failedByCause",
                "/availability/mean",
            "/availability/ci95", "/latencyMs/mean", "/latencyMs/p50", "/latencyMs/p95",
                "/latencyMs/p99",
            "/latencyMs/p999", "/cost/monthlyUsd", "/cost/byComponent", "/findings",
                "/objectives/met"
          }) {
        assertThat(s.at(path).isMissingNode()).as(path).isFalse();
      }
      assertThat(s.at("/requests/total").asLong()).isPositive();
    }
  }

  @Test
  void runPrintsAComparisonTable() {
    assertThat(cli.archsim("run", WHATISTHETIME.toString(), "--trials", "3")).isZero();
    assertThat(cli.out())
        .contains("1-t2.micro-elastic-ip")
        .contains("8-reserved-and-spot")
        .contains("What each stage bought")
        .contains("single-point-of-failure");
  }
}
