package dev.archsim.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.report.HtmlReport;
import dev.archsim.engine.validate.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WebAppTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static WebApp app() throws Exception {
    return new WebApp(
        Limits.DEFAULT,
        Map.of(
            "whatisthetime",
            Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))));
  }

  static HttpAnswer post(WebApp app, String body) {
    return app.handle(new HttpCall("POST", "/scenarios/validate", "local", body, Map.of(), null));
  }

  @Test
  void validateListsEveryProblemAtItsPathAndDrawsNothingForAnInvalidScenario() throws Exception {
    String scenario =
        Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))
            .replace("\"P30D\"", "\"thirty days\"")
            .replace("\"trials\": 100", "\"trials\": -1");
    HttpAnswer a =
        post(
            app(),
            MAPPER.createObjectNode().put("format", "json").put("text", scenario).toString());
    assertThat(a.status()).isEqualTo(200);
    JsonNode r = MAPPER.readTree(a.body());
    assertThat(r.path("valid").asBoolean()).isFalse();
    assertThat(r.path("problems").findValuesAsText("path"))
        .contains("$.run.horizon", "$.run.trials");
    assertThat(r.path("diagrams")).isEmpty();
    assertThat(a.headers()).containsEntry("Content-Security-Policy", WebApp.CSP);
  }

  @Test
  void aValidYamlScenarioComesBackAsJsonWithADiagramPerStage() throws Exception {
    String yaml =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .writeValueAsString(
                MAPPER.readTree(
                    Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))));
    JsonNode r =
        MAPPER.readTree(
            post(
                    app(),
                    MAPPER.createObjectNode().put("format", "yaml").put("text", yaml).toString())
                .body());
    assertThat(r.path("valid").asBoolean()).isTrue();
    assertThat(r.path("scenario").path("name").asText()).isEqualTo("WhatIsTheTime.com");
    assertThat(r.path("diagrams")).hasSize(8);
    assertThat(r.path("diagrams").path(0).path("svg").asText())
        .startsWith("<svg class=\"diagram\"");
  }

  @Test
  void aYamlScenariosProblemsCarryTheLineOfTheUsersOwnText() throws Exception {
    String yaml =
        "# my service, commented\n"
            + new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .writeValueAsString(
                    MAPPER.readTree(
                        Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))))
                .replace("\"P30D\"", "\"thirty days\"")
                .replace("horizon: P30D", "horizon: thirty days")
                .replace("trials: 100", "trials: -1");
    java.util.List<String> lines = java.util.Arrays.asList(yaml.split("\n", -1));
    int horizon =
        lines.indexOf(
                lines.stream().filter(l -> l.contains("thirty days")).findFirst().orElseThrow())
            + 1;
    int trials =
        lines.indexOf(
                lines.stream().filter(l -> l.contains("trials: -1")).findFirst().orElseThrow())
            + 1;
    // the YAML's lines, not a pretty-printed JSON copy's: the two differ for this text
    assertThat(horizon).isNotEqualTo(trials).isGreaterThan(1);
    HttpAnswer a =
        app()
            .handle(
                new HttpCall(
                    "POST",
                    "/scenarios/validate",
                    "local",
                    yaml,
                    Map.of("content-type", "application/yaml"),
                    null));
    assertThat(a.status()).isEqualTo(200);
    JsonNode r = MAPPER.readTree(a.body());
    assertThat(r.path("valid").asBoolean()).isFalse();
    Map<String, Integer> byPath = new java.util.HashMap<>();
    r.path("problems").forEach(p -> byPath.put(p.path("path").asText(), p.path("line").asInt(0)));
    assertThat(byPath)
        .containsEntry("$.run.horizon", horizon)
        .containsEntry("$.run.trials", trials);
  }

  @Test
  void aJsonScenariosProblemsHaveNoLineField() throws Exception {
    String scenario =
        Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))
            .replace("\"trials\": 100", "\"trials\": -1");
    JsonNode r =
        MAPPER.readTree(
            post(
                    app(),
                    MAPPER
                        .createObjectNode()
                        .put("format", "json")
                        .put("text", scenario)
                        .toString())
                .body());
    assertThat(r.path("problems")).isNotEmpty();
    r.path("problems").forEach(p -> assertThat(p.has("line")).isFalse());
  }

  @Test
  void aRequestThatIsNotTheValidateObjectIsA400WithoutATrace() throws Exception {
    for (String body :
        new String[] {"", "[]", "{\"text\": 3}", "{\"format\": \"xml\", \"text\": \"\"}"}) {
      HttpAnswer a = post(app(), body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }
  }

  @Test
  void thePageLoadsNoInlineScriptAndTheAssetsCarryThePolicy() throws Exception {
    WebApp app = app();
    HttpAnswer page = app.handle(new HttpCall("GET", "/", null, "", Map.of(), null));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers())
        .containsEntry("Content-Security-Policy", WebApp.CSP)
        .containsEntry("X-Content-Type-Options", "nosniff");
    // every script is a file of this origin: none inline, no handler attributes
    assertThat(page.body()).contains("<script src=\"app.js\" defer></script>");
    assertThat(Pattern.compile("<script>|<script [^>]*>[^<]").matcher(page.body()).find())
        .isFalse();
    assertThat(page.body()).doesNotContainPattern(" on[a-z]+=");
    assertThat(WebApp.CSP).contains("script-src 'self'").doesNotContain("unsafe-eval");
    String js = app.handle(new HttpCall("GET", "/app.js", null, "", Map.of(), null)).body();
    assertThat(js).doesNotContain("innerHTML").doesNotContain("eval(");
    assertThat(WebApp.isAsset("GET", "/app.css")).isTrue();
    assertThat(WebApp.isAsset("GET", "/runs/x")).isFalse();
    assertThat(WebApp.isAsset("POST", "/")).isFalse();
    assertThat(app.handle(new HttpCall("GET", "/library", "local", "", Map.of(), null)).body())
        .isEqualTo("[\"whatisthetime\"]");
    assertThat(
            app.handle(new HttpCall("GET", "/library/nope", "local", "", Map.of(), null)).status())
        .isEqualTo(404);
    assertThat(app.handle(new HttpCall("GET", "/runs/abc", "local", "", Map.of(), null))).isNull();
  }

  @Test
  void theReportsPolicyAllowsItsOneScriptByHashAndNothingElse() throws Exception {
    String html =
        HtmlReport.render(
            new dev.archsim.core.scenario.ScenarioCodec()
                .parseJson(Files.readString(Path.of("../../events/scenarios/db-failover.json")))
                .orThrow(),
            dev.archsim.core.result.ResultView.parse("{\"scenario\":\"x\",\"stages\":[]}"),
            java.util.List.of());
    Matcher m = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
    int scripts = 0;
    while (m.find()) {
      scripts++;
      String hash =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-256")
                      .digest(m.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(HtmlReport.CSP).contains("'sha256-" + hash + "'");
    }
    assertThat(scripts).isEqualTo(1);
    assertThat(HtmlReport.CSP).startsWith("default-src 'none'").doesNotContain("unsafe-eval");
  }
}
