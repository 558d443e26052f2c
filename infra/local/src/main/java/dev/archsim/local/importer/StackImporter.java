package dev.archsim.local.importer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import java.util.Map;

/**
 * Turns a stack's resources into a scenario: one stage holding the mapped architecture, a workload
 * and faults from named {@link Profiles}, run settings and objectives, every default written out;
 * the scenario is checked with the same codec {@code archsim validate} uses.
 */
public final class StackImporter {
  private StackImporter() {}

  /**
   * What an import produced: the scenario (null when nothing could be simulated) and the report.
   */
  public record Result(ObjectNode scenario, ImportReport report) {
    public boolean ok() {
      return scenario != null && !report.hasErrors();
    }
  }

  public static Result toScenario(
      List<StackResource> resources,
      String source,
      String region,
      String workload,
      String faults,
      ImportReport report) {
    if (resources.isEmpty()) {
      return new Result(null, report);
    }
    StackMapper mapper = new StackMapper(resources, region, report);
    ObjectNode arch = mapper.architecture();
    if (arch == null) {
      report.problem(
          Violation.error(
              "Resources",
              "nothing to simulate: the stack has no load balancer with instances, Auto Scaling group, EC2 instance or Lambda function"));
      return new Result(null, report);
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode s = f.objectNode();
    s.put("version", 1);
    s.put("name", "Imported: " + source);
    s.put(
        "description",
        "Imported from "
            + source
            + " by archsim import; workload '"
            + workload
            + "' and faults '"
            + faults
            + "' are profiles to edit.");
    s.set("run", Profiles.run());
    s.set("objectives", Profiles.objectives());
    ArrayNode stages = s.putArray("stages");
    ObjectNode stage = stages.addObject();
    stage.put("name", "imported");
    stage.put("description", "The stack as declared in " + source + ".");
    stage.set("workload", Profiles.workload(workload, arch));
    stage.set("architecture", arch);
    stage.set("faults", Profiles.faults(faults, arch));
    if (report.hasErrors()) {
      return new Result(null, report);
    }
    ScenarioParseResult parsed = ScenarioCodec.shared().parseTree(s);
    for (Violation v : parsed.violations()) {
      report.problem(
          new Violation(templatePath(v.path(), mapper.origins()), v.message(), v.severity()));
    }
    return new Result(parsed.isValid() ? s : null, report);
  }

  /** The template path a scenario value came from, or the scenario path when it was a default. */
  private static String templatePath(String scenarioPath, Map<String, String> origins) {
    String origin = origins.get(scenarioPath);
    return origin != null ? origin + " (scenario " + scenarioPath + ")" : scenarioPath;
  }
}
