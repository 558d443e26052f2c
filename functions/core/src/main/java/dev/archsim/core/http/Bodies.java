package dev.archsim.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import java.util.Locale;

/**
 * A scenario in a request body: JSON, or YAML with {@code Content-Type: application/yaml} (or
 * {@code application/x-yaml}, {@code text/yaml}), read with the same strict rules as the command
 * line reads a {@code .yaml} file (duplicate keys refused).
 */
final class Bodies {
  private static final ObjectMapper JSON = ScenarioCodec.strict(new ObjectMapper());
  private static final ObjectMapper YAML =
      ScenarioCodec.strict(new ObjectMapper(new YAMLFactory()));

  private Bodies() {}

  static boolean isYaml(HttpCall call) {
    String type = call.headers().getOrDefault("content-type", "");
    int semi = type.indexOf(';');
    type = (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/yaml")
        || type.equals("application/x-yaml")
        || type.equals("text/yaml");
  }

  /**
   * The body as a JSON object.
   *
   * @throws ScenarioRejectedException when it is not one well-formed object (where and why)
   */
  static JsonNode tree(HttpCall call) {
    JsonNode tree = ScenarioCodec.readJsonTree(isYaml(call) ? YAML : JSON, call.body());
    if (tree == null || !tree.isObject()) {
      throw new ScenarioRejectedException(
          List.of(
              Violation.error(
                  "$",
                  "expected a scenario object ("
                      + (isYaml(call) ? "YAML" : "JSON")
                      + "); the body is "
                      + (tree == null || tree.isMissingNode() ? "empty" : tree.getNodeType())
                          .toString()
                          .toLowerCase(Locale.ROOT))));
    }
    return tree;
  }

  /** The body as scenario JSON text: a YAML body converted, a JSON one as sent. */
  static String scenarioJson(HttpCall call) {
    return isYaml(call) ? tree(call).toString() : call.body();
  }
}
