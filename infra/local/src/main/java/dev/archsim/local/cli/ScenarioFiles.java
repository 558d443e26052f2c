package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.core.scenario.Utf8;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reading scenario files (JSON or YAML), narrowing them, and printing their problems. */
final class ScenarioFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScenarioFiles() {}

  /**
   * The file's text, or null after printing why it cannot be read (missing, unreadable, or not
   * UTF-8: the offset of the first byte that is not).
   */
  static String read(Path file, PrintWriter err) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      err.println(file + ": cannot read: " + e.getMessage());
      err.flush();
      return null;
    }
    try {
      return Utf8.decode(bytes);
    } catch (ScenarioRejectedException e) {
      err.println(file + ":");
      print(e.violations(), err);
      return null;
    }
  }

  /**
   * Reads and parses the file and prints every problem and warning: the parse result, or null after
   * printing why the file cannot be read.
   */
  static ScenarioParseResult check(Path file, PrintWriter err, Limits limits) {
    String text = read(file, err);
    if (text == null) {
      return null;
    }
    ScenarioParseResult parsed = parse(file, text, limits);
    print(parsed.violations(), err);
    return parsed;
  }

  static ScenarioParseResult parse(Path file, String text, Limits limits) {
    return new ScenarioCodec(limits).parse(file.getFileName().toString(), text);
  }

  /**
   * Parses without the work budget: for a document whose run is submitted next, with the command
   * line's overrides (trials, stages, horizon), where the budget is checked.
   */
  static ScenarioParseResult parseBeforeOverrides(Path file, String text) {
    return parse(file, text, Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY));
  }

  /** The document as JSON text (YAML files are converted). */
  static String asJson(Path file, String text) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return JSON.writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(text));
    }
    return text;
  }

  /**
   * The document with only the named stages (all when {@code stages} is empty) and another horizon
   * (unchanged when null). Unknown stage names are reported as violations.
   */
  static String narrow(
      String json, List<String> stages, String horizon, String mode, List<Violation> problems)
      throws IOException {
    JsonNode tree = JSON.readTree(json);
    if (!(tree instanceof ObjectNode doc)) {
      return json;
    }
    if (!stages.isEmpty() && doc.get("stages") instanceof ArrayNode all) {
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode s : all) {
        if (stages.contains(s.path("name").asText())) {
          kept.add(s);
        }
      }
      for (String wanted : stages) {
        boolean found = false;
        for (JsonNode s : all) {
          found |= wanted.equals(s.path("name").asText());
        }
        if (!found) {
          problems.add(Violation.error("--stage", "no stage named '" + wanted + "'"));
        }
      }
      doc.set("stages", kept);
    }
    // a run that is not an object stays as it is, for the schema to report
    if ((horizon != null || mode != null) && (!doc.has("run") || doc.get("run").isObject())) {
      ObjectNode run = doc.has("run") ? (ObjectNode) doc.get("run") : doc.putObject("run");
      if (horizon != null) {
        run.put("horizon", horizon);
      }
      if (mode != null) {
        run.put("mode", mode);
      }
    }
    return doc.toString();
  }

  static void print(List<Violation> violations, PrintWriter err) {
    for (Violation v : violations) {
      err.println((v.isError() ? "" : "warning: ") + v.path() + ": " + v.message());
    }
    err.flush();
  }
}
