package dev.archsim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB throttling between the adapter and DynamoDB Local: a proxy answers the first requests
 * with {@code ThrottlingException} (HTTP 400, as DynamoDB does), then forwards. The SDK's standard
 * retry mode retries with backoff, so nothing is lost; past its attempts the error reaches the
 * caller (the worker then reports the message for redelivery) instead of being swallowed.
 */
class ThrottlingIT {
  static FaultProxy proxy;
  static DynamoDbRunStore store;

  @BeforeAll
  static void start() {
    URI target = Emulators.dynamoDb();
    proxy =
        FaultProxy.json(
            target,
            400,
            "com.amazonaws.dynamodb.v20120810#ThrottlingException",
            "Rate of requests exceeds the allowed throughput.");
    DynamoDbClient direct = AwsClients.dynamoDb(Emulators.settings(target));
    String table = "throttled-" + UUID.randomUUID();
    Emulators.createRunsTable(direct, table);
    store =
        new DynamoDbRunStore(
            AwsClients.dynamoDb(Emulators.settings(proxy.endpoint())), table, Duration.ofDays(1));
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void reset() {
    proxy.failNext.set(0);
    proxy.failed.set(0);
  }

  static RunRecord queued(String id) {
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    return RunRecord.queued(id, "alice", 2, t0, t0.plus(Duration.ofDays(1)), "{}", null);
  }

  @Test
  void throttledWritesAreRetriedAndCountedOnce() {
    String id = UUID.randomUUID().toString();
    store.create(queued(id));
    proxy.failNext.set(2);
    assertThat(store.recordShard(id, 0, "{\"stage\":0}", Instant.now()))
        .isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(proxy.failed.get()).isEqualTo(2);
    assertThat(store.find(id).orElseThrow().completedShards()).isEqualTo(1);
    assertThat(store.shardResults(id)).containsExactly("{\"stage\":0}");
  }

  @Test
  void throttlingBeyondTheRetriesReachesTheCallerAndChangesNothing() {
    String id = UUID.randomUUID().toString();
    store.create(queued(id));
    proxy.failNext.set(100);
    assertThatThrownBy(() -> store.recordShard(id, 1, "{\"stage\":0}", Instant.now()))
        .isInstanceOf(RuntimeException.class);
    assertThat(proxy.failed.get()).isBetween(2, 10);
    proxy.failNext.set(0);
    assertThat(store.find(id).orElseThrow().completedShards()).isZero();
    // the redelivered message succeeds once the throttling is over
    assertThat(store.recordShard(id, 1, "{\"stage\":0}", Instant.now()))
        .isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store.find(id).orElseThrow().completedShards()).isEqualTo(1);
  }
}
