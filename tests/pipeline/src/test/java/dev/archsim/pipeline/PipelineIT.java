package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.api.RunsApiHandler;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.EventBridgeCompletionPublisher;
import dev.archsim.aws.MotoSupport;
import dev.archsim.aws.SnsCompletionPublisher;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.CompositeCompletionPublisher;
import dev.archsim.core.run.FailRun;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.notifier.RunNotifierHandler;
import dev.archsim.worker.ShardWorkerHandler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole serverless pipeline against AWS-protocol emulators inside this JVM: the API handler
 * submits, the worker handler is driven the way the SQS event source drives it (batches of up to
 * ten, successful messages deleted, reported failures left to reappear), the runs table's stream
 * records feed the notifier handler. The result must equal {@code archsim run} on the same scenario
 * and seed, although the two shard the trials differently.
 */
class PipelineIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path WHATISTHETIME = Path.of("../../events/scenarios/whatisthetime.json");
  static final int TRIALS = 6;
  static final long SEED = 2026;

  static DynamoDbClient dynamo;
  static DynamoDbStreamsClient streams;
  static SqsClient sqs;
  static String table;
  static String queueUrl;
  static String queueArn;
  static String dlqArn;
  static DynamoDbRunStore store;

  @BeforeAll
  static void emulators() {
    URI dynamoEndpoint = Emulators.dynamoDb();
    dynamo = AwsClients.dynamoDb(Emulators.settings(dynamoEndpoint));
    streams =
        DynamoDbStreamsClient.builder()
            .region(Region.of(Emulators.REGION))
            .endpointOverride(dynamoEndpoint)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    table = "archsim-runs-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(30));

    sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    String dlqUrl =
        sqs.createQueue(b -> b.queueName("archsim-shards-dlq-" + UUID.randomUUID())).queueUrl();
    dlqArn = arnOf(dlqUrl);
    queueUrl =
        sqs.createQueue(
                b ->
                    b.queueName("archsim-shards-" + UUID.randomUUID())
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "30",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + dlqArn
                                    + "\",\"maxReceiveCount\":\"3\"}")))
            .queueUrl();
    queueArn = arnOf(queueUrl);
  }

  static String arnOf(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /**
   * What {@code archsim run FILE --trials 6 --seed 2026 --json} prints, sharded 25 trials a shard.
   */
  static JsonNode localResult() throws Exception {
    try (LocalPipeline local =
        new LocalPipeline(2, SubmitRun.Settings.DEFAULT, e -> {}, SimulationListener.NONE)) {
      var s =
          local
              .submitRun()
              .submit(
                  new SubmitRun.Request(
                      "local", Files.readString(WHATISTHETIME), null, TRIALS, SEED));
      RunRecord done = local.awaitTerminal(s.runId());
      return JSON.readTree(done.resultJson());
    }
  }

  /** Runs the whole pipeline; returns the completed run as GET /runs/{id} shows it. */
  static JsonNode runPipeline(CompletionPublisher publisher) throws Exception {
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    RunsApiHandler api =
        new RunsApiHandler(
            new SubmitRun(
                store,
                new SqsShardQueue(sqs, queueUrl),
                codec,
                clock,
                () -> UUID.randomUUID().toString(),
                new SubmitRun.Settings(2, Duration.ofDays(30), 10_000)),
            new GetRun(store),
            1 << 20);
    CompleteRun complete =
        new CompleteRun(
            store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(5));
    ShardWorkerHandler worker =
        new ShardWorkerHandler(
            new ProcessShard(store, new Simulator(), complete, clock),
            new FailRun(store, clock),
            dlqArn);
    RunNotifierHandler notifier = new RunNotifierHandler(new PublishRunOutcome(publisher));

    APIGatewayV2HTTPEvent post =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json");
    post.setBody(Files.readString(WHATISTHETIME));
    post.getHeaders().remove("idempotency-key");
    post.setQueryStringParameters(
        Map.of("trials", Integer.toString(TRIALS), "seed", Long.toString(SEED)));
    APIGatewayV2HTTPResponse accepted = api.handleRequest(post, null);
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    String runId = JSON.readTree(accepted.getBody()).get("runId").asText();
    assertThat(JSON.readTree(accepted.getBody()).get("shards").asInt()).isEqualTo(24);

    driveWorker(worker, runId);
    feedStream(notifier);

    APIGatewayV2HTTPEvent get =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/get-run.json");
    get.setRawPath("/runs/" + runId);
    get.getRequestContext().getHttp().setPath("/runs/" + runId);
    APIGatewayV2HTTPResponse read = api.handleRequest(get, null);
    assertThat(read.getStatusCode()).isEqualTo(200);
    return JSON.readTree(read.getBody());
  }

  /** Polls the queue like the SQS event source: batches of ten, deletes what succeeded. */
  static void driveWorker(ShardWorkerHandler worker, String runId) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> messages =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (messages.isEmpty()) {
        if (store.find(runId).orElseThrow().status().isTerminal()) {
          return;
        }
        continue;
      }
      SQSEvent event = new SQSEvent();
      List<SQSEvent.SQSMessage> records = new ArrayList<>();
      for (Message m : messages) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        Map<String, String> attributes = new HashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
        r.setAttributes(attributes);
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(queueArn);
        records.add(r);
      }
      event.setRecords(records);
      SQSBatchResponse response = worker.handleRequest(event, null);
      List<String> failed =
          response.getBatchItemFailures().stream()
              .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
              .toList();
      for (Message m : messages) {
        if (!failed.contains(m.messageId())) {
          sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
      }
    }
    throw new AssertionError("run " + runId + " did not finish");
  }

  /** Reads every record of the table's stream and hands them to the notifier in order. */
  static void feedStream(RunNotifierHandler notifier) {
    String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    for (var shard :
        streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(streamArn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String it = iterator;
        var page = streams.getRecords(b -> b.shardIterator(it));
        if (page.records().isEmpty()) {
          break;
        }
        DynamodbEvent event = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Record r : page.records()) {
          records.add(lambdaRecord(r));
        }
        event.setRecords(records);
        assertThat(notifier.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        iterator = page.nextShardIterator();
      }
    }
  }

  static DynamodbEvent.DynamodbStreamRecord lambdaRecord(Record r) {
    StreamRecord s = new StreamRecord();
    s.setSequenceNumber(r.dynamodb().sequenceNumber());
    s.setNewImage(lambdaImage(r.dynamodb().newImage()));
    s.setOldImage(r.dynamodb().hasOldImage() ? lambdaImage(r.dynamodb().oldImage()) : null);
    DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
    out.setEventName(r.eventNameAsString());
    out.setDynamodb(s);
    return out;
  }

  static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
      lambdaImage(Map<String, AttributeValue> image) {
    if (image == null || image.isEmpty()) {
      return null;
    }
    Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
        new HashMap<>();
    image.forEach(
        (k, v) -> {
          var a = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
          if (v.s() != null) {
            a.setS(v.s());
          } else if (v.n() != null) {
            a.setN(v.n());
          }
          out.put(k, a);
        });
    return out;
  }

  @Test
  void theServerlessPipelineGivesTheSameResultAsTheLocalRunnerAndNotifiesOnce() throws Exception {
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    JsonNode run = runPipeline(published::add);
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.at("/progress/completedShards").asInt()).isEqualTo(24);
    assertThat(run.get("result")).isEqualTo(localResult());
    assertThat(run.at("/result/stages/2/trials").asInt()).isEqualTo(TRIALS);
    // the stream is read from its start, so other tests' runs may be there too: count this run's
    assertThat(published.stream().filter(e -> e.runId().equals(run.get("runId").asText())))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(RunEvent.COMPLETED);
              assertThat(e.runId()).isEqualTo(run.get("runId").asText());
              assertThat(e.status()).isEqualTo(RunStatus.COMPLETED);
            });
    assertThat(
            sqs.getQueueAttributes(
                    b ->
                        b.queueUrl(queueUrl)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        .isEqualTo("0");
  }

  @Test
  void runCompletedReachesSnsAndEventBridgeOnMoto() throws Exception {
    URI moto = MotoSupport.requireMoto();
    assumeTrue(moto != null);
    AwsSettings settings = Emulators.settings(moto);
    SnsClient sns = AwsClients.sns(settings);
    EventBridgeClient events = AwsClients.eventBridge(settings);
    SqsClient motoSqs = AwsClients.sqs(settings);
    String topic = sns.createTopic(b -> b.name("archsim-runs-" + UUID.randomUUID())).topicArn();
    String[] snsQueue = MotoSupport.queue(motoSqs);
    sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(snsQueue[1]));
    String bus = "archsim-" + UUID.randomUUID();
    events.createEventBus(b -> b.name(bus));
    String[] busQueue = MotoSupport.queue(motoSqs);
    events.putRule(
        b -> b.name("runs").eventBusName(bus).eventPattern("{\"source\": [\"archsim\"]}"));
    events.putTargets(
        b ->
            b.rule("runs")
                .eventBusName(bus)
                .targets(Target.builder().id("q").arn(busQueue[1]).build()));

    JsonNode run =
        runPipeline(
            new CompositeCompletionPublisher(
                List.of(
                    new SnsCompletionPublisher(sns, topic),
                    new EventBridgeCompletionPublisher(events, bus))));
    String runId = run.get("runId").asText();
    List<RunEvent> viaSns =
        MotoSupport.receive(
            motoSqs, snsQueue[0], 1, Duration.ofSeconds(20), MotoSupport.field("Message"));
    List<RunEvent> viaBus =
        MotoSupport.receive(
            motoSqs, busQueue[0], 1, Duration.ofSeconds(20), MotoSupport.field("detail"));
    assertThat(viaSns).singleElement().satisfies(e -> assertThat(e.runId()).isEqualTo(runId));
    assertThat(viaBus).singleElement().satisfies(e -> assertThat(e.runId()).isEqualTo(runId));
    assertThat(viaSns.get(0).type()).isEqualTo(RunEvent.COMPLETED);
  }
}
