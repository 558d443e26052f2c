package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.ModelBounds;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shaped workload in documents: how it reads, and every problem with its JSON path. */
class WorkloadShapeCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScenarioCodec codec = new ScenarioCodec();

  /** db-failover.json with its workload replaced by {@code workload}. */
  static ObjectNode withWorkload(String workload) throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(ScenarioCodecTest.LIBRARY.resolve("db-failover.json")));
    doc.set("workload", JSON.readTree(workload));
    return doc;
  }

  static final String PROFILE = "\"profile\": {\"cpuMsPerRequest\": 20}";

  static final String EVERY_SHAPE =
      """
      {"trace": {"points": [[0, 6000], [60, 12000], [180, 3000]], "periodSeconds": 60,
                 "scale": 2, "shift": "PT1H"},
       "pattern": {"type": "daily", "peakFactor": 1.5, "peakHourUtc": 18},
       "weekly": {"weekendFactor": 0.5, "startDay": "saturday"},
       "growth": {"percentPerMonth": 4},
       "spikes": [{"at": "P1DT2H", "duration": "PT30M", "factor": 5}],
       "steps": [{"at": "P3D", "factor": 2}, {"at": "P4D", "factor": 1}],
       %s}
      """
          .formatted(PROFILE);

  @Test
  void aTraceWithEveryShapeReadsIntoTheComposedPattern() throws Exception {
    ScenarioParseResult r = codec.parseTree(withWorkload(EVERY_SHAPE));
    assertThat(r.errors()).isEmpty();
    Workload w = r.scenario().orElseThrow().workloadOf(r.scenario().orElseThrow().stage(0));
    ShapedPattern p = (ShapedPattern) w.pattern();
    // 21 000 requests over a 240-s trace (the gap at 120 s has none), doubled: 175 req/s mean
    assertThat(w.requestsPerSecond()).isEqualTo(2 * 21_000 / 240.0);
    assertThat(p.trace().lengthSeconds()).isEqualTo(240);
    assertThat(p.trace().shiftSeconds()).isEqualTo(3600);
    assertThat(p.base()).isEqualTo(new TrafficPattern.Daily(1.5, 18));
    assertThat(p.weekly()).isEqualTo(new ShapedPattern.Weekly(0.5, DayOfWeek.SATURDAY));
    assertThat(p.growthPercentPerMonth()).isEqualTo(4);
    assertThat(p.spikes()).containsExactly(new ShapedPattern.Spike(26 * 3600, 1800, 5));
    assertThat(p.steps())
        .containsExactly(
            new ShapedPattern.Step(3 * 86_400, 2), new ShapedPattern.Step(4 * 86_400, 1));
    // the same document read back as a stored one maps to an equal scenario
    assertThat(codec.parseAccepted(withWorkload(EVERY_SHAPE).toString()).scenario())
        .isEqualTo(r.scenario());
  }

  @Test
  void aWorkloadWithoutShapingKeepsItsPlainPattern() throws Exception {
    ScenarioParseResult r =
        codec.parseTree(
            withWorkload(
                "{\"requestsPerSecond\": 10, \"pattern\": {\"type\": \"daily\", \"peakFactor\": 2},"
                    + PROFILE
                    + "}"));
    assertThat(r.scenario().orElseThrow().workload().pattern())
        .isEqualTo(new TrafficPattern.Daily(2, 14));
  }

  @Test
  void aRateWorkloadComposesWithGrowthSpikesAndSteps() throws Exception {
    ScenarioParseResult r =
        codec.parseTree(
            withWorkload(
                "{\"requestsPerSecond\": 10, \"growth\": {\"percentPerMonth\": -3},"
                    + " \"steps\": [{\"at\": \"PT1H\", \"factor\": 0}], "
                    + PROFILE
                    + "}"));
    assertThat(r.errors()).isEmpty();
    Workload w = r.scenario().orElseThrow().workload();
    assertThat(w.requestsPerSecond()).isEqualTo(10);
    assertThat(((ShapedPattern) w.pattern()).base()).isEqualTo(new TrafficPattern.Constant());
  }

  @Test
  void everyProblemOfAShapedWorkloadIsListedWithItsPathInOnePass() throws Exception {
    ScenarioParseResult r =
        codec.parseTree(
            withWorkload(
                """
                {"trace": {"points": [[5, 100], [60, 100], [90, 100], [80, 100]],
                           "periodSeconds": 60},
                 "steps": [{"at": "PT2H", "factor": 2}, {"at": "PT1H", "factor": 3}],
                 "spikes": [{"at": "P30D", "duration": "PT1H", "factor": 2}],
                 %s}
                """
                    .formatted(PROFILE)));
    assertThat(r.errors())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "$.workload.trace.points[0]",
            "$.workload.trace.points[1]",
            "$.workload.trace.points[2]",
            "$.workload.trace.points[3]",
            "$.workload.steps[1].at");
    assertThat(r.errors().get(0).message()).contains("first point must be at 0 seconds");
    assertThat(r.warnings())
        .extracting(Violation::path)
        .contains("$.workload.spikes[0].at"); // P30D is past the 7-day horizon
  }

  @Test
  void outOfRangeFieldsAreSchemaProblemsAtTheirPaths() throws Exception {
    ScenarioParseResult r =
        codec.parseTree(
            withWorkload(
                """
                {"trace": {"points": [[0, -1]], "periodSeconds": 0, "scale": 0},
                 "weekly": {"weekendFactor": 1001, "startDay": "funday"},
                 "growth": {"percentPerMonth": -100},
                 "spikes": [{"at": "soon", "duration": "PT1H", "factor": 2}],
                 %s}
                """
                    .formatted(PROFILE)));
    assertThat(r.errors())
        .extracting(Violation::path)
        .contains(
            "$.workload.trace.points[0][1]",
            "$.workload.trace.periodSeconds",
            "$.workload.trace.scale",
            "$.workload.weekly.weekendFactor",
            "$.workload.weekly.startDay",
            "$.workload.growth.percentPerMonth",
            "$.workload.spikes[0].at");
  }

  @Test
  void theServiceAsksForPointsWhenGivenATraceFile() throws Exception {
    ScenarioParseResult r =
        codec.parseTree(
            withWorkload(
                "{\"trace\": {\"file\": \"requests.csv\", \"scale\": 2}, " + PROFILE + "}"));
    assertThat(r.isValid()).isFalse();
    assertThat(r.errors())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.workload.trace.file");
              assertThat(v.message()).contains("read by the command line").contains("points");
            });
    ScenarioParseResult noPoints =
        codec.parseTree(withWorkload("{\"trace\": {\"scale\": 2}, " + PROFILE + "}"));
    assertThat(noPoints.errors())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("$.workload.trace.points", "$.workload.trace.periodSeconds");
  }

  @Test
  void aTraceOfMoreThanTheBoundIsRefusedAtItsPath() throws Exception {
    ObjectNode doc = withWorkload("{\"trace\": {\"periodSeconds\": 60}, " + PROFILE + "}");
    ArrayNode points = ((ObjectNode) doc.at("/workload/trace")).putArray("points");
    for (int i = 0; i <= ModelBounds.MAX_TRACE_POINTS; i++) {
      points.addArray().add(i * 60).add(100);
    }
    ScenarioParseResult r = codec.parseTree(doc);
    assertThat(r.errors()).extracting(Violation::path).containsExactly("$.workload.trace.points");
    // a stored document is bounded by the model's rules as well
    ScenarioParseResult stored = codec.parseAccepted(doc.toString());
    assertThat(stored.errors()).extracting(Violation::path).contains("$.workload.trace.points");
    assertThat(stored.errors())
        .anyMatch(v -> v.message().equals("at most 100000 trace points; found 100001"));
  }

  @Test
  void theSchemaBoundsOfShapesAreTheModelBounds() throws Exception {
    JsonNode w = JSON.readTree(ScenarioCodec.schemaText()).at("/$defs/workload/properties");
    assertThat(w.at("/trace/properties/points/maxItems").asInt())
        .isEqualTo(ModelBounds.MAX_TRACE_POINTS);
    assertThat(w.at("/spikes/maxItems").asInt()).isEqualTo(ModelBounds.MAX_SPIKES);
    assertThat(w.at("/steps/maxItems").asInt()).isEqualTo(ModelBounds.MAX_LOAD_STEPS);
    assertThat(List.of(w.at("/growth/properties/percentPerMonth/exclusiveMinimum").asInt()))
        .containsExactly(-100);
  }
}
