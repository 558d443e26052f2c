package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of the ecs section: one document with a mistake in each part of a container service,
 * every one reported at its JSON path in one pass; and the schema keeping ecs, compute and
 * functions apart.
 */
class EcsValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "$.stages[3].architecture";

  static ObjectNode seed004() throws Exception {
    return (ObjectNode)
        JSON.readTree(Files.readString(Path.of("../../events/scenarios/ten-million-users.json")));
  }

  @Test
  void everyMistakeOfAContainerServiceIsListedAtItsPath() throws Exception {
    ObjectNode doc = seed004();
    ObjectNode a = (ObjectNode) doc.get("stages").get(3).get("architecture");
    ObjectNode e = a.putObject("ecs");
    e.putObject("task").put("vcpu", 2).put("memoryGb", 20).put("cpuArchitecture", "arm64");
    ArrayNode providers = e.putArray("capacityProviders");
    providers.addObject().put("provider", "FARGATE").put("base", 1).put("weight", 0);
    providers.addObject().put("provider", "FARGATE_SPOT").put("base", 1).put("weight", 0);
    providers.addObject().put("provider", "EC2").put("weight", 0);
    e.putObject("tasks").put("desired", 4).put("min", 6).put("max", 3);
    e.putObject("deployment").put("minimumHealthyPercent", 100).put("maximumPercent", 100);
    ObjectNode deploy =
        ((ArrayNode) doc.get("stages").get(3).get("faults").get("scheduled")).addObject();
    deploy.put("type", "deployment").put("at", "PT1H").put("minimumHealthyPercent", 100);
    deploy.put("maximumPercent", 100);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            A + ".ecs.capacityProviders",
            A + ".ecs.capacityProviders[1].base",
            A + ".ecs.capacityProviders[1]",
            A + ".ecs.capacityProviders[2].instanceType",
            A + ".ecs.tasks",
            A + ".ecs.deployment",
            "$.stages[3].faults.scheduled[1]");
    assertThat(r.errors())
        .anySatisfy(v -> assertThat(v.message()).contains("not both"))
        .anySatisfy(v -> assertThat(v.message()).contains("only one capacity provider"))
        .anySatisfy(v -> assertThat(v.message()).contains("every weight is 0"))
        .anySatisfy(v -> assertThat(v.message()).contains("X86_64 only"))
        .anySatisfy(v -> assertThat(v.message()).contains("min <= desired <= max"))
        .anySatisfy(v -> assertThat(v.message()).contains("can neither start a new task"));
  }

  @Test
  void aFargateSizeOutsideAwsCombinationsNamesTheValidOnes() throws Exception {
    ObjectNode doc = seed004();
    ObjectNode a = (ObjectNode) doc.get("stages").get(3).get("architecture");
    ObjectNode e = a.putObject("ecs");
    e.putObject("task").put("vcpu", 4).put("memoryGb", 6);
    e.putObject("tasks").put("desired", 2);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo(A + ".ecs.task");
              assertThat(v.message())
                  .isEqualTo("6 GB is not a Fargate size for 4 vCPU: 8 to 30 GB in steps of 1 GB");
            });
    // said once, in the user's terms: not again as the derived fleet's unknown instance type
    assertThat(r.errors()).noneSatisfy(v -> assertThat(v.path()).startsWith(A + ".compute"));
  }

  @Test
  void aStageGivesEcsOrComputeNotBoth() throws Exception {
    ObjectNode doc = seed004();
    ObjectNode a = (ObjectNode) doc.get("stages").get(3).get("architecture");
    a.putObject("compute").put("instanceType", "m5.large");

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    assertThat(r.errors()).anySatisfy(v -> assertThat(v.path()).startsWith(A));
  }

  /** Stage {@code i} of seed 004 served by a Fargate service of {@code vcpu} and {@code gb}. */
  static ObjectNode fargate(ObjectNode doc, int i, double vcpu, double gb) {
    ObjectNode a = (ObjectNode) doc.get("stages").get(i).get("architecture");
    a.remove("compute");
    ObjectNode e = a.putObject("ecs");
    e.putObject("task").put("vcpu", vcpu).put("memoryGb", gb);
    e.putObject("tasks").put("desired", 2).put("min", 2).put("max", 8);
    return e;
  }

  @Test
  void fractionalFargateTasksTakeAwsCombinationsOnlyAndEveryMistakeIsListedWithTheValidSizes()
      throws Exception {
    ObjectNode doc = seed004();
    fargate(doc, 1, 0.25, 4);
    ObjectNode spotArm = fargate(doc, 2, 0.5, 0.5);
    ((ObjectNode) spotArm.get("task")).put("cpuArchitecture", "arm64");
    spotArm.putArray("capacityProviders").addObject().put("provider", "FARGATE_SPOT");
    fargate(doc, 3, 0.3, 1);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .extracting(v -> v.path() + ": " + v.message())
        .contains(
            "$.stages[1].architecture.ecs.task: 4 GB is not a Fargate size for 0.25 vCPU: 0.5, 1"
                + " or 2 GB",
            "$.stages[2].architecture.ecs.task: 0.5 GB is not a Fargate size for 0.5 vCPU: 1, 2,"
                + " 3 or 4 GB",
            "$.stages[2].architecture.ecs.capacityProviders[0]: Fargate Spot runs Linux tasks on"
                + " X86_64 only; an arm64 task cannot use FARGATE_SPOT",
            "$.stages[3].architecture.ecs.task: Fargate tasks have 0.25, 0.5, 1, 2, 4, 8 or 16"
                + " vCPU; found 0.3");
    // said once, in the user's terms: not again as the derived fleets' unknown instance types
    assertThat(r.errors()).noneSatisfy(v -> assertThat(v.path()).contains(".compute"));

    // the sizes AWS allows below 1 vCPU are served, on x86 and arm64, Fargate Spot included
    ObjectNode ok = seed004();
    fargate(ok, 1, 0.25, 0.5);
    ObjectNode arm = fargate(ok, 2, 0.5, 4);
    ((ObjectNode) arm.get("task")).put("cpuArchitecture", "arm64");
    ObjectNode spot = fargate(ok, 3, 0.25, 2);
    ArrayNode providers = spot.putArray("capacityProviders");
    providers.addObject().put("provider", "FARGATE").put("base", 1);
    providers.addObject().put("provider", "FARGATE_SPOT");
    assertThat(new ScenarioCodec().parseTree(ok).errors()).isEmpty();
  }
}
