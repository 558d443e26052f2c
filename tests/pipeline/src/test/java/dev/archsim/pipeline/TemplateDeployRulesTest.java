package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * template.yaml keeps every deploy-time rule AWS documents for what it uses ({@link DeployRules},
 * each rule with its source), and each rule catches the template broken its way: a rule that cannot
 * fail checks nothing.
 */
class TemplateDeployRulesTest {
  static ObjectNode template;

  @BeforeAll
  static void read() throws Exception {
    template =
        (ObjectNode)
            new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
  }

  @Test
  void theTemplateBreaksNoDocumentedDeployRule() {
    assertThat(DeployRules.check(template)).isEmpty();
  }

  @Test
  void everySqsEventSourceWaitsSixFunctionTimeoutsBeforeRedelivering() {
    // the choice of 6x (AWS's recommendation, not only Lambda's >= 1x) is what the rule enforces
    assertThat(DeployRules.VISIBILITY_TIMEOUT_FACTOR).isEqualTo(6);
    JsonNode r = template.get("Resources");
    int worker = r.at("/WorkerFunction/Properties/Timeout").asInt();
    assertThat(r.at("/ShardQueue/Properties/VisibilityTimeout").asInt()).isEqualTo(6 * worker);
    assertThat(r.at("/ShardDeadLetterQueue/Properties/VisibilityTimeout").asInt())
        .isEqualTo(6 * worker);
  }

