package dev.archsim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.local.adapters.LocalPipeline;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web app as it is deployed on AWS, without AWS: the browser's requests go through an emulation
 * of the JWT HTTP API of {@code template.yaml} (its routes, which of them carry the JWT authorizer,
 * the payload 2.0 event it builds, bodies base64-encoded unless text) to the API function's handler
 * wired as the function wires it (comparisons on), its event read and its response written by a
 * mapper configured as Quarkus's Lambda runtime configures it. A request the template does not
 * route gets API Gateway's 404, as a deployed stack would answer it.
 */
class WebAppOnAwsTest {
  static final String TEMPLATE = "../../template.yaml";
  static final String ALICE = "token-of-alice";
  static final String BOB = "token-of-bob";

  /** Lambda's limit on a synchronous invocation's response (the encoded JSON), 6 MB. */
  static final int LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

  final ObjectMapper json = new ObjectMapper();
  final LocalPipeline pipeline =
      new LocalPipeline(
          2, new SubmitRun.Settings(2, Duration.ofDays(1), 50), e -> {}, SimulationListener.NONE);
  final RunsApiHandler handler =
      new RunsApiHandler(
          pipeline.submitRun(),
          pipeline.getRun(),
          pipeline.cancelRun(),
          pipeline.optimizations(),
          pipeline.store(),
          new Config());
  final ApiGateway gateway = new ApiGateway("RunsJwtApi", "ApiJwtFunction");

  @AfterEach
  void close() {
    pipeline.close();
  }

  // ------------------------------------------------------------------ the browser's session

  @Test
  void thePageItsFilesAndEveryCallTheAppMakesReachTheFunction() throws Exception {
    Answer page = gateway.call("GET", "/", null, Map.of());
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.header("content-type")).startsWith("text/html");
    assertThat(page.header("content-security-policy")).contains("script-src 'self'");
    // the page's own files, resolved against the page as the browser does, without a token
    Matcher files = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
    List<String> loaded = new ArrayList<>();
    while (files.find()) {
      String path = URI.create("https://example.com/").resolve(files.group(1)).getPath();
      Answer file = gateway.call("GET", path, null, Map.of());
      assertThat(file.status()).as(path + ": " + file.body()).isEqualTo(200);
      assertThat(file.body()).isNotBlank();
      loaded.add(path);
    }
    assertThat(loaded).containsExactlyInAnyOrder("/app.css", "/app.js");
    assertThat(gateway.call("GET", "/app.js", null, Map.of()).header("content-type"))
        .startsWith("text/javascript");

