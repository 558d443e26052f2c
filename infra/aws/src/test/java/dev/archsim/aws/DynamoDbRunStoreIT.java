package dev.archsim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunStoreContract;
import dev.archsim.core.run.ScenarioTooLargeException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The run store contract against DynamoDB Local running in this JVM, and what only DynamoDB needs:
 * a scenario kept compressed beside the run, queries that take more than one page.
 */
class DynamoDbRunStoreIT extends RunStoreContract {
  static DynamoDbClient dynamo;
  static String table;
  static RunStore store;

  /** The queries the store has sent (one a page). */
  static final AtomicInteger queries = new AtomicInteger();

  @BeforeAll
  static void table() {
    dynamo =
        DynamoDbClient.builder()
            .region(Region.of(Emulators.REGION))
            .endpointOverride(Emulators.dynamoDb())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution context, ExecutionAttributes attributes) {
                            if (context.request() instanceof QueryRequest) {
                              queries.incrementAndGet();
                            }
                          }
                        }))
            .build();
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
  void shardResultsOverMoreThanOnePageOfAQueryComeBackWholeInShardOrder() {
    // six shard items of 250 KB: a query answers at most 1 MB a page
    String id = newId();
    store.create(RunRecord.queued(id, "alice", 6, T0, T0.plusSeconds(3600), "{}", null));
    java.util.List<String> results = new java.util.ArrayList<>();
    for (int shard = 0; shard < 6; shard++) {
      results.add(scenario(250_000, true).replace("name", "shard" + shard));
      store.recordShard(id, shard, results.get(shard), T0);
    }
    queries.set(0);
    assertThat(store.shardResults(id)).containsExactlyElementsOf(results);
    assertThat(queries.get()).isGreaterThan(1);
    assertThat(store.recordedShards(id)).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aResultInMorePartsThanOnePageOfAQueryHoldsIsReadBackWhole() {
    // three million random letters: about 1.8 MB compressed, six parts of 350 KB
    String id = newId();
    store.create(RunRecord.queued(id, "alice", 1, T0, T0.plusSeconds(3600), "{}", null));
    store.recordShard(id, 0, "{}", T0);
    store.tryClaimAggregation(id, "w", T0, T0.plusSeconds(60));
    String result = scenario(3_000_000, true);
    assertThat(dev.archsim.core.run.Gzip.compress(result).length).isGreaterThan(1 << 20);
    assertThat(store.complete(id, "w", result, T0.plusSeconds(1))).isTrue();
    queries.set(0);
    assertThat(store.find(id).orElseThrow().resultJson()).isEqualTo(result);
    assertThat(queries.get()).isGreaterThan(1);
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
