package dev.archsim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
  static HttpServer proxy;
  static URI target;
  static final AtomicInteger throttleNext = new AtomicInteger();
  static final AtomicInteger throttled = new AtomicInteger();
  static DynamoDbRunStore store;

  @BeforeAll
  static void start() throws IOException {
    target = Emulators.dynamoDb();
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", ThrottlingIT::handle);
    proxy.start();
    URI through = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
    DynamoDbClient direct = AwsClients.dynamoDb(Emulators.settings(target));
    String table = "throttled-" + UUID.randomUUID();
    Emulators.createRunsTable(direct, table);
    store =
        new DynamoDbRunStore(
            AwsClients.dynamoDb(Emulators.settings(through)), table, Duration.ofDays(1));
  }

  @AfterAll
  static void stop() {
    proxy.stop(0);
  }

  @BeforeEach
  void reset() {
    throttleNext.set(0);
    throttled.set(0);
  }

  static void handle(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throttled.incrementAndGet();
      byte[] error =
          ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                  + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}")
              .getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
      x.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException");
      x.sendResponseHeaders(400, error.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(error);
      }
      return;
    }
    HttpURLConnection c =
        (HttpURLConnection) target.resolve(x.getRequestURI()).toURL().openConnection();
    c.setRequestMethod(x.getRequestMethod());
    for (Map.Entry<String, List<String>> h : x.getRequestHeaders().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Host") && !h.getKey().equalsIgnoreCase("Content-length")) {
        c.setRequestProperty(h.getKey(), String.join(",", h.getValue()));
      }
    }
    c.setDoOutput(body.length > 0);
    if (body.length > 0) {
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    byte[] answer;
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      answer = in == null ? new byte[0] : in.readAllBytes();
    }
    String type = c.getContentType();
    if (type != null) {
      x.getResponseHeaders().add("Content-Type", type);
    }
    x.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(answer);
      }
    }
    x.close();
  }

  static RunRecord queued(String id) {
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    return RunRecord.queued(id, "alice", 2, t0, t0.plus(Duration.ofDays(1)), "{}", null);
  }

  @Test
  void throttledWritesAreRetriedAndCountedOnce() {
    String id = UUID.randomUUID().toString();
    store.create(queued(id));
    throttleNext.set(2);
    assertThat(store.recordShard(id, 0, "{\"stage\":0}", Instant.now()))
        .isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(throttled.get()).isEqualTo(2);
    assertThat(store.find(id).orElseThrow().completedShards()).isEqualTo(1);
    assertThat(store.shardResults(id)).containsExactly("{\"stage\":0}");
  }

  @Test
  void throttlingBeyondTheRetriesReachesTheCallerAndChangesNothing() {
    String id = UUID.randomUUID().toString();
    store.create(queued(id));
    throttleNext.set(100);
    assertThatThrownBy(() -> store.recordShard(id, 1, "{\"stage\":0}", Instant.now()))
        .isInstanceOf(RuntimeException.class);
    assertThat(throttled.get()).isBetween(2, 10);
    throttleNext.set(0);
    assertThat(store.find(id).orElseThrow().completedShards()).isZero();
    // the redelivered message succeeds once the throttling is over
    assertThat(store.recordShard(id, 1, "{\"stage\":0}", Instant.now()))
        .isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store.find(id).orElseThrow().completedShards()).isEqualTo(1);
  }
}
