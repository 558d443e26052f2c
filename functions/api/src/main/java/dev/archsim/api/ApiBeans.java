package dev.archsim.api;

import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import dev.archsim.aws.DynamoDbOptimizationStore;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.SqsOptimizationSteps;
import dev.archsim.aws.SqsShardQueue;
import dev.archsim.core.optimize.OptimizationPlan;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.CancelRun;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.validate.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** Wires the API's use cases to the AWS adapters from configuration. */
@ApplicationScoped
public class ApiBeans {

  @Produces
  @ApplicationScoped
  RunStore runStore(ApiConfig c) {
    return new DynamoDbRunStore(
        AwsClients.dynamoDb(AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))),
        c.table(),
        Duration.ofDays(c.retentionDays()));
  }

  /**
   * The process's one scenario codec (its schema compiled once, on the first parse), shared by the
   * runs, the optimisations, comparisons, reports and the web app's validation.
   */
  @Produces
  @Singleton
  ScenarioCodec scenarioCodec(ApiConfig c) {
    return ScenarioCodec.of(Limits.DEFAULT.withMaxWork(c.maxWork()));
  }

  @Produces
  @ApplicationScoped
  SubmitRun submitRun(ApiConfig c, RunStore store, ScenarioCodec codec) {
    return new SubmitRun(
        store,
        new SqsShardQueue(
            AwsClients.sqs(AwsSettings.of(c.region(), c.sqsEndpoint().or(c::endpoint))),
            c.queueUrl()),
        codec,
        Clock.systemUTC(),
        () -> UUID.randomUUID().toString(),
        new SubmitRun.Settings(
            c.trialsPerShard(), Duration.ofDays(c.retentionDays()), c.maxShards()));
  }

  @Produces
  @ApplicationScoped
  RunOptimization runOptimization(ApiConfig c, RunStore store, ScenarioCodec codec) {
    var sqs = AwsClients.sqs(AwsSettings.of(c.region(), c.sqsEndpoint().or(c::endpoint)));
    return new RunOptimization(
        store,
        new SqsShardQueue(sqs, c.queueUrl()),
        new DynamoDbOptimizationStore(
            AwsClients.dynamoDb(AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))),
            c.table()),
        new SqsOptimizationSteps(sqs, c.queueUrl()),
        codec,
        Clock.systemUTC(),
        () -> UUID.randomUUID().toString(),
        new RunOptimization.Settings(
            Duration.ofDays(c.retentionDays()), OptimizationPlan.DEFAULT_MAX_BUDGET, c.maxWork()));
  }

  @Produces
  @ApplicationScoped
  GetRun getRun(RunStore store) {
    return new GetRun(store);
  }

  @Produces
  @ApplicationScoped
  CancelRun cancelRun(RunStore store) {
    return new CancelRun(store, Clock.systemUTC());
  }
}
