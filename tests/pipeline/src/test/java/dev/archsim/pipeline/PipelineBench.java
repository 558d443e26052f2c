package dev.archsim.pipeline;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.worker.ShardWorkerHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A benchmark (not a test) of the serverless path against the emulators inside this JVM: the same
 * 104-shard run through the local runner and through API → SQS (ElasticMQ) → worker handlers →
 * DynamoDB Local with the same number of workers (batches of up to ten messages an invocation, as
 * the template's event source), and the enqueue rate of a 10 000-shard submission. Prints one
 * table. Run it with {@code bench/pipeline.sh}.
 */
public final class PipelineBench {
  static final int WORKERS = 2;
  static final int REPEAT = Integer.getInteger("repeat", 5);
  static int trialsPerShard = 2;
  static int trials = 26;

  public static void main(String[] args) throws Exception {
    String scenario = Files.readString(Path.of("../../events/scenarios/whatisthetime.json"));
    if (args.length > 0) {
      trialsPerShard = Integer.parseInt(args[0]);
      trials = 13 * trialsPerShard; // 13 shards a stage, 104 in all
    }
    DynamoDbClient dynamo = AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()));
    SqsClient sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    String table = "bench-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    DynamoDbRunStore store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(1));
    String queueUrl = sqs.createQueue(b -> b.queueName("bench-" + UUID.randomUUID())).queueUrl();
    SubmitRun.Settings settings =
        new SubmitRun.Settings(trialsPerShard, Duration.ofDays(1), 20_000);

    double[] local = new double[REPEAT];
    double[] pipeline = new double[REPEAT];
    int shards = 0;
    for (int i = -1; i < REPEAT; i++) {
      long t0 = System.nanoTime();
      try (LocalPipeline lp =
          new LocalPipeline(WORKERS, settings, e -> {}, SimulationListener.NONE)) {
        var s = lp.submitRun().submit(new SubmitRun.Request("bench", scenario, null, trials, 7L));
        lp.awaitTerminal(s.runId());
      }
      long t1 = System.nanoTime();
      Instant submitted = Instant.now();
      RunRecord done = runPipeline(store, sqs, queueUrl, settings, scenario);
      shards = done.totalShards();
      if (i >= 0) {
        local[i] = (t1 - t0) / 1e9;
        // until the run was completed (its last write), not until the idle pollers noticed
        pipeline[i] = Duration.between(submitted, done.updatedAt()).toNanos() / 1e9;
      }
    }
    double l = median(local);
    double p = median(pipeline);

    // the enqueue rate of a 10 000-shard submission (one stage, one trial a shard)
    String oneStage =
        """
        {"version": 1, "name": "wide", "run": {"horizon": "PT1H", "trials": 10000},
         "workload": {"requestsPerSecond": 10, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "s", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 2}}}]}
        """;
    String wideQueue =
        sqs.createQueue(b -> b.queueName("bench-wide-" + UUID.randomUUID())).queueUrl();
    SubmitRun wide =
        new SubmitRun(
            store,
            new SqsShardQueue(sqs, wideQueue),
            new ScenarioCodec(),
            Clock.systemUTC(),
            () -> UUID.randomUUID().toString(),
            new SubmitRun.Settings(1, Duration.ofDays(1), 20_000));
    long w0 = System.nanoTime();
    var submitted = wide.submit(new SubmitRun.Request("bench", oneStage, null, null, null));
    double enqueue = (System.nanoTime() - w0) / 1e9;

    System.out.printf(
        Locale.ROOT,
        "PipelineBench: %d cores, Java %s; median of %d runs after one warm-up%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        REPEAT);
    System.out.println("| measurement | result | target |");
    System.out.println("|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %d-shard run (WhatIsTheTime, %d trials x 8 stages, %d a shard), %d workers: local runner | %.2f s | |%n",
        shards,
        trials,
        trialsPerShard,
        WORKERS,
        l);
    System.out.printf(
        Locale.ROOT,
        "| same run, API -> SQS (ElasticMQ) -> worker handlers -> DynamoDB Local | %.2f s (%+.0f %%) | within 15 %% of the local runner |%n",
        p,
        100 * (p / l - 1));
    System.out.printf(
        Locale.ROOT,
        "| submission of %,d shards to SQS (ElasticMQ) | %.2f s (%,.0f shards/s) | well inside API Gateway's 30 s |%n",
        submitted.shards(),
        enqueue,
        submitted.shards() / enqueue);
    System.exit(0);
  }

  /** Submits the run, drains the queue with {@link #WORKERS} pollers, returns the finished run. */
  static RunRecord runPipeline(
      DynamoDbRunStore store,
      SqsClient sqs,
      String queueUrl,
      SubmitRun.Settings settings,
      String scenario)
      throws Exception {
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    SubmitRun submit =
        new SubmitRun(
            store,
            new SqsShardQueue(sqs, queueUrl),
            codec,
            clock,
            () -> UUID.randomUUID().toString(),
            settings);
    var submitted = submit.submit(new SubmitRun.Request("bench", scenario, null, trials, 7L));
    String runId = submitted.runId();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> pollers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        ShardWorkerHandler worker = worker(store, codec, clock);
        pollers.add(pool.submit(() -> poll(worker, store, sqs, queueUrl, runId)));
      }
      for (Future<?> f : pollers) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return store.find(runId).orElseThrow();
  }

  /** A worker handler on {@code store}, without a dead-letter queue. */
  static ShardWorkerHandler worker(DynamoDbRunStore store, ScenarioCodec codec, Clock clock) {
    return new ShardWorkerHandler(
        new ProcessShard(
            store,
            new Simulator(),
            new CompleteRun(
                store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(5)),
            clock),
        new DeadLetterShard(
            store,
            (task, reason) -> {
              throw new IllegalStateException("the bench has no dead-letter queue");
            },
            clock),
        "");
  }

  /** The template's BatchSize for the shard queue's event source. */
  static final int BATCH = 10;

  /**
   * One worker, polling like the event source: long polls for up to {@link #BATCH} messages (an
   * idle poller waits on the queue instead of spinning on the two cores the busy worker needs), one
   * invocation a batch, then the successful messages deleted in one call.
   */
  static void poll(
      ShardWorkerHandler worker, DynamoDbRunStore store, SqsClient sqs, String url, String runId) {
    while (true) {
      List<Message> messages =
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(BATCH).waitTimeSeconds(1))
              .messages();
      if (messages.isEmpty()) {
        RunRecord run = store.find(runId).orElseThrow();
        if (run.status().isTerminal()) {
          return;
        }
        continue;
      }
      SQSEvent event = PipelineIT.sqsEvent(messages, "bench");
      var failed =
          worker.handleRequest(event, null).getBatchItemFailures().stream()
              .map(f -> f.getItemIdentifier())
              .toList();
      List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
      for (Message m : messages) {
        if (!failed.contains(m.messageId())) {
          done.add(
              DeleteMessageBatchRequestEntry.builder()
                  .id(Integer.toString(done.size()))
                  .receiptHandle(m.receiptHandle())
                  .build());
        }
      }
      if (!done.isEmpty()) {
        sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done));
      }
    }
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private PipelineBench() {}
}
