package dev.archsim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.local.adapters.LocalPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API handler driven by the sample events in events/api, on the embedded adapters. */
class RunsApiHandlerTest {
  static final String EVENTS = "../../events/api/";
  static final String IAM_USER = "arn:aws:iam::123456789012:user/alice";
  final ObjectMapper json = new ObjectMapper();
  final LocalPipeline pipeline =
      new LocalPipeline(
          2, new SubmitRun.Settings(2, Duration.ofDays(1), 50), e -> {}, SimulationListener.NONE);
  final RunsApiHandler handler =
      new RunsApiHandler(pipeline.submitRun(), pipeline.getRun(), pipeline.cancelRun(), 64 * 1024);

  @AfterEach
  void close() {
    pipeline.close();
  }

  static APIGatewayV2HTTPEvent post() {
    return EventLoader.loadApiGatewayHttpEvent(EVENTS + "post-run.json");
  }

  static APIGatewayV2HTTPEvent get(String id) {
    APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent(EVENTS + "get-run.json");
    e.setRawPath("/runs/" + id);
    e.getRequestContext().getHttp().setPath("/runs/" + id);
    return e;
  }

  JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
    return json.readTree(r.getBody());
  }

  @Test
  void postAcceptsTheScenarioAndGetReturnsTheCompletedRun() throws Exception {
    APIGatewayV2HTTPResponse posted = handler.handleRequest(post(), null);
    assertThat(posted.getStatusCode()).isEqualTo(202);
    String id = body(posted).get("runId").asText();
    assertThat(posted.getHeaders().get("Location"))
        .isEqualTo("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/runs/" + id);
    assertThat(body(posted).get("shards").asInt()).isEqualTo(2);
    pipeline.awaitTerminal(id);
    APIGatewayV2HTTPResponse got = handler.handleRequest(get(id), null);
    assertThat(got.getStatusCode()).isEqualTo(200);
    JsonNode run = body(got);
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.at("/progress/completedShards").asInt()).isEqualTo(2);
    assertThat(run.at("/result/stages/0/trials").asInt()).isEqualTo(4);
  }

  @Test
  void theWebAppIsServedWithItsPolicyAndItsDataRoutesNeedTheCallersIdentity() throws Exception {
    APIGatewayV2HTTPEvent page = get("x");
    page.setRawPath("/");
    page.getRequestContext().getHttp().setPath("/");
    page.getRequestContext().setAuthorizer(null); // the page's route has no authorizer
    APIGatewayV2HTTPResponse r = handler.handleRequest(page, null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).contains("<script src=\"app.js\" defer></script>");
    assertThat(r.getHeaders().get("Content-Security-Policy")).contains("script-src 'self'");
    APIGatewayV2HTTPEvent library = get("x");
    library.setRawPath("/library");
    library.getRequestContext().getHttp().setPath("/library");
    assertThat(body(handler.handleRequest(library, null)).get(0).asText())
        .isEqualTo("whatisthetime");
    library.getRequestContext().setAuthorizer(null);
    assertThat(handler.handleRequest(library, null).getStatusCode()).isEqualTo(401);
  }

  @Test
  void theReportIsHtmlOrJsonByAcceptHeader() throws Exception {
    String id = body(handler.handleRequest(post(), null)).get("runId").asText();
    pipeline.awaitTerminal(id);
    APIGatewayV2HTTPEvent html = get(id + "/report");
    APIGatewayV2HTTPResponse page = handler.handleRequest(html, null);
    assertThat(page.getStatusCode()).isEqualTo(200);
    assertThat(page.getHeaders().get("Content-Type")).startsWith("text/html");
    assertThat(page.getBody())
        .startsWith("<!DOCTYPE html>")
        .contains("data-chart=\"failed-by-cause\"");
    APIGatewayV2HTTPEvent json = get(id + "/report");
    json.getHeaders().put("accept", "application/json");
    JsonNode report = body(handler.handleRequest(json, null));
    assertThat(report.at("/result/stages/0/trials").asInt()).isEqualTo(4);
    assertThat(report.get("timelines").size()).isGreaterThanOrEqualTo(1);
    APIGatewayV2HTTPEvent other = get(id + "/report");
    other
        .getRequestContext()
        .getAuthorizer()
        .getIam()
        .setUserArn("arn:aws:iam::123456789012:user/mallory");
    assertThat(handler.handleRequest(other, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void theSameIdempotencyKeyReturnsTheSameRun() throws Exception {
    String first = body(handler.handleRequest(post(), null)).get("runId").asText();
    JsonNode again = body(handler.handleRequest(post(), null));
    assertThat(again.get("runId").asText()).isEqualTo(first);
    assertThat(again.get("created").asBoolean()).isFalse();
  }

  @Test
  void theSameIdempotencyKeyWithAnotherBodyOrQueryIs422AndAnEmptyKeyIs400() throws Exception {
    APIGatewayV2HTTPResponse first = handler.handleRequest(post(), null);
    String id = body(first).get("runId").asText();
    APIGatewayV2HTTPEvent otherBody = post();
    otherBody.setBody(otherBody.getBody().replace("\"seed\": 3", "\"seed\": 4"));
    APIGatewayV2HTTPResponse refused = handler.handleRequest(otherBody, null);
    assertThat(refused.getStatusCode()).isEqualTo(422);
    assertThat(body(refused).get("message").asText())
        .contains("example-key-1")
        .contains("another request");
    APIGatewayV2HTTPEvent otherQuery = post();
    otherQuery.setQueryStringParameters(Map.of("trials", "2"));
    assertThat(handler.handleRequest(otherQuery, null).getStatusCode()).isEqualTo(422);
    // the key as the draft writes it, a quoted structured-field string, is the same key
    APIGatewayV2HTTPEvent quoted = post();
    quoted.getHeaders().put("idempotency-key", "\"example-key-1\"");
    assertThat(body(handler.handleRequest(quoted, null)).get("runId").asText()).isEqualTo(id);
    pipeline.awaitTerminal(id);
    assertThat(pipeline.getRun().get(IAM_USER, id).scenarioJson()).contains("\"seed\":3");
    for (String empty : List.of("", "  ", "\"\"", "x".repeat(256))) {
      APIGatewayV2HTTPEvent e = post();
      e.getHeaders().put("idempotency-key", empty);
      APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
      assertThat(r.getStatusCode()).as("key '%s'", empty).isEqualTo(400);
      assertThat(body(r).at("/problems/0/path").asText()).isEqualTo("Idempotency-Key");
    }
  }

  @Test
  void anotherIdentityGets404ForARunItDidNotSubmit() throws Exception {
    String id = body(handler.handleRequest(post(), null)).get("runId").asText();
    APIGatewayV2HTTPEvent other = get(id);
    other
        .getRequestContext()
        .getAuthorizer()
        .getIam()
        .setUserArn("arn:aws:iam::123456789012:user/mallory");
    assertThat(handler.handleRequest(other, null).getStatusCode()).isEqualTo(404);
    assertThat(handler.handleRequest(get("no-such-run"), null).getStatusCode()).isEqualTo(404);
  }

  static APIGatewayV2HTTPEvent delete(String id) {
    APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent(EVENTS + "delete-run.json");
    e.setRawPath("/runs/" + id);
    e.getRequestContext().getHttp().setPath("/runs/" + id);
    return e;
  }

  @Test
  void deleteCancelsAQueuedRunAgainAndAgainButNotAnotherIdentitysOrAFinishedOne() throws Exception {
    // no worker: the run stays QUEUED until it is cancelled
    try (LocalPipeline idle =
        new LocalPipeline(
            0,
            new SubmitRun.Settings(2, Duration.ofDays(1), 50),
            e -> {},
            SimulationListener.NONE)) {
      RunsApiHandler api =
          new RunsApiHandler(idle.submitRun(), idle.getRun(), idle.cancelRun(), 64 * 1024);
      String id = body(api.handleRequest(post(), null)).get("runId").asText();
      APIGatewayV2HTTPEvent other = delete(id);
      other
          .getRequestContext()
          .getAuthorizer()
          .getIam()
          .setUserArn("arn:aws:iam::123456789012:user/mallory");
      assertThat(api.handleRequest(other, null).getStatusCode()).isEqualTo(404);
      for (int i = 0; i < 2; i++) {
        APIGatewayV2HTTPResponse cancelled = api.handleRequest(delete(id), null);
        assertThat(cancelled.getStatusCode()).as(cancelled.getBody()).isEqualTo(200);
        assertThat(body(cancelled).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(body(cancelled).get("failureReason").asText())
            .isEqualTo("cancelled by its owner");
      }
      assertThat(idle.awaitTerminal(id).status())
          .isEqualTo(dev.archsim.core.run.RunStatus.CANCELLED);
      assertThat(api.handleRequest(delete("no-such-run"), null).getStatusCode()).isEqualTo(404);
    }
    String done = body(handler.handleRequest(post(), null)).get("runId").asText();
    pipeline.awaitTerminal(done);
    APIGatewayV2HTTPResponse late = handler.handleRequest(delete(done), null);
    assertThat(late.getStatusCode()).isEqualTo(409);
    assertThat(body(late).get("message").asText())
        .isEqualTo(
            "run "
                + done
                + " is COMPLETED; only a QUEUED, RUNNING or AGGREGATING run can be cancelled");
  }

  /** The event as API Gateway sends it behind the JWT authorizer, for the token's subject. */
  static APIGatewayV2HTTPEvent viaJwt(APIGatewayV2HTTPEvent e, String subject) {
    APIGatewayV2HTTPEvent.RequestContext.Authorizer auth =
        new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
    APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt =
        new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
    jwt.setClaims(java.util.Map.of("sub", subject, "iss", "https://issuer.example.com"));
    jwt.setScopes(java.util.List.of());
    auth.setJwt(jwt);
    e.getRequestContext().setAuthorizer(auth);
    return e;
  }

  @Test
  void aJwtSubjectOwnsItsRunsAndNoOtherIdentityReadsThem() throws Exception {
    String id =
        body(handler.handleRequest(viaJwt(post(), "alice-sub"), null)).get("runId").asText();
    assertThat(handler.handleRequest(viaJwt(get(id), "alice-sub"), null).getStatusCode())
        .isEqualTo(200);
    assertThat(handler.handleRequest(viaJwt(get(id), "bob-sub"), null).getStatusCode())
        .isEqualTo(404);
    // an IAM caller is another identity, even one whose ARN ends with the same name
    APIGatewayV2HTTPEvent iam = get(id);
    iam.getRequestContext().getAuthorizer().getIam().setUserArn("alice-sub");
    assertThat(handler.handleRequest(iam, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void anInvalidScenarioIs400WithEveryProblem() throws Exception {
    APIGatewayV2HTTPEvent e = post();
    e.setBody("{\"version\": 1, \"name\": \"x\", \"stages\": [], \"extra\": true}");
    APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    JsonNode problems = body(r).get("problems");
    assertThat(problems.size()).isGreaterThanOrEqualTo(2);
    assertThat(problems.findValuesAsText("path")).contains("$.extra", "$.stages");
    e.setBody("not json at all");
    assertThat(handler.handleRequest(e, null).getStatusCode()).isEqualTo(400);
  }

  @Test
  void aBase64BodyIsDecoded() throws Exception {
    APIGatewayV2HTTPEvent e = post();
    e.setBody(Base64.getEncoder().encodeToString(e.getBody().getBytes(StandardCharsets.UTF_8)));
    e.setIsBase64Encoded(true);
    e.getHeaders().remove("idempotency-key");
    assertThat(handler.handleRequest(e, null).getStatusCode()).isEqualTo(202);
  }

  @Test
  void limitsAndAuthenticationAreClientErrors() {
    APIGatewayV2HTTPEvent big = post();
    big.setBody("{\"name\": \"" + "x".repeat(70 * 1024) + "\"}");
    assertThat(handler.handleRequest(big, null).getStatusCode()).isEqualTo(413);

    APIGatewayV2HTTPEvent anonymous = post();
    anonymous.getRequestContext().setAuthorizer(null);
    assertThat(handler.handleRequest(anonymous, null).getStatusCode()).isEqualTo(401);

    APIGatewayV2HTTPEvent badQuery = post();
    Map<String, String> q = new HashMap<>();
    q.put("trials", "many");
    badQuery.setQueryStringParameters(q);
    assertThat(handler.handleRequest(badQuery, null).getStatusCode()).isEqualTo(400);

    APIGatewayV2HTTPEvent tooMany = post();
    tooMany.getHeaders().remove("idempotency-key");
    tooMany.setQueryStringParameters(Map.of("trials", "1000"));
    APIGatewayV2HTTPResponse r = handler.handleRequest(tooMany, null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).contains("shards");
  }

  @Test
  void aScenarioTheStoreCannotHoldIs413NotA500() throws Exception {
    var memory = new dev.archsim.local.adapters.InMemoryRunStore();
    dev.archsim.core.run.RunStore full =
        (dev.archsim.core.run.RunStore)
            java.lang.reflect.Proxy.newProxyInstance(
                dev.archsim.core.run.RunStore.class.getClassLoader(),
                new Class<?>[] {dev.archsim.core.run.RunStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("create")) {
                    throw new dev.archsim.core.run.ScenarioTooLargeException(
                        "the scenario takes 599999 bytes compressed; a run holds at most 399360");
                  }
                  return method.invoke(memory, args);
                });
    RunsApiHandler tight =
        new RunsApiHandler(
            new SubmitRun(
                full,
                tasks -> {},
                new dev.archsim.core.scenario.ScenarioCodec(),
                java.time.Clock.systemUTC(),
                () -> "r",
                new SubmitRun.Settings(2, Duration.ofDays(1), 50)),
            new dev.archsim.core.run.GetRun(full),
            new dev.archsim.core.run.CancelRun(full, java.time.Clock.systemUTC()),
            64 * 1024);
    APIGatewayV2HTTPResponse r = tight.handleRequest(post(), null);
    assertThat(r.getStatusCode()).isEqualTo(413);
    assertThat(body(r).get("message").asText()).contains("compressed");
  }

  @Test
  void aBase64BodyThatIsNotUtf8Answers400InsteadOfBeingPatched() throws Exception {
    APIGatewayV2HTTPEvent e = post();
    byte[] body = e.getBody().getBytes(StandardCharsets.UTF_8);
    int at = e.getBody().indexOf("two instances");
    body[at] = (byte) 0xFF;
    e.setBody(Base64.getEncoder().encodeToString(body));
    e.setIsBase64Encoded(true);
    APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(body(r).get("problems").get(0).get("message").asText())
        .contains("not valid UTF-8: byte 0xFF at offset " + at);
    e.setBody("%%% not base64");
    assertThat(handler.handleRequest(e, null).getStatusCode()).isEqualTo(400);
  }

  /** The line (1-based) of {@code text} the first occurrence of {@code fragment} is on. */
  static int lineOf(String text, String fragment) {
    int at = text.indexOf(fragment);
    assertThat(at).as(fragment).isNotNegative();
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  static Map<String, JsonNode> byPath(JsonNode problems) {
    Map<String, JsonNode> out = new HashMap<>();
    problems.forEach(p -> out.put(p.path("path").asText(), p));
    return out;
  }

  @Test
  void aRefusedYamlScenarioSaysTheLineOfEveryProblemAndAJsonOneIsAnsweredAsBefore()
      throws Exception {
    APIGatewayV2HTTPEvent e =
        EventLoader.loadApiGatewayHttpEvent(EVENTS + "post-run-yaml-refused.json");
    String yaml = e.getBody();
    APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    Map<String, JsonNode> problems = byPath(body(r).get("problems"));
    // the scenario's two mistakes, each at its line of the text as sent
    assertThat(problems.get("$.run.horizon").path("line").asInt())
        .isEqualTo(lineOf(yaml, "horizon: one day"));
    assertThat(problems.get("$.stages[0].architecture.compute.instanceType").path("line").asInt())
        .isEqualTo(lineOf(yaml, "instanceType: m5.larj"));

    // malformed YAML: 400 at the line and column where it stops parsing, no trace
    e.setBody(yaml.replace("  trials: 4\n", "\ttrials: 4\n"));
    APIGatewayV2HTTPResponse malformed = handler.handleRequest(e, null);
    assertThat(malformed.getStatusCode()).as(malformed.getBody()).isEqualTo(400);
    assertThat(malformed.getBody()).doesNotContain("Exception");
    JsonNode tab = body(malformed).get("problems");
    assertThat(tab).hasSize(1);
    assertThat(tab.get(0).path("line").asInt()).isEqualTo(lineOf(yaml, "  trials: 4"));
    assertThat(tab.get(0).path("column").asInt()).isEqualTo(1);
    assertThat(tab.get(0).path("message").asText())
        .contains("at line " + lineOf(yaml, "  trials: 4") + ", column 1")
        .contains("TAB");

    // the same scenario as JSON: the same problems, with no line (a JSON body is unchanged)
    APIGatewayV2HTTPEvent json = post();
    json.getHeaders().remove("idempotency-key");
    json.setBody(
        this.json.writeValueAsString(
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml)));
    APIGatewayV2HTTPResponse asJson = handler.handleRequest(json, null);
    assertThat(asJson.getStatusCode()).isEqualTo(400);
    assertThat(byPath(body(asJson).get("problems"))).containsOnlyKeys(problems.keySet());
    body(asJson).get("problems").forEach(p -> assertThat(p.has("line")).as(p.toString()).isFalse());
    assertThat(pipeline.store().openRuns(java.time.Instant.MAX, 10)).isEmpty();
  }

  @Test
  void aRefusedYamlOptimizationSaysTheLinesOfItsDocumentsProblemsNotOfItsQuerys() throws Exception {
    RunsApiHandler withOptimizations =
        new RunsApiHandler(
            pipeline.submitRun(),
            pipeline.getRun(),
            pipeline.cancelRun(),
            64 * 1024,
            dev.archsim.engine.validate.Limits.DEFAULT,
            pipeline.optimizations());
    APIGatewayV2HTTPEvent e =
        EventLoader.loadApiGatewayHttpEvent(EVENTS + "post-optimization.json");
    // a design space choice that is no instance type, and a query option that is no integer
    String yaml =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .writeValueAsString(json.readTree(e.getBody().replace("\"t3.large\"", "\"t3.larj\"")));
    e.setBody(yaml);
    e.getHeaders().put("content-type", "application/yaml");
    e.setQueryStringParameters(Map.of("search", "racing", "trials", "many"));
    APIGatewayV2HTTPResponse r = withOptimizations.handleRequest(e, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    Map<String, JsonNode> problems = byPath(body(r).get("problems"));
    assertThat(problems.get("?trials").has("line")).as(r.getBody()).isFalse();
    assertThat(problems.values())
        .as(r.getBody())
        .filteredOn(p -> p.path("path").asText().startsWith("$.designSpace"))
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(p.path("line").asInt())
                    .isGreaterThan(lineOf(yaml, "designSpace:"))
                    .isLessThanOrEqualTo(lineOf(yaml, "t3.larj")));
  }
}
