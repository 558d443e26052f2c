package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a design space: the schema's structure, the semantic rules, the catalog filter. */
class DesignSpaceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScenarioCodec codec = new ScenarioCodec();

  private DesignSpace.Reading read(String choices, String constraints) throws Exception {
    String text = OptimizerTest.fleet("{\"availability\": 0.99}", "", choices, constraints, 4);
    ScenarioParseResult r = codec.parseJson(text);
    assertThat(r.errors()).isEmpty();
    JsonNode tree = JSON.readTree(text);
    return DesignSpace.read(tree, r.orThrow());
  }

  @Test
  void everySemanticProblemIsListedWithItsPath() throws Exception {
    DesignSpace.Reading r =
        read(
            "{\"instanceType\": [\"m5.large\", \"m5.huge\"], \"azs\": [[\"us-east-1a\","
                + " \"us-east-1q\"]], \"databaseClass\": [\"db.m5.large\"], \"cache\": [true],"
                + " \"autoScalingMin\": [1]}",
            ", \"constraints\": [{\"when\": {\"cdn\": {\"in\": [true]}}, \"require\":"
                + " {\"instanceType\": {\"in\": [\"m5.large\"]}}}]");
    assertThat(r.space()).isEmpty();
    assertThat(r.problems().stream().map(Violation::path).toList())
        .containsExactlyInAnyOrder(
            "$.designSpace.choices.instanceType[1]",
            "$.designSpace.choices.azs[0][1]",
            "$.designSpace.choices.databaseClass",
            "$.designSpace.choices.cache",
            "$.designSpace.choices.autoScalingMin",
            "$.designSpace.constraints[0].when.cdn");
    assertThat(r.problems().get(0).message()).contains("'m5.huge' is not an instance type");
  }

  @Test
  void theSchemaChecksTheStructureWithTheRestOfTheScenario() {
    String text =
        OptimizerTest.fleet(
            "{\"availability\": 0.99}", "", "{\"instancesPerAz\": [0.5], \"colour\": [1]}", "", 4);
    List<String> paths = codec.parseJson(text).errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains("$.designSpace.choices.instancesPerAz[0]")
        .anyMatch(p -> p.startsWith("$.designSpace.choices"));
    assertThat(paths).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aCatalogFilterPicksTypesByFamilyVcpusAndArchitecture() throws Exception {
    DesignSpace.Reading r =
        read(
            "{\"instanceType\": {\"families\": [\"m5\", \"m6g\"], \"minVcpus\": 2, \"maxVcpus\":"
                + " 4, \"architecture\": \"arm64\"}}",
            "");
    assertThat(r.problems()).isEmpty();
    assertThat(r.space().get().choices().get("instanceType").stream().map(JsonNode::asText))
        .containsExactly("m6g.large", "m6g.xlarge");
  }

  @Test
  void aFilterMatchingNothingAndAnUnknownStageAreErrors() throws Exception {
    DesignSpace.Reading r = read("{\"instanceType\": {\"families\": [\"zz9\"]}}", "");
    assertThat(r.problems().stream().map(Violation::path).toList())
        .containsExactlyInAnyOrder(
            "$.designSpace.choices.instanceType", "$.designSpace.choices.instanceType.families");
    String text =
        OptimizerTest.fleet("{\"availability\": 0.99}", "", "{\"instancesPerAz\": [1]}", "", 4)
            .replace("\"stage\": \"web\"", "\"stage\": \"api\"");
    DesignSpace.Reading s = DesignSpace.read(JSON.readTree(text), codec.parseJson(text).orThrow());
    assertThat(s.problems().get(0).path()).isEqualTo("$.designSpace.stage");
    assertThat(s.problems().get(0).message()).contains("'web'");
  }

  @Test
  void designsEnumerateWithTheFirstChoiceSlowest() throws Exception {
    DesignSpace space =
        read("{\"instanceType\": [\"m5.large\", \"c5.large\"], \"instancesPerAz\": [1, 2, 3]}", "")
            .space()
            .orElseThrow();
    assertThat(space.size()).isEqualTo(6);
    assertThat(space.design(4).label()).isEqualTo("instanceType=c5.large, instancesPerAz=2");
  }
}
