package dev.archsim.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.Emulators;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.EachTargetOnce;
import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The notification redrive against DynamoDB Local's stream, driven by
 * events/notifier/notification-failure.json with the stream, shard and sequence numbers of a real
 * run's records.
 */
class NotificationRedriveHandlerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static DynamoDbClient dynamo;
  static DynamoDbStreamsClient streams;
  static String table;
  static DynamoDbRunStore store;

  final List<String> published = new ArrayList<>();
  final AtomicBoolean eventBridgeDown = new AtomicBoolean();

  @BeforeAll
  static void emulator() {
    var settings = Emulators.settings(Emulators.dynamoDb());
    dynamo = AwsClients.dynamoDb(settings);
    streams = AwsClients.dynamoDbStreams(settings);
    table = "archsim-runs-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(1));
  }

  NotificationRedriveHandler handler() {
    Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
    targets.put("sns", e -> published.add("sns " + e.type() + " " + e.runId()));
    targets.put(
        "eventbridge",
        e -> {
          if (eventBridgeDown.get()) {
            throw new PublishException("EventBridge is down", null);
          }
          published.add("eventbridge " + e.type() + " " + e.runId());
        });
    return new NotificationRedriveHandler(
        new StreamReplay(streams), new PublishRunOutcome(new EachTargetOnce(store, targets)));
  }

  /** A run taken to COMPLETED; returns its id. */
  static String completedRun() {
    String runId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    store.create(RunRecord.queued(runId, "alice", 1, now, now.plusSeconds(3600), "{}", null));
    store.recordShard(runId, 0, "{}", now);
    assertThat(store.tryClaimAggregation(runId, "w", now, now.plusSeconds(60))).isTrue();
    assertThat(store.complete(runId, "w", "{\"done\":true}", now)).isTrue();
    return runId;
  }

  /** The sample failure message, naming the stream records of {@code runId}'s run item. */
  static SQSEvent failureOf(String runId) throws Exception {
    String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    var shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
    String shardId = shard.get(0).shardId();
    String iterator =
        streams
            .getShardIterator(
                b ->
                    b.streamArn(streamArn)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    List<Record> ofRun = new ArrayList<>();
    while (iterator != null) {
      String it = iterator;
      var page = streams.getRecords(b -> b.shardIterator(it));
      if (page.records().isEmpty()) {
        break;
      }
      page.records().stream()
          .filter(r -> r.dynamodb().keys().get("pk").s().equals("RUN#" + runId))
          .forEach(ofRun::add);
      iterator = page.nextShardIterator();
    }
    assertThat(ofRun).hasSizeGreaterThanOrEqualTo(3);
    SQSEvent event = EventLoader.loadSQSEvent("../../events/notifier/notification-failure.json");
    SQSEvent.SQSMessage m = event.getRecords().get(0);
    ObjectNode body = (ObjectNode) JSON.readTree(m.getBody());
    ObjectNode info = (ObjectNode) body.get("DDBStreamBatchInfo");
    info.put("streamArn", streamArn);
    info.put("shardId", shardId);
    info.put("startSequenceNumber", ofRun.get(0).dynamodb().sequenceNumber());
    info.put("endSequenceNumber", ofRun.get(ofRun.size() - 1).dynamodb().sequenceNumber());
    info.put("batchSize", ofRun.size());
    m.setBody(body.toString());
    return event;
  }

  @Test
  void aFailedBatchIsReadFromTheStreamAgainAndPublishedToTheTargetsMissingIt() throws Exception {
    String runId = completedRun();
    SQSEvent failure = failureOf(runId);

    // EventBridge still down: SNS takes the event, the message comes back
    eventBridgeDown.set(true);
    SQSBatchResponse first = handler().handleRequest(failure, null);
    assertThat(first.getBatchItemFailures()).hasSize(1);
    assertThat(published).containsExactly("sns RunCompleted " + runId);

    // EventBridge is back: only it gets the event; a later redelivery publishes nothing
    eventBridgeDown.set(false);
    assertThat(handler().handleRequest(failure, null).getBatchItemFailures()).isEmpty();
    assertThat(handler().handleRequest(failure, null).getBatchItemFailures()).isEmpty();
    assertThat(published)
        .containsExactly("sns RunCompleted " + runId, "eventbridge RunCompleted " + runId);
  }

  @Test
  void aMessageThatNamesNoStreamBatchOrAnUnknownShardIsReportedFailed() throws Exception {
    SQSEvent bogus = failureOf(completedRun());
    bogus.getRecords().get(0).setBody("{\"requestContext\":{}}");
    assertThat(handler().handleRequest(bogus, null).getBatchItemFailures()).hasSize(1);

    SQSEvent unknown = failureOf(completedRun());
    ObjectNode body = (ObjectNode) JSON.readTree(unknown.getRecords().get(0).getBody());
    ((ObjectNode) body.get("DDBStreamBatchInfo")).put("shardId", "shardId-00000000000000000000-0");
    unknown.getRecords().get(0).setBody(body.toString());
    assertThat(handler().handleRequest(unknown, null).getBatchItemFailures()).hasSize(1);
    assertThat(published).isEmpty();
  }
}
