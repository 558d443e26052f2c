package dev.archsim.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.report.Diagram;
import dev.archsim.core.run.RunViews;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser app beside the runs API, independent of its transport: {@code GET /} (the page),
 * {@code /app.js}, {@code /app.css}, {@code GET /library} (the library's scenario names), {@code
 * GET /library/NAME} (one scenario), {@code GET /schema} (the scenario JSON Schema, for the
 * editor's completion) and {@code POST /scenarios/validate} (a scenario's problems, at their JSON
 * paths, and its stages' architecture diagrams). The page loads nothing from elsewhere and runs no
 * inline script: every answer carries a Content-Security-Policy allowing only this origin's script
 * and style, so text from a scenario can never run as code.
 */
public final class WebApp {
  /**
   * The page's policy: script and connections to this origin only; inline style (the report's own
   * stylesheet, shown in a sandboxed frame without scripts); no plugins, no base rewriting, no
   * framing by another site.
   */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "text/html; charset=utf-8",
          "/index.html", "text/html; charset=utf-8",
          "/app.js", "text/javascript; charset=utf-8",
          "/app.css", "text/css; charset=utf-8");

  private final ScenarioCodec codec;
  private final ObjectMapper yaml = ScenarioCodec.strict(new ObjectMapper(new YAMLFactory()));
  private final Map<String, String> library;

  /**
   * @param limits what a scenario may ask for (the runs API's own)
   * @param library the library's scenarios by name, in the order to list them
   */
  public WebApp(Limits limits, Map<String, String> library) {
    this(ScenarioCodec.of(limits), library);
  }

  /**
   * @param codec the process's codec (its limits are the runs API's own): its schema is compiled
   *     once for the runs API and the page's validation both
   * @param library the library's scenarios by name, in the order to list them
   */
  public WebApp(ScenarioCodec codec, Map<String, String> library) {
    this.codec = codec;
    this.library = new LinkedHashMap<>(library);
  }

  /** The library's scenarios, in the order to list them (each a resource /scenarios/NAME.json). */
  public static final List<String> LIBRARY =
      List.of(
          "whatisthetime",
          "three-tier-10m-pv",
          "dr-strategies",
          "ten-million-users",
          "db-failover",
          "region-failover-routing",
          "flash-sale",
          "private-egress",
          "serverless-worker-fleet",
          "three-region-active-active",
          "scaling-signals");

  /** The {@link #LIBRARY} scenarios bundled on the class path (the build copies them). */
  public static Map<String, String> bundledLibrary() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : LIBRARY) {
      try (InputStream in = WebApp.class.getResourceAsStream("/scenarios/" + name + ".json")) {
        if (in != null) {
          out.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** True for the page's static files, which hold no data and may be fetched without a token. */
  public static boolean isAsset(String method, String path) {
    return ("GET".equals(method) || "HEAD".equals(method)) && ASSETS.containsKey(path);
  }

  /** The answer to a call this app serves, or null when the call is not one of its routes. */
  public HttpAnswer handle(HttpCall call) {
    String method = call.method();
    String path = call.path();
    if (isAsset(method, path)) {
      String file = path.equals("/") ? "/index.html" : path;
      return new HttpAnswer(200, headers(ASSETS.get(path)), asset(file));
    }
    if ("GET".equals(method) && path.equals("/schema")) {
      // the scenario schema, for the editor's completion
      return json(200, ScenarioCodec.schemaText());
    }
    if ("GET".equals(method) && path.equals("/library")) {
      ArrayNode names = MAPPER.createArrayNode();
      library.keySet().forEach(names::add);
      return json(200, names.toString());
    }
    if ("GET".equals(method) && path.startsWith("/library/")) {
      String doc = library.get(path.substring("/library/".length()));
      return doc == null
          ? json(404, RunViews.error("no library scenario " + path.substring(9), List.of()))
          : json(200, doc);
    }
    if ("POST".equals(method) && path.equals("/scenarios/validate")) {
      // the scenario itself as YAML (Content-Type: application/yaml), or the editor's object
      return Bodies.isYaml(call) ? validateText(call.body(), true) : validate(call.body());
    }
    return null;
  }

  /**
   * Validates {@code {"format": "json" | "yaml", "text": "..."}}: 200 with {@code valid}, every
   * problem with its JSON path (and, for YAML, the {@code line} of the text it is on), the scenario
   * as JSON (a YAML one converted) and one architecture diagram a stage when it is valid; 400 only
   * when the request itself is not that object.
   */
  HttpAnswer validate(String body) {
    JsonNode request;
    try {
      request = ScenarioCodec.readJsonTree(ScenarioCodec.strict(new ObjectMapper()), body);
    } catch (ScenarioRejectedException e) {
      return json(400, RunViews.error("send {\"format\": \"json\", \"text\": \"...\"}", List.of()));
    }
    if (request == null
        || !request.path("text").isTextual()
        || !List.of("json", "yaml").contains(request.path("format").asText("json"))) {
      return json(
          400,
          RunViews.error(
              "send {\"format\": \"json\" or \"yaml\", \"text\": \"the scenario\"}", List.of()));
    }
    return validateText(
        request.path("text").asText(), request.path("format").asText("json").equals("yaml"));
  }

  /** The answer of {@link #validate} for a scenario's text. */
  HttpAnswer validateText(String text, boolean isYaml) {
    ObjectNode out = MAPPER.createObjectNode();
    ScenarioParseResult parsed = isYaml ? codec.parseYaml(text) : codec.parseJson(text);
    out.put("valid", parsed.isValid());
    ArrayNode problems = RunViews.problems(parsed.violations());
    if (isYaml && !problems.isEmpty()) {
      // where each problem is in the user's own YAML text (its first line is 1)
      YamlLines.of(text).place(problems);
    }
    out.set("problems", problems);
    if (isYaml) {
      try {
        out.set("scenario", yaml.readTree(text));
      } catch (IOException e) {
        out.putNull("scenario");
      }
    }
    ArrayNode diagrams = out.putArray("diagrams");
    if (parsed.scenario().isPresent()) {
      Scenario s = parsed.scenario().get();
      for (int i = 0; i < s.stages().size(); i++) {
        ObjectNode d = diagrams.addObject();
        d.put("stage", s.stages().get(i).name());
        d.put(
            "svg",
            Diagram.render(
                "diagram-" + i,
                s.stages().get(i).architecture(),
                s.workloadOf(s.stages().get(i)),
                dev.archsim.engine.component.ComputeComponent.scheduledDiagramChanges(
                    s.stages().get(i).architecture(), s.faultsOf(s.stages().get(i))),
                i == 0 ? null : s.stages().get(i - 1).architecture(),
                i == 0 ? null : s.workloadOf(s.stages().get(i - 1))));
      }
    }
    return json(200, out.toString());
  }

  private static HttpAnswer json(int status, String body) {
    return new HttpAnswer(status, headers("application/json"), body);
  }

  static Map<String, String> headers(String type) {
    return Map.of(
        "Content-Type", type,
        "Content-Security-Policy", CSP,
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "no-referrer",
        "Cache-Control", "no-store");
  }

  private static String asset(String file) {
    try (InputStream in = WebApp.class.getResourceAsStream("/web" + file)) {
      if (in == null) {
        throw new IllegalStateException("the web app's " + file + " is missing from this build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
