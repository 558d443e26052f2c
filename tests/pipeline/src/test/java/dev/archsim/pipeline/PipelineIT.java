package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
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
import dev.archsim.aws.SqsShardParking;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.EachTargetOnce;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.notifier.RunNotifierHandler;
import dev.archsim.notifier.StreamImages;
import dev.archsim.worker.ShardWorkerHandler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
  static String failedUrl;
  static String failedArn;
  static DynamoDbRunStore store;

  @BeforeAll
  static void emulators() {
    connect(Emulators.settings(Emulators.dynamoDb()), Emulators.settings(Emulators.sqs()));
  }

  /** Points every client at {@code dynamoDb} (with its stream) and {@code sqs}; fresh resources. */
  static void connect(AwsSettings dynamoDb, AwsSettings sqsSettings) {
    dynamo = AwsClients.dynamoDb(dynamoDb);
    streams = AwsClients.dynamoDbStreams(dynamoDb);
    table = "archsim-runs-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(30));

    sqs = AwsClients.sqs(sqsSettings);
    failedUrl =
        sqs.createQueue(b -> b.queueName("archsim-failed-shards-" + UUID.randomUUID())).queueUrl();
    failedArn = arnOf(failedUrl);
    dlqArn = arnOf(deadLetterQueue("archsim-shards-dlq-"));
    queueUrl =
        queueRedrivingTo(
            "archsim-shards-", dlqArn, 3, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
    queueArn = arnOf(queueUrl);
  }

  /**
   * A shard dead-letter queue as in the template: the failed-shard queue is its own dead-letter
   * queue, which is what lets {@code StartMessageMoveTask} move parked shards back.
   */
  static String deadLetterQueue(String prefix) {
    return deadLetterQueue(prefix, failedArn);
  }

  static String deadLetterQueue(String prefix, String failedArn) {
    return queueRedrivingTo(prefix, failedArn, 5, Map.of());
  }

  /** A new queue whose messages go to {@code deadLetterArn} after {@code maxReceiveCount}. */
  static String queueRedrivingTo(
      String prefix,
      String deadLetterArn,
      int maxReceiveCount,
      Map<QueueAttributeName, String> more) {
    Map<QueueAttributeName, String> attributes = new HashMap<>(more);
    attributes.put(
        QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\""
            + deadLetterArn
            + "\",\"maxReceiveCount\":\""
            + maxReceiveCount
            + "\"}");
    return sqs.createQueue(b -> b.queueName(prefix + UUID.randomUUID()).attributes(attributes))
        .queueUrl();
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

  /** The three functions' handlers wired to the emulators, shards on {@code url}. */
  record Parts(RunsApiHandler api, ShardWorkerHandler worker, RunNotifierHandler notifier) {}

  static Parts parts(CompletionPublisher publisher, String url, String deadLetterArn) {
    return parts(publisher, url, deadLetterArn, store, Clock.systemUTC());
  }

  static Parts parts(
      CompletionPublisher publisher,
      String url,
      String deadLetterArn,
      RunStore store,
      Clock clock) {
    return parts(publisher, new SqsShardQueue(sqs, url), deadLetterArn, store, clock);
  }

  static Parts parts(
      CompletionPublisher publisher,
      ShardQueue queue,
      String deadLetterArn,
      RunStore store,
      Clock clock) {
    return parts(publisher, queue, deadLetterArn, failedUrl, store, clock);
  }

  /** The same, parking dead-lettered shards on {@code parkingUrl}. */
  static Parts parts(
      CompletionPublisher publisher,
      ShardQueue queue,
      String deadLetterArn,
      String parkingUrl,
      RunStore store,
      Clock clock) {
    ScenarioCodec codec = new ScenarioCodec();
    RunsApiHandler api =
        new RunsApiHandler(
            new SubmitRun(
                store,
                queue,
                codec,
                clock,
                () -> UUID.randomUUID().toString(),
                new SubmitRun.Settings(2, Duration.ofDays(30), 10_000)),
            new GetRun(store),
            new dev.archsim.core.run.CancelRun(store, clock),
            1 << 20);
    CompleteRun complete =
        new CompleteRun(
            store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(5));
    ShardWorkerHandler worker =
        new ShardWorkerHandler(
            new ProcessShard(store, new Simulator(), complete, clock),
            new DeadLetterShard(store, new SqsShardParking(sqs, parkingUrl), clock),
            deadLetterArn);
    return new Parts(api, worker, new RunNotifierHandler(new PublishRunOutcome(publisher)));
  }

  /** POST /runs with the library scenario; returns the run id. */
  static String submit(RunsApiHandler api) throws Exception {
    APIGatewayV2HTTPEvent post =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json");
    post.setBody(Files.readString(WHATISTHETIME));
    post.getHeaders().remove("idempotency-key");
    post.setQueryStringParameters(
        Map.of("trials", Integer.toString(TRIALS), "seed", Long.toString(SEED)));
    APIGatewayV2HTTPResponse accepted = api.handleRequest(post, null);
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    assertThat(JSON.readTree(accepted.getBody()).get("shards").asInt()).isEqualTo(24);
    return JSON.readTree(accepted.getBody()).get("runId").asText();
  }

  /** GET /runs/{id}. */
  static JsonNode read(RunsApiHandler api, String runId) throws Exception {
    APIGatewayV2HTTPEvent get =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/get-run.json");
    get.setRawPath("/runs/" + runId);
    get.getRequestContext().getHttp().setPath("/runs/" + runId);
    APIGatewayV2HTTPResponse read = api.handleRequest(get, null);
    assertThat(read.getStatusCode()).isEqualTo(200);
    return JSON.readTree(read.getBody());
  }

  /** Runs the whole pipeline; returns the completed run as GET /runs/{id} shows it. */
  static JsonNode runPipeline(CompletionPublisher publisher) throws Exception {
    Parts p = parts(publisher, queueUrl, dlqArn);
    String runId = submit(p.api());
    driveWorker(p.worker(), runId);
    feedStream(p.notifier(), runId);
    return read(p.api(), runId);
  }

  /** Polls the queue like the SQS event source: batches of ten, deletes what succeeded. */
  static void driveWorker(ShardWorkerHandler worker, String runId) {
    driveWorker(worker, runId, queueUrl, queueArn, false);
  }

  /**
   * Polls {@code url} like the SQS event source until the run is terminal. With {@code twice},
   * every batch is handed to the worker a second time before it is deleted (a redelivery). Failed
   * messages are made visible again at once instead of after the visibility timeout.
   */
  static void driveWorker(
      ShardWorkerHandler worker, String runId, String url, String arn, boolean twice) {
    driveWorker(
        worker,
        url,
        arn,
        twice,
        () -> store.find(runId).orElseThrow().status().isTerminal(),
        "run " + runId);
  }

  /**
   * The same until {@code done} holds once the queue has nothing to deliver ({@code what} names
   * what did not finish when it never does).
   */
  static void driveWorker(
      ShardWorkerHandler worker,
      String url,
      String arn,
      boolean twice,
      java.util.function.BooleanSupplier done,
      String what) {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> messages = receive(url);
      if (messages.isEmpty()) {
        if (done.getAsBoolean()) {
          return;
        }
        continue;
      }
      SQSEvent event = sqsEvent(messages, arn);
      SQSBatchResponse response;
      try {
        response = worker.handleRequest(event, null);
      } catch (WorkerDied died) {
        // the invocation died: the event source gets no answer, the whole batch comes back
        for (Message m : messages) {
          sqs.changeMessageVisibility(
              b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        continue;
      }
      if (twice) {
        worker.handleRequest(event, null);
      }
      settle(url, messages, response);
    }
    throw new AssertionError(what + " did not finish");
  }

  /** One receive as the SQS event source makes it: up to ten messages, every system attribute. */
  static List<Message> receive(String url) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  /**
   * What the event source does after an invocation: deletes the messages that succeeded and makes
   * the failed ones visible again (at once here, after the visibility timeout on AWS).
   */
  static void settle(String url, List<Message> messages, SQSBatchResponse response) {
    List<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList();
    for (Message m : messages) {
      if (failed.contains(m.messageId())) {
        sqs.changeMessageVisibility(
            b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
      } else {
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
    }
  }

  static SQSEvent sqsEvent(List<Message> messages, String arn) {
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
      r.setEventSourceArn(arn);
      records.add(r);
    }
    event.setRecords(records);
    return event;
  }

  /**
   * Reads the table's stream from its start and hands the records of {@code runId} to the notifier
   * in order (a function on the stream sees each record once; other tests' runs are in the same
   * stream).
   */
  static void feedStream(RunNotifierHandler notifier, String runId) {
    forEachStreamPage(
        dynamo,
        streams,
        table,
        page -> {
          List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
          for (Record r : page) {
            boolean ofRun =
                r.dynamodb().keys().values().stream()
                    .anyMatch(v -> v.s() != null && v.s().contains(runId));
            if (ofRun) {
              records.add(StreamImages.fromSdk(r));
            }
          }
          if (!records.isEmpty()) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            deliverUntilHandled(notifier, event);
          }
        });
  }

  /**
   * Reads {@code table}'s stream from its start, shard by shard, and hands each non-empty page of
   * records to {@code page} in order.
   */
  static void forEachStreamPage(
      DynamoDbClient dynamo,
      DynamoDbStreamsClient streams,
      String table,
      java.util.function.Consumer<List<Record>> page) {
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
        var records = streams.getRecords(b -> b.shardIterator(it));
        if (records.records().isEmpty()) {
          break;
        }
        page.accept(records.records());
        iterator = records.nextShardIterator();
      }
    }
  }

  /**
   * What the stream event source does with a batch: retries it while the function dies, and from
   * the reported record on while it reports a failure (a few attempts, as MaximumRetryAttempts).
   */
  static void deliverUntilHandled(RunNotifierHandler notifier, DynamodbEvent event) {
    List<DynamodbEvent.DynamodbStreamRecord> pending = event.getRecords();
    for (int attempt = 0; attempt < 5; attempt++) {
      DynamodbEvent batch = new DynamodbEvent();
      batch.setRecords(pending);
      List<StreamsEventResponse.BatchItemFailure> failures;
      try {
        failures = notifier.handleRequest(batch, null).getBatchItemFailures();
      } catch (WorkerDied died) {
        continue;
      }
      if (failures.isEmpty()) {
        return;
      }
      String from = failures.get(0).getItemIdentifier();
      int at = 0;
      while (!pending.get(at).getDynamodb().getSequenceNumber().equals(from)) {
        at++;
      }
      pending = pending.subList(at, pending.size());
    }
    throw new AssertionError("the notifier kept failing on " + pending.size() + " records");
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

    // EventBridge refuses the first attempt: the stream retries the notification, and SNS, which
    // took it already, is not published to again
    EventBridgeCompletionPublisher bridge = new EventBridgeCompletionPublisher(events, bus);
    AtomicInteger bridgeCalls = new AtomicInteger();
    Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
    targets.put("sns", new SnsCompletionPublisher(sns, topic));
    targets.put(
        "eventbridge",
        e -> {
          if (bridgeCalls.incrementAndGet() == 1) {
            throw new PublishException("EventBridge unavailable (injected)", null);
          }
          bridge.publish(e);
        });
    JsonNode run = runPipeline(new EachTargetOnce(store, targets));
    assertThat(bridgeCalls.get()).isEqualTo(2);
    String runId = run.get("runId").asText();
    List<RunEvent> viaSns =
        MotoSupport.receive(
            motoSqs, snsQueue[0], 1, Duration.ofMinutes(2), MotoSupport.field("Message"));
    List<RunEvent> viaBus =
        MotoSupport.receive(
            motoSqs, busQueue[0], 1, Duration.ofMinutes(2), MotoSupport.field("detail"));
    assertThat(viaSns).singleElement().satisfies(e -> assertThat(e.runId()).isEqualTo(runId));
    assertThat(viaBus).singleElement().satisfies(e -> assertThat(e.runId()).isEqualTo(runId));
    assertThat(viaSns.get(0).type()).isEqualTo(RunEvent.COMPLETED);
  }

  static List<RunEvent> eventsOf(List<RunEvent> published, String runId) {
    return published.stream().filter(e -> e.runId().equals(runId)).toList();
  }

  /** Thrown by a dying worker or notifier: an Error, so no handler catches it. */
  static final class WorkerDied extends Error {
    WorkerDied(String step) {
      super("died " + step);
    }
  }

  /** A clock that jumps forward when a redelivery has to wait for the visibility timeout. */
  static final class JumpingClock extends Clock {
    final AtomicLong jumpedSeconds = new AtomicLong();

    @Override
    public Instant instant() {
      return Instant.now().plusSeconds(jumpedSeconds.get());
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /** Where a worker dies. */
  enum Step {
    AFTER_SIMULATING,
    AFTER_RECORDING_THE_LAST_SHARD,
    AFTER_CLAIMING_THE_AGGREGATION,
    WHILE_MERGING_THE_SHARD_RESULTS,
    AFTER_WRITING_THE_FINAL_RESULT
  }

  /**
   * The run store as seen by a worker that dies the first time it reaches {@code step}; when it
   * dies, the clock jumps by the queue's visibility timeout (1 800 s in the template), the time
   * before the event source delivers the batch again.
   */
  record DyingStore(RunStore store, Step step, JumpingClock clock, AtomicBoolean died)
      implements RunStore {
    DyingStore(RunStore store, Step step, JumpingClock clock) {
      this(store, step, clock, new AtomicBoolean());
    }

    void dieAt(Step here) {
      if (here == step && died.compareAndSet(false, true)) {
        clock.jumpedSeconds.addAndGet(1_800);
        throw new WorkerDied(here.name());
      }
    }

    @Override
    public void create(RunRecord run) {
      store.create(run);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
      return store.find(runId);
    }

    @Override
    public Recorded recordShard(String runId, int shardIndex, String resultJson, Instant now) {
      dieAt(Step.AFTER_SIMULATING);
      Recorded recorded = store.recordShard(runId, shardIndex, resultJson, now);
      if (recorded == Recorded.RECORDED_LAST) {
        dieAt(Step.AFTER_RECORDING_THE_LAST_SHARD);
      }
      return recorded;
    }

    @Override
    public Map<Integer, Recorded> recordShards(
        String runId, int totalShards, List<ShardResult> shards, Instant now) {
      dieAt(Step.AFTER_SIMULATING);
      Map<Integer, Recorded> recorded = store.recordShards(runId, totalShards, shards, now);
      if (recorded.containsValue(Recorded.RECORDED_LAST)) {
        dieAt(Step.AFTER_RECORDING_THE_LAST_SHARD);
      }
      return recorded;
    }

    @Override
    public List<String> shardResults(String runId) {
      List<String> results = store.shardResults(runId);
      dieAt(Step.WHILE_MERGING_THE_SHARD_RESULTS);
      return results;
    }

    @Override
    public boolean tryClaimAggregation(
        String runId, String claimToken, Instant now, Instant leaseUntil) {
      boolean claimed = store.tryClaimAggregation(runId, claimToken, now, leaseUntil);
      if (claimed) {
        dieAt(Step.AFTER_CLAIMING_THE_AGGREGATION);
      }
      return claimed;
    }

    @Override
    public boolean complete(String runId, String claimToken, String resultJson, Instant now) {
      boolean completed = store.complete(runId, claimToken, resultJson, now);
      if (completed) {
        dieAt(Step.AFTER_WRITING_THE_FINAL_RESULT);
      }
      return completed;
    }

    @Override
    public boolean fail(String runId, String reason, Instant now) {
      return store.fail(runId, reason, now);
    }

    @Override
    public boolean failShard(String runId, int shardIndex, String reason, Instant now) {
      return store.failShard(runId, shardIndex, reason, now);
    }

    @Override
    public boolean cancel(String runId, Instant now) {
      return store.cancel(runId, now);
    }

    @Override
    public boolean takesShards(String runId) {
      return store.takesShards(runId);
    }

    @Override
    public List<RunRecord> openRuns(Instant createdBefore, int limit) {
      return store.openRuns(createdBefore, limit);
    }

    @Override
    public java.util.SortedSet<Integer> recordedShards(String runId) {
      return store.recordedShards(runId);
    }

    @Override
    public Set<String> marks(String runId) {
      return store.marks(runId);
    }

    @Override
    public void mark(String runId, String mark) {
      store.mark(runId, mark);
    }
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void aWorkerDyingAtAnyStepLeavesOneResultAndOneNotification(Step step) throws Exception {
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    JumpingClock clock = new JumpingClock();
    DyingStore dying = new DyingStore(store, step, clock);
    Parts p = parts(published::add, queueUrl, dlqArn, dying, clock);
    String runId = submit(p.api());
    driveWorker(p.worker(), runId);
    assertThat(dying.died()).as("the worker died " + step).isTrue();
    feedStream(p.notifier(), runId);
    assertCompletedOnce(p, runId, published);
  }

  @Test
  void aNotifierDyingBeforeEachTargetPublishesOnceToEach() throws Exception {
    List<String> published = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
    targets.put("first", e -> published.add("first " + e.runId()));
    targets.put(
        "second",
        e -> {
          if (calls.incrementAndGet() == 1) {
            throw new WorkerDied("before publishing to the second target");
          }
          published.add("second " + e.runId());
        });
    Parts p = parts(new EachTargetOnce(store, targets), queueUrl, dlqArn);
    String runId = submit(p.api());
    driveWorker(p.worker(), runId);
    feedStream(p.notifier(), runId);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(published).containsExactly("first " + runId, "second " + runId);
    assertThat(store.marks(runId))
        .hasSize(3)
        .contains(SubmitRun.ENQUEUED)
        .anyMatch(m -> m.startsWith("published:first:RunCompleted@"))
        .anyMatch(m -> m.startsWith("published:second:RunCompleted@"));
  }

  /**
   * The run is COMPLETED with all 24 shards, its result equals the local runner's, and exactly one
   * RunCompleted was published for it.
   */
  static void assertCompletedOnce(Parts p, String runId, List<RunEvent> published)
      throws Exception {
    JsonNode run = read(p.api(), runId);
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.at("/progress/completedShards").asInt()).isEqualTo(24);
    assertThat(run.get("result")).isEqualTo(localResult());
    assertThat(eventsOf(published, runId))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(RunEvent.COMPLETED));
  }

  @Test
  void everyShardDeliveredTwiceChangesNothing() throws Exception {
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts p = parts(published::add, queueUrl, dlqArn);
    String runId = submit(p.api());
    driveWorker(p.worker(), runId, queueUrl, queueArn, true);
    feedStream(p.notifier(), runId);
    assertCompletedOnce(p, runId, published);
  }

  @Test
  void twoWorkersRacingThroughTheShardsAggregateAndNotifyOnce() throws Exception {
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts a = parts(published::add, queueUrl, dlqArn);
    Parts b = parts(published::add, queueUrl, dlqArn);
    String runId = submit(a.api());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var one = pool.submit(() -> driveWorker(a.worker(), runId, queueUrl, queueArn, false));
      var two = pool.submit(() -> driveWorker(b.worker(), runId, queueUrl, queueArn, false));
      one.get();
      two.get();
    } finally {
      pool.shutdown();
    }
    feedStream(a.notifier(), runId);
    assertCompletedOnce(a, runId, published);
  }

  @Test
  void aPoisonShardEndsInTheDeadLetterQueueAndFailsTheRunKeepingTheOthers() throws Exception {
    String dlqUrl =
        sqs.createQueue(q -> q.queueName("archsim-poison-dlq-" + UUID.randomUUID())).queueUrl();
    String deadArn = arnOf(dlqUrl);
    String url = queueRedrivingTo("archsim-poison-", deadArn, 2, Map.of());
    String arn = arnOf(url);
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts p = parts(published::add, url, deadArn);
    String runId = submit(p.api());

    // replace shard 5 by a message that always throws (a stage the scenario does not have)
    Message victim = null;
    while (victim == null) {
      for (Message m :
          sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        if (victim == null && JSON.readTree(m.body()).get("shard").asInt() == 5) {
          victim = m;
        } else {
          sqs.changeMessageVisibility(
              r -> r.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
      }
    }
    Message poisoned = victim;
    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(poisoned.receiptHandle()));
    String body =
        ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(poisoned.body()))
            .put("stage", 99)
            .toString();
    sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));

    // the event source: the 23 good shards complete, the poison fails until it is dead-lettered
    pollUntil(p.worker(), url, arn, () -> sqsDepth(url) == 0);
    assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();

    // the dead-letter queue's event source fails the run
    List<Message> dead = List.of();
    while (dead.isEmpty() && System.nanoTime() < deadline) {
      dead =
          sqs.receiveMessage(r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
    }
    assertThat(dead).singleElement();
    assertThat(p.worker().handleRequest(sqsEvent(dead, deadArn), null).getBatchItemFailures())
        .isEmpty();
    feedStream(p.notifier(), runId);
    JsonNode run = read(p.api(), runId);
    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.at("/progress/completedShards").asInt()).isEqualTo(23);
    assertThat(eventsOf(published, runId))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(RunEvent.FAILED));
  }

  /**
   * The store with a bug: recording {@code shard} (alone or in a batch) throws while {@code
   * broken}.
   */
  static RunStore failingToRecord(RunStore store, int shard, AtomicBoolean broken) {
    return (RunStore)
        java.lang.reflect.Proxy.newProxyInstance(
            RunStore.class.getClassLoader(),
            new Class<?>[] {RunStore.class},
            (proxy, method, args) -> {
              boolean hit =
                  switch (method.getName()) {
                    case "recordShard" -> (int) args[1] == shard;
                    case "recordShards" ->
                        ((List<?>) args[2])
                            .stream()
                                .anyMatch(r -> ((RunStore.ShardResult) r).shardIndex() == shard);
                    default -> false;
                  };
              if (hit && broken.get()) {
                throw new IllegalStateException("a bug recording shard " + shard);
              }
              try {
                return method.invoke(store, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aDeadLetteredShardRedrivenAfterTheFixCompletesTheRun() throws Exception {
    String parkedUrl =
        sqs.createQueue(q -> q.queueName("archsim-parked-" + UUID.randomUUID())).queueUrl();
    String parkedArn = arnOf(parkedUrl);
    String dlqUrl = deadLetterQueue("archsim-redrive-dlq-", parkedArn);
    String deadArn = arnOf(dlqUrl);
    String url = queueRedrivingTo("archsim-redrive-", deadArn, 2, Map.of());
    String arn = arnOf(url);
    AtomicBoolean broken = new AtomicBoolean(true);
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts p =
        parts(
            published::add,
            new SqsShardQueue(sqs, url),
            deadArn,
            parkedUrl,
            failingToRecord(store, 5, broken),
            Clock.systemUTC());
    String runId = submit(p.api());

    // the event sources: shard 5 fails until it is dead-lettered, then the DLQ's fails the run
    pollUntil(p.worker(), url, arn, () -> sqsDepth(url) == 0);
    pollUntil(
        p.worker(),
        dlqUrl,
        deadArn,
        () -> store.find(runId).orElseThrow().status() == RunStatus.FAILED);
    RunRecord failed = store.find(runId).orElseThrow();
    assertThat(failed.completedShards()).isEqualTo(23);
    assertThat(failed.deadShards()).containsExactly(5);
    assertThat(read(p.api(), runId).get("deadShards").toString()).isEqualTo("[5]");

    // the fix is deployed, the operator redrives the parked shards onto the shard queue
    broken.set(false);
    sqs.startMessageMoveTask(b -> b.sourceArn(parkedArn).destinationArn(arn));
    pollUntil(
        p.worker(),
        url,
        arn,
        () -> store.find(runId).orElseThrow().status() == RunStatus.COMPLETED);

    feedStream(p.notifier(), runId);
    JsonNode run = read(p.api(), runId);
    assertThat(run.at("/progress/completedShards").asInt()).isEqualTo(24);
    assertThat(run.get("failureReason")).isNull();
    assertThat(run.get("result")).isEqualTo(localResult());
    assertThat(eventsOf(published, runId))
        .extracting(RunEvent::type)
        .containsExactly(RunEvent.FAILED, RunEvent.COMPLETED);
    assertThat(sqsDepth(parkedUrl) + sqsDepth(dlqUrl) + sqsDepth(url)).isZero();
  }

  /** Visible plus in-flight messages on the queue. */
  static int sqsDepth(String url) {
    return sqsDepth(sqs, url);
  }

  /** Visible plus in-flight messages on the queue at {@code url}, as {@code sqs} sees them. */
  static int sqsDepth(SqsClient sqs, String url) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** The event source on {@code url} (failed messages visible again at once) until {@code done}. */
  static void pollUntil(
      ShardWorkerHandler worker, String url, String arn, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("polling " + url).isLessThan(deadline);
      List<Message> messages = receive(url);
      if (!messages.isEmpty()) {
        settle(url, messages, worker.handleRequest(sqsEvent(messages, arn), null));
      }
    }
  }

  static APIGatewayV2HTTPEvent postWithKey(String key) throws Exception {
    APIGatewayV2HTTPEvent post =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json");
    post.setBody(Files.readString(WHATISTHETIME));
    post.getHeaders().put("idempotency-key", key);
    post.setQueryStringParameters(
        Map.of("trials", Integer.toString(TRIALS), "seed", Long.toString(SEED)));
    return post;
  }

  @Test
  void aSubmissionDyingWhileEnqueueingIsFinishedByItsRetry() throws Exception {
    // the API function dies after its first batch of ten shards reached SQS
    SqsShardQueue real = new SqsShardQueue(sqs, queueUrl);
    AtomicBoolean died = new AtomicBoolean();
    ShardQueue dying =
        tasks -> {
          if (died.compareAndSet(false, true)) {
            real.enqueue(tasks.subList(0, 10));
            throw new WorkerDied("while enqueueing");
          }
          real.enqueue(tasks);
        };
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    JumpingClock clock = new JumpingClock();
    Parts p = parts(published::add, dying, dlqArn, store, clock);
    String key = "retry-" + UUID.randomUUID();
    assertThatThrownBy(() -> p.api().handleRequest(postWithKey(key), null))
        .isInstanceOf(WorkerDied.class);

    // a retry at once may race the first submission: it answers and enqueues nothing
    APIGatewayV2HTTPResponse early = p.api().handleRequest(postWithKey(key), null);
    assertThat(early.getStatusCode()).as(early.getBody()).isEqualTo(202);
    String runId = JSON.readTree(early.getBody()).get("runId").asText();
    assertThat(store.marks(runId)).doesNotContain(SubmitRun.ENQUEUED);

    // a retry after the API's timeouts enqueues every shard from the stored run
    clock.jumpedSeconds.addAndGet(SubmitRun.ENQUEUE_GRACE.toSeconds() + 1);
    APIGatewayV2HTTPResponse late = p.api().handleRequest(postWithKey(key), null);
    assertThat(JSON.readTree(late.getBody()).get("runId").asText()).isEqualTo(runId);
    assertThat(store.marks(runId)).contains(SubmitRun.ENQUEUED);

    driveWorker(p.worker(), runId);
    feedStream(p.notifier(), runId);
    assertCompletedOnce(p, runId, published);
  }

  @Test
  void theSameIdempotencyKeyPostedConcurrentlyCreatesOneRun() throws Exception {
    String url = sqs.createQueue(q -> q.queueName("archsim-idem-" + UUID.randomUUID())).queueUrl();
    Parts p = parts(e -> {}, url, dlqArn);
    APIGatewayV2HTTPEvent post = postWithKey("retry-" + UUID.randomUUID());
    int callers = 4;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
    List<java.util.concurrent.Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return p.api().handleRequest(post, null);
                }));
      }
      start.countDown();
      List<String> ids = new ArrayList<>();
      for (var a : answers) {
        APIGatewayV2HTTPResponse r = a.get();
        assertThat(r.getStatusCode()).as(r.getBody()).isIn(200, 202);
        ids.add(JSON.readTree(r.getBody()).get("runId").asText());
      }
      assertThat(ids).containsOnly(ids.get(0));
    } finally {
      pool.shutdown();
    }
    // the shards were enqueued once: 24 messages, not 4 x 24
    int messages = 0;
    for (int empty = 0; empty < 2; ) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      if (batch.isEmpty()) {
        empty++;
      }
      messages += batch.size();
    }
    assertThat(messages).isEqualTo(24);
  }

  // ------------------------------------------------------------------ run lifecycle

  @Test
  void aQueueRefusingHalfwayThroughASubmissionAnswers202AndTheReconcilerFinishesTheRun()
      throws Exception {
    // SQS takes the first batch of ten, then refuses past the adapter's retries
    SqsShardQueue real = new SqsShardQueue(sqs, queueUrl);
    AtomicBoolean refused = new AtomicBoolean();
    ShardQueue halfway =
        tasks -> {
          if (refused.compareAndSet(false, true)) {
            real.enqueue(tasks.subList(0, 10));
            throw new dev.archsim.core.run.ShardQueueException(
                (tasks.size() - 10) + " shard message(s) could not be sent to " + queueUrl, null);
          }
          real.enqueue(tasks);
        };
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    JumpingClock clock = new JumpingClock();
    Parts p = parts(published::add, halfway, dlqArn, store, clock);
    String runId = submit(p.api()); // 202, not 500: the run exists
    assertThat(store.marks(runId)).doesNotContain(SubmitRun.ENQUEUED);

    dev.archsim.core.run.ReconcileRuns reconciler =
        new dev.archsim.core.run.ReconcileRuns(
            store,
            real,
            new CompleteRun(
                store,
                new ScenarioCodec(),
                clock,
                () -> UUID.randomUUID().toString(),
                Duration.ofMinutes(5)),
            new ScenarioCodec(),
            clock,
            new dev.archsim.core.run.ReconcileRuns.Settings(
                SubmitRun.ENQUEUE_GRACE, Duration.ofHours(1), Duration.ofDays(4), 2, 1000));
    reconciler.reconcile();
    assertThat(store.marks(runId)).as("inside the grace period").doesNotContain(SubmitRun.ENQUEUED);
    clock.jumpedSeconds.addAndGet(SubmitRun.ENQUEUE_GRACE.toSeconds() + 1);
    reconciler.reconcile();
    assertThat(store.marks(runId)).contains(SubmitRun.ENQUEUED);

    driveWorker(p.worker(), runId);
    feedStream(p.notifier(), runId);
    assertCompletedOnce(p, runId, published);
  }

  static APIGatewayV2HTTPEvent delete(String runId) {
    APIGatewayV2HTTPEvent e =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/delete-run.json");
    e.setRawPath("/runs/" + runId);
    e.getRequestContext().getHttp().setPath("/runs/" + runId);
    return e;
  }

  @Test
  void aCancelledRunSkipsItsShardsNotSimulatedYetAndPublishesRunCancelledOnce() throws Exception {
    String url =
        sqs.createQueue(q -> q.queueName("archsim-cancel-" + UUID.randomUUID())).queueUrl();
    String arn = arnOf(url);
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts p = parts(published::add, url, dlqArn);
    String runId = submit(p.api());

    // the first batch of ten is simulated and recorded: the run is RUNNING
    List<Message> first =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages();
    settle(url, first, p.worker().handleRequest(sqsEvent(first, arn), null));
    int recorded = store.find(runId).orElseThrow().completedShards();
    assertThat(recorded).isEqualTo(first.size()).isPositive();
    assertThat(read(p.api(), runId).get("status").asText()).isEqualTo("RUNNING");

    for (int i = 0; i < 2; i++) {
      APIGatewayV2HTTPResponse cancelled = p.api().handleRequest(delete(runId), null);
      assertThat(cancelled.getStatusCode()).as(cancelled.getBody()).isEqualTo(200);
      assertThat(JSON.readTree(cancelled.getBody()).get("status").asText()).isEqualTo("CANCELLED");
    }
    // the remaining shards are delivered and skipped: nothing more is recorded
    driveWorker(p.worker(), runId, url, arn, false);
    RunRecord run = store.find(runId).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.completedShards()).isEqualTo(recorded);
    assertThat(store.recordedShards(runId)).hasSize(recorded);

    feedStream(p.notifier(), runId);
    assertThat(eventsOf(published, runId))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(RunEvent.CANCELLED);
              assertThat(e.reason()).isEqualTo(RunStore.CANCELLED_REASON);
            });
  }

  /** POST /runs with {@code scenario} as it is (its own trials and seed). */
  static String submitScenario(RunsApiHandler api, String scenario) throws Exception {
    APIGatewayV2HTTPEvent post =
        EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json");
    post.setBody(scenario);
    post.getHeaders().remove("idempotency-key");
    post.setQueryStringParameters(Map.of());
    APIGatewayV2HTTPResponse accepted = api.handleRequest(post, null);
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    return JSON.readTree(accepted.getBody()).get("runId").asText();
  }

  @Test
  void aTwentyStageRunWhoseResultIsOverTheItemLimitCompletesWithTheLocalRunnersResult()
      throws Exception {
    String scenario = dev.archsim.core.run.LongDescriptions.scenario(WHATISTHETIME, 2);
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts p = parts(published::add, queueUrl, dlqArn);
    String runId = submitScenario(p.api(), scenario);
    driveWorker(p.worker(), runId);
    feedStream(p.notifier(), runId);
    JsonNode run = read(p.api(), runId);
    assertThat(run.get("status").asText())
        .as(run.path("failureReason").asText())
        .isEqualTo("COMPLETED");
    String result = run.get("result").toString();
    assertThat(result.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isGreaterThan(600_000);
    assertThat(run.at("/result/stages/19/description").asText())
        .isEqualTo(dev.archsim.core.run.LongDescriptions.description(19));
    try (LocalPipeline local =
        new LocalPipeline(
            2,
            new SubmitRun.Settings(2, Duration.ofDays(1), 1000),
            e -> {},
            SimulationListener.NONE)) {
      var s = local.submitRun().submit(new SubmitRun.Request("local", scenario, null, null, null));
      assertThat(run.get("result"))
          .isEqualTo(JSON.readTree(local.awaitTerminal(s.runId()).resultJson()));
    }
    assertThat(eventsOf(published, runId))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(RunEvent.COMPLETED));
  }

  @Test
  void aResultTheStoreCannotHoldFailsTheRunForGoodWithTheTrueReason() throws Exception {
    // the store as if DynamoDB held 20 KB a result: what a larger result than the real limit meets
    RunStore small = new DynamoDbRunStore(dynamo, table, Duration.ofDays(30), 20_000);
    String url = sqs.createQueue(q -> q.queueName("archsim-big-" + UUID.randomUUID())).queueUrl();
    List<RunEvent> published = new CopyOnWriteArrayList<>();
    Parts p = parts(published::add, new SqsShardQueue(sqs, url), dlqArn, small, Clock.systemUTC());
    String runId =
        submitScenario(p.api(), dev.archsim.core.run.LongDescriptions.scenario(WHATISTHETIME, 2));
    driveWorker(p.worker(), runId, url, arnOf(url), false);
    feedStream(p.notifier(), runId);
    RunRecord run = store.find(runId).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureReason())
        .startsWith("the run's result cannot be stored: the result takes ")
        .contains("bytes gzip-compressed")
        .contains("a run holds at most 20000");
    assertThat(run.redrivable()).isFalse();
    assertThat(run.deadShards()).isEmpty();
    assertThat(run.completedShards()).isEqualTo(run.totalShards());
    assertThat(eventsOf(published, runId))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(RunEvent.FAILED));
  }
}
