package dev.archsim.worker;

import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.SqsShardParking;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardParking;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
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

  @Produces
  @ApplicationScoped
  ProcessShard processShard(RunStore store, WorkerConfig c) {
    Clock clock = Clock.systemUTC();
    CompleteRun complete =
        new CompleteRun(
            store,
            new ScenarioCodec(),
            clock,
            () -> UUID.randomUUID().toString(),
            Duration.ofSeconds(c.aggregationLeaseSeconds()));
    return new ProcessShard(store, new Simulator(), complete, clock);
  }

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
  DeadLetterShard deadLetter(RunStore store, ShardParking parking) {
    return new DeadLetterShard(store, parking, Clock.systemUTC());
  }
}
