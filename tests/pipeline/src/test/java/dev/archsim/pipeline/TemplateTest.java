package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.api.RunsApiHandler;
import dev.archsim.aws.RunItems;
import dev.archsim.notifier.NotificationRedriveHandler;
import dev.archsim.notifier.RunNotifierHandler;
import dev.archsim.worker.ShardWorkerHandler;
import jakarta.inject.Named;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Everything the code expects of the stack exists in template.yaml. */
class TemplateTest {
  static JsonNode template;
  static JsonNode resources;

  @BeforeAll
  static void read() throws Exception {
    template =
        new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
    resources = template.get("Resources");
  }

  static JsonNode function(String name) {
    JsonNode f = resources.get(name);
    assertThat(f).as(name).isNotNull();
    assertThat(f.get("Type").asText()).isEqualTo("AWS::Serverless::Function");
    return f.get("Properties");
  }

  @ParameterizedTest
  @CsvSource({
    "ApiFunction, api",
    "WorkerFunction, worker",
    "NotifierFunction, notifier",
    "NotificationRedriveFunction, notifier",
    "ReconcilerFunction, worker"
  })
  void eachFunctionPointsAtItsBuiltArtifactAndNamesItsHandler(String resource, String module)
      throws Exception {
    JsonNode f = function(resource);
    assertThat(f.get("CodeUri").asText()).isEqualTo("functions/" + module + "/target/function.zip");
    assertThat(Path.of("../../functions/" + module + "/target/function.zip")).exists();
    assertThat(template.at("/Globals/Function/Handler").asText())
        .isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
    assertThat(template.at("/Globals/Function/Runtime").asText()).isEqualTo("java21");

    String properties =
        Files.readString(
            Path.of("../../functions/" + module + "/src/main/resources/application.properties"));
    Class<?> handler =
        Map.of(
                "ApiFunction",
                RunsApiHandler.class,
                "WorkerFunction",
                ShardWorkerHandler.class,
                "NotifierFunction",
                RunNotifierHandler.class,
                "NotificationRedriveFunction",
                NotificationRedriveHandler.class,
                "ReconcilerFunction",
                dev.archsim.worker.RunReconcilerHandler.class)
            .get(resource);
    String chosen = f.at("/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText("");
    if (chosen.isEmpty()) {
      // the module's own handler, named in its application.properties
      assertThat(properties)
          .contains("quarkus.lambda.handler=" + handler.getAnnotation(Named.class).value());
    } else {
      // the same zip with another of its handlers, chosen at run time
      assertThat(chosen).isEqualTo(handler.getAnnotation(Named.class).value());
    }

    // every environment variable the function reads without a usable default is set by the
    // template (ARCHSIM_* endpoint overrides are for emulators only)
    Set<String> provided = new HashSet<>();
    template
        .at("/Globals/Function/Environment/Variables")
        .fieldNames()
        .forEachRemaining(provided::add);
    f.at("/Environment/Variables").fieldNames().forEachRemaining(provided::add);
    provided.add("AWS_REGION"); // set by Lambda
    if (resource.equals("ReconcilerFunction")) {
      // read only by the zip's shard-worker handler (dead-lettered shards), never by the reconciler
      provided.addAll(Set.of("SHARD_DLQ_ARN", "FAILED_SHARD_QUEUE_URL"));
    }
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+):([^}]*)}").matcher(properties);
    while (m.find()) {
      String variable = m.group(1);
      boolean needed = m.group(2).isEmpty() && !variable.startsWith("ARCHSIM_");
      if (needed) {
        assertThat(provided).as(module + " reads " + variable).contains(variable);
      }
    }
  }

  @Test
  void theRunsTableHasTheKeysStreamAndTtlTheStoreUses() {
    JsonNode t = resources.get("RunsTable").get("Properties");
    assertThat(t.at("/KeySchema/0/AttributeName").asText()).isEqualTo(RunItems.PK);
    assertThat(t.at("/KeySchema/0/KeyType").asText()).isEqualTo("HASH");
    assertThat(t.at("/KeySchema/1/AttributeName").asText()).isEqualTo(RunItems.SK);
    assertThat(t.at("/KeySchema/1/KeyType").asText()).isEqualTo("RANGE");
    assertThat(t.at("/StreamSpecification/StreamViewType").asText())
        .isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(t.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(RunItems.TTL);
  }

  @Test
  void theShardQueueRedrivesToADeadLetterQueueAndOutlivesTheWorker() {
    JsonNode q = resources.get("ShardQueue").get("Properties");
    int timeout = function("WorkerFunction").get("Timeout").asInt();
    assertThat(q.get("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * timeout);
    assertThat(q.at("/RedrivePolicy/deadLetterTargetArn").asText())
        .isEqualTo("ShardDeadLetterQueue.Arn");
    assertThat(q.at("/RedrivePolicy/maxReceiveCount").asInt()).isBetween(2, 10);
    JsonNode events = function("WorkerFunction").get("Events");
    assertThat(events.at("/Shards/Properties/Queue").asText()).isEqualTo("ShardQueue.Arn");
    assertThat(events.at("/Shards/Properties/FunctionResponseTypes/0").asText())
        .isEqualTo("ReportBatchItemFailures");
    assertThat(events.at("/Shards/Properties/ScalingConfig/MaximumConcurrency").isMissingNode())
        .isFalse();
    // a batch of shards fits the function: the worker starts no shard with less than its margin
    // left, and the margin leaves room to simulate one
    assertThat(events.at("/Shards/Properties/BatchSize").asInt()).isBetween(1, 10);
    assertThat(timeout * 1000L).isGreaterThan(2 * ShardWorkerHandler.MARGIN_MILLIS);
    assertThat(events.at("/DeadLetters/Properties/Queue").asText())
        .isEqualTo("ShardDeadLetterQueue.Arn");
    assertThat(function("WorkerFunction").at("/Environment/Variables/SHARD_DLQ_ARN").asText())
        .isEqualTo("ShardDeadLetterQueue.Arn");
  }

  /**
   * The worker parks dead-lettered shards on FailedShardQueue, which must be a dead-letter queue
   * itself (of ShardDeadLetterQueue) for {@code StartMessageMoveTask} to redrive it; the worker may
   * send there and nowhere else.
   */
  /** POST, GET, its report and DELETE of /optimizations reach the API function on both APIs. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "ApiFunction, RunsApi",
    "ApiJwtFunction, RunsJwtApi"
  })
  void theOptimizationRoutesAreOnBothApis(String resource, String api) {
    List<String> routes = new java.util.ArrayList<>();
    for (JsonNode e : function(resource).get("Events")) {
      JsonNode p = e.get("Properties");
      if (p.path("Path").asText().startsWith("/optimizations")) {
        assertThat(p.get("ApiId").asText()).isEqualTo(api);
        routes.add(p.get("Method").asText() + " " + p.get("Path").asText());
      }
    }
    assertThat(routes)
        .containsExactlyInAnyOrder(
            "POST /optimizations",
            "GET /optimizations/{id}",
            "GET /optimizations/{id}/report",
            "DELETE /optimizations/{id}");
  }

  @Test
  void deadLetteredShardsAreParkedOnAQueueThatCanBeRedrivenOntoTheShardQueue() {
    assertThat(
            resources
                .at("/ShardDeadLetterQueue/Properties/RedrivePolicy/deadLetterTargetArn")
                .asText())
        .isEqualTo("FailedShardQueue.Arn");
    assertThat(resources.at("/FailedShardQueue/Type").asText()).isEqualTo("AWS::SQS::Queue");
    JsonNode worker = function("WorkerFunction");
    assertThat(worker.at("/Environment/Variables/FAILED_SHARD_QUEUE_URL").asText())
        .isEqualTo("FailedShardQueue");
    List<String> sendTo = new java.util.ArrayList<>();
    for (JsonNode p : worker.get("Policies")) {
      if (p.has("SQSSendMessagePolicy")) {
        sendTo.add(p.at("/SQSSendMessagePolicy/QueueName").asText());
      }
    }
    // the failed-shard queue to park shards; the shard queue for optimisations' steps and shards
    assertThat(sendTo).containsExactly("FailedShardQueue.QueueName", "ShardQueue.QueueName");
    assertThat(template.get("Outputs").fieldNames())
        .toIterable()
        .contains("FailedShardQueueArn", "ShardQueueArn");
  }

  @Test
  void theApiRequiresIamAuthAndRoutesBothPaths() {
    assertThat(resources.at("/RunsApi/Properties/Auth/DefaultAuthorizer").asText())
        .isEqualTo("AWS_IAM");
    JsonNode events = function("ApiFunction").get("Events");
    assertThat(events.at("/SubmitRun/Properties/Method").asText()).isEqualTo("POST");
    assertThat(events.at("/SubmitRun/Properties/Path").asText()).isEqualTo("/runs");
    assertThat(events.at("/GetRun/Properties/Method").asText()).isEqualTo("GET");
    assertThat(events.at("/GetRun/Properties/Path").asText()).isEqualTo("/runs/{id}");
    assertThat(events.at("/GetReport/Properties/Method").asText()).isEqualTo("GET");
    assertThat(events.at("/GetReport/Properties/Path").asText()).isEqualTo("/runs/{id}/report");
  }

  /**
   * The notifier's failure destination is consumed by the redrive function, which may read the
   * table's stream (only) and keep each target's mark; the queue retries inside the stream's 24
   * hours and then dead-letters.
   */
  @Test
  void failedNotificationsAreReplayedFromTheStreamWithinItsRetention() {
    JsonNode f = function("NotificationRedriveFunction");
    JsonNode source = f.at("/Events/FailedNotifications/Properties");
    assertThat(source.get("Queue").asText()).isEqualTo("NotifierFailureQueue.Arn");
    assertThat(source.at("/FunctionResponseTypes/0").asText()).isEqualTo("ReportBatchItemFailures");
    JsonNode q = resources.at("/NotifierFailureQueue/Properties");
    int timeout = template.at("/Globals/Function/Timeout").asInt();
    int visibility = q.get("VisibilityTimeout").asInt();
    assertThat(visibility).isGreaterThanOrEqualTo(6 * timeout);
    assertThat(q.at("/RedrivePolicy/deadLetterTargetArn").asText())
        .isEqualTo("NotificationDeadLetterQueue.Arn");
    assertThat(q.at("/RedrivePolicy/maxReceiveCount").asInt() * visibility)
        .as("retried for less than the stream's 24 hours")
        .isLessThan(24 * 3600);
    JsonNode statements = null;
    for (JsonNode p : f.get("Policies")) {
      if (p.has("Statement")) {
        statements = p.get("Statement");
      }
    }
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).get("Action").toString())
        .isEqualTo("[\"dynamodb:GetItem\",\"dynamodb:UpdateItem\"]");
    assertThat(statements.get(0).get("Resource").asText()).isEqualTo("RunsTable.Arn");
    assertThat(statements.get(1).get("Action").toString())
        .isEqualTo("[\"dynamodb:GetShardIterator\",\"dynamodb:GetRecords\"]");
    assertThat(statements.get(1).get("Resource").asText()).isEqualTo("RunsTable.StreamArn");
  }

  @Test
  void theNotifierReadsTheStreamAndHasAFailureDestination() {
    JsonNode e = function("NotifierFunction").at("/Events/RunStatusChanges/Properties");
    assertThat(e.get("Stream").asText()).isEqualTo("RunsTable.StreamArn");
    assertThat(e.at("/DestinationConfig/OnFailure/Destination").asText())
        .isEqualTo("NotifierFailureQueue.Arn");
    assertThat(e.at("/FunctionResponseTypes/0").asText()).isEqualTo("ReportBatchItemFailures");
  }

  @ParameterizedTest
  @CsvSource({
    "ApiFunction, Statement;SQSSendMessagePolicy",
    "WorkerFunction, SQSSendMessagePolicy;SQSSendMessagePolicy;Statement",
    "NotifierFunction, SNSPublishMessagePolicy;EventBridgePutEventsPolicy;SQSSendMessagePolicy;Statement",
    "NotificationRedriveFunction, SNSPublishMessagePolicy;EventBridgePutEventsPolicy;Statement",
    "ReconcilerFunction, SQSSendMessagePolicy;Statement"
  })
  void eachFunctionHasExactlyTheScopedPolicyTemplatesItNeeds(String resource, String policies) {
    List<String> expected = List.of(policies.split(";"));
    List<String> actual = new java.util.ArrayList<>();
    for (JsonNode p : function(resource).get("Policies")) {
      assertThat(p.isObject()).as("scoped policy template, not a managed policy: " + p).isTrue();
      p.fieldNames().forEachRemaining(actual::add);
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * Each function may use on the runs table exactly the DynamoDB actions its adapter calls
   * (DynamoDbRunStore): no Scan, DeleteItem or batch writes, and only on the table.
   */
  @ParameterizedTest
  @CsvSource({
    "ApiFunction, dynamodb:GetItem;dynamodb:PutItem;dynamodb:UpdateItem;dynamodb:Query",
    "WorkerFunction, dynamodb:GetItem;dynamodb:PutItem;dynamodb:UpdateItem;dynamodb:Query",
    "NotifierFunction, dynamodb:GetItem;dynamodb:UpdateItem",
    "ReconcilerFunction, dynamodb:GetItem;dynamodb:PutItem;dynamodb:UpdateItem;dynamodb:Query"
  })
  void eachFunctionMayUseOnlyTheTableActionsItsAdapterCalls(String resource, String actions) {
    JsonNode statement = null;
    for (JsonNode p : function(resource).get("Policies")) {
      if (p.has("Statement")) {
        statement = p.get("Statement");
      }
    }
    assertThat(statement).as(resource).hasSize(1);
    List<String> granted = new java.util.ArrayList<>();
    statement.get(0).get("Action").forEach(a -> granted.add(a.asText()));
    assertThat(granted).containsExactlyInAnyOrder(actions.split(";"));
    assertThat(statement.get(0).get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.get(0).get("Resource").toString()).contains("RunsTable.Arn");
  }

  @Test
  void theJwtApiIsTheSameFunctionBehindAJwtAuthorizerWhenAnIssuerIsGiven() {
    JsonNode api = resources.get("RunsJwtApi");
    assertThat(api.get("Condition").asText()).isEqualTo("UseJwt");
    assertThat(api.at("/Properties/Auth/DefaultAuthorizer").asText()).isEqualTo("Jwt");
    JsonNode jwt = api.at("/Properties/Auth/Authorizers/Jwt");
    assertThat(jwt.at("/IdentitySource").asText()).isEqualTo("$request.header.Authorization");
    assertThat(jwt.at("/JwtConfiguration/issuer").asText()).isEqualTo("JwtIssuer");
    assertThat(jwt.at("/JwtConfiguration/audience/0").asText()).isEqualTo("JwtAudience");
    assertThat(template.at("/Conditions/UseJwt").toString()).contains("JwtIssuer");

    JsonNode iamFunction = resources.get("ApiFunction");
    JsonNode jwtFunction = resources.get("ApiJwtFunction");
    assertThat(jwtFunction.get("Condition").asText()).isEqualTo("UseJwt");
    ObjectNode a = ((ObjectNode) iamFunction.get("Properties")).deepCopy();
    ObjectNode b = ((ObjectNode) jwtFunction.get("Properties")).deepCopy();
    JsonNode iamEvents = a.remove("Events");
    JsonNode jwtEvents = b.remove("Events");
    a.remove("Description");
    b.remove("Description");
    assertThat(b).as("ApiJwtFunction = ApiFunction but for its events").isEqualTo(a);
    assertThat(jwtEvents.toString().replace("RunsJwtApi", "RunsApi"))
        .isEqualTo(iamEvents.toString());
    assertThat(template.at("/Outputs/JwtApiUrl/Condition").asText()).isEqualTo("UseJwt");
  }

  @Test
  void theOutputsNameWhatAUserNeeds() {
    assertThat(template.get("Outputs").fieldNames())
        .toIterable()
        .contains("ApiUrl", "RunsTableName", "ShardQueueUrl", "RunsTopicArn", "RunsEventBusName");
  }

  static java.util.List<JsonNode> alarms() {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                out.add(e.getValue().get("Properties"));
              }
            });
    return out;
  }

  static boolean alarmed(String namespace, String metric, String dimensionValue) {
    return alarms().stream()
        .anyMatch(
            a ->
                a.path("Namespace").asText().equals(namespace)
                    && a.path("MetricName").asText().equals(metric)
                    && a.path("Dimensions").toString().contains(dimensionValue)
                    && a.path("AlarmActions").toString().contains("AlarmTopic"));
  }

  @Test
  void everyDeadLetterQueueAndTheRunAgeRaiseAnAlarm() {
    assertThat(alarmed("AWS/SQS", "ApproximateNumberOfMessagesVisible", "ShardDeadLetterQueue"))
        .isTrue();
    assertThat(alarmed("AWS/SQS", "ApproximateNumberOfMessagesVisible", "NotifierFailureQueue"))
        .isTrue();
    assertThat(alarmed("AWS/SQS", "ApproximateNumberOfMessagesVisible", "FailedShardQueue"))
        .isTrue();
    assertThat(
            alarmed("AWS/SQS", "ApproximateNumberOfMessagesVisible", "NotificationDeadLetterQueue"))
        .isTrue();
    assertThat(alarmed("AWS/SQS", "ApproximateAgeOfOldestMessage", "ShardQueue")).isTrue();
    assertThat(alarmed("AWS/DynamoDB", "ThrottledRequests", "RunsTable")).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"ApiFunction", "WorkerFunction", "NotifierFunction", "NotificationRedriveFunction"})
  void everyFunctionAlarmsOnErrorsAndThrottlesAndIsOnTheDashboard(String function) {
    assertThat(alarmed("AWS/Lambda", "Errors", function)).isTrue();
    assertThat(alarmed("AWS/Lambda", "Throttles", function)).isTrue();
    JsonNode dashboard = resources.get("OperationsDashboard");
    assertThat(dashboard.get("Type").asText()).isEqualTo("AWS::CloudWatch::Dashboard");
    assertThat(dashboard.at("/Properties/DashboardBody").asText()).contains("${" + function + "}");
  }

  @Test
  void theReconcilerRunsOnAScheduleWithTheOpenRunsIndexAndSplitsRunsAsTheApi() {
    JsonNode f = function("ReconcilerFunction");
    JsonNode schedule = f.at("/Events/Every5Minutes");
    assertThat(schedule.get("Type").asText()).isEqualTo("ScheduleV2");
    assertThat(schedule.at("/Properties/ScheduleExpression").asText()).isEqualTo("rate(5 minutes)");
    JsonNode env = f.at("/Environment/Variables");
    assertThat(env.get("TRIALS_PER_SHARD"))
        .isEqualTo(function("ApiFunction").at("/Environment/Variables/TRIALS_PER_SHARD"));
    assertThat(env.get("SHARD_QUEUE_URL").toString()).contains("ShardQueue");
    assertThat(env.get("SHARD_MESSAGE_RETENTION_SECONDS").asInt())
        .isEqualTo(resources.at("/ShardQueue/Properties/MessageRetentionPeriod").asInt());
    assertThat(env.get("POWERTOOLS_SERVICE_NAME").asText()).isEqualTo("archsim-reconciler");
    assertThat(resources.get("ReconcilerFunctionLogGroup")).isNotNull();
    String resourcesGranted = f.get("Policies").toString();
    assertThat(resourcesGranted).contains("${RunsTable.Arn}/index/" + RunItems.OPEN_RUNS_INDEX);

    JsonNode index = resources.at("/RunsTable/Properties/GlobalSecondaryIndexes/0");
    assertThat(index.get("IndexName").asText()).isEqualTo(RunItems.OPEN_RUNS_INDEX);
    assertThat(index.at("/KeySchema/0/AttributeName").asText()).isEqualTo(RunItems.OPEN_STATE);
    assertThat(index.at("/KeySchema/1/AttributeName").asText()).isEqualTo(RunItems.CREATED_MILLIS);
    assertThat(index.at("/Projection/ProjectionType").asText()).isEqualTo("KEYS_ONLY");
  }

  @Test
  void bothApisRouteDeleteToCancelAndTheNotifierTakesCancelledRuns() {
    for (String api : List.of("ApiFunction", "ApiJwtFunction")) {
      JsonNode cancel = function(api).at("/Events/CancelRun/Properties");
      assertThat(cancel.get("Method").asText()).as(api).isEqualTo("DELETE");
      assertThat(cancel.get("Path").asText()).as(api).isEqualTo("/runs/{id}");
    }
    assertThat(
            function("NotifierFunction")
                .at("/Events/RunStatusChanges/Properties/FilterCriteria/Filters/0/Pattern")
                .asText())
        .contains("\"COMPLETED\", \"FAILED\", \"CANCELLED\"");
  }

  @Test
  void theNotifiersStreamFilterNamesTheRunItemOfTheStoresLayout() throws Exception {
    JsonNode pattern =
        new ObjectMapper()
            .readTree(
                function("NotifierFunction")
                    .at("/Events/RunStatusChanges/Properties/FilterCriteria/Filters/0/Pattern")
                    .asText())
            .at("/dynamodb/NewImage");
    assertThat(pattern.path(RunItems.SK).path("S").get(0).asText()).isEqualTo(RunItems.RUN_SK);
    assertThat(pattern.path(RunItems.STATUS).path("S")).hasSize(3);
  }
}
