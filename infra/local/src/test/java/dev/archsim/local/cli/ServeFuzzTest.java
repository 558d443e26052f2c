package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.validate.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz of {@code archsim serve} over real HTTP: random methods, paths, headers and mutated
 * library scenarios. Whatever arrives, the server answers no 5xx (but the documented 503 with
 * {@code Retry-After}), no stack trace, and every 4xx is the problem JSON of the API ({@code
 * message}, {@code problems[].path/message/severity}). {@code -Darchsim.fuzz.requests=N} and {@code
 * -Darchsim.fuzz.seed=S} run it longer or elsewhere; a failure names the seed, the request number
 * and the request.
 */
class ServeFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int REQUESTS = Integer.getInteger("archsim.fuzz.requests", 2000);
  static final long SEED = Long.getLong("archsim.fuzz.seed", 20_261_201L);

  /** A Java stack frame, an exception's class name or a JDK package: none may reach a client. */
  static final Pattern STACK =
      Pattern.compile(
          "\\bat (dev|java|javax|jdk|sun|com|org)\\.[\\w.$]+\\(|\\bjava\\.(lang|io|util|net)\\."
              + "|\\b[a-z][\\w]*(\\.[a-z][\\w]*)+\\.[A-Z]\\w*(Exception|Error)\\b"
              + "|\\b\\w+(Exception|Error): ");

  static final String[] METHODS = {
    "GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE",
    "FOO", "get", "Post"
  };
  static final String[] CONTENT_TYPES = {
    null,
    "application/json",
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON; Charset=UTF-8",
    "application/json; charset=iso-8859-1",
    "application/json; charset=utf-16",
    "application/json;;;",
    "application/jsonx",
    "application/problem+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/yaml",
    "",
    ";",
    "*/*"
  };

  record Sent(String method, String target, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      String b = new String(body, StandardCharsets.UTF_8);
      return method
          + " "
          + (target.length() > 200 ? target.substring(0, 200) + "…" : target)
          + " "
          + headers
          + " body("
          + body.length
          + "): "
          + (b.length() > 300 ? b.substring(0, 300) + "…" : b);
    }
  }

  record Answer(int status, String head, String body) {}

  @Test
  void fuzzedRequestsNeverAnswer5xxOrAStackTraceAndEvery4xxIsProblemJson() throws Exception {
    List<String> library = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../../events/scenarios"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        library.add(Files.readString(p));
      }
    }
    assertThat(library).isNotEmpty();
    Random random = new Random(SEED);
    System.out.printf(Locale.ROOT, "ServeFuzzTest: %d requests, seed %d%n", REQUESTS, SEED);
    // a small work budget and a short shard time limit: no accepted fuzz run can be heavy
    Limits limits = Limits.DEFAULT.withMaxWork(2e6);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> runIds = new ArrayList<>(List.of("00000000-0000-0000-0000-000000000000"));
    try (var server =
        new ServeCommand.Server(
            new ServeCommand.Config(
                "127.0.0.1", 0, 2, null, Duration.ofHours(1), 10, 100_000_000, List.of()),
            new PrintWriter(new StringWriter()),
            null,
            limits,
            Duration.ofSeconds(2))) {
      int port = server.port();
      for (int i = 0; i < REQUESTS; i++) {
        Sent sent = request(random, port, library, runIds);
        Answer answer;
        try {
          answer = call(port, sent);
        } catch (java.net.SocketException e) {
          // refused (403, 415, 421…, or by the JDK's server for a target that is no URI) without
          // reading the body: closing with it unread makes TCP reset the connection, which may
          // drop the answer. Only for a large body or a target the JDK's server refuses itself.
          if (sent.body().length <= 16 * 1024 && reachesAHandler(sent.target())) {
            throw new AssertionError("seed " + SEED + ", request " + i + ": " + sent, e);
          }
          statuses.merge(-1, 1, Integer::sum);
          continue;
        }
        String where = "seed " + SEED + ", request " + i + ": " + sent + "\n→ " + answer;
        statuses.merge(answer.status(), 1, Integer::sum);
        check(sent, answer, where);
        if (answer.status() == 202) {
          String id = JSON.readTree(answer.body()).get("runId").asText();
          runIds.add(id);
          // cancel what was accepted at once (it fuzzes DELETE too): nothing heavy stays queued
          Answer cancelled =
              call(
                  port,
                  new Sent(
                      "DELETE", "/runs/" + id, Map.of("Host", "127.0.0.1:" + port), new byte[0]));
          check(sent, cancelled, where + "\n  then DELETE → " + cancelled);
          assertThat(cancelled.status()).as(where).isIn(200, 409);
        }
      }
    }
    System.out.println("ServeFuzzTest: answers by status (-1: reset) " + statuses);
    // the fuzz reached past the guards: runs accepted, scenarios refused, runs found and not found
    assertThat(statuses).containsKeys(202, 400, 404);
  }

  static void check(Sent sent, Answer answer, String where) throws IOException {
    int status = answer.status();
    assertThat(status).as(where).isBetween(200, 599);
    if (status >= 500) {
      assertThat(status).as("the only 5xx is the documented 503; " + where).isEqualTo(503);
      assertThat(answer.head()).as(where).containsIgnoringCase("Retry-After:");
    }
    assertThat(STACK.matcher(answer.head()).find())
        .as("a stack trace in the head: " + where)
        .isFalse();
    assertThat(STACK.matcher(answer.body()).find()).as("a stack trace: " + where).isFalse();
    if (status >= 400 && !"HEAD".equalsIgnoreCase(sent.method())) {
      if (!reachesAHandler(sent.target())) {
        // the JDK's HTTP server answers a target with no path ("//runs" is an authority, "*")
        // or one that is no URI itself, before any handler runs: a short page, nothing more
        assertThat(status).as(where).isIn(400, 404);
        assertThat(answer.body()).as(where).matches(JDK_REFUSAL);
        return;
      }
      JsonNode problem;
      try {
        problem = JSON.readTree(answer.body());
      } catch (IOException e) {
        throw new AssertionError("a " + status + " that is not JSON: " + where, e);
      }
      assertThat(problem).as(where).isNotNull();
      assertThat(problem.path("message").isTextual()).as("message: " + where).isTrue();
      assertThat(problem.path("message").asText()).as(where).isNotBlank();
      assertThat(problem.path("problems").isArray()).as("problems: " + where).isTrue();
      for (JsonNode p : problem.get("problems")) {
        assertThat(p.path("path").isTextual()).as(where).isTrue();
        assertThat(p.path("message").isTextual()).as(where).isTrue();
        assertThat(p.path("severity").isTextual()).as(where).isTrue();
      }
      assertThat(answer.head()).as(where).containsIgnoringCase("Content-Type: application/json");
    }
  }

  /** What the JDK's server answers itself, for a request that reaches no handler. */
  static final Pattern JDK_REFUSAL =
      Pattern.compile("(<h1>(400 Bad Request|404 Not Found)</h1>[A-Za-z ]{0,60})?");

  /** Whether the JDK's server hands the target to a context: a URI whose path starts with "/". */
  static boolean reachesAHandler(String target) {
    try {
      String path = new java.net.URI(target).getPath();
      return path != null && path.startsWith("/");
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  static Sent request(Random r, int port, List<String> library, List<String> runIds) {
    // half the requests pass the guards (Host, Origin, Content-Type) so that the API sees them
    boolean clean = r.nextBoolean();
    String method = clean && r.nextBoolean() ? "POST" : pick(r, METHODS);
    String target = clean && r.nextBoolean() ? "/runs" : target(r, runIds);
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    String host =
        switch (r.nextInt(10)) {
          case 0 -> "localhost:" + port;
          case 1 -> "evil.example:" + port;
          case 2 -> "127.0.0.1";
          case 3 -> "[::1]:" + port;
          case 4 -> "";
          default -> "127.0.0.1:" + port;
        };
    if (clean) {
      host = "127.0.0.1:" + port;
    }
    if (clean || r.nextInt(30) != 0) {
      headers.put("Host", host);
    }
    String type = clean ? "application/json" : pick(r, CONTENT_TYPES);
    if (type != null) {
      headers.put("Content-Type", type);
    }
    switch (clean ? 7 : r.nextInt(8)) {
      case 0 -> headers.put("Origin", "http://evil.example");
      case 1 -> headers.put("Origin", "http://127.0.0.1:" + port);
      case 2 -> headers.put("Origin", "null");
      default -> {}
    }
    switch (r.nextInt(6)) {
      case 0 -> headers.put("Idempotency-Key", "");
      case 1 -> headers.put("Idempotency-Key", "k-" + r.nextInt(5));
      case 2 -> headers.put("Idempotency-Key", "x".repeat(1 + r.nextInt(2000)));
      case 3 ->
          headers.put(
              "Idempotency-Key",
              pick(r, new String[] {"   ", "é✓", "a,b", "\t", "k\u0001", "%00"}));
      default -> {}
    }
    if (r.nextInt(4) == 0) {
      headers.put("Accept", pick(r, new String[] {"application/json", "text/html", "*/*", "x"}));
    }
    if (r.nextInt(20) == 0) {
      headers.put("Authorization", "Bearer " + "t".repeat(r.nextInt(40)));
    }
    byte[] body =
        "POST".equalsIgnoreCase(method) || r.nextInt(6) == 0 ? body(r, library) : new byte[0];
    return new Sent(method, target, headers, body);
  }

  static String target(Random r, List<String> runIds) {
    String id = runIds.get(r.nextInt(runIds.size()));
    String path =
        switch (r.nextInt(16)) {
          case 0, 1, 2, 3, 4 -> "/runs";
          case 5 -> "/runs/";
          case 6, 7 -> "/runs/" + id;
          case 8 -> "/runs/" + id + "/report";
          case 9 -> "/runs/" + id + "/report/extra";
          case 10 -> "/runs/" + "a".repeat(1 + r.nextInt(6000));
          case 11 ->
              "/runs/"
                  + pick(
                      r,
                      new String[] {
                        "%00",
                        "%2e%2e%2f%2e%2e",
                        "..%2f..",
                        "%E2%9C%93",
                        "%ff%fe",
                        "%",
                        "%zz",
                        "%C0%AF",
                        "x%0d%0aSet-Cookie:%20a=b",
                        ";",
                        "%20",
                        "~",
                        "!$&'()*+,;=",
                        "%25",
                        "id?",
                        "\u00e9"
                      });
          case 12 -> "/" + "runs/".repeat(1 + r.nextInt(40));
          case 13 -> pick(r, new String[] {"/", "/RUNS", "/runs//", "//runs", "/runs/./x", "*"});
          case 14 -> "/runs/" + id + "/" + pick(r, new String[] {"REPORT", "report/", "status"});
          default -> "/runs/" + Integer.toHexString(r.nextInt());
        };
    if (r.nextInt(3) == 0) {
      path +=
          "?"
              + pick(
                  r,
                  new String[] {
                    "trials=2&seed=5",
                    "trials=0",
                    "trials=-1",
                    "trials=abc",
                    "trials=99999999999",
                    "trials=1e3",
                    "seed=x",
                    "seed=99999999999999999999999",
                    "trials=",
                    "=&&=",
                    "trials=1&trials=2",
                    "%ff=%fe",
                    "trials=%E2%9C%93",
                    "a=" + "b".repeat(3000),
                    "seed=-9223372036854775808",
                    "trials=2&unknown=1"
                  });
    }
    return path;
  }

  static byte[] body(Random r, List<String> library) {
    String base =
        library
            .get(r.nextInt(library.size()))
            .replace("\"P30D\"", "\"PT6H\"")
            .replace("\"P7D\"", "\"PT6H\"");
    String text =
        switch (r.nextInt(14)) {
          case 0 -> base;
          case 1 -> base.substring(0, r.nextInt(base.length()));
          case 2 -> "[".repeat(1 + r.nextInt(100_000)) + "]".repeat(r.nextInt(3));
          case 3 -> "{\"a\":".repeat(1 + r.nextInt(20_000)) + "1" + "}".repeat(r.nextInt(3));
          case 4 -> replaceNumber(r, base, pick(r, HUGE));
          case 5 -> replaceNumber(r, base, pick(r, HUGE));
          case 6 -> toYamlish(base);
          case 7 ->
              pick(r, new String[] {"", "null", "[]", "{}", "1", "\"x\"", "true", " ", "\uFEFF{}"});
          case 8 -> base.replaceFirst("\\{", "{\"unknown\": " + pick(r, HUGE) + ", ");
          case 9 -> base.replaceFirst("\"version\"\\s*:\\s*1", "\"version\": 1, \"version\": 2");
          case 10 -> base.replaceFirst("\"stages\"", "\"stages\": null, \"x\"");
          default -> null;
        };
    byte[] bytes = (text == null ? base : text).getBytes(StandardCharsets.UTF_8);
    if (text == null) {
      // byte-level damage: flips, invalid UTF-8, a NUL, or a cut in the middle of a character
      int damage = 1 + r.nextInt(8);
      for (int d = 0; d < damage && bytes.length > 0; d++) {
        int at = r.nextInt(bytes.length);
        switch (r.nextInt(4)) {
          case 0 -> bytes[at] ^= (byte) (1 << r.nextInt(8));
          case 1 -> bytes[at] = (byte) pick(r, new int[] {0xC0, 0xFF, 0xFE, 0x80, 0xED, 0xF5});
          case 2 -> bytes[at] = 0;
          default -> bytes[at] = (byte) r.nextInt(256);
        }
      }
    }
    return bytes;
  }

  static final String[] HUGE = {
    "1e999999",
    "-1e999999",
    "123456789012345678901234567890",
    "9223372036854775808",
    "-0",
    "1e-400",
    "NaN",
    "Infinity",
    "0x10",
    "1.7976931348623157e309",
    "4294967296",
    "-2147483649",
    "1" + "0".repeat(5000),
    "\"" + "s".repeat(70_000) + "\"",
    "[" + "1,".repeat(50_000) + "1]"
  };

  static String replaceNumber(Random r, String text, String with) {
    var m = Pattern.compile("(?<=: )-?\\d+(\\.\\d+)?").matcher(text);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] s = spans.get(r.nextInt(spans.size()));
    return text.substring(0, s[0]) + with + text.substring(s[1]);
  }

  static String toYamlish(String json) {
    return "version: 1\n"
        + json.replaceAll("[{}\\[\\],\"]", "").replaceAll("(?m)^\\s+", "  ").replace(": ", ": ");
  }

  static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  static int pick(Random r, int[] options) {
    return options[r.nextInt(options.length)];
  }

  static Answer call(int port, Sent sent) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(sent.method() + " " + sent.target() + " HTTP/1.1\r\n");
    sent.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(sent.body().length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(sent.body());
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      try {
        s.getOutputStream().write(out.toByteArray());
        s.getOutputStream().flush();
      } catch (IOException refusedEarly) {
        // the server may answer (413, 4xx) and close before reading a large body: read the answer
      }
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      assertThat(split).as("an HTTP answer to " + sent + ": " + all).isPositive();
      String answerHead = all.substring(0, split);
      return new Answer(
          Integer.parseInt(answerHead.split(" ")[1]), answerHead, all.substring(split + 4));
    }
  }
}
