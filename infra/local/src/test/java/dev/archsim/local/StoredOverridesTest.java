package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.local.cli.CliHarness;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run stores its document as the user wrote it and the overrides beside it; a process that parses
 * the stored document again (a worker without the submission's parsed model: a cache miss, a
 * restarted pipeline's reconciler) applies them to the model and draws the very trials the
 * submitting process drew.
 */
class StoredOverridesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path WHATISTHETIME = Path.of("../../events/scenarios/whatisthetime.json");

  static LocalPipeline pipeline() {
    return new LocalPipeline(
        2,
        new SubmitRun.Settings(5, Duration.ofDays(1), 1000),
        new ConsoleCompletionPublisher(new PrintWriter(Writer.nullWriter())),
        SimulationListener.NONE);
  }

  /**
   * The stored run submitted again to a fresh pipeline, which knows nothing of it: its reconciler
   * finds it open with no shard enqueued, and its workers parse the stored document.
   */
  static RunRecord againInAFreshPipeline(RunRecord stored) {
    try (LocalPipeline fresh = pipeline()) {
      Instant before = Instant.now().minus(SubmitRun.ENQUEUE_GRACE).minusSeconds(60);
      fresh
          .store()
          .create(
              RunRecord.queued(
                  stored.runId(),
                  stored.owner(),
                  stored.totalShards(),
                  before,
                  Instant.now().plus(Duration.ofDays(1)),
                  stored.scenarioJson(),
                  null,
                  null,
                  stored.overrides()));
      ReconcileRuns.Report pass = fresh.reconciler().reconcile();
      assertThat(pass.enqueued()).isEqualTo(1);
      RunRecord done = fresh.awaitTerminal(stored.runId());
      assertThat(done.status()).as(done.failureReason()).isEqualTo(RunStatus.COMPLETED);
      return done;
    }
  }

  static RunRecord submitParsed(JsonNode doc, ScenarioOverrides overrides) {
    Scenario asParsed = new ScenarioCodec().parseTree(doc).orThrow();
    try (LocalPipeline p = pipeline()) {
      SubmitRun.Submitted s =
          p.submitRun().submitParsed("local", asParsed, doc, overrides, List.of());
      RunRecord done = p.awaitTerminal(s.runId());
      assertThat(done.status()).as(done.failureReason()).isEqualTo(RunStatus.COMPLETED);
      return p.store().find(s.runId()).orElseThrow();
    }
  }

  @Test
  void aStageRunAloneGivesTheSameBytesWhenItsStoredDocumentIsParsedAgain() throws Exception {
    String text = Files.readString(WHATISTHETIME);
    JsonNode doc = JSON.readTree(text);
    // --stage 3 --trials 12: the third stage (place 2), which has faults of its own
    ScenarioOverrides overrides = new ScenarioOverrides(12, null, null, null, List.of(2));
    RunRecord first = submitParsed(doc, overrides);
    assertThat(JSON.readTree(first.scenarioJson())).as("stored as written").isEqualTo(doc);
    assertThat(first.overrides()).isEqualTo(overrides);

    RunRecord again = againInAFreshPipeline(first);
    assertThat(again.resultJson()).isEqualTo(first.resultJson());

    // the command line's direct run of the file gives the same result
    CliHarness.Outcome cli =
        CliHarness.run(
            "run", WHATISTHETIME.toString(), "--stage", "3", "--trials", "12", "--format", "json");
    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(JSON.readTree(cli.out())).isEqualTo(JSON.readTree(first.resultJson()));
    assertThat(ResultView.parse(first.resultJson()).stages())
        .singleElement()
        .satisfies(s -> assertThat(s.name()).isEqualTo(doc.at("/stages/2/name").asText()));

    // what used to be stored, the document cut down to the stage (numbered 0 then) and parsed
    // again, draws other trials: the comparison above can tell the two apart
    ObjectNode cut = doc.deepCopy();
    ArrayNode only = JSON.createArrayNode().add(doc.at("/stages/2"));
    cut.set("stages", only);
    ((ObjectNode) cut.get("run")).put("trials", 12);
    RunRecord renumbered = submitParsed(cut, ScenarioOverrides.NONE);
    assertThat(renumbered.resultJson()).isNotEqualTo(first.resultJson());
  }

  @Test
  void theApisTrialsAndSeedAreStoredBesideTheDocumentAsSentAndReachEveryWorker() throws Exception {
    RunRecord stored;
    try (LocalPipeline p = pipeline()) {
      SubmitRun.Submitted s =
          p.submitRun()
              .submit(new SubmitRun.Request("alice", LocalPipelineTest.SCENARIO, null, 6, 1234L));
      assertThat(s.scenario().run().trials()).isEqualTo(6);
      assertThat(p.awaitTerminal(s.runId()).status()).isEqualTo(RunStatus.COMPLETED);
      stored = p.store().find(s.runId()).orElseThrow();
    }
    assertThat(JSON.readTree(stored.scenarioJson()))
        .isEqualTo(JSON.readTree(LocalPipelineTest.SCENARIO));
    assertThat(stored.overrides()).isEqualTo(ScenarioOverrides.of(6, 1234L));
    ResultView result = ResultView.parse(stored.resultJson());
    assertThat(result.trials()).isEqualTo(6);

    // the same as the document with the trials and seed written in
    String written =
        LocalPipelineTest.SCENARIO
            .replace("\"trials\": 10", "\"trials\": 6")
            .replace("\"seed\": 7", "\"seed\": 1234");
    try (LocalPipeline p = pipeline()) {
      SubmitRun.Submitted s =
          p.submitRun().submit(new SubmitRun.Request("alice", written, null, null, null));
      assertThat(p.awaitTerminal(s.runId()).resultJson()).isEqualTo(stored.resultJson());
    }
    // and parsed again by workers that never saw the submission
    assertThat(againInAFreshPipeline(stored).resultJson()).isEqualTo(stored.resultJson());
  }

  @Test
  void aChosenStagesProblemIsSaidAtItsPlaceInTheFile() {
    // stage 6 (place 5) scales automatically, which request mode does not simulate
    CliHarness.Outcome cli =
        CliHarness.run("run", WHATISTHETIME.toString(), "--stage", "6", "--mode", "requests");
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err())
        .contains("$.stages[5].architecture.compute.autoScaling")
        .doesNotContain("$.stages[0]");
  }

  @Test
  void aDocumentsProblemsAndTheRequestsAreRefusedTogetherBeforeAnythingIsStored() {
    String bad =
        LocalPipelineTest.SCENARIO
            .replace("\"P3D\"", "\"three days\"")
            .replace("\"name\": \"alb\"", "\"name\": \"eips\"");
    try (LocalPipeline p = pipeline()) {
      assertThatThrownBy(
              () -> p.submitRun().submit(new SubmitRun.Request("alice", bad, null, 0, null)))
          .isInstanceOfSatisfying(
              ScenarioRejectedException.class,
              e ->
                  assertThat(e.violations())
                      .extracting(Violation::path)
                      .contains("$.run.horizon", "$.stages[1].name", "?trials"));
      assertThat(p.store().openRuns(Instant.now().plusSeconds(60), 10)).isEmpty();
    }
  }
}
