package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mistake of a queue and its Lambda consumer, each at its path, in one pass. */
class QueueValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String Q = "$.stages[0].architecture.queue";

  static ObjectNode library() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            Files.readString(Path.of("../../events/scenarios/serverless-worker-fleet.json")));
  }

  static ObjectNode queue(ObjectNode doc, int stage) {
    return (ObjectNode) doc.get("stages").get(stage).get("architecture").get("queue");
  }

  @Test
  void everyMistakeOfTheLambdaConsumerIsListedAtItsPath() throws Exception {
    ObjectNode doc = library();
    ObjectNode q = queue(doc, 0);
    q.put("consumerRatePerSecond", 50).put("visibilityTimeoutSeconds", 10);
    ObjectNode lambda = (ObjectNode) q.get("lambda");
    // a batch above 10 without a window; 200 + 50 × 30 = 1 700 ms, past a 1 s timeout; in stage
    // 2, a 20 s timeout past a 10 s visibility timeout
    lambda.put("batchSize", 50).put("timeoutSeconds", 1);
    ObjectNode second = queue(doc, 1).put("visibilityTimeoutSeconds", 10);
    ((ObjectNode) second.get("lambda")).put("timeoutSeconds", 20);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            Q + ".consumerRatePerSecond",
            Q + ".lambda.batchWindowSeconds",
            Q + ".lambda.batchSize",
            "$.stages[1].architecture.queue.lambda.timeoutSeconds");
    assertThat(r.errors())
        .anySatisfy(v -> assertThat(v.message()).contains("set consumerRatePerSecond or lambda"))
        .anySatisfy(v -> assertThat(v.message()).contains("a batching window of at least 1 s"))
        .anySatisfy(v -> assertThat(v.message()).contains("1700 ms, longer than the function"))
        .anySatisfy(
            v ->
                assertThat(v.message())
                    .contains("function timeout (20 s) exceeds the queue's visibility timeout"));
  }

  @Test
  void theSchemaHoldsTheEventSourceMappingsLimits() throws Exception {
    ObjectNode doc = library();
    ObjectNode lambda = (ObjectNode) queue(doc, 0).get("lambda");
    lambda.put("batchSize", 10_001).put("maximumConcurrency", 1).put("batchWindowSeconds", 301);
    queue(doc, 0).put("retentionHours", 337);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            Q + ".lambda.batchSize",
            Q + ".lambda.maximumConcurrency",
            Q + ".lambda.batchWindowSeconds",
            Q + ".retentionHours");
  }
}
