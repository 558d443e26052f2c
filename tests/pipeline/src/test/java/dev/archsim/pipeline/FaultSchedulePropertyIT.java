package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.api.RunsApiHandler;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.EventBridgeCompletionPublisher;
import dev.archsim.aws.FaultProxy;
import dev.archsim.aws.MotoSupport;
import dev.archsim.aws.RunItems;
import dev.archsim.aws.SnsCompletionPublisher;
import dev.archsim.aws.SqsShardParking;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.EachTargetOnce;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ProcessShard;
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
import dev.archsim.pipeline.PipelineIT.JumpingClock;
import dev.archsim.pipeline.PipelineIT.WorkerDied;
import dev.archsim.worker.ShardWorkerHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A seeded property test of the serverless pipeline on the emulators (DynamoDB Local and ElasticMQ
 * in this JVM, SNS and EventBridge on moto's server). Each schedule draws, from its seed, a storm
 * of faults, then lets the pipeline recover and checks the outcome:
 *
 * <ul>
 *   <li>between the adapters and every service, a proxy throttles calls (not applied) and loses
 *       answers (applied, the connection broken mid-answer, so the SDK retries a call that took
 *       effect): SQS sends, every DynamoDB read and write, SNS and EventBridge publishes;
 *   <li>the API, the workers and the notifier die before or after any run-store call, queue send or
 *       publish (the effect of the call applied or not);
 *   <li>the SQS event source reorders messages, holds some back to deliver them with later ones,
 *       and redelivers processed ones (a lost delete); the stream event source redelivers batches;
 *   <li>the caller repeats its keyed POST, and retries it after a 5xx or no answer.
 * </ul>
 *
 * <p>After each schedule: the run is COMPLETED with every shard recorded once and its result equal
 * to the local runner's; exactly one run exists; no shard message is left; each target (the SNS
 * topic, the EventBridge bus) received RunCompleted for the run, and any second delivery is
 * accounted for by an answer lost on that publish or a notifier dying between that publish and its
 * mark (the documented at-least-once edge: consumers deduplicate on runId and type).
 *
 * <p>The shard queue has no redrive policy here: every shard is retried until the storm ends (the
 * dead-letter path has its own tests). Time as the pipeline sees it jumps by the queue's visibility
 * timeout (1 800 s) whenever a message comes back, so aggregation leases expire as they would.
 *
 * <p>{@code -Darchsim.faultSchedules=N} (or {@code ARCHSIM_FAULT_SCHEDULES}) sets the number of
 * schedules, {@code -Darchsim.faultSeed=S} the first seed (schedule i uses S + i); a failure prints
 * the seed, which {@code -Darchsim.faultSchedules=1 -Darchsim.faultSeed=SEED} replays.
 */
class FaultSchedulePropertyIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int SCHEDULES =
      (int) setting("archsim.faultSchedules", "ARCHSIM_FAULT_SCHEDULES", 16);
  static final long FIRST_SEED = setting("archsim.faultSeed", "ARCHSIM_FAULT_SEED", 20_261_201);
  static final long RUN_SEED = 11;
  static final String OWNER = "arn:aws:iam::123456789012:user/alice";
  static final int VISIBILITY_TIMEOUT_SECONDS = 1_800;

  /** Two stages, one trial a shard: 2 × trials shards. */
  static final String SCENARIO =
      """
      {"version": 1, "name": "fault schedules", "run": {"horizon": "P1D", "step": "PT10M"},
       "workload": {"requestsPerSecond": 20, "profile": {"cpuMsPerRequest": 30}},
       "faults": {"instance": {"mtbfHours": 30, "recovery": {"type": "manual", "mttrMinutes": 45}}},
       "stages": [
         {"name": "eips", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "elastic-ip"}, "compute": {"instanceType": "m5.large", "countPerAz": 2}}},
         {"name": "alb", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 1}}}
       ]}
      """;

  static FaultProxy dynamoProxy;
  static FaultProxy sqsProxy;
  static FaultProxy snsProxy;
  static FaultProxy eventsProxy;
  static DynamoDbClient dynamo;
  static DynamoDbStreamsClient streams;
  static SqsClient sqs;
  static SqsClient motoSqs;
  static String topicArn;
  static String busName;
  static String snsQueueUrl;
  static String busQueueUrl;
  static String parkingUrl;
  static final Map<Integer, JsonNode> LOCAL_RESULTS = new HashMap<>();

  static long setting(String property, String env, long fallback) {
    String v = System.getProperty(property, System.getenv(env));
    return v == null || v.isBlank() ? fallback : Long.parseLong(v.strip());
  }

  @BeforeAll
  static void emulators() {
    URI moto = MotoSupport.requireMoto();
    URI dynamoDb = Emulators.dynamoDb();
    URI elasticMq = Emulators.sqs();
    dynamoProxy =
        FaultProxy.json(
            dynamoDb,
            400,
            "com.amazonaws.dynamodb.v20120810#ThrottlingException",
            "Rate of requests exceeds the allowed throughput.");
    sqsProxy =
        FaultProxy.json(elasticMq, 400, "com.amazonaws.sqs#ThrottlingException", "Slow down.");
    snsProxy = FaultProxy.query(moto, 400, "Throttling", "Rate exceeded");
    eventsProxy = FaultProxy.json(moto, 400, "ThrottlingException", "Rate exceeded");
    dynamo = AwsClients.dynamoDb(Emulators.settings(dynamoDb));
    streams = AwsClients.dynamoDbStreams(Emulators.settings(dynamoDb));
    sqs = AwsClients.sqs(Emulators.settings(elasticMq));
    parkingUrl = sqs.createQueue(b -> b.queueName("parked-" + UUID.randomUUID())).queueUrl();

    var settings = Emulators.settings(moto);
    SnsClient sns = AwsClients.sns(settings);
    EventBridgeClient events = AwsClients.eventBridge(settings);
    motoSqs = AwsClients.sqs(settings);
    topicArn = sns.createTopic(b -> b.name("archsim-runs-" + UUID.randomUUID())).topicArn();
    String[] snsQueue = MotoSupport.queue(motoSqs);
    snsQueueUrl = snsQueue[0];
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(snsQueue[1]));
    busName = "archsim-" + UUID.randomUUID();
    events.createEventBus(b -> b.name(busName));
    String[] busQueue = MotoSupport.queue(motoSqs);
    busQueueUrl = busQueue[0];
    events.putRule(
        b -> b.name("runs").eventBusName(busName).eventPattern("{\"source\": [\"archsim\"]}"));
    events.putTargets(
        b ->
            b.rule("runs")
                .eventBusName(busName)
                .targets(Target.builder().id("q").arn(busQueue[1]).build()));
  }

  @AfterAll
  static void stop() {
    for (FaultProxy p : List.of(dynamoProxy, sqsProxy, snsProxy, eventsProxy)) {
      if (p != null) {
        p.close();
      }
    }
  }

  @Test
  void everyScheduleEndsWithOneResultOneNotificationPerTargetAndNoRunLeftOpen() {
    List<String> failures = new ArrayList<>();
    int duplicates = 0;
    int faults = 0;
    for (int i = 0; i < SCHEDULES; i++) {
      long seed = FIRST_SEED + i;
      Schedule s = new Schedule(seed);
      long started = System.nanoTime();
      try {
        s.run();
        s.check();
        System.out.printf(
            "fault schedule seed %d: ok, %d shards, %d faults, %d ms%n",
            seed, 2 * s.trials, s.injected, (System.nanoTime() - started) / 1_000_000);
      } catch (Throwable t) {
        failures.add("seed " + seed + ": " + t.getMessage());
        System.out.println(
            "fault schedule seed " + seed + " FAILED: " + t + "\n  faults: " + s.trace);
      } finally {
        for (FaultProxy p : List.of(dynamoProxy, sqsProxy, snsProxy, eventsProxy)) {
          p.faults = c -> FaultProxy.Fault.NONE;
        }
      }
      duplicates += s.duplicateDeliveries;
      faults += s.injected;
    }
    System.out.printf(
        "fault schedules: %d run from seed %d, %d faults injected, %d justified duplicate"
            + " deliveries, %d failed%s%n",
        SCHEDULES,
        FIRST_SEED,
        faults,
        duplicates,
        failures.size(),
        failures.isEmpty() ? "" : " " + failures);
    assertThat(failures)
        .as("failed fault schedules (replay one with -Darchsim.faultSeed)")
        .isEmpty();
  }

  /** What {@code archsim run} gives for the scenario with {@code trials} and the run seed. */
  static synchronized JsonNode localResult(int trials) {
    return LOCAL_RESULTS.computeIfAbsent(
        trials,
        t -> {
          try (LocalPipeline local =
              new LocalPipeline(2, SubmitRun.Settings.DEFAULT, e -> {}, SimulationListener.NONE)) {
            var s =
                local
                    .submitRun()
                    .submit(new SubmitRun.Request("local", SCENARIO, null, t, RUN_SEED));
            return JSON.readTree(local.awaitTerminal(s.runId()).resultJson());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** An SDK client configuration as the functions use, with millisecond backoff. */
  static ClientOverrideConfiguration fastRetries() {
    BackoffStrategy quick =
        BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(20));
    return ClientOverrideConfiguration.builder()
        // a bound only against a hang: an attempt cut short on a slow machine after its request
        // took effect is retried, a second delivery no injected fault justifies
        .apiCallAttemptTimeout(Duration.ofMinutes(2))
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .backoffStrategy(quick)
                .throttlingBackoffStrategy(quick)
                .build())
        .build();
  }

  static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B through(
      B builder, FaultProxy proxy) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    return builder
        .region(Region.of(Emulators.REGION))
        .endpointOverride(proxy.endpoint())
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(fastRetries());
  }

  /** One seeded schedule: its resources, its fault storm, its event sources, and its checks. */
  static final class Schedule {
    final long seed;
    final Random random;
    final int trials;
    final double refuse;
    final double loseAnswer;
    final double crash;
    final double redeliver;
    final double hold;
    final double repost;

    /** Steps of the run during which faults are injected. */
    int storm;

    int injected;
    int duplicateDeliveries;

    final JumpingClock clock = new JumpingClock();
    final String key;
    final String runId;
    final String table;
    final String queueUrl;
    final String queueArn;
    final RunStore store;

    /** The same table without faults: what the test itself reads. */
    final RunStore observed;

    final RunsApiHandler api;
    final List<ShardWorkerHandler> workers = new ArrayList<>();
    final RunNotifierHandler notifier;
    final List<Message> held = new ArrayList<>();

    /** Why a target may have received a second delivery: lost publish answers, crashes. */
    final Map<String, Integer> mayDuplicate = new TreeMap<>();

    int delivered;
    boolean submitted;

    /** The faults injected, in order, printed when the schedule fails. */
    final List<String> trace = new ArrayList<>();

    Schedule(long seed) {
      this.seed = seed;
      // adjacent seeds give correlated first draws of java.util.Random: spread them first
      this.random = new Random(new java.util.SplittableRandom(seed).nextLong());
      this.trials = 2 + random.nextInt(4);
      this.refuse = 0.05 + 0.25 * random.nextDouble();
      this.loseAnswer = 0.05 + 0.2 * random.nextDouble();
      this.crash = 0.01 + 0.05 * random.nextDouble();
      this.redeliver = 0.3 * random.nextDouble();
      this.hold = 0.3 * random.nextDouble();
      this.repost = 0.2 * random.nextDouble();
      this.storm = 30 + random.nextInt(120);
      this.key = "schedule-" + seed + "-" + UUID.randomUUID();
      this.runId = SubmitRun.runIdFor(OWNER, key);

      table = "runs-" + UUID.randomUUID();
      Emulators.createRunsTable(dynamo, table);
      queueUrl =
          sqs.createQueue(
                  b ->
                      b.queueName("shards-" + UUID.randomUUID())
                          .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
              .queueUrl();
      queueArn =
          sqs.getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);

      DynamoDbClient chaosDynamo = through(DynamoDbClient.builder(), dynamoProxy).build();
      SqsClient chaosSqs = through(SqsClient.builder(), sqsProxy).build();
      SnsClient chaosSns = through(SnsClient.builder(), snsProxy).build();
      EventBridgeClient chaosEvents = through(EventBridgeClient.builder(), eventsProxy).build();
      for (FaultProxy p : List.of(dynamoProxy, sqsProxy, snsProxy, eventsProxy)) {
        p.faults = this::decide;
      }
      store = new DynamoDbRunStore(chaosDynamo, table, Duration.ofDays(30));
      observed = new DynamoDbRunStore(dynamo, table, Duration.ofDays(30));
      ScenarioCodec codec = new ScenarioCodec();
      ShardQueue queue = new SqsShardQueue(chaosSqs, queueUrl);
      ShardQueue dyingQueue =
          tasks -> {
            crash("api before sending shards");
            queue.enqueue(tasks);
            crash("api after sending shards");
          };
      api =
          new RunsApiHandler(
              new SubmitRun(
                  dying(store, "api"),
                  dyingQueue,
                  codec,
                  clock,
                  () -> UUID.randomUUID().toString(),
                  new SubmitRun.Settings(1, Duration.ofDays(30), 10_000)),
              new GetRun(store),
              new dev.archsim.core.run.CancelRun(store, clock),
              1 << 20);
      for (int w = 0; w < 2; w++) {
        RunStore workerStore = dying(store, "worker");
        workers.add(
            new ShardWorkerHandler(
                new ProcessShard(
                    workerStore,
                    new Simulator(),
                    new CompleteRun(
                        workerStore,
                        codec,
                        clock,
                        () -> UUID.randomUUID().toString(),
                        Duration.ofMinutes(5)),
                    clock),
                new DeadLetterShard(workerStore, new SqsShardParking(chaosSqs, parkingUrl), clock),
                ""));
      }
      Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
      targets.put("sns", dying(new SnsCompletionPublisher(chaosSns, topicArn), "sns"));
      targets.put(
          "eventbridge",
          dying(new EventBridgeCompletionPublisher(chaosEvents, busName), "eventbridge"));
      notifier =
          new RunNotifierHandler(
              new PublishRunOutcome(new EachTargetOnce(dying(store, "notifier"), targets)));
    }

    boolean stormy() {
      return storm > 0;
    }

    /** The proxies' decision for each call: throttled, answer lost, or through. */
    synchronized FaultProxy.Fault decide(FaultProxy.Call call) {
      if (!stormy()) {
        return FaultProxy.Fault.NONE;
      }
      double r = random.nextDouble();
      if (r < refuse) {
        injected++;
        trace.add("refused " + call.operation());
        return FaultProxy.Fault.REFUSE;
      }
      if (r < refuse + loseAnswer) {
        injected++;
        trace.add("answer lost " + call.operation());
        if (call.operation().equals("Publish")) {
          mayDuplicate.merge("sns", 1, Integer::sum);
        } else if (call.operation().endsWith("PutEvents")) {
          mayDuplicate.merge("eventbridge", 1, Integer::sum);
        }
        return FaultProxy.Fault.LOSE_ANSWER;
      }
      return FaultProxy.Fault.NONE;
    }

    /** Dies here, during the storm, with the schedule's crash probability. */
    synchronized void crash(String where) {
      if (stormy() && random.nextDouble() < crash) {
        injected++;
        trace.add("died " + where);
        throw new WorkerDied(where);
      }
    }

    /** The run store as seen by a function that may die before or after any call. */
    RunStore dying(RunStore target, String who) {
      return (RunStore)
          Proxy.newProxyInstance(
              RunStore.class.getClassLoader(),
              new Class<?>[] {RunStore.class},
              (proxy, method, args) -> {
                try {
                  crash(who + " before " + method.getName());
                } catch (WorkerDied died) {
                  if (method.getName().equals("mark")
                      && ((String) args[1]).startsWith(EachTargetOnce.MARK_PREFIX)) {
                    // published to that target, not marked: the retry publishes again
                    mayDuplicate.merge(((String) args[1]).split(":")[1], 1, Integer::sum);
                  }
                  throw died;
                }
                Object out;
                try {
                  out = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                  trace.add(who + " " + method.getName() + " threw " + e.getCause());
                  throw e.getCause();
                }
                if (Set.of("tryClaimAggregation", "complete", "recordShards", "fail")
                    .contains(method.getName())) {
                  trace.add(who + " " + method.getName() + " -> " + out);
                }
                crash(who + " after " + method.getName());
                return out;
              });
    }

    /** A target publisher whose notifier may die before or after publishing. */
    CompletionPublisher dying(CompletionPublisher target, String name) {
      return event -> {
        crash("notifier before publishing to " + name);
        target.publish(event);
        try {
          crash("notifier after publishing to " + name);
        } catch (WorkerDied died) {
          mayDuplicate.merge(name, 1, Integer::sum);
          throw died;
        }
      };
    }

    /** Interleaves the caller, two workers and the notifier until everything has settled. */
    void run() throws Exception {
      for (int step = 0; step < 2_000; step++) {
        if (stormy()) {
          storm--;
        }
        if (!submitted) {
          post();
          continue;
        }
        if (!stormy() && settled()) {
          return;
        }
        double r = random.nextDouble();
        if (stormy() && r < repost) {
          post(); // the caller sends its keyed request again
        } else if (r < 0.75) {
          deliverShards(workers.get(random.nextInt(workers.size())));
        } else {
          deliverStream();
        }
      }
      throw new AssertionError(
          "the pipeline did not settle: "
              + observed.find(runId).map(RunRecord::status).orElse(null)
              + ", "
              + depth()
              + " shard messages, "
              + held.size()
              + " held, "
              + delivered
              + " of "
              + streamRecords().size()
              + " stream records handled");
    }

    boolean settled() throws Exception {
      if (!held.isEmpty() || depth() > 0) {
        return false;
      }
      boolean terminal = observed.find(runId).map(r -> r.status().isTerminal()).orElse(false);
      if (!terminal) {
        // nothing left to deliver and the run is open: only a redelivery could finish it now
        deliverShards(workers.get(0));
        return false;
      }
      deliverStream();
      return delivered == streamRecords().size();
    }

    /** The caller: POST with its key; after a 5xx or no answer, retries a minute later. */
    void post() throws Exception {
      APIGatewayV2HTTPEvent post =
          EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json");
      post.setBody(SCENARIO);
      post.getHeaders().put("idempotency-key", key);
      post.setQueryStringParameters(
          Map.of("trials", Integer.toString(trials), "seed", Long.toString(RUN_SEED)));
      APIGatewayV2HTTPResponse answer;
      try {
        answer = api.handleRequest(post, null);
      } catch (WorkerDied died) {
        clock.jumpedSeconds.addAndGet(SubmitRun.ENQUEUE_GRACE.toSeconds() + 1);
        return;
      }
      if (answer.getStatusCode() != 202) {
        trace.add("POST answered " + answer.getStatusCode() + " " + answer.getBody());
      }
      if (answer.getStatusCode() >= 500) {
        clock.jumpedSeconds.addAndGet(SubmitRun.ENQUEUE_GRACE.toSeconds() + 1);
        return;
      }
      assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(202);
      assertThat(JSON.readTree(answer.getBody()).get("runId").asText()).isEqualTo(runId);
      submitted = true;
    }

    /**
     * The SQS event source: a batch of up to ten (received now, or held back before), in a random
     * order; processed messages deleted unless the delete is lost, failed ones back after the
     * visibility timeout, all of them back when the invocation dies.
     */
    void deliverShards(ShardWorkerHandler worker) {
      List<Message> batch = new ArrayList<>();
      List<Message> released = new ArrayList<>();
      for (Message m : held) {
        if (random.nextBoolean() || !stormy()) {
          released.add(m);
        }
      }
      held.removeAll(released);
      batch.addAll(released);
      for (Message m :
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10 - Math.min(10, batch.size()))
                          .waitTimeSeconds(0)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages()) {
        if (stormy() && random.nextDouble() < hold) {
          held.add(m); // delayed: delivered with a later batch
        } else {
          batch.add(m);
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      Collections.shuffle(batch, random);
      List<Message> invoke = batch.size() > 10 ? batch.subList(0, 10) : batch;
      held.addAll(batch.subList(invoke.size(), batch.size()));
      SQSBatchResponse response;
      try {
        response = worker.handleRequest(PipelineIT.sqsEvent(invoke, queueArn), null);
      } catch (WorkerDied died) {
        backAfterVisibilityTimeout(invoke);
        return;
      }
      Set<String> failed =
          response.getBatchItemFailures().stream()
              .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
              .collect(Collectors.toSet());
      List<Message> back = new ArrayList<>();
      for (Message m : invoke) {
        if (failed.contains(m.messageId()) || (stormy() && random.nextDouble() < redeliver)) {
          back.add(m);
        } else {
          sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
      }
      backAfterVisibilityTimeout(back);
    }

    void backAfterVisibilityTimeout(List<Message> messages) {
      if (messages.isEmpty()) {
        return;
      }
      clock.jumpedSeconds.addAndGet(VISIBILITY_TIMEOUT_SECONDS);
      for (Message m : messages) {
        sqs.changeMessageVisibility(
            b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
      }
    }

    int depth() {
      return PipelineIT.sqsDepth(sqs, queueUrl);
    }

    /** Every record of the table's stream so far, in order. */
    List<Record> streamRecords() {
      List<Record> out = new ArrayList<>();
      PipelineIT.forEachStreamPage(dynamo, streams, table, out::addAll);
      return out;
    }

    /**
     * The stream event source: the next records in order, in a batch of random size; a reported
     * failure is retried from that record, a dead notifier's batch whole, and a handled batch is
     * sometimes delivered again.
     */
    void deliverStream() {
      List<Record> records = streamRecords();
      if (delivered >= records.size()) {
        return;
      }
      int size = 1 + random.nextInt(records.size() - delivered);
      List<Record> batch = records.subList(delivered, delivered + size);
      DynamodbEvent event = new DynamodbEvent();
      event.setRecords(batch.stream().map(StreamImages::fromSdk).toList());
      List<StreamsEventResponse.BatchItemFailure> failures;
      try {
        failures = notifier.handleRequest(event, null).getBatchItemFailures();
      } catch (WorkerDied died) {
        return;
      }
      trace.add(
          "stream records "
              + delivered
              + ".."
              + (delivered + size - 1)
              + (failures.isEmpty()
                  ? " handled"
                  : " failed from " + failures.get(0).getItemIdentifier()));
      if (failures.isEmpty()) {
        if (!(stormy() && random.nextDouble() < redeliver)) {
          delivered += size;
        }
        return;
      }
      String from = failures.get(0).getItemIdentifier();
      int at = 0;
      while (!batch.get(at).dynamodb().sequenceNumber().equals(from)) {
        at++;
      }
      delivered += at;
    }

    /** The properties every schedule must end with. */
    void check() throws Exception {
      RunRecord run = observed.find(runId).orElseThrow();
      assertThat(run.status()).as("status").isEqualTo(RunStatus.COMPLETED);
      assertThat(run.totalShards()).isEqualTo(2 * trials);
      assertThat(run.completedShards()).as("shards counted").isEqualTo(2 * trials);
      assertThat(observed.shardResults(runId)).as("shard results stored").hasSize(2 * trials);
      assertThat(JSON.readTree(run.resultJson()))
          .as("the result equals the local runner's")
          .isEqualTo(localResult(trials));
      long runs =
          dynamo.scan(b -> b.tableName(table)).items().stream()
              .filter(i -> "RUN".equals(i.get(RunItems.SK).s()))
              .count();
      assertThat(runs).as("runs stored").isEqualTo(1);
      assertThat(depth()).as("shard messages left").isZero();
      checkTarget("sns", snsQueueUrl, MotoSupport.field("Message"));
      checkTarget("eventbridge", busQueueUrl, MotoSupport.field("detail"));
    }

    void checkTarget(
        String target, String url, java.util.function.Function<String, String> unwrap) {
      List<RunEvent> got = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      for (int empty = 0; empty < 2 && System.nanoTime() < deadline; ) {
        List<Message> page =
            motoSqs
                .receiveMessage(
                    b ->
                        b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(got.isEmpty() ? 1 : 0))
                .messages();
        if (page.isEmpty()) {
          empty += got.isEmpty() ? 0 : 1;
        }
        for (Message m : page) {
          got.add(MessageCodec.runEvent(unwrap.apply(m.body())));
          motoSqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
      }
      List<RunEvent> ours = got.stream().filter(e -> e.runId().equals(runId)).toList();
      assertThat(ours.stream().map(e -> e.type() + "@" + e.at()).distinct().toList())
          .as("distinct events on " + target)
          .singleElement()
          .satisfies(e -> assertThat(e).startsWith(RunEvent.COMPLETED + "@"));
      int justified = mayDuplicate.getOrDefault(target, 0);
      assertThat(ours.size() - 1)
          .as("second deliveries on " + target + " (lost answers or crashes: " + justified + ")")
          .isLessThanOrEqualTo(justified);
      duplicateDeliveries += ours.size() - 1;
    }
  }
}
