package dev.archsim.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.EmulatorResource;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.MockEventServer;
import dev.archsim.aws.RunItems;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The packaged worker function booted by Quarkus against DynamoDB Local, invoked through the Lambda
 * mock event server with events/worker/shard-batch.json.
 */
@QuarkusTest
@QuarkusTestResource(
    value = EmulatorResource.class,
    initArgs = @ResourceArg(name = "function", value = "worker"))
class ShardWorkerFunctionTest {
  static final String RUN = "00000000-0000-0000-0000-000000000000";

  @Test
  void theSampleBatchCompletesTheRunInTheTable() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String scenario =
        json.readTree(Files.readString(Path.of("../../events/api/post-run.json")))
            .get("body")
            .asText();
    DynamoDbRunStore store =
        new DynamoDbRunStore(
            AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb())),
            System.getProperty(EmulatorResource.TABLE),
            Duration.ofDays(1));
    Instant now = Instant.now();
    store.create(
        RunRecord.queued(RUN, "alice", 2, now, now.plus(Duration.ofDays(1)), scenario, null));

    JsonNode r = MockEventServer.invoke("../../events/worker/shard-batch.json");
    String response = r.toString();
    assertThat(r.get("batchItemFailures")).as(response).isEmpty();
    RunRecord run = store.find(RUN).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(json.readTree(run.resultJson()).at("/stages/0/trials").asInt()).isEqualTo(4);
    // the warm-up at boot (archsim.warm-up=always) left nothing in the table: only this run's
    // item, its scenario, its two shards and its result (one compressed part)
    var items =
        AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()))
            .scan(b -> b.tableName(System.getProperty(EmulatorResource.TABLE)))
            .items();
    assertThat(items)
        .hasSize(5)
        .allSatisfy(i -> assertThat(i.get(RunItems.PK).s()).isEqualTo("RUN#" + RUN));
  }
}
