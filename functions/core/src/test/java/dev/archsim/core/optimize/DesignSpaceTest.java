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
    assertThat(r.problems().get(0).message()).contains("unknown instance type 'm5.huge'");
  }

  @Test
  void aMistypedNameNamesTheNearestKnownOne() throws Exception {
    DesignSpace.Reading r =
        read(
            "{\"instanceType\": [\"c5.larg\"], \"azs\": [[\"us-east-1a\"," + " \"us-east-lb\"]]}",
            ", \"constraints\": [{\"when\": {\"instanceTyp\": {\"in\": [\"m5.large\"]}},"
                + " \"require\": {\"azs\": {\"atLeast\": 1}}}]");
    assertThat(r.problems())
        .extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).contains("'c5.larg'").contains("did you mean c5.large?"))
        .anySatisfy(
            m -> assertThat(m).contains("'us-east-lb'").contains("did you mean us-east-1b?"))
        .anySatisfy(m -> assertThat(m).contains("did you mean instanceType?"));
    DesignSpace.Reading family = read("{\"instanceType\": {\"families\": [\"m7gg\"]}}", "");
    assertThat(family.problems())
        .extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).contains("'m7gg'").contains("did you mean m7g, m7gd?"));
  }

  @Test
  void auroraServerlessV2HasNoInstanceClassOrProxyToVary() throws Exception {
    String text =
        OptimizerTest.fleet(
                "{\"availability\": 0.99}",
                "",
                "{\"databaseClass\": [\"db.r6g.large\"], \"rdsProxy\": [true],"
                    + " \"readReplicas\": [0, 1]}",
                "",
                4)
            .replace(
                "\"placement\": {\"us-east-1a\": 3}}",
                "\"placement\": {\"us-east-1a\": 3}}, \"database\": {\"engine\": \"aurora\","
                    + " \"serverless\": {\"minAcu\": 0.5, \"maxAcu\": 8}}");
    ScenarioParseResult parsed = codec.parseJson(text);
    assertThat(parsed.errors()).isEmpty();
    DesignSpace.Reading r = DesignSpace.read(JSON.readTree(text), parsed.orThrow());
    assertThat(r.problems().stream().map(Violation::path).toList())
        .containsExactlyInAnyOrder(
            "$.designSpace.choices.databaseClass", "$.designSpace.choices.rdsProxy");
    assertThat(r.problems().get(0).message()).contains("runs Aurora Serverless v2");
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

  static String values(int from, int to) {
    StringBuilder b = new StringBuilder("[");
    for (int i = from; i <= to; i++) {
      b.append(i == from ? "" : ", ").append(i);
    }
    return b.append("]").toString();
  }

  @Test
  void aSpaceAboveTheEnumerationLimitIsReadForEvolutionAndNotEnumerated() throws Exception {
    // 100 counts × 100 reserved counts × 2 spot shares = 20 000 designs
    DesignSpace.Reading r =
        read(
            "{\"instancesPerAz\": "
                + values(1, 100)
                + ", \"reservedCount\": "
                + values(0, 99)
                + ", \"spotShare\": [0, 0.5]}",
            ", \"constraints\": [{\"when\": {\"instancesPerAz\": {\"atMost\": 50}},"
                + " \"require\": {\"spotShare\": {\"in\": [0]}}}]");
    assertThat(r.problems()).isEmpty();
    DesignSpace space = r.space().orElseThrow();
    assertThat(space.size()).isEqualTo(20_000L);
    assertThat(space.design(19_999).label())
        .isEqualTo("instancesPerAz=100, reservedCount=99, spotShare=0.5");
    org.assertj.core.api.Assertions.assertThatThrownBy(space::designs)
        .hasMessageContaining("too many to enumerate");
  }

  @Test
  void aSpaceAboveTheSearchLimitOrWhollyRuledOutIsAnError() throws Exception {
    // every catalog type × 10 AZ lists × 100 × 100 × 11: billions
    String azs =
        "[[\"us-east-1a\"], [\"us-east-1b\"], [\"us-east-1c\"], [\"us-east-1d\"],"
            + " [\"us-east-1a\", \"us-east-1b\"], [\"us-east-1a\", \"us-east-1c\"],"
            + " [\"us-east-1b\", \"us-east-1c\"], [\"us-east-1a\", \"us-east-1d\"],"
            + " [\"us-east-1b\", \"us-east-1d\"], [\"us-east-1c\", \"us-east-1d\"]]";
    DesignSpace.Reading big =
        read(
            "{\"instancesPerAz\": "
                + values(1, 100)
                + ", \"reservedCount\": "
                + values(0, 99)
                + ", \"spotShare\": [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],"
                + " \"instanceType\": {\"minVcpus\": 1},"
                + " \"azs\": "
                + azs
                + "}",
            "");
    assertThat(big.space()).isEmpty();
    assertThat(big.problems())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.designSpace.choices");
              assertThat(v.message()).contains("more than the 1000000000 optimize searches");
            });
    DesignSpace.Reading none =
        read(
            "{\"instancesPerAz\": "
                + values(1, 100)
                + ", \"reservedCount\": "
                + values(0, 99)
                + ", \"spotShare\": [0, 0.5]}",
            ", \"constraints\": [{\"when\": {\"instancesPerAz\": {\"atLeast\": 1}},"
                + " \"require\": {\"instancesPerAz\": {\"atLeast\": 1000}}}]");
    assertThat(none.space()).isEmpty();
    assertThat(none.problems())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.designSpace.constraints");
              assertThat(v.message())
                  .contains("rule out every one of 100000 designs sampled from the 20000");
            });
  }

  @Test
  void drChoicesNeedAStrategyAndARegionAndKnownRegions() throws Exception {
    // the fleet stage has no DR: a strategy without a region, a region without a strategy
    DesignSpace.Reading r = read("{\"drStrategy\": [\"none\", \"pilot-light\"]}", "");
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.designSpace.choices.drStrategy");
              assertThat(v.message()).contains("has no DR secondary region");
            });
    r = read("{\"drSecondaryRegion\": [\"us-west-2\"]}", "");
    assertThat(r.problems())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.designSpace.choices.drSecondaryRegion");
              assertThat(v.message()).contains("has no DR strategy to move");
            });
    r =
        read(
            "{\"drStrategy\": [\"warm-standby\"], \"drSecondaryRegion\": [\"us-west-2\","
                + " \"us-east-1\", \"mars-north-1\"]}",
            "");
    assertThat(r.problems().stream().map(v -> v.path() + ": " + v.message()).toList())
        .containsExactly(
            "$.designSpace.choices.drSecondaryRegion[1]: is the stage's primary region us-east-1",
            "$.designSpace.choices.drSecondaryRegion[2]: 'mars-north-1' is not a region in the"
                + " catalog; did you mean eu-north-1? ("
                + dev.archsim.engine.catalog.Catalog.regions().size()
                + " regions; e.g. us-west-2, eu-west-1)");
    r =
        read(
            "{\"drStrategy\": [\"none\", \"warm-standby\"], \"drSecondaryRegion\":"
                + " [\"us-west-2\", \"eu-west-1\"]}",
            "");
    assertThat(r.problems()).isEmpty();
    assertThat(r.space().get().size()).isEqualTo(4L);
  }
}
