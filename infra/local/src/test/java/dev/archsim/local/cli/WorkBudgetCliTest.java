package dev.archsim.local.cli;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.validate.Limits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The work budget on the command line and in {@code archsim serve}. */
class WorkBudgetCliTest {
  static final String LIBRARY = "../../events/scenarios/whatisthetime.json";
  final CliHarness cli = new CliHarness();

  @Test
  void validateRefusesAScenarioOverTheBudgetGivenWithMaxWork() {
    assertThat(cli.archsim("validate", LIBRARY, "--max-work", "1e6")).isEqualTo(2);
    // the problem wraps at 120 columns: matched as read, whatever the line breaks
    assertThatWrapped(cli.err())
        .contains("work units, over the budget of 1.0e+06")
        .contains("stage '")
        .doesNotContain("Exception");
    assertThat(cli.archsim("validate", LIBRARY)).isZero();
    assertThat(cli.out()).contains("estimated work: 2.5e+08 units of the 5.0e+09 budget");
  }

  @Test
  void runRefusesTrialsThatTakeTheScenarioOverTheBudgetBeforeSimulating() {
    assertThat(cli.archsim("run", LIBRARY, "--trials", "100000")).isEqualTo(2);
    assertThatWrapped(cli.err())
        .contains("over the budget of 5.0e+09")
        .contains("× 100000 trials")
        .doesNotContain("Exception");
  }

  @Test
  void aLargerBudgetLetsTheSameDocumentThrough() {
    // three trials of one stage: refused under a tiny budget, run under a large one
    assertThat(
            cli.archsim(
                "run",
                LIBRARY,
                "--trials",
                "3",
                "--stage",
                "1-t2.micro-elastic-ip",
                "--max-work",
                "1e3"))
        .isEqualTo(2);
    assertThat(
            cli.archsim(
                "run",
                LIBRARY,
                "--trials",
                "3",
                "--stage",
                "1-t2.micro-elastic-ip",
                "--max-work",
                "1e12",
                "--json"))
        .isZero();
  }

  @Test
  void compareRefusesOverTheBudgetWithoutAStackTrace() {
    assertThat(cli.archsim("compare", LIBRARY, LIBRARY, "--max-work", "1e6")).isEqualTo(2);
    assertThatWrapped(cli.err()).contains("over the budget of 1.0e+06");
    assertThat(cli.err()).doesNotContain("\tat ");
  }

  @Test
  void aBudgetThatIsNotPositiveIsAUsageError() {
    assertThat(cli.archsim("validate", LIBRARY, "--max-work", "-1")).isEqualTo(2);
    assertThat(cli.err()).contains("--max-work -1: must be a positive number of work units");
  }

  @Test
  void serveAnswers400WithTheEstimateForARunOverItsBudget() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (var server =
        new ServeCommand.Server(
            0,
            1,
            new PrintWriter(new StringWriter()),
            Limits.DEFAULT.withMaxWork(1e8),
            Duration.ofMinutes(5))) {
      HttpResponse<String> posted =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/runs"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of(LIBRARY))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(400);
      JsonNode problem = new ObjectMapper().readTree(posted.body()).get("problems").get(0);
      assertThat(problem.get("message").asText())
          .contains("over the budget of 1.0e+08")
          .contains("--max-work");
    }
  }
}
