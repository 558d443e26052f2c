package dev.archsim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunStoreContract;
import dev.archsim.core.run.ScenarioTooLargeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The run store contract against DynamoDB Local running in this JVM. */
class DynamoDbRunStoreIT extends RunStoreContract {
  static DynamoDbClient dynamo;
  static String table;
  static RunStore store;

  @BeforeAll
  static void table() {
    dynamo = AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()));
    table = "runs-" + java.util.UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    store = new DynamoDbRunStore(dynamo, table, java.time.Duration.ofDays(30));
  }

  @Override
  protected RunStore store() {
    return store;
  }

  /** A scenario of {@code bytes} characters: repetitive ones compress, random ones do not. */
  static String scenario(int bytes, boolean random) {
    StringBuilder b = new StringBuilder("{\"name\":\"");
    java.util.Random r = new java.util.Random(7);
    while (b.length() < bytes) {
      b.append(random ? (char) ('a' + r.nextInt(26)) : 'x');
    }
    return b.append("\"}").toString();
  }

  @Test
  void aScenarioUpToTheApiLimitIsKeptCompressedBesideTheRun() {
    String id = newId();
    String big = scenario(1 << 20, false);
    store.create(RunRecord.queued(id, "alice", 1, T0, T0.plusSeconds(3600), big, null));
    assertThat(store.find(id).orElseThrow().scenarioJson()).isEqualTo(big);
    // the run item itself stays small: its conditional updates are billed for under a kilobyte
    var item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(
                            java.util.Map.of(
                                RunItems.PK,
                                AttributeValue.fromS("RUN#" + id),
                                RunItems.SK,
                                AttributeValue.fromS("RUN"))))
            .item();
    assertThat(item).doesNotContainKey("scenario");
    assertThat(item.toString().length()).isLessThan(1024);
  }

  @Test
  void aScenarioTooLargeEvenCompressedIsRefusedAndNothingIsStored() {
    String id = newId();
    String random = scenario(1_000_000, true); // within the API's 1 MiB, about 590 KB compressed
    assertThatThrownBy(
            () ->
                store.create(
                    RunRecord.queued(id, "alice", 1, T0, T0.plusSeconds(3600), random, null)))
        .isInstanceOf(ScenarioTooLargeException.class)
        .hasMessageContaining("compressed");
    assertThat(store.find(id)).isEmpty();
  }
}
