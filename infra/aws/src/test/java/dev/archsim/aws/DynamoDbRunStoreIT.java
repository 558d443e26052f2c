package dev.archsim.aws;

import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunStoreContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The run store contract against DynamoDB Local running in this JVM. */
class DynamoDbRunStoreIT extends RunStoreContract {
  static RunStore store;

  @BeforeAll
  static void table() {
    DynamoDbClient dynamo = AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()));
    String table = "runs-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(30));
  }

  @Override
  protected RunStore store() {
    return store;
  }
}