    // every call app.js makes is routed on both APIs, behind their authorizer
    List<String> calls = appCalls();
    assertThat(calls)
        .as("the calls app.js makes")
        .contains("POST /scenarios/validate", "POST /runs", "GET /runs/X/compare/X");
    for (String api : List.of("RunsJwtApi", "RunsApi")) {
      ApiGateway other = api.equals("RunsApi") ? new ApiGateway(api, "ApiFunction") : gateway;
      for (String call : calls) {
        String[] mp = call.split(" ", 2);
        Optional<Route> route = other.route(mp[0], mp[1]);
        assertThat(route).as(api + " routes " + call).isPresent();
        assertThat(route.orElseThrow().open()).as(api + ": " + call + " needs a caller").isFalse();
      }
    }
  }

  @Test
  void withoutATokenTheDataRoutesAre401SoTheAppAsksForOne() throws Exception {
    Answer library = gateway.call("GET", "/library", null, Map.of());
    assertThat(library.status()).isEqualTo(401);
    assertThat(json.readTree(library.body()).get("message").asText()).isEqualTo("Unauthorized");
    assertThat(
            gateway
                .call("GET", "/library", null, Map.of("Authorization", "Bearer forged"))
                .status())
        .isEqualTo(401);
  }

  @Test
  void openEditValidateRunReportCompareAndCancelAsTheAppDoes() throws Exception {
    Map<String, String> alice = Map.of("Authorization", "Bearer " + ALICE);
    JsonNode names = json.readTree(gateway.call("GET", "/library", null, alice).body());
    assertThat(names.get(0).asText()).isEqualTo("whatisthetime");
    assertThat(json.readTree(gateway.call("GET", "/schema", null, alice).body()).has("$schema"))
        .isTrue();
    Answer opened = gateway.call("GET", "/library/whatisthetime", null, alice);
    assertThat(opened.status()).isEqualTo(200);
    String scenario = opened.body();

    // the editor checks the text as it is typed: a mistake is reported at its path
    String mistaken = scenario.replaceFirst("\"t2.micro\"", "\"t2.mikro\"");
    JsonNode checked = validate(alice, "json", mistaken, "application/json");
    assertThat(checked.get("valid").asBoolean()).isFalse();
    assertThat(checked.at("/problems/0/path").asText())
        .isEqualTo("$.stages[0].architecture.compute.instanceType");
    assertThat(checked.at("/problems/0/message").asText()).contains("did you mean t2.micro");
    JsonNode valid = validate(alice, "json", scenario, "application/json");
    assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();
    assertThat(valid.get("diagrams")).hasSize(8);
    assertThat(valid.at("/diagrams/0/svg").asText()).startsWith("<svg");
    // YAML pasted into the editor, and a YAML file posted as itself (a binary type to API Gateway:
    // the function receives it base64-encoded)
    String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(json.readTree(scenario));
    JsonNode fromYaml = validate(alice, "yaml", yaml, "application/json");
    assertThat(fromYaml.get("valid").asBoolean()).isTrue();
    assertThat(fromYaml.at("/scenario/name").asText()).isEqualTo("WhatIsTheTime.com");
    Answer rawYaml =
        gateway.call(
            "POST",
            "/scenarios/validate",
            yaml,
            Map.of("Authorization", "Bearer " + ALICE, "Content-Type", "application/yaml"));
    assertThat(rawYaml.receivedBase64()).isTrue();
    assertThat(json.readTree(rawYaml.body()).get("valid").asBoolean()).as(rawYaml.body()).isTrue();

    // run it as the app does (Trials 2), read it, read its report
    String a = submit(alice, scenario);
    assertThat(pipeline.awaitTerminal(a).status())
        .isEqualTo(dev.archsim.core.run.RunStatus.COMPLETED);
    JsonNode run = json.readTree(gateway.call("GET", "/runs/" + a, null, alice).body());
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.at("/result/stages")).hasSize(8);
    Map<String, String> html = new LinkedHashMap<>(alice);
    html.put("Accept", "text/html");
    Answer report = gateway.call("GET", "/runs/" + a + "/report", null, html);
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.header("content-type")).startsWith("text/html");
    assertThat(report.body()).startsWith("<!DOCTYPE html>").contains("1-t2.micro-elastic-ip");
    assertThat(report.responseBytes()).isLessThan(LAMBDA_RESPONSE_LIMIT);
    // someone else's token reads none of it
    Map<String, String> bob = Map.of("Authorization", "Bearer " + BOB);
    assertThat(gateway.call("GET", "/runs/" + a, null, bob).status()).isEqualTo(404);

    // change a fault rate, run again, compare the two
    String b =
        submit(
            alice,
            scenario.replace("\"interruptionsPerMonth\": 0.05", "\"interruptionsPerMonth\": 0.5"));
    pipeline.awaitTerminal(b);
    Answer compared = gateway.call("GET", "/runs/" + a + "/compare/" + b, null, alice);
    assertThat(compared.status()).as(compared.body()).isEqualTo(200);
    JsonNode diff = json.readTree(compared.body());
    assertThat(diff.get("stages")).hasSize(8);
    assertThat(diff.at("/stages/0/bMinusA/availability/verdict").asText())
        .isEqualTo("identical in every trial");
    // stage 8's cost difference is B's mean less A's, as the two runs' results give them
    JsonNode runB = json.readTree(gateway.call("GET", "/runs/" + b, null, alice).body());
    assertThat(diff.at("/stages/7/bMinusA/monthlyCostUsd/difference").asDouble())
        .isCloseTo(
            runB.at("/result/stages/7/cost/monthlyUsd").asDouble()
                - run.at("/result/stages/7/cost/monthlyUsd").asDouble(),
            org.assertj.core.api.Assertions.within(1e-6));
    assertThat(run.at("/result/stages/7/cost/monthlyUsd").asDouble()).isPositive();
    assertThat(gateway.call("GET", "/runs/" + a + "/compare/" + b, null, bob).status())
        .isEqualTo(404);

    // cancelling a finished run is refused with the reason
    Answer late = gateway.call("DELETE", "/runs/" + a, null, alice);
    assertThat(late.status()).isEqualTo(409);
    assertThat(json.readTree(late.body()).get("message").asText()).contains("COMPLETED");
  }

  private JsonNode validate(Map<String, String> auth, String format, String text, String type)
      throws Exception {
    ObjectNode body = json.createObjectNode().put("format", format).put("text", text);
    Map<String, String> headers = new LinkedHashMap<>(auth);
    headers.put("Content-Type", type);
    Answer a = gateway.call("POST", "/scenarios/validate", body.toString(), headers);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return json.readTree(a.body());
  }

  private String submit(Map<String, String> auth, String scenario) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(auth);
    headers.put("Content-Type", "application/json");
    Answer posted = gateway.call("POST", "/runs?trials=2", scenario, headers);
    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    String id = json.readTree(posted.body()).get("runId").asText();
    assertThat(posted.header("location")).isEqualTo("https://" + ApiGateway.DOMAIN + "/runs/" + id);
    return id;
  }

  /**
   * Every {@code api('METHOD', PATH...)} call in app.js, its path with each {@code
   * encodeURIComponent(...)} written X and its query dropped: "GET /runs/X/report".
   */
  static List<String> appCalls() throws Exception {
    String app;
    try (var in = RunsApiHandler.class.getResourceAsStream("/web/app.js")) {
      app = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> out = new ArrayList<>();
    Matcher call =
        Pattern.compile("api\\('([A-Z]+)',\\s*([^,()]*(?:\\([^()]*\\)[^,()]*)*)").matcher(app);
    while (call.find()) {
      StringBuilder path = new StringBuilder();
      Matcher piece =
          Pattern.compile("'([^']*)'|encodeURIComponent\\([^)]*\\)").matcher(call.group(2));
      while (piece.find()) {
        path.append(piece.group(1) != null ? piece.group(1) : "X");
      }
      String p = path.toString();
      int q = p.indexOf('?');
      out.add(call.group(1) + " " + (q >= 0 ? p.substring(0, q) : p));
    }
    return out;
  }

  // ------------------------------------------------------------------ API Gateway, emulated

  /** One route of an HTTP API: method, path template, and whether it has no authorizer. */
  record Route(String method, String path, boolean open) {
    boolean matches(String m, String p) {
      if (!method.equals(m) && !method.equals("ANY")) {
        return false;
      }
      String[] want = path.split("/", -1);
      String[] got = p.split("/", -1);
      if (want.length != got.length) {
        return false;
      }
      for (int i = 0; i < want.length; i++) {
        boolean param = want[i].startsWith("{") && want[i].endsWith("}");
        if (param ? got[i].isEmpty() : !want[i].equals(got[i])) {
          return false;
        }
      }
      return true;
    }

    /** Literal segments: API Gateway prefers the most specific route. */
    long literals() {
      return java.util.Arrays.stream(path.split("/")).filter(s -> !s.startsWith("{")).count();
    }

    Map<String, String> parameters(String p) {
      Map<String, String> out = new LinkedHashMap<>();
      String[] want = path.split("/", -1);
      String[] got = p.split("/", -1);
      for (int i = 0; i < want.length; i++) {
        if (want[i].startsWith("{")) {
          out.put(want[i].substring(1, want[i].length() - 1), got[i]);
        }
      }
      return out;
    }
  }

  /** What the browser receives, and what the function was handed. */
  record Answer(
      int status,
      Map<String, String> headers,
      String body,
      long responseBytes,
      boolean receivedBase64) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * An HTTP API of template.yaml in front of the handler: the routes of one function's HttpApi
   * events on one API, the JWT authorizer (a token this test's identity provider issued, with or
   * without "Bearer "), and the payload 2.0 event. A body is text when its content type is text/*
   * or JSON, XML or JavaScript, and base64 otherwise.
   */
  final class ApiGateway {
    static final String DOMAIN = "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";

    /** The identity provider: token -> subject. */
    final Map<String, String> subjects = Map.of(ALICE, "alice-sub", BOB, "bob-sub");

    final List<Route> routes = new ArrayList<>();

    /** The deployed function's mapper, as Quarkus's Lambda runtime configures it. */
    final ObjectMapper lambdaMapper =
        JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .build();

    ApiGateway(String api, String function) {
      try {
        JsonNode template =
            new ObjectMapper(new YAMLFactory()).readTree(Path.of(TEMPLATE).toFile());
        JsonNode events = template.at("/Resources/" + function + "/Properties/Events");
        assertThat(events.isMissingNode()).as(function + " in " + TEMPLATE).isFalse();
        events.forEach(
            e -> {
              JsonNode p = e.path("Properties");
              if (e.path("Type").asText().equals("HttpApi")
                  && p.path("ApiId").path("Ref").asText(p.path("ApiId").asText()).equals(api)) {
                routes.add(
                    new Route(
                        p.path("Method").asText().toUpperCase(Locale.ROOT),
                        p.path("Path").asText(),
                        p.at("/Auth/Authorizer").asText().equals("NONE")));
              }
            });
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(routes).as("routes of " + function + " on " + api).isNotEmpty();
    }

    Optional<Route> route(String method, String path) {
      return routes.stream()
          .filter(r -> r.matches(method, path))
          .max(java.util.Comparator.comparingLong(Route::literals));
    }

    Answer call(String method, String target, String body, Map<String, String> requestHeaders)
        throws Exception {
      int q = target.indexOf('?');
      String path = q < 0 ? target : target.substring(0, q);
      String query = q < 0 ? "" : target.substring(q + 1);
      Optional<Route> route = route(method, path);
      if (route.isEmpty()) {
        return gatewayAnswer(404, "Not Found");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      requestHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      headers.put("host", DOMAIN);
      ObjectNode event = json.createObjectNode();
      event.put("version", "2.0");
      String routeKey = route.get().method() + " " + route.get().path();
      event.put("routeKey", routeKey);
      event.put("rawPath", path);
      event.put("rawQueryString", query);
      event.set("headers", json.valueToTree(headers));
      if (!query.isEmpty()) {
        ObjectNode params = event.putObject("queryStringParameters");
        for (String pair : query.split("&")) {
          String[] kv = pair.split("=", 2);
          params.put(
              URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
      }
      Map<String, String> pathParameters = route.get().parameters(path);
      if (!pathParameters.isEmpty()) {
        event.set("pathParameters", json.valueToTree(pathParameters));
      }
      ObjectNode context = event.putObject("requestContext");
      context.put("accountId", "123456789012");
      context.put("apiId", "a1b2c3d4e5");
      context.put("domainName", DOMAIN);
      context.put("domainPrefix", "a1b2c3d4e5");
      context.put("requestId", "req-" + System.nanoTime());
      context.put("routeKey", routeKey);
      context.put("stage", "$default");
      context.put("time", "01/Dec/2026:10:00:00 +0000");
      context.put("timeEpoch", 1796119200000L);
      ObjectNode http = context.putObject("http");
      http.put("method", method);
      http.put("path", path);
      http.put("protocol", "HTTP/1.1");
      http.put("sourceIp", "203.0.113.7");
      http.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140");
      if (!route.get().open()) {
        String authorization = headers.getOrDefault("authorization", "");
        String token = authorization.replaceFirst("(?i)^Bearer ", "");
        String subject = subjects.get(token);
        if (subject == null) {
          return gatewayAnswer(401, "Unauthorized");
        }
        ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
        jwt.putObject("claims")
            .put("sub", subject)
            .put("iss", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example")
            .put("token_use", "id")
            .put("exp", "1796122800");
        jwt.putNull("scopes");
      }
      boolean base64 = false;
      if (body != null) {
        String type = headers.getOrDefault("content-type", "text/plain");
        base64 = !isText(type);
        event.put(
            "body",
            base64
                ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))
                : body);
      }
      event.put("isBase64Encoded", base64);

      // the function's runtime reads the event and writes the response with its mapper
      APIGatewayV2HTTPEvent received =
          lambdaMapper.readValue(event.toString(), APIGatewayV2HTTPEvent.class);
      APIGatewayV2HTTPResponse response = handler.handleRequest(received, null);
      byte[] written = lambdaMapper.writeValueAsBytes(response);
      JsonNode out = json.readTree(written);
      Map<String, String> answerHeaders = new LinkedHashMap<>();
      out.path("headers")
          .fields()
          .forEachRemaining(h -> answerHeaders.put(h.getKey(), h.getValue().asText()));
      String answerBody = out.path("body").asText("");
      if (out.path("isBase64Encoded").asBoolean()) {
        answerBody = new String(Base64.getDecoder().decode(answerBody), StandardCharsets.UTF_8);
      }
      return new Answer(
          out.path("statusCode").asInt(), answerHeaders, answerBody, written.length, base64);
    }

    private static boolean isText(String contentType) {
      String t = contentType.toLowerCase(Locale.ROOT);
      return t.startsWith("text/")
          || t.startsWith("application/json")
          || t.contains("+json")
          || t.startsWith("application/xml")
          || t.startsWith("application/javascript");
    }

    private Answer gatewayAnswer(int status, String message) {
      String body = "{\"message\":\"" + message + "\"}";
      return new Answer(
          status, Map.of("content-type", "application/json"), body, body.length(), false);
    }
  }

  /** The function's configuration as the template sets it (the defaults of ApiConfig). */
  static final class Config implements ApiConfig {
    @Override
    public String region() {
      return "eu-west-1";
    }

    @Override
    public Optional<URI> endpoint() {
      return Optional.empty();
    }

    @Override
    public Optional<URI> dynamodbEndpoint() {
      return Optional.empty();
    }

    @Override
    public Optional<URI> sqsEndpoint() {
      return Optional.empty();
    }

    @Override
    public String table() {
      return "archsim-runs";
    }

    @Override
    public String queueUrl() {
      return "";
    }

    @Override
    public int trialsPerShard() {
      return 25;
    }

    @Override
    public int maxShards() {
      return 10_000;
    }

    @Override
    public int retentionDays() {
      return 30;
    }

    @Override
    public int maxBodyBytes() {
      return 1_048_576;
    }

    @Override
    public double maxWork() {
      return 5e9;
    }
  }
}
