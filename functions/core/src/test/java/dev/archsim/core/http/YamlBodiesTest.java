package dev.archsim.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.archsim.core.run.CancelRun;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A scenario sent as YAML ({@code Content-Type: application/yaml}) is the same scenario as its
 * JSON: POST /runs stores the same document and splits the same shards, and POST
 * /scenarios/validate answers the same problems; malformed YAML is a 400 saying where.
 */
class YamlBodiesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Records what SubmitRun stores and enqueues (nothing else of the store is used). */
  static final class Recording implements RunStore {
    final List<RunRecord> created = new ArrayList<>();

    @Override
    public void create(RunRecord run) {
      created.add(run);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
      return created.stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    @Override
    public Recorded recordShard(
        String runId, int shardIndex, String resultJson, java.time.Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> shardResults(String runId) {
      return List.of();
    }

    @Override
    public java.util.SortedSet<Integer> recordedShards(String runId) {
      return new java.util.TreeSet<>();
    }

    @Override
    public boolean tryClaimAggregation(
        String runId, String claimToken, java.time.Instant now, java.time.Instant leaseUntil) {
      return false;
    }

    @Override
    public boolean complete(
        String runId, String claimToken, String resultJson, java.time.Instant now) {
      return false;
    }

    @Override
    public boolean cancel(String runId, java.time.Instant now) {
      return false;
    }

    @Override
    public boolean takesShards(String runId) {
      return false;
    }

    @Override
    public List<RunRecord> openRuns(java.time.Instant createdBefore, int limit) {
      return List.of();
    }

    @Override
    public boolean fail(String runId, String reason, java.time.Instant now) {
      return false;
    }

    @Override
    public boolean failShard(String runId, int shardIndex, String reason, java.time.Instant now) {
      return false;
    }

    @Override
    public java.util.Set<String> marks(String runId) {
      return java.util.Set.of();
    }

    @Override
    public void mark(String runId, String mark) {}
  }

  static HttpAnswer post(RunsHttp http, String type, String body) {
    return http.handle(
        new HttpCall("POST", "/runs", "alice", body, Map.of("content-type", type), Map.of()), "");
  }

  static RunsHttp runs(Recording store) {
    List<ShardTask> queued = new ArrayList<>();
    return new RunsHttp(
        new SubmitRun(
            store,
            queued::addAll,
            new ScenarioCodec(),
            Clock.systemUTC(),
            () -> UUID.randomUUID().toString(),
            SubmitRun.Settings.DEFAULT),
        new GetRun(store),
        new CancelRun(store, Clock.systemUTC()),
        1 << 20);
  }

  @Test
  void aYamlScenarioIsStoredAsTheSameDocumentAsItsJson() throws Exception {
    String json = Files.readString(Path.of("../../events/scenarios/whatisthetime.json"));
    String yaml = new YAMLMapper().writeValueAsString(JSON.readTree(json));
    assertThat(yaml).doesNotContain("{\"");
    Recording store = new Recording();
    RunsHttp http = runs(store);

    HttpAnswer fromJson = post(http, "application/json", json);
    HttpAnswer fromYaml = post(http, "application/yaml; charset=utf-8", yaml);

    assertThat(fromJson.status()).isEqualTo(202);
    assertThat(fromYaml.status()).as(fromYaml.body()).isEqualTo(202);
    assertThat(store.created).hasSize(2);
    assertThat(JSON.readTree(store.created.get(1).scenarioJson()))
        .isEqualTo(JSON.readTree(store.created.get(0).scenarioJson()));
    assertThat(store.created.get(1).totalShards()).isEqualTo(store.created.get(0).totalShards());

    // malformed YAML: 400, where and why, nothing stored
    HttpAnswer broken = post(http, "application/yaml", "name: [unclosed\nversion: 1\n");
    assertThat(broken.status()).isEqualTo(400);
    JsonNode problems = JSON.readTree(broken.body()).get("problems");
    assertThat(problems.get(0).get("message").asText()).contains("line");
    // a YAML list is not a scenario
    assertThat(post(http, "application/yaml", "- 1\n- 2\n").status()).isEqualTo(400);
    assertThat(store.created).hasSize(2);
  }

  @Test
  void validateTakesAYamlBodyAndFindsWhatItsJsonFinds() throws Exception {
    String json =
        Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))
            .replace("\"P30D\"", "\"thirty days\"");
    String yaml = new YAMLMapper().writeValueAsString(JSON.readTree(json));
    WebApp app = WebAppTest.app();
    HttpAnswer asYaml =
        app.handle(
            new HttpCall(
                "POST",
                "/scenarios/validate",
                "local",
                yaml,
                Map.of("content-type", "application/yaml"),
                null));
    HttpAnswer asJson = WebAppTest.post(app, JSON.createObjectNode().put("text", json).toString());
    assertThat(asYaml.status()).isEqualTo(200);
    JsonNode y = JSON.readTree(asYaml.body());
    assertThat(y.get("valid").asBoolean()).isFalse();
    // the same problems; the YAML ones also say on which line of the YAML text they are
    JsonNode withoutLines = y.get("problems").deepCopy();
    withoutLines.forEach(p -> assertThat(p.path("line").asInt()).isPositive());
    withoutLines.forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("line"));
    assertThat(withoutLines).isEqualTo(JSON.readTree(asJson.body()).get("problems"));
    assertThat(y.get("problems").findValuesAsText("path")).contains("$.run.horizon");
  }

  /** The body of the sample event of a YAML scenario with two mistakes, as a person writes it. */
  static String refusedYaml() throws Exception {
    return JSON.readTree(Files.readString(Path.of("../../events/api/post-run-yaml-refused.json")))
        .get("body")
        .asText();
  }

  /** The line (1-based) of {@code text} the first occurrence of {@code fragment} is on. */
  static int lineOf(String text, String fragment) {
    int at = text.indexOf(fragment);
    assertThat(at).as(fragment).isNotNegative();
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  static Map<String, Integer> linesByPath(JsonNode problems) {
    Map<String, Integer> out = new java.util.HashMap<>();
    problems.forEach(p -> out.put(p.path("path").asText(), p.path("line").asInt(0)));
    return out;
  }

  @Test
  void aRefusedYamlRunSaysTheLineOfEveryProblemAndItsJsonTheSameProblemsWithoutLines()
      throws Exception {
    String yaml = refusedYaml();
    Recording store = new Recording();
    RunsHttp http = runs(store);

    HttpAnswer refused = post(http, "application/yaml", yaml);

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    JsonNode problems = JSON.readTree(refused.body()).get("problems");
    assertThat(linesByPath(problems))
        .containsEntry("$.run.horizon", lineOf(yaml, "horizon: one day"))
        .containsEntry("$.stages[0].architecture.compute.instanceType", lineOf(yaml, "m5.larj"));
    problems.forEach(p -> assertThat(p.path("line").asInt()).as(p.toString()).isPositive());
    // the same scenario as JSON: the same problems, as before, without lines
    HttpAnswer asJson =
        post(http, "application/json", JSON.writeValueAsString(new YAMLMapper().readTree(yaml)));
    assertThat(asJson.status()).isEqualTo(400);
    JsonNode withoutLines = problems.deepCopy();
    withoutLines.forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("line"));
    assertThat(JSON.readTree(asJson.body()).get("problems")).isEqualTo(withoutLines);
    // validation says the same problems at the same lines: one code path
    HttpAnswer validated =
        WebAppTest.app()
            .handle(
                new HttpCall(
                    "POST",
                    "/scenarios/validate",
                    "alice",
                    yaml,
                    Map.of("content-type", "application/yaml"),
                    null));
    assertThat(JSON.readTree(validated.body()).get("problems")).isEqualTo(problems);
    assertThat(store.created).isEmpty();
  }

  @Test
  void malformedYamlIsA400AtTheLineAndColumnWhereItStopsParsing() throws Exception {
    Recording store = new Recording();
    RunsHttp http = runs(store);
    WebApp app = WebAppTest.app();
    // text, the line parsing stops on
    Map<String, Integer> cases =
        Map.of(
            "version: 1\nname: [unclosed\nrun:\n  trials: 4\n", 3,
            // a key twice: at the second one
            "version: 1\nrun:\n  trials: 4\n  seed: 1\n  trials: 5\n", 5,
            // a second document: at its first key
            "version: 1\nname: a\n---\nversion: 2\n", 4,
            // a tab where YAML wants spaces
            "version: 1\nrun:\n\ttrials: 4\n", 3);
    java.util.regex.Pattern where =
        java.util.regex.Pattern.compile("at line (\\d+), column (\\d+)");
    cases.forEach(
        (text, line) -> {
          HttpAnswer a = post(http, "application/yaml", text);
          assertThat(a.status()).as(text).isEqualTo(400);
          assertThat(a.body()).doesNotContain("Exception").doesNotContain("at com.");
          JsonNode problems;
          try {
            problems = JSON.readTree(a.body()).get("problems");
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
          assertThat(problems).as(a.body()).hasSize(1);
          JsonNode p = problems.get(0);
          assertThat(p.path("line").asInt()).as(a.body()).isEqualTo(line);
          assertThat(p.path("column").asInt()).as(a.body()).isPositive();
          // the fields say what the message says
          var m = where.matcher(p.path("message").asText());
          assertThat(m.find()).as(a.body()).isTrue();
          assertThat(p.path("line").asInt()).isEqualTo(Integer.parseInt(m.group(1)));
          assertThat(p.path("column").asInt()).isEqualTo(Integer.parseInt(m.group(2)));
          // and validation the same
          HttpAnswer v =
              app.handle(
                  new HttpCall(
                      "POST",
                      "/scenarios/validate",
                      "alice",
                      text,
                      Map.of("content-type", "application/yaml"),
                      null));
          try {
            assertThat(JSON.readTree(v.body()).get("problems")).isEqualTo(problems);
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        });
    assertThat(store.created).isEmpty();
  }
}
