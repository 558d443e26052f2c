package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code workload.trace.file} on the command line: read relative to the scenario, inlined. */
class TraceCliTest {
  static final Path EXAMPLE = Path.of("../../examples/traffic-trace");
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int archsim(String... args) {
    CommandLine cl = ArchsimCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  static String scenario(String trace, String horizon) {
    return """
        {"version": 1, "name": "trace",
         "run": {"horizon": "%s", "step": "PT1M", "trials": 1, "seed": 3},
         "workload": {"trace": %s, "profile": {"cpuMsPerRequest": 5}},
         "stages": [{"name": "s", "architecture": {"region": "us-east-1",
           "azs": ["us-east-1a", "us-east-1b"], "entry": {"type": "alb"},
           "compute": {"name": "web", "instanceType": "m5.large",
                       "placement": {"us-east-1a": 4, "us-east-1b": 4}}}}]}
        """
        .formatted(horizon, trace);
  }

  @Test
  void theOfferedRequestsAreTheCsvCountsTimesTheScaleOverEachRepetition(@TempDir Path dir)
      throws Exception {
    // the example's two days of 5-minute sums, scaled by 2.5, over four days: two repetitions
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.copy(EXAMPLE.resolve("shop-requests.csv"), data.resolve("requests.csv"));
    long total = 0;
    for (String line : Files.readAllLines(data.resolve("requests.csv"))) {
      if (!line.startsWith("Timestamp")) {
        total += Long.parseLong(line.split(",")[1]);
      }
    }
    Path file = dir.resolve("scenario.json");
    Files.writeString(file, scenario("{\"file\": \"data/requests.csv\", \"scale\": 2.5}", "P4D"));
    assertThat(archsim("run", file.toString(), "--json", "--no-progress"))
        .as(err.toString())
        .isZero();
    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertThat(result.at("/stages/0/requests/total").asDouble())
        .isCloseTo(2 * 2.5 * total, org.assertj.core.api.Assertions.within(1.0));
  }

  @Test
  void aYamlScenarioReadsItsTraceToo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("r.csv"), "time,requests\n0,600\n60,1200\n");
    Path file = dir.resolve("s.yaml");
    String json = scenario("{\"file\": \"r.csv\"}", "PT2M");
    Files.writeString(
        file,
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .writeValueAsString(new ObjectMapper().readTree(json)));
    assertThat(archsim("run", file.toString(), "--json", "--no-progress"))
        .as(err.toString())
        .isZero();
    assertThat(new ObjectMapper().readTree(out.toString()).at("/stages/0/requests/total").asLong())
        .isEqualTo(1800);
  }

  @Test
  void aBadCsvGivesEveryProblemWithItsLineAndTheTracePath(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.csv"), "timestamp,requests\n0,10\n60,x\n-,5\n120,-1\n");
    Path file = dir.resolve("s.json");
    Files.writeString(file, scenario("{\"file\": \"bad.csv\"}", "PT1H"));
    assertThat(archsim("validate", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines().toList())
        .containsSubsequence(
            List.of(
                "$.workload.trace.file: bad.csv line 3: requests 'x' is not a number",
                "$.workload.trace.file: bad.csv line 4: timestamp '-' is neither an ISO-8601"
                    + " date-time (2026-11-02T14:05:00Z) nor seconds",
                "$.workload.trace.file: bad.csv line 5: requests -1 must be a non-negative number"))
        .noneMatch(l -> l.contains("Exception"));
    Files.writeString(file, scenario("{\"file\": \"nowhere.csv\"}", "PT1H"));
    assertThat(archsim("run", file.toString(), "--no-progress")).isEqualTo(2);
    assertThat(err.toString()).contains("$.workload.trace.file: nowhere.csv does not exist");
  }

  @Test
  void theExampleValidatesAndExplainsItsShape() {
    assertThat(archsim("validate", EXAMPLE.resolve("shop.json").toString()))
        .as(err.toString())
        .isZero();
    assertThat(archsim("explain", EXAMPLE.resolve("shop.json").toString())).isZero();
    assertThat(out.toString())
        .contains("a trace of 568 points every 300 s (48 h, repeated) ×3")
        .contains("growth 10 %/month");
  }

  @Test
  void onlyADocumentWithTheWordFileIsReadForTraceFiles() {
    // JSON and YAML keys, and the files of the examples, are found
    assertThat(ScenarioFiles.mayNameTraceFile(scenario("{\"file\": \"data/r.csv\"}", "P1D")))
        .isTrue();
    assertThat(ScenarioFiles.mayNameTraceFile("workload:\n  trace:\n    file: data/r.csv\n"))
        .isTrue();
    assertThat(ScenarioFiles.mayNameTraceFile("{\"trace\": {\"file\":\"r.csv\"}}")).isTrue();
    // "profile" (most scenarios) and other words holding "file" are not: no second parse
    assertThat(ScenarioFiles.mayNameTraceFile(scenario("{\"points\": [1, 2]}", "P1D"))).isFalse();
    assertThat(ScenarioFiles.mayNameTraceFile("{\"profiles\": 1, \"filename\": \"x\"}")).isFalse();
    assertThat(ScenarioFiles.mayNameTraceFile("{\"my_file\": 1, \"file-name\": 2}")).isFalse();
  }
}
