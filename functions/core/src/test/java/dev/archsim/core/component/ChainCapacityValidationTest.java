package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A tier of the chain with no instance and nothing to give it any would fail every request that
 * reaches it: it is refused at the field that leaves it empty, with the other problems of the
 * document in the same pass.
 */
class ChainCapacityValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String T = "$.stages[0].architecture.tiers.chain[0]";

  /** three-tier-10m-pv.json's first stage: web → app (2 AZs, Auto Scaling 2..6) → database. */
  static ObjectNode doc() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(
                Files.readString(Path.of("../../events/scenarios/three-tier-10m-pv.json")));
    var stages = doc.withArray("stages");
    while (stages.size() > 1) {
      stages.remove(1);
    }
    return doc;
  }

  static ObjectNode app(ObjectNode doc) {
    return (ObjectNode)
        doc.get("stages").get(0).get("architecture").get("tiers").get("chain").get(0);
  }

  @Test
  void aTierWithNoInstanceAndNoAutoScalingIsRefusedAtItsCount() throws Exception {
    ObjectNode doc = doc();
    app(doc).remove("autoScaling");
    app(doc).put("countPerAz", 0);
    app(doc).put("port", 70_000); // a second mistake: both in one pass

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors()).extracting(Violation::path).contains(T + ".countPerAz", T + ".port");
    assertThat(r.errors())
        .filteredOn(v -> v.path().equals(T + ".countPerAz"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .contains("tier 'app' runs no instance")
                    .contains("no-capacity")
                    .contains("autoScaling"));
  }

  @Test
  void anEmptyPlacementIsRefusedAtThePlacement() throws Exception {
    ObjectNode doc = doc();
    app(doc).remove("autoScaling");
    app(doc).putObject("placement").put("us-east-1a", 0).put("us-east-1b", 0);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors()).extracting(Violation::path).containsExactly(T + ".placement");
  }

  @Test
  void aGroupThatCanNeverRunAnInstanceIsRefusedAtItsMax() throws Exception {
    ObjectNode doc = doc();
    ((ObjectNode) app(doc).get("autoScaling")).put("min", 0).put("desired", 0).put("max", 0);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors()).extracting(Violation::path).containsExactly(T + ".autoScaling.max");
  }

  @Test
  void capacityFromEitherSourceIsAccepted() throws Exception {
    ObjectNode fixed = doc();
    app(fixed).remove("autoScaling");
    app(fixed).put("countPerAz", 1);
    assertThat(new ScenarioCodec().parseTree(fixed).errors()).isEmpty();

    ObjectNode scaled = doc();
    app(scaled).put("countPerAz", 0);
    assertThat(new ScenarioCodec().parseTree(scaled).errors()).isEmpty();
  }
}
