package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code archsim serve} against what a web page, a slow client or a long-lived process does to it,
 * over real HTTP on the served port.
 */
class ServeHardeningTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "0123456789abcdef-secret";

  static String scenario() throws IOException {
    return Files.readString(Path.of(CliCommandsTest.LIBRARY)).replace("\"P30D\"", "\"P1D\"");
  }

  static ServeCommand.Server server(
      String token, Duration retention, long maxHeldChars, UnaryOperator<ServeCommand.Api> wrap)
      throws IOException {
    return new ServeCommand.Server(
        new ServeCommand.Config("127.0.0.1", 0, 2, token, retention, 10, maxHeldChars, List.of()),
        new PrintWriter(new StringWriter()),
        wrap);
  }

  static ServeCommand.Server server() throws IOException {
    return server(null, Duration.ofHours(1), 100_000_000, null);
  }

  /** A raw HTTP/1.1 exchange: every header as given (Host included), the status and body back. */
  record Answer(int status, String head, String body) {}

  static Answer call(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      assertThat(split).as("an HTTP answer: " + all).isPositive();
      String head = all.substring(0, split);
      return new Answer(Integer.parseInt(head.split(" ")[1]), head, all.substring(split + 4));
    }
  }

  static String post(int port, String host, String contentType, String origin, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST /runs?trials=2&seed=5 HTTP/1.1\r\nHost: "
        + host
        + "\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "Content-Length: "
        + bytes.length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  static String get(int port, String path, String extraHeaders) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + port
        + "\r\n"
        + extraHeaders
        + "Connection: close\r\n\r\n";
  }

  @Test
  void aCrossOriginPostStartsNoRun() throws Exception {
    try (var server = server()) {
      int port = server.port();
      String local = "127.0.0.1:" + port;
      // what a page on another site can send without a preflight: text/plain, with its Origin
      Answer plain = call(port, post(port, local, "text/plain", "http://evil.example", scenario()));
      assertThat(plain.status()).isEqualTo(403);
      assertThat(plain.body()).contains("another origin");
      Answer json =
          call(port, post(port, local, "application/json", "http://evil.example", scenario()));
      assertThat(json.status()).isEqualTo(403);
      Answer noType = call(port, post(port, local, "text/plain", null, scenario()));
      assertThat(noType.status()).isEqualTo(415);
      assertThat(noType.body()).contains("application/json", "text/plain");
      Answer form =
          call(port, post(port, local, "application/x-www-form-urlencoded", null, scenario()));
      assertThat(form.status()).isEqualTo(415);
      assertThat(server.pipeline.store().held()).isEmpty();

      Answer sameOrigin =
          call(
              port,
              post(port, local, "application/json; charset=utf-8", "http://" + local, scenario()));
      assertThat(sameOrigin.status()).as(sameOrigin.body()).isEqualTo(202);
      assertThat(server.pipeline.store().held()).hasSize(1);
    }
  }

  @Test
  void aForeignHostIsRefusedAndNeverReflectedIntoUrls() throws Exception {
    try (var server = server()) {
      int port = server.port();
      // a DNS-rebinding page reaches 127.0.0.1 under its own name
      Answer rebound =
          call(port, post(port, "evil.example:" + port, "application/json", null, scenario()));
      assertThat(rebound.status()).isEqualTo(421);
      assertThat(server.pipeline.store().held()).isEmpty();
      Answer get =
          call(port, "GET /runs/x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
      assertThat(get.status()).isEqualTo(421);

      Answer viaLocalhost =
          call(port, post(port, "localhost:" + port, "application/json", null, scenario()));
      assertThat(viaLocalhost.status()).as(viaLocalhost.body()).isEqualTo(202);
      JsonNode body = JSON.readTree(viaLocalhost.body());
      String url = "http://127.0.0.1:" + port + "/runs/" + body.get("runId").asText();
      assertThat(body.get("url").asText()).isEqualTo(url);
      assertThat(viaLocalhost.head()).containsIgnoringCase("Location: " + url);
    }
  }

  @Test
  void onEveryAddressOnlyTheNamesGivenAreHostsAndTheFirstMakesTheUrls() throws Exception {
    LocalHttpGuard any =
        new LocalHttpGuard(
            java.net.InetAddress.getByName("0.0.0.0"), 8080, List.of("Sim.Example.org"), TOKEN);
    assertThat(any.baseUrl()).isEqualTo("http://sim.example.org:8080");
    java.util.Map<String, String> headers =
        new java.util.HashMap<>(
            java.util.Map.of(
                "host", "sim.example.org:8080",
                "authorization", "Bearer " + TOKEN,
                "content-type", "application/json"));
    assertThat(any.check("POST", headers)).isNull();
    headers.put("host", "evil.example:8080");
    assertThat(any.check("POST", headers).status()).isEqualTo(421);
    headers.put("host", "localhost:8080");
    headers.put("origin", "http://sim.example.org:8080");
    assertThat(any.check("POST", headers)).isNull();
    headers.put("origin", "null");
    assertThat(any.check("POST", headers).status()).isEqualTo(403);
    LocalHttpGuard specific =
        new LocalHttpGuard(java.net.InetAddress.getByName("10.1.2.3"), 80, List.of(), null);
    assertThat(specific.baseUrl()).isEqualTo("http://10.1.2.3:80");
    assertThat(specific.check("GET", java.util.Map.of("host", "10.1.2.3"))).isNull();
    assertThat(specific.check("GET", java.util.Map.of("host", "localhost")).status())
        .isEqualTo(421);
  }

  @Test
  void slowClientsDrippingABodyFreezeNothingAndAreCutOffAtTheReadTimeout() throws Exception {
    try (var server = server()) {
      int port = server.port();
      List<Socket> drippers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream()
            .write(
                ("POST /runs HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                    .getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        drippers.add(s);
      }
      AtomicInteger dripping = new AtomicInteger(drippers.size());
      Thread drip =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int second = 0; second < 30 && dripping.get() > 0; second++) {
                      for (Socket s : drippers) {
                        try {
                          s.getOutputStream().write(' ');
                          s.getOutputStream().flush();
                        } catch (IOException closed) {
                          // the server hung up on it
                        }
                      }
                      try {
                        Thread.sleep(500);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      // while eight clients drip, others are answered at once
      long t0 = System.nanoTime();
      Answer other = call(port, get(port, "/runs/nope", ""));
      assertThat(other.status()).isEqualTo(404);
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);

      // and each dripping client is cut off once its 10 s to send the request have passed
      for (Socket s : drippers) {
        s.setSoTimeout(20_000);
        long start = System.nanoTime();
        boolean closed;
        try (InputStream in = s.getInputStream()) {
          // the server hangs up (EOF or reset); anything it sends before must end with the close
          int first = in.read();
          closed = first == -1 || in.readAllBytes() != null;
        } catch (SocketException reset) {
          closed = true;
        } catch (SocketTimeoutException stillOpen) {
          closed = false;
        }
        assertThat(closed).as("the server closed a client dripping its body").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(19);
        dripping.decrementAndGet();
      }
      drip.join(5_000);
      for (Socket s : drippers) {
        s.close();
      }
      assertThat(server.pipeline.store().held()).isEmpty();
    }
  }

  @Test
  void aBodyAboveTheBudgetIsRefusedWithoutWaitingForIt() throws Exception {
    try (var server = server()) {
      int port = server.port();
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /runs HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] head = new byte[12];
        int n = s.getInputStream().readNBytes(head, 0, 12);
        assertThat(new String(head, 0, n, StandardCharsets.UTF_8)).isEqualTo("HTTP/1.1 413");
      }
    }
  }

  /** Headers past the budget (100 lines, 64 KiB) never reach the API, which would answer 404. */
  @Test
  void headersAboveTheBudgetAreRefused() throws Exception {
    try (var server = server()) {
      int port = server.port();
      assertThat(call(port, get(port, "/runs/nope", pads(50))).status()).isEqualTo(404);
      assertThat(answered(port, get(port, "/runs/nope", pads(150)))).doesNotContain(" 404 ");
      assertThat(answered(port, get(port, "/runs/nope", "X-Pad: " + "a".repeat(100_000) + "\r\n")))
          .doesNotContain(" 404 ");
    }
  }

  static String pads(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("X-Pad-").append(i).append(": 1\r\n");
    }
    return b.toString();
  }

  /** What the server sends back before it closes, possibly nothing. */
  static String answered(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (SocketException reset) {
        return "";
      }
    }
  }

  @Test
  void itListensOnLoopbackUnlessToldOtherwise() throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs();
    assertThat(command.bind).isEqualTo("127.0.0.1");
    assertThat(command.tokenFile).isNull();
    try (var server = server()) {
      assertThat(server.http.getAddress().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void withATokenEveryRequestMustCarryIt() throws Exception {
    try (var server = server(TOKEN, Duration.ofHours(1), 100_000_000, null)) {
      int port = server.port();
      assertThat(call(port, get(port, "/runs/nope", "")).status()).isEqualTo(401);
      assertThat(call(port, get(port, "/runs/nope", "Authorization: Bearer wrong\r\n")).status())
          .isEqualTo(401);
      Answer noToken =
          call(port, post(port, "127.0.0.1:" + port, "application/json", null, scenario()));
      assertThat(noToken.status()).isEqualTo(401);
      assertThat(noToken.head()).containsIgnoringCase("WWW-Authenticate: Bearer");
      assertThat(server.pipeline.store().held()).isEmpty();
      assertThat(
              call(port, get(port, "/runs/nope", "Authorization: Bearer " + TOKEN + "\r\n"))
                  .status())
          .isEqualTo(404);
    }
  }

  @Test
  void badServeFlagsAreAllListedBeforeAnythingStarts() throws Exception {
    Path file = Files.createTempFile("token", ".txt");
    Files.writeString(file, "short\n");
    CliHarness.Outcome serve =
        CliHarness.run(
            "serve",
            "--port",
            "0",
            "--token-file",
            file.toString(),
            "--read-timeout",
            "0",
            "--retention",
            "PT0S",
            "--max-held-mb",
            "0");
    assertThat(serve.exit()).isEqualTo(ArchsimCommand.EXIT_INVALID);
    assertThat(serve.err())
        .contains(
            "at least 16 characters", "--read-timeout 0", "--retention PT0S", "--max-held-mb 0");
    Files.delete(file);
  }

  @Test
  void anOutOfMemoryErrorInAHandlerAnswers503AndOtherErrors500() throws Exception {
    UnaryOperator<ServeCommand.Api> failing =
        api ->
            (call, base) -> {
              if (call.path().equals("/runs/oom")) {
                throw new OutOfMemoryError("Java heap space");
              }
              if (call.path().equals("/runs/deep")) {
                throw new StackOverflowError();
              }
              return api.handle(call, base);
            };
    try (var server = server(null, Duration.ofHours(1), 100_000_000, failing)) {
      int port = server.port();
      Answer oom = call(port, get(port, "/runs/oom", ""));
      assertThat(oom.status()).isEqualTo(503);
      assertThat(oom.head()).containsIgnoringCase("Retry-After: 30");
      assertThat(JSON.readTree(oom.body()).get("message").asText()).contains("out of memory");
      assertThat(call(port, get(port, "/runs/deep", "")).status()).isEqualTo(500);
      // and the server goes on answering
      assertThat(call(port, get(port, "/runs/nope", "")).status()).isEqualTo(404);
    }
  }

  static JsonNode awaitStatus(int port, String id, String status) throws Exception {
    JsonNode run = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      Answer a = call(port, get(port, "/runs/" + id, ""));
      if (a.status() == 200) {
        run = JSON.readTree(a.body());
        if (run.get("status").asText().equals(status)) {
          return run;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + id + " never " + status + ": " + run);
  }

  @Test
  void runsAreForgottenOnceTheirRetentionHasPassed() throws Exception {
    try (var server = server(null, Duration.ofSeconds(3), 100_000_000, null)) {
      int port = server.port();
      // two trials, not the file's hundred: the run must be seen COMPLETED within the 3 s after
      // its submission (then it is forgotten, finished or not), which a loaded machine simulating
      // a hundred trials of eight stages need not manage
      String twoTrials = scenario().replace("\"trials\": 100,", "\"trials\": 2,");
      assertThat(twoTrials).contains("\"trials\": 2,");
      Answer posted =
          call(port, post(port, "127.0.0.1:" + port, "application/json", null, twoTrials));
      assertThat(posted.status()).as(posted.body()).isEqualTo(202);
      String id = JSON.readTree(posted.body()).get("runId").asText();
      awaitStatus(port, id, "COMPLETED");
      int status = 200;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (status == 200 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = call(port, get(port, "/runs/" + id, "")).status();
      }
      assertThat(status).as("GET after the 3 s retention").isEqualTo(404);
      assertThat(server.pipeline.store().held()).isEmpty();
    }
  }

  @Test
  void overTheMemoryBudgetTheOldestFinishedRunGoesAndNewRunsWaitForRunningOnes() throws Exception {
    String scenario = scenario();
    long one;
    try (var server = server()) {
      int port = server.port();
      Answer posted =
          call(port, post(port, "127.0.0.1:" + port, "application/json", null, scenario));
      awaitStatus(port, JSON.readTree(posted.body()).get("runId").asText(), "COMPLETED");
      one = server.pipeline.store().held().get(0).chars();
    }
    // room for two finished runs, not three
    try (var server = server(null, Duration.ofHours(1), 2 * one + one / 2, null)) {
      int port = server.port();
      String first = null;
      for (int i = 0; i < 3; i++) {
        Answer posted =
            call(port, post(port, "127.0.0.1:" + port, "application/json", null, scenario));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        String id = JSON.readTree(posted.body()).get("runId").asText();
        first = first == null ? id : first;
        awaitStatus(port, id, "COMPLETED");
      }
      server.eviction.sweep();
      assertThat(call(port, get(port, "/runs/" + first, "")).status()).isEqualTo(404);
      assertThat(server.pipeline.store().held()).hasSize(2);
    }
    // a budget the runs in progress fill: refused with 503, not queued into the heap
    try (var server = server(null, Duration.ofHours(1), 10, null)) {
      int port = server.port();
      Answer refused =
          call(port, post(port, "127.0.0.1:" + port, "application/json", null, scenario));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.head()).containsIgnoringCase("Retry-After");
      assertThat(server.pipeline.store().held()).isEmpty();
    }
  }
}
