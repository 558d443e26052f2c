package dev.archsim.local.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.importer.Value.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON of {@code terraform show -json} (a plan or a state; format_version 1.x) into
 * {@link StackResource}s in CloudFormation terms: resources from {@code planned_values} (child
 * modules recursively, or {@code values} for a state), their links from the {@code configuration}
 * section's expression references (a listener to its target group, a group to its subnets), as
 * Infracost's parser does. An attribute unknown until apply takes its value from those references.
 */
public final class TerraformPlan {
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(200)
                      .maxStringLength(5_000_000)
                      .build())
              .build());

  /** The resources and the region the plan's AWS provider names (null when it names none). */
  public record Read(List<StackResource> resources, String region) {}

  private final ImportReport report;

  /** Configuration address (module path + type.name) → attribute → referenced config addresses. */
  private final Map<String, Map<String, Set<String>>> references = new LinkedHashMap<>();

  /** Configuration address → planned addresses (one per count/for_each instance). */
  private final Map<String, List<String>> instances = new LinkedHashMap<>();

  /** The plan's {@code timestamp} (when terraform wrote it; null when absent or unreadable). */
  private java.time.Instant timestamp;

  private TerraformPlan(ImportReport report) {
    this.report = report;
  }

  public static Read read(String text, String region, ImportReport report) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      report.problem(
          Violation.error(
              "$",
              "not JSON: "
                  + e.getOriginalMessage()
                  + " (line "
                  + e.getLocation().getLineNr()
                  + ")"));
      return new Read(List.of(), region);
    }
    if (root == null || !root.isObject()) {
      report.problem(Violation.error("$", "a plan is a JSON object from terraform show -json"));
      return new Read(List.of(), region);
    }
    String version = root.path("format_version").asText("");
    if (!version.matches("1(\\.\\d+)*")) {
      report.problem(
          Violation.error(
              "format_version",
              version.isEmpty()
                  ? "missing: is this the output of terraform show -json?"
                  : "'" + version + "' is not supported; archsim reads format version 1.x"));
      return new Read(List.of(), region);
    }
    return new TerraformPlan(report).read(root, region);
  }

  private Read read(JsonNode root, String region) {
    String found = region;
    if (root.path("timestamp").isTextual()) {
      try {
        timestamp = java.time.Instant.parse(root.get("timestamp").asText());
      } catch (java.time.format.DateTimeParseException e) {
        report.problem(
            Violation.warning(
                "timestamp",
                "'"
                    + root.get("timestamp").asText()
                    + "' is not an RFC 3339 time; lifecycle transitions by date are not counted"
                    + " in days"));
      }
    }
    JsonNode providerRegion =
        root.path("configuration")
            .path("provider_config")
            .path("aws")
            .path("expressions")
            .path("region")
            .path("constant_value");
    if (found == null && providerRegion.isTextual()) {
      found = providerRegion.asText();
    }
    configuration(root.path("configuration").path("root_module"), "");
    String valuesKey = root.has("planned_values") ? "planned_values" : "values";
    JsonNode module = root.path(valuesKey).path("root_module");
    if (module.isMissingNode()) {
      report.problem(
          Violation.error(valuesKey, "missing: a plan has planned_values, a state values"));
      return new Read(List.of(), found);
    }
    List<JsonNode> planned = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    collect(module, valuesKey + ".root_module", planned, paths);
    for (JsonNode r : planned) {
      if ("managed".equals(r.path("mode").asText("managed"))) {
        instances
            .computeIfAbsent(configAddress(r.path("address").asText()), k -> new ArrayList<>())
            .add(r.path("address").asText());
      }
    }
    List<StackResource> out = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      JsonNode r = planned.get(i);
      if (!"managed".equals(r.path("mode").asText("managed"))) {
        continue; // data sources are read, not created
      }
      out.add(TerraformTypes.translate(r, paths.get(i), this));
    }
    if (out.isEmpty()) {
      report.problem(Violation.error(valuesKey + ".root_module", "the plan creates no resources"));
    }
    return new Read(out, found);
  }

  private void collect(JsonNode module, String path, List<JsonNode> out, List<String> paths) {
    JsonNode resources = module.path("resources");
    for (int i = 0; i < resources.size(); i++) {
      out.add(resources.get(i));
      paths.add(path + ".resources[" + i + "]");
    }
    JsonNode children = module.path("child_modules");
    for (int i = 0; i < children.size(); i++) {
      collect(children.get(i), path + ".child_modules[" + i + "]", out, paths);
    }
  }

  /** {@code module.a["x"].module.b.aws_lb.web[0]} → {@code module.a.module.b.aws_lb.web}. */
  static String configAddress(String address) {
    return address.replaceAll("\\[[^\\]]*]", "");
  }

  private void configuration(JsonNode module, String prefix) {
    for (JsonNode r : module.path("resources")) {
      String address = prefix + r.path("address").asText();
      Map<String, Set<String>> attrs = new LinkedHashMap<>();
      r.path("expressions")
          .fields()
          .forEachRemaining(
              e -> {
                Set<String> refs = new LinkedHashSet<>();
                refsIn(e.getValue(), prefix, refs);
                if (!refs.isEmpty()) {
                  attrs.put(e.getKey(), refs);
                }
              });
      references.put(address, attrs);
    }
    module
        .path("module_calls")
        .fields()
        .forEachRemaining(
            e -> configuration(e.getValue().path("module"), prefix + "module." + e.getKey() + "."));
  }

  private static void refsIn(JsonNode n, String prefix, Set<String> out) {
    if (n.isObject()) {
      JsonNode refs = n.get("references");
      if (refs != null && refs.isArray()) {
        for (JsonNode ref : refs) {
          String s = ref.asText();
          if (s.startsWith("var.")
              || s.startsWith("local.")
              || s.startsWith("count.")
              || s.startsWith("each.")
              || s.startsWith("data.")
              || s.startsWith("path.")
              || s.startsWith("module.")
              || s.startsWith("self.")) {
            continue;
          }
          String[] parts = configAddress(s).split("\\.");
          if (parts.length >= 2) {
            out.add(prefix + parts[0] + "." + parts[1]);
          }
        }
      }
      n.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("references")) {
                  refsIn(e.getValue(), prefix, out);
                }
              });
    } else if (n.isArray()) {
      n.forEach(x -> refsIn(x, prefix, out));
    }
  }

  /**
   * The resources an attribute of a planned resource refers to in the configuration, as references
   * to their planned instances; empty when it refers to none.
   */
  List<Object> refs(String plannedAddress, String attribute) {
    Set<String> targets =
        references
            .getOrDefault(configAddress(plannedAddress), Map.of())
            .getOrDefault(attribute, Set.of());
    List<Object> out = new ArrayList<>();
    for (String t : targets) {
      for (String inst : instances.getOrDefault(t, List.of())) {
        out.add(new ResourceRef(inst, null));
      }
    }
    return out;
  }

  ImportReport report() {
    return report;
  }

  /** When terraform wrote the plan (its {@code timestamp}); null when the plan has none. */
  java.time.Instant timestamp() {
    return timestamp;
  }
}
