package dev.archsim.aws;

import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunStoreContract;
import org.junit.jupiter.api.BeforeAll;

/** The run store contract against DynamoDB Local running in this JVM. */
class DynamoDbRunStoreIT extends RunStoreContract {
  static RunStore store;

  @BeforeAll
  static void table() {
    store = Emulators.runStore(AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb())));
  }

  @Override
  protected RunStore store() {
    return store;
  }
}
