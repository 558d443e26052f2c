package dev.archsim.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.optimize.OptimizationStoreContract;
import dev.archsim.core.run.Gzip;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  /** JSON around random letters, which stay about 0.6 bytes each compressed. */
  private static String letters(int chars, long seed) {
    java.util.Random r = new java.util.Random(seed);
    StringBuilder b = new StringBuilder("{\"x\":\"");
    while (b.length() < chars) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    return b.append("\"}").toString();
  }

  @Test
  void anOptimizationWhoseRequestEvaluationsAndAnswerAreEachNearTheLimitIsReadBackWhole() {
    String id = java.util.UUID.randomUUID().toString();
    Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
    String request = letters(600_000, 1);
    String waiting = letters(600_000, 2);
    String answer = letters(600_000, 3);
    // each item is within the store's limit, together over a megabyte (one query reads them)
    int total = 0;
    for (String text : new String[] {request, waiting, answer}) {
      int bytes = Gzip.compress(text).length;
      assertThat(bytes).isLessThan(DynamoDbOptimizationStore.MAX_BYTES);
      total += bytes;
    }
    assertThat(total).isGreaterThan(1 << 20);
    store.create(
        OptimizationRecord.queued(id, "alice", t0, t0.plusSeconds(86_400), request, 1_000));
    assertThat(store.progress(id, 10, waiting, t0.plusSeconds(1))).isTrue();
    assertThat(store.complete(id, 20, answer, t0.plusSeconds(2))).isTrue();
    OptimizationRecord o = store.find(id).orElseThrow();
    assertThat(o.requestJson()).isEqualTo(request);
    assertThat(o.waitingJson()).isEqualTo(waiting);
    assertThat(o.resultJson()).isEqualTo(answer);
  }
}
