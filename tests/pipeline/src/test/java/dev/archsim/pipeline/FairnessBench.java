package dev.archsim.pipeline;

import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.worker.ShardWorkerHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A benchmark (not a test) of fairness between runs: how long a 1-shard run takes to finish when it
 * is submitted right behind a big run (default 2 000 shards of one trial), and how long the big run
 * takes, on the local runner (whose queue takes one shard of each run in turn) and on the emulator
 * pipeline (API use case → SQS on ElasticMQ → worker handlers → DynamoDB Local, with the shard
 * messages grouped by run as on AWS, where the standard queue then behaves as an SQS fair queue;
 * ElasticMQ does not implement fair queues, so there the small run waits behind the big one's
 * backlog, which is the unfair baseline). Prints one table. Run it with {@code bench/fairness.sh
 * [BIG_SHARDS]} on a quiet machine.
 */
public final class FairnessBench {
  static final int WORKERS = 2;

  static String scenario(int trials) {
    return """
        {"version": 1, "name": "wide", "run": {"horizon": "PT6H", "trials": %d, "seed": 7},
         "workload": {"requestsPerSecond": 10, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "s", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 2}}}]}
        """
        .formatted(trials);
  }

  /** Seconds from submission to completion of the small run and of the big run. */
  record Times(double small, double big) {}

  public static void main(String[] args) throws Exception {
    int big = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    SubmitRun.Settings settings = new SubmitRun.Settings(1, Duration.ofDays(1), 20_000);

    Times local;
    try (LocalPipeline lp =
        new LocalPipeline(WORKERS, settings, e -> {}, SimulationListener.NONE)) {
      Instant t0 = Instant.now();
      var bigRun =
          lp.submitRun().submit(new SubmitRun.Request("alice", scenario(big), null, null, null));
      var smallRun =
          lp.submitRun().submit(new SubmitRun.Request("bob", scenario(1), null, null, null));
      RunRecord small = lp.awaitTerminal(smallRun.runId());
      RunRecord large = lp.awaitTerminal(bigRun.runId());
      local = new Times(seconds(t0, small.updatedAt()), seconds(t0, large.updatedAt()));
    }

    DynamoDbClient dynamo = AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()));
    SqsClient sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    String table = "fair-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    DynamoDbRunStore store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(1));
    String url = sqs.createQueue(b -> b.queueName("fair-" + UUID.randomUUID())).queueUrl();
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    SubmitRun submit =
        new SubmitRun(
            store,
            new SqsShardQueue(sqs, url),
            codec,
            clock,
            () -> UUID.randomUUID().toString(),
            settings);
    Instant t0 = Instant.now();
    String bigId =
        submit.submit(new SubmitRun.Request("alice", scenario(big), null, null, null)).runId();
    String smallId =
        submit.submit(new SubmitRun.Request("bob", scenario(1), null, null, null)).runId();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> pollers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        ShardWorkerHandler worker = PipelineBench.worker(store, codec, clock);
        pollers.add(pool.submit(() -> PipelineBench.poll(worker, store, sqs, url, bigId)));
      }
      for (Future<?> f : pollers) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    Times emulated =
        new Times(
            seconds(t0, store.find(smallId).orElseThrow().updatedAt()),
            seconds(t0, store.find(bigId).orElseThrow().updatedAt()));

    System.out.printf(
        Locale.ROOT,
        "FairnessBench: %d cores, Java %s, %d workers; a 1-shard run submitted right after a"
            + " %,d-shard run%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        WORKERS,
        big);
    System.out.println("| pipeline | 1-shard run finished after | big run finished after |");
    System.out.println("|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| local runner (one shard of each run in turn) | %.2f s | %.2f s |%n",
        local.small(),
        local.big());
    System.out.printf(
        Locale.ROOT,
        "| SQS on ElasticMQ (no fair queues) -> worker handlers -> DynamoDB Local | %.2f s | %.2f s |%n",
        emulated.small(),
        emulated.big());
    System.exit(0);
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private FairnessBench() {}
}
