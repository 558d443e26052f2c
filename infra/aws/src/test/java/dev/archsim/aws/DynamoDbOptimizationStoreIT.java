package dev.archsim.aws;

import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.optimize.OptimizationStoreContract;
import org.junit.jupiter.api.BeforeAll;

/** The optimisation store contract against DynamoDB Local running in this JVM. */
class DynamoDbOptimizationStoreIT extends OptimizationStoreContract {
  static OptimizationStore store;

  @BeforeAll
  static void table() {
    var dynamo = AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()));
    String table = "runs-" + java.util.UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    store = new DynamoDbOptimizationStore(dynamo, table);
  }

  @Override
  protected OptimizationStore store() {
    return store;
  }

  @Override
  protected int maxAnswerBytes() {
    return DynamoDbOptimizationStore.MAX_BYTES;
  }
}
