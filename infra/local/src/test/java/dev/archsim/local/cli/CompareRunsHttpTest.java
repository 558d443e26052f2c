package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.http.HttpAnswer;
import dev.archsim.core.http.HttpCall;
import dev.archsim.core.http.RunsHttp;
import dev.archsim.core.run.CompareRuns;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.local.adapters.LocalPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's compare ({@code GET /runs/{a}/compare/{b}}) is {@code archsim compare}: the same paired
 * differences, intervals and verdicts, number for number, for two completed runs of the files.
 */
class CompareRunsHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path WHATISTHETIME = Path.of("../../events/scenarios/whatisthetime.json");

  @Test
  void twoRunsComparedOverHttpGiveTheCommandLinesPairedIntervals(@TempDir Path dir)
      throws Exception {
    String a =
        Files.readString(WHATISTHETIME)
            .replace("\"horizon\": \"P30D\"", "\"horizon\": \"P7D\"")
            .replace("\"trials\": 100", "\"trials\": 12");
    String b = a.replace("\"interruptionsPerMonth\": 0.05", "\"interruptionsPerMonth\": 5");
    assertThat(b).isNotEqualTo(a);
    Path fa = dir.resolve("a.json");
    Path fb = dir.resolve("b.json");
    Files.writeString(fa, a);
    Files.writeString(fb, b);
    CliHarness cli = new CliHarness();
    assertThat(cli.archsim("compare", fa.toString(), fb.toString(), "--json"))
        .as(cli.err())
        .isZero();
    JsonNode expected = JSON.readTree(cli.out());

    try (LocalPipeline pipeline =
        new LocalPipeline(2, SubmitRun.Settings.DEFAULT, e -> {}, SimulationListener.NONE)) {
      RunsHttp http =
          new RunsHttp(pipeline.submitRun(), pipeline.getRun(), pipeline.cancelRun(), 1 << 20, null)
              .comparing(new CompareRuns(pipeline.store(), new ScenarioCodec(), 2, 5e9));
      String ra = submit(pipeline, http, a, null);
      // B's run on another seed: compared on A's seed all the same
      String rb = submit(pipeline, http, b, "99");
      HttpAnswer answer =
          http.handle(
              new HttpCall("GET", "/runs/" + ra + "/compare/" + rb, "local", "", Map.of(), null),
              "");
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      JsonNode got = JSON.readTree(answer.body());
      assertThat(got.get("seed")).isEqualTo(expected.get("seed"));
      assertThat(got.get("trials")).isEqualTo(expected.get("trials"));
      assertThat(got.get("stages")).hasSize(8).isEqualTo(expected.get("stages"));
      // neither run has a queue: no lost-messages figure to judge, said once, as the CLI says it
      assertThat(got.at("/stages/0/bMinusA").has("lostMessagesPerMillion")).isFalse();
      assertThat(got.get("leftOut").asText())
          .isEqualTo("not compared, as neither side has it: lost msgs/million (every stage)")
          .isEqualTo(expected.get("leftOut").asText());
      // stages 1-7 are alike: identical trial by trial; stage 8 is not
      assertThat(got.at("/stages/0/bMinusA/monthlyCostUsd/verdict").asText())
          .isEqualTo("identical in every trial");
      assertThat(got.at("/stages/7/bMinusA/monthlyCostUsd/verdict").asText())
          .isNotEqualTo("identical in every trial");

      // another identity sees neither run; a run still going cannot be compared
      assertThat(
              http.handle(
                      new HttpCall(
                          "GET", "/runs/" + ra + "/compare/" + rb, "mallory", "", Map.of(), null),
                      "")
                  .status())
          .isEqualTo(404);
      RunsHttp tight =
          new RunsHttp(pipeline.submitRun(), pipeline.getRun(), pipeline.cancelRun(), 1 << 20, null)
              .comparing(new CompareRuns(pipeline.store(), new ScenarioCodec(), 2, 1e3));
      HttpAnswer tooMuch =
          tight.handle(
              new HttpCall("GET", "/runs/" + ra + "/compare/" + rb, "local", "", Map.of(), null),
              "");
      assertThat(tooMuch.status()).isEqualTo(413);
      assertThat(tooMuch.body()).contains("archsim compare");
    }
  }

  static String submit(LocalPipeline pipeline, RunsHttp http, String scenario, String seed)
      throws Exception {
    HttpAnswer posted =
        http.handle(
            new HttpCall(
                "POST",
                "/runs",
                "local",
                scenario,
                Map.of("content-type", "application/json"),
                seed == null ? Map.of() : Map.of("seed", seed)),
            "");
    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    String id = JSON.readTree(posted.body()).get("runId").asText();
    assertThat(pipeline.awaitTerminal(id).status().name()).isEqualTo("COMPLETED");
    return id;
  }
}