  /** The smoke script reads outputs and resources by name: they must be the template's. */
  @Test
  void theDeploySmokeScriptNamesWhatTheTemplateHas() throws Exception {
    String script = java.nio.file.Files.readString(Path.of("../../bench/deploy-smoke.sh"));
    java.util.regex.Matcher outputs =
        java.util.regex.Pattern.compile("output (\\w+)\\)").matcher(script);
    int read = 0;
    while (outputs.find()) {
      assertThat(template.at("/Outputs/" + outputs.group(1)).isMissingNode())
          .as(outputs.group(1))
          .isFalse();
      read++;
    }
    assertThat(read).isPositive();
    assertThat(script).contains("--logical-resource-id RunsTable");
    assertThat(template.at("/Resources/RunsTable/DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(script).contains("--aws-sigv4 \"aws:amz:$region:execute-api\"");
    assertThat(java.nio.file.Files.isExecutable(Path.of("../../bench/deploy-smoke.sh"))).isTrue();
  }

  static Stream<Arguments> brokenTemplates() {
    return Stream.of(
        broken(
            "the shard DLQ with SQS's default 30 s visibility timeout",
            t -> remove(t, "/Resources/ShardDeadLetterQueue/Properties/VisibilityTimeout"),
            "WorkerFunction event DeadLetters: queue ShardDeadLetterQueue visibility timeout 30 s"
                + " is less than the function's timeout 300 s"),
        broken(
            "a visibility timeout of 2 worker timeouts",
            t -> set(t, "/Resources/ShardQueue/Properties/VisibilityTimeout", 600),
            "visibility timeout 600 s is less than six times the function's timeout 300 s"),
        broken(
            "a batch of 20 without a batching window",
            t ->
                set(
                    t,
                    "/Resources/WorkerFunction/Properties/Events/Shards/Properties/BatchSize",
                    20),
            "WorkerFunction event Shards BatchSize 20 above 10 needs MaximumBatchingWindowInSeconds"),
        broken(
            "a batch above 10 000",
            t -> {
              set(
                  t,
                  "/Resources/WorkerFunction/Properties/Events/Shards/Properties/BatchSize",
                  10001);
              set(
                  t,
                  "/Resources/WorkerFunction/Properties/Events/Shards/Properties/MaximumBatchingWindowInSeconds",
                  5);
            },
            "WorkerFunction event Shards BatchSize 10001 is outside [1, 10000]"),
        broken(
            "a batching window above 300 s",
            t ->
                set(
                    t,
                    "/Resources/WorkerFunction/Properties/Events/Shards/Properties/MaximumBatchingWindowInSeconds",
                    301),
            "MaximumBatchingWindowInSeconds 301 is outside [0, 300]"),
        broken(
            "a FIFO shard queue with a batch window and a standard dead-letter queue",
            t -> {
              set(t, "/Resources/ShardQueue/Properties/FifoQueue", true);
              set(
                  t,
                  "/Resources/WorkerFunction/Properties/Events/Shards/Properties/MaximumBatchingWindowInSeconds",
                  1);
            },
            "a batching window is not supported for FIFO queue ShardQueue",
            "ShardQueue and its dead-letter queue ShardDeadLetterQueue must both be standard or both FIFO"),
        broken(
            "a FIFO queue whose name lacks .fifo, a batch of 11 on it",
            t -> {
              set(t, "/Resources/ShardQueue/Properties/FifoQueue", true);
              set(t, "/Resources/ShardQueue/Properties/QueueName", "shards");
              set(t, "/Resources/WorkerFunction/Properties/Events/Shards/Properties/BatchSize", 11);
            },
            "ShardQueue: a FIFO queue's name, and only its, ends in .fifo",
            "WorkerFunction event Shards BatchSize 11 is outside [1, 10]"),
        broken(
            "content-based deduplication on a standard queue",
            t -> set(t, "/Resources/FailedShardQueue/Properties/ContentBasedDeduplication", true),
            "FailedShardQueue: ContentBasedDeduplication is for FIFO queues only"),
        broken(
            "a maximum concurrency parameter without a MaxValue",
            t -> remove(t, "/Parameters/WorkerMaxConcurrency/MaxValue"),
            "ScalingConfig.MaximumConcurrency [2, unbounded] is outside [2, 1000]"),
        broken(
            "a maximum concurrency of 1",
            t ->
                set(
                    t,
                    "/Resources/WorkerFunction/Properties/Events/Shards/Properties/ScalingConfig/MaximumConcurrency",
                    1),
            "ScalingConfig.MaximumConcurrency 1 is outside [2, 1000]"),
        broken(
            "reserved concurrency below the event source's maximum concurrency",
            t -> set(t, "/Resources/WorkerFunction/Properties/ReservedConcurrentExecutions", 10),
            "WorkerFunction event Shards: maximum concurrency [2, 1000] exceeds the function's"
                + " reserved concurrency 10"),
        broken(
            "reserved concurrency leaving fewer than 100 unreserved",
            t -> {
              set(t, "/Resources/WorkerFunction/Properties/ReservedConcurrentExecutions", 1000);
              set(t, "/Parameters/WorkerMaxConcurrency/MaxValue", 1000);
            },
            "the functions reserve up to 1000 concurrent executions"),
        broken(
            "a maxReceiveCount of 0",
            t -> set(t, "/Resources/ShardQueue/Properties/RedrivePolicy/maxReceiveCount", 0),
            "ShardQueue maxReceiveCount 0 is outside [1, 1000]"),
        broken(
            "a dead-letter queue keeping messages no longer than its source",
            t ->
                set(t, "/Resources/ShardDeadLetterQueue/Properties/MessageRetentionPeriod", 345600),
            "ShardQueue keeps messages 345600 s and its dead-letter queue ShardDeadLetterQueue 345600 s"),
        broken(
            "a visibility timeout above SQS's 12 hours",
            t -> set(t, "/Resources/ShardQueue/Properties/VisibilityTimeout", 43201),
            "ShardQueue VisibilityTimeout 43201 is outside [0, 43200]"),
        broken(
            "a stream read from AT_TIMESTAMP",
            t ->
                set(
                    t,
                    "/Resources/NotifierFunction/Properties/Events/RunStatusChanges/Properties/StartingPosition",
                    "AT_TIMESTAMP"),
            "StartingPosition 'AT_TIMESTAMP' is not TRIM_HORIZON or LATEST"),
        broken(
            "stream retries, age and parallelisation beyond their limits",
            t -> {
              String p =
                  "/Resources/NotifierFunction/Properties/Events/RunStatusChanges/Properties/";
              set(t, p + "MaximumRetryAttempts", 10001);
              set(t, p + "MaximumRecordAgeInSeconds", 30);
              set(t, p + "ParallelizationFactor", 11);
              set(t, p + "BatchSize", 10001);
            },
            "RunStatusChanges MaximumRetryAttempts 10001 is outside [-1, 10000]",
            "RunStatusChanges MaximumRecordAgeInSeconds 30 must be -1 or at least 60",
            "RunStatusChanges ParallelizationFactor 11 is outside [1, 10]",
            "RunStatusChanges BatchSize 10001 is outside [1, 10000]"),
        broken(
            "a FIFO on-failure destination",
            t -> {
              set(t, "/Resources/NotifierFailureQueue/Properties/FifoQueue", true);
              set(t, "/Resources/NotificationDeadLetterQueue/Properties/FifoQueue", true);
            },
            "on-failure destination NotifierFailureQueue is not a standard SQS queue or SNS topic"),
        broken(
            "a stream's on-failure destination its function may not send to",
            t ->
                ((com.fasterxml.jackson.databind.node.ArrayNode)
                        t.at("/Resources/NotifierFunction/Properties/Policies"))
                    .remove(2),
            "NotifierFunction's role may not send to its on-failure destination"
                + " NotifierFailureQueue"),
        broken(
            "a stream event source on a table without a stream",
            t -> remove(t, "/Resources/RunsTable/Properties/StreamSpecification"),
            "table RunsTable has no stream (StreamSpecification)"),
        broken(
            "three event source mappings on one stream",
            t -> {
              JsonNode e = t.at("/Resources/NotifierFunction/Properties/Events/RunStatusChanges");
              ((ObjectNode) t.at("/Resources/NotifierFunction/Properties/Events"))
                  .set("Again", e.deepCopy());
              ((ObjectNode) t.at("/Resources/NotifierFunction/Properties/Events"))
                  .set("Thrice", e.deepCopy());
            },
            "RunsTable.StreamArn is read by 3 event source mappings"),
        broken(
            "a filter pattern that is not JSON",
            t ->
                set(
                    t,
                    "/Resources/NotifierFunction/Properties/Events/RunStatusChanges/Properties/FilterCriteria/Filters/0/Pattern",
                    "{status: COMPLETED"),
            "filter pattern is not JSON"),
        broken(
            "SnapStart with 1 GB of ephemeral storage",
            t -> set(t, "/Resources/WorkerFunction/Properties/EphemeralStorage/Size", 1024),
            "WorkerFunction uses SnapStart with ephemeral storage 1024 MB"),
        broken(
            "SnapStart with provisioned concurrency and EFS",
            t -> {
              set(
                  t,
                  "/Resources/ApiFunction/Properties/ProvisionedConcurrencyConfig/ProvisionedConcurrentExecutions",
                  1);
              set(
                  t,
                  "/Resources/ApiFunction/Properties/FileSystemConfigs",
                  List.of(java.util.Map.of("LocalMountPath", "/mnt/efs")));
            },
            "ApiFunction uses SnapStart with provisioned concurrency",
            "ApiFunction uses SnapStart with Amazon EFS"),
        broken(
            "SnapStart on a runtime it does not support",
            t -> set(t, "/Globals/Function/Runtime", "java8.al2"),
            "WorkerFunction uses SnapStart on runtime java8.al2"),
        broken(
            "SnapStart without a published version",
            t -> remove(t, "/Globals/Function/AutoPublishAlias"),
            "NotifierFunction uses SnapStart without AutoPublishAlias"),
        broken(
            "a function timeout above 15 minutes",
            t -> set(t, "/Resources/WorkerFunction/Properties/Timeout", 901),
            "WorkerFunction Timeout 901 is outside [1, 900]"),
        broken(
            "a function without its log group",
            t -> ((ObjectNode) t.get("Resources")).remove("ApiJwtFunctionLogGroup"),
            "ApiJwtFunction has no AWS::Logs::LogGroup named /aws/lambda/${ApiJwtFunction}"),
        broken(
            "a conditional function's log group without its condition",
            t -> remove(t, "/Resources/ApiJwtFunctionLogGroup/Condition"),
            "ApiJwtFunctionLogGroup has Condition '' but its function ApiJwtFunction has 'UseJwt'"),
        broken(
            "a log retention CloudWatch Logs refuses",
            t -> remove(t, "/Parameters/LogRetentionDays/AllowedValues"),
            "WorkerFunctionLogGroup RetentionInDays [unbounded, unbounded] is not one of the values"),
        broken(
            "a log group keeping logs forever",
            t -> remove(t, "/Resources/WorkerFunctionLogGroup/Properties/RetentionInDays"),
            "WorkerFunctionLogGroup has no RetentionInDays"),
        broken(
            "an API throttle above the account's 10 000 requests per second",
            t ->
                set(
                    t,
                    "/Resources/RunsApi/Properties/DefaultRouteSettings/ThrottlingRateLimit",
                    20000),
            "RunsApi ThrottlingRateLimit 20000 is outside [0, 10000]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenTemplates")
  void eachRuleCatchesTheTemplateBrokenItsWay(
      String description, Consumer<ObjectNode> breakIt, List<String> expected) {
    ObjectNode copy = template.deepCopy();
    breakIt.accept(copy);
    List<String> violations = DeployRules.check(copy);
    for (String e : expected) {
      assertThat(violations).as(description).anyMatch(v -> v.contains(e));
    }
    assertThat(violations)
        .as("each violation cites its source")
        .allMatch(v -> v.contains(" — https://docs.aws.amazon.com/"));
  }

  static Arguments broken(String description, Consumer<ObjectNode> breakIt, String... expected) {
    return Arguments.of(description, breakIt, List.of(expected));
  }

  /** Sets the value at a JSON pointer, creating missing objects on the way. */
  static void set(ObjectNode root, String pointer, Object value) {
    String[] parts = pointer.substring(1).split("/");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = node.path(parts[i]);
      if (next.isMissingNode()) {
        next = root.objectNode();
        attach(node, parts[i], next);
      }
      node = next;
    }
    attach(node, parts[parts.length - 1], new ObjectMapper().valueToTree(value));
  }

  private static void attach(JsonNode parent, String key, JsonNode value) {
    if (parent instanceof ObjectNode o) {
      o.set(key, value);
    } else {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(key), value);
    }
  }

  static void remove(ObjectNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    assertThat(parent.isObject()).as(pointer).isTrue();
    assertThat(((ObjectNode) parent).remove(pointer.substring(slash + 1))).as(pointer).isNotNull();
  }
}
