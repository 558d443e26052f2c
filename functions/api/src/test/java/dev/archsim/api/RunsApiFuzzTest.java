package dev.archsim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.local.adapters.LocalPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz of the API Lambda's handler in process, on the embedded adapters: API Gateway events
 * with random methods, paths, query strings, headers and mutated bodies (base64 or not, broken
 * base64 included). No answer is a 500 or carries a stack trace, every 4xx is the problem JSON.
 * {@code -Darchsim.fuzz.requests=N}, {@code -Darchsim.fuzz.seed=S}.
 */
class RunsApiFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int REQUESTS = Integer.getInteger("archsim.fuzz.requests", 2000);
  static final long SEED = Long.getLong("archsim.fuzz.seed", 20_261_201L);
  static final Pattern STACK =
      Pattern.compile(
          "\\bat (dev|java|jdk|sun|com|org)\\.[\\w.$]+\\(|\\bjava\\.(lang|io|util|net)\\."
              + "|\\b[a-z]\\w*(\\.[a-z]\\w*)+\\.[A-Z]\\w*(Exception|Error)\\b|\\b\\w+(Exception|Error): ");

  @Test
  void fuzzedEventsNeverAnswer500OrAStackTraceAndEvery4xxIsProblemJson() throws Exception {
    System.out.printf(Locale.ROOT, "RunsApiFuzzTest: %d requests, seed %d%n", REQUESTS, SEED);
    Random r = new Random(SEED);
    String base = EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json").getBody();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> ids = new ArrayList<>(List.of("missing"));
    try (LocalPipeline pipeline =
        new LocalPipeline(
            2,
            new SubmitRun.Settings(2, Duration.ofDays(1), 50),
            e -> {},
            SimulationListener.NONE,
            Limits.DEFAULT.withMaxWork(2e6),
            Duration.ofSeconds(2))) {
      RunsApiHandler handler =
          new RunsApiHandler(
              pipeline.submitRun(), pipeline.getRun(), pipeline.cancelRun(), 64 * 1024);
      for (int i = 0; i < REQUESTS; i++) {
        APIGatewayV2HTTPEvent event = event(r, base, ids);
        String where =
            "seed %d, request %d: %s %s ?%s %s body(%s, base64 %s)"
                .formatted(
                    SEED,
                    i,
                    event.getRequestContext().getHttp().getMethod(),
                    event.getRawPath(),
                    event.getRawQueryString(),
                    event.getHeaders(),
                    event.getBody() == null ? "null" : event.getBody().length(),
                    event.getIsBase64Encoded());
        APIGatewayV2HTTPResponse answer = handler.handleRequest(event, null);
        statuses.merge(answer.getStatusCode(), 1, Integer::sum);
        check(answer, where);
        if (answer.getStatusCode() == 202) {
          String id = JSON.readTree(answer.getBody()).get("runId").asText();
          ids.add(id);
          APIGatewayV2HTTPEvent cancel = event(r, base, ids);
          cancel.getRequestContext().getHttp().setMethod("DELETE");
          cancel.setRawPath("/runs/" + id);
          cancel.setBody(null);
          APIGatewayV2HTTPResponse cancelled = handler.handleRequest(cancel, null);
          check(cancelled, where + " then DELETE");
          assertThat(cancelled.getStatusCode()).as(where).isIn(200, 409);
        }
      }
    }
    System.out.println("RunsApiFuzzTest: answers by status " + statuses);
    assertThat(statuses).containsKeys(202, 400, 404);
  }

  static void check(APIGatewayV2HTTPResponse answer, String where) throws Exception {
    int status = answer.getStatusCode();
    assertThat(status).as(where).isBetween(200, 499);
    String body = answer.getBody() == null ? "" : answer.getBody();
    assertThat(STACK.matcher(body).find()).as("a stack trace: " + where + "\n" + body).isFalse();
    if (status >= 400) {
      JsonNode problem = JSON.readTree(body);
      assertThat(problem.path("message").asText()).as(where).isNotBlank();
      assertThat(problem.path("problems").isArray()).as(where).isTrue();
      for (JsonNode p : problem.get("problems")) {
        assertThat(p.path("path").isTextual() && p.path("message").isTextual()).as(where).isTrue();
      }
    }
  }

  static APIGatewayV2HTTPEvent event(Random r, String base, List<String> ids) {
    APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("../../events/api/post-run.json");
    String id = ids.get(r.nextInt(ids.size()));
    // half the events are POST /runs, so that mutated bodies reach validation
    boolean post = r.nextBoolean();
    String method =
        post
            ? "POST"
            : pick(
                r, "POST", "POST", "POST", "GET", "GET", "DELETE", "PUT", "HEAD", "OPTIONS",
                "post");
    String path =
        post
            ? "/runs"
            : pick(
                r,
                "/runs",
                "/runs",
                "/runs/",
                "/runs/" + id,
                "/runs/" + id + "/report",
                "/runs/" + id + "/report/x",
                "/runs/%2e%2e",
                "/runs/" + "a".repeat(5000),
                "//runs",
                "",
                "/runs/\u0000",
                "/runs/é✓");
    e.getRequestContext().getHttp().setMethod(method);
    e.getRequestContext().getHttp().setPath(path);
    e.setRawPath(path);
    e.setRawQueryString(
        pick(
            r,
            "",
            "",
            "trials=2",
            "trials=-1",
            "trials=x",
            "seed=1e99",
            "trials=99999999999",
            "&&="));
    Map<String, String> headers = new HashMap<>(e.getHeaders());
    switch (r.nextInt(6)) {
      case 0 -> headers.remove("content-type");
      case 1 -> headers.put("content-type", pick(r, "text/plain", "", "application/json; x=\""));
      case 2 -> headers.put("idempotency-key", pick(r, "", " ", "k".repeat(3000), "é\u0001"));
      case 3 -> headers.put("accept", pick(r, "application/json", "*/*", "text/html;q=x"));
      default -> {}
    }
    e.setHeaders(headers);
    byte[] body = body(r, base);
    boolean base64 = r.nextInt(4) == 0;
    e.setIsBase64Encoded(base64);
    if (r.nextInt(20) == 0) {
      e.setBody(null);
    } else if (base64) {
      String encoded = Base64.getEncoder().encodeToString(body);
      e.setBody(r.nextInt(5) == 0 ? encoded.substring(0, encoded.length() / 2) + "*%" : encoded);
    } else {
      e.setBody(new String(body, StandardCharsets.UTF_8));
    }
    return e;
  }

  static byte[] body(Random r, String base) {
    String text =
        switch (r.nextInt(8)) {
          case 0 -> base;
          case 1 -> base.substring(0, r.nextInt(base.length()));
          case 2 -> "[".repeat(1 + r.nextInt(60_000));
          case 3 ->
              base.replaceFirst("\\d+", pick(r, "1e999999", "9223372036854775808", "-0", "NaN"));
          case 4 -> "version: 1\nname: yaml\n";
          default -> null;
        };
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] bytes = base.getBytes(StandardCharsets.UTF_8);
    for (int d = 1 + r.nextInt(6); d > 0; d--) {
      bytes[r.nextInt(bytes.length)] = (byte) pick(r, 0xC0, 0xFF, 0x80, 0, r.nextInt(256));
    }
    return bytes;
  }

  static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  static int pick(Random r, int... options) {
    return options[r.nextInt(options.length)];
  }
}
