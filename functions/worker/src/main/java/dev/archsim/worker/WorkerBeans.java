package dev.archsim.worker;

import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import dev.archsim.aws.DynamoDbOptimizationStore;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.SqsOptimizationSteps;
import dev.archsim.aws.SqsShardParking;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.optimize.OptimizationPlan;
import dev.archsim.core.optimize.OptimizationSteps;
import dev.archsim.core.optimize.ReconcileOptimizations;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardParking;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** Wires the worker's use cases to the AWS adapters from configuration. */
@ApplicationScoped
public class WorkerBeans {

  @Produces
  @ApplicationScoped
  RunStore runStore(WorkerConfig c) {
    return new DynamoDbRunStore(
        AwsClients.dynamoDb(AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))),
        c.table(),
        Duration.ofDays(c.retentionDays()));
  }

  /**
   * The process's one scenario codec, shared by completion, optimisation steps and the reconciler
   * (the worker reads stored scenarios, so its schema is compiled only if one is ever parsed anew).
   */
  @Produces
  @Singleton
  ScenarioCodec scenarioCodec() {
    return ScenarioCodec.shared();
  }

  @Produces
  @ApplicationScoped
  CompleteRun completeRun(
      RunStore store, WorkerConfig c, OptimizationSteps steps, ScenarioCodec codec) {
    return new CompleteRun(
            store,
            codec,
            Clock.systemUTC(),
            () -> UUID.randomUUID().toString(),
            Duration.ofSeconds(c.aggregationLeaseSeconds()))
        .followedBy(RunOptimization.followUp(steps));
  }

  private static String shardQueueUrl(WorkerConfig c) {
    return c.shardQueueUrl()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "SHARD_QUEUE_URL is not set: nowhere to enqueue an optimization's shards"));
  }

  /** Built when an evaluation run first completes, so a cold start creates no SQS client. */
  @Produces
  @ApplicationScoped
  OptimizationSteps optimizationSteps(WorkerConfig c) {
    return new SqsOptimizationSteps(
        AwsClients.sqs(AwsSettings.of(c.region(), c.sqsEndpoint().or(c::endpoint))),
        shardQueueUrl(c));
  }

  /** Built on the first optimisation step this worker takes. */
  @Produces
  @ApplicationScoped
  RunOptimization runOptimization(
      RunStore store, WorkerConfig c, OptimizationSteps steps, ScenarioCodec codec) {
    return new RunOptimization(
        store,
        new SqsShardQueue(
            AwsClients.sqs(AwsSettings.of(c.region(), c.sqsEndpoint().or(c::endpoint))),
            shardQueueUrl(c)),
        new DynamoDbOptimizationStore(
            AwsClients.dynamoDb(AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))),
            c.table()),
        steps,
        codec,
        Clock.systemUTC(),
        () -> UUID.randomUUID().toString(),
        new RunOptimization.Settings(
            Duration.ofDays(c.retentionDays()),
            OptimizationPlan.DEFAULT_MAX_BUDGET,
            Limits.DEFAULT_MAX_WORK));
  }

  @Produces
  @ApplicationScoped
  ProcessShard processShard(RunStore store, CompleteRun complete) {
    return new ProcessShard(store, new Simulator(), complete, Clock.systemUTC());
  }

  /** Built on the reconciler's first invocation, so the shard worker never creates it. */
  @Produces
  @ApplicationScoped
  ReconcileRuns reconcileRuns(
      RunStore store, CompleteRun complete, WorkerConfig c, ScenarioCodec codec) {
    String url =
        c.shardQueueUrl()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "SHARD_QUEUE_URL is not set: nowhere to enqueue the shards of stuck runs"));
    return new ReconcileRuns(
        store,
        new SqsShardQueue(
            AwsClients.sqs(AwsSettings.of(c.region(), c.sqsEndpoint().or(c::endpoint))), url),
        complete,
        codec,
        Clock.systemUTC(),
        new ReconcileRuns.Settings(
            SubmitRun.ENQUEUE_GRACE,
            Duration.ofSeconds(c.enqueueGiveUpSeconds()),
            Duration.ofSeconds(c.shardMessageRetentionSeconds()),
            c.trialsPerShard(),
            RECONCILED_PER_PASS));
  }

  /** Built on the reconciler's first invocation: the optimisations whose step was lost. */
  @Produces
  @ApplicationScoped
  ReconcileOptimizations reconcileOptimizations(
      RunStore store, OptimizationSteps steps, ReconcileRuns runs, WorkerConfig c) {
    return new ReconcileOptimizations(
        new DynamoDbOptimizationStore(
            AwsClients.dynamoDb(AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))),
            c.table()),
        store,
        steps,
        runs,
        Clock.systemUTC(),
        ReconcileOptimizations.Settings.DEFAULT);
  }

  /** The most runs one reconciler invocation examines (oldest first; the next one goes on). */
  static final int RECONCILED_PER_PASS = 200;

  @Produces
  @ApplicationScoped
  ShardMetrics metrics() {
    return new PowertoolsShardMetrics();
  }

  /** Built on the first dead-lettered shard, so a cold start does not create an SQS client. */
  @Produces
  @ApplicationScoped
  ShardParking parking(WorkerConfig c) {
    String url =
        c.failedShardQueueUrl()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "FAILED_SHARD_QUEUE_URL is not set: nowhere to park dead-lettered shards"));
    return new SqsShardParking(AwsClients.sqs(AwsSettings.of(c.region(), c.endpoint())), url);
  }

  @Produces
  @ApplicationScoped
  DeadLetterShard deadLetter(RunStore store, ShardParking parking, OptimizationSteps steps) {
    return new DeadLetterShard(store, parking, Clock.systemUTC())
        .followedBy(RunOptimization.followUp(steps));
  }
}
