package dev.archsim.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.EmulatorResource;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.MockEventServer;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker function with its reconciler handler chosen as the template chooses it
 * ({@code QUARKUS_LAMBDA_HANDLER=run-reconciler}), invoked through the Lambda mock event server
 * with events/reconciler/scheduled.json against DynamoDB Local and ElasticMQ: a run whose
 * submission died before enqueueing has its shards enqueued, and an optimisation whose first step
 * was lost has it asked for again.
 */
@QuarkusTest
@TestProfile(RunReconcilerFunctionTest.Reconciler.class)
@QuarkusTestResource(
    value = EmulatorResource.class,
    initArgs = @ResourceArg(name = "function", value = "worker"),
    restrictToAnnotatedClass = true)
class RunReconcilerFunctionTest {

  /** The reconciler function's handler, splitting runs as the sample run was split. */
  public static class Reconciler implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.lambda.handler", "run-reconciler", "archsim.trials-per-shard", "2");
    }
  }

  @Test
  void aRunNeverEnqueuedHasItsShardsEnqueuedAndTheStuckRunIsCounted() throws Exception {
    String scenario =
        new ObjectMapper()
            .readTree(Files.readString(Path.of("../../events/api/post-run.json")))
            .get("body")
            .asText();
    DynamoDbRunStore store =
        new DynamoDbRunStore(
            AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb())),
            System.getProperty(EmulatorResource.TABLE),
            Duration.ofDays(1));
    String run = UUID.randomUUID().toString();
    Instant created = Instant.now().minus(SubmitRun.ENQUEUE_GRACE).minusSeconds(5);
    store.create(
        RunRecord.queued(
            run, "alice", 2, created, created.plus(Duration.ofDays(1)), scenario, null));

    // an optimisation whose first step was lost ten minutes ago: its step is asked for again
    var optimizations =
        new dev.archsim.aws.DynamoDbOptimizationStore(
            AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb())),
            System.getProperty(EmulatorResource.TABLE));
    String optimization = UUID.randomUUID().toString();
    Instant queuedAt = Instant.now().minus(Duration.ofMinutes(10));
    optimizations.create(
        dev.archsim.core.optimize.OptimizationRecord.queued(
            optimization, "alice", queuedAt, queuedAt.plus(Duration.ofDays(1)), "{}", 100));

    JsonNode answer = MockEventServer.invoke("../../events/reconciler/scheduled.json");
    assertThat(answer.asText()).contains("enqueued=1").contains("failed=0").contains("errors=0");
    assertThat(answer.asText()).contains("redriven=1");
    assertThat(store.marks(run)).contains(SubmitRun.ENQUEUED);
    var sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    String url = System.getProperty(EmulatorResource.QUEUE_URL);
    List<ShardTask> queued = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    for (int empty = 0; empty < 2; ) {
      var got =
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      empty += got.isEmpty() ? 1 : 0;
      for (var m : got) {
        String step = MessageCodec.optimizationStepOf(m.body());
        if (step != null) {
          steps.add(step);
        } else {
          queued.add(MessageCodec.shardTask(m.body()));
        }
      }
    }
    assertThat(steps).containsExactly(optimization);
    assertThat(queued).extracting(ShardTask::shardIndex).containsExactlyInAnyOrder(0, 1);
    assertThat(queued).allSatisfy(t -> assertThat(t.runId()).isEqualTo(run));
  }
}
