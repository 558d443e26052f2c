package dev.archsim.core.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every run result matches the published result schema, and the schema is strict enough to fail.
 */
class ResultSchemaTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  final ObjectMapper json = new ObjectMapper();
  final Schema schema =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(ResultCodec.resultSchemaText());

  /** The result of every stage of a library scenario, two trials of two simulated days each. */
  JsonNode result(String file) throws Exception {
    ObjectNode doc = (ObjectNode) json.readTree(Files.readString(LIBRARY.resolve(file)));
    ((ObjectNode) doc.path("run")).put("horizon", "P2D").put("trials", 2);
    Scenario scenario = new ScenarioCodec().parseTree(doc).orThrow();
    List<StageAccumulator> stages = new ArrayList<>();
    for (int s = 0; s < scenario.stages().size(); s++) {
      stages.add(new Simulator().simulate(scenario, new Shard(s, s, 0, 2)));
    }
    return json.readTree(ResultCodec.writeSummary(RunSummary.of(scenario, stages)));
  }

  @Test
  void libraryResultsMatchTheSchema() throws Exception {
    for (String file :
        List.of("whatisthetime.json", "dr-strategies.json", "ten-million-users.json")) {
      JsonNode r = result(file);
      List<Error> errors = schema.validate(r);
      assertThat(errors).as(file).isEmpty();
      assertThat(r.get("version").asInt()).isEqualTo(ResultCodec.RESULT_VERSION);
    }
  }

  @Test
  void theSchemaRejectsAResultWithoutItsVersionOrWithAnUnknownField() throws Exception {
    ObjectNode r = (ObjectNode) result("whatisthetime.json");
    r.remove("version");
    ((ObjectNode) r.get("stages").get(0).get("availability")).put("median", 1.0);
    assertThat(schema.validate(r))
        .extracting(e -> e.getInstanceLocation().toString() + " " + e.getMessage())
        .anySatisfy(m -> assertThat(m).contains("version"))
        .anySatisfy(m -> assertThat(m).contains("median"));
  }

  @Test
  void everyObjectiveCarriesItsWilsonInterval() throws Exception {
    JsonNode o = result("whatisthetime.json").get("stages").get(0).get("objectives");
    JsonNode ci = o.get("availability").get("probabilityMetCi95");
    double p = o.get("availability").get("probabilityMet").asDouble();
    WilsonInterval w = WilsonInterval.of(Math.round(p * 2), 2);
    assertThat(ci.get(0).asDouble()).isEqualTo(w.low());
    assertThat(ci.get(1).asDouble()).isEqualTo(w.high());
  }

  @Test
  void wilsonIntervalsMatchPublishedValues() {
    // the worked examples of Newcombe 1998 (Statistics in Medicine 17:857, table I, method 3)
    assertThat(WilsonInterval.of(81, 263).low()).isBetween(0.2552, 0.2553);
    assertThat(WilsonInterval.of(81, 263).high()).isBetween(0.3662, 0.3663);
    assertThat(WilsonInterval.of(15, 148).low()).isBetween(0.0623, 0.0624);
    assertThat(WilsonInterval.of(15, 148).high()).isBetween(0.1604, 0.1605);
    assertThat(WilsonInterval.of(0, 20).low()).isEqualTo(0.0);
    assertThat(WilsonInterval.of(0, 20).high()).isBetween(0.1611, 0.1612);
    assertThat(WilsonInterval.of(1, 29).low()).isBetween(0.0061, 0.0062);
    // and 100 of 100 trials is not certainty
    assertThat(WilsonInterval.of(100, 100).low()).isBetween(0.9630, 0.9631);
    assertThat(WilsonInterval.of(100, 100).high()).isEqualTo(1.0);
  }
}
