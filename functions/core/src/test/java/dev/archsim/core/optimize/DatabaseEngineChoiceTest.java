package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database engine as a choice: RDS or Aurora, with the class, Multi-AZ and replicas, an
 * Aurora-only constraint, and an optimum known by arithmetic from the catalog's prices.
 */
class DatabaseEngineChoiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScenarioCodec codec = new ScenarioCodec();

  static final double STORAGE_GB = 200;

  /** A fleet with an RDS database; nothing fails and no request reads or writes it. */
  static String space(String database, String choices, String constraints) {
    return OptimizerTest.fleet("{\"availability\": 0.99}", "", choices, constraints, 2)
        .replace(
            "\"placement\": {\"us-east-1a\": 3}}",
            "\"placement\": {\"us-east-1a\": 3}}, \"database\": " + database);
  }

  static final String CHOICES =
      "{\"databaseEngine\": [\"rds\", \"aurora\"], \"databaseClass\": [\"db.t3.medium\","
          + " \"db.r5.large\"], \"databaseMultiAz\": [false, true], \"readReplicas\": [0, 1]}";

  /** Aurora fails over to a replica: Multi-AZ Aurora needs one (an Aurora-only rule). */
  static final String AURORA_MULTI_AZ =
      ", \"constraints\": [{\"when\": {\"databaseEngine\": {\"in\": [\"aurora\"]},"
          + " \"databaseMultiAz\": {\"in\": [true]}}, \"require\": {\"readReplicas\": {\"atLeast\":"
          + " 1}}}]";

  /**
   * The database's month by arithmetic: each instance's hour × 730 (an RDS Multi-AZ standby is an
   * instance; Aurora's Multi-AZ is its replica) and storage, on every RDS instance but once for
   * Aurora's cluster volume.
   */
  static double databaseMonth(Design d) {
    boolean aurora = d.values().get("databaseEngine").asText().equals("aurora");
    String cls = d.values().get("databaseClass").asText();
    boolean multiAz = d.values().get("databaseMultiAz").asBoolean();
    int instances = (multiAz && !aurora ? 2 : 1) + d.values().get("readReplicas").asInt();
    double hourly = Services.dbHourly(cls, aurora, "us-east-1");
    assertThat(hourly).as(cls + (aurora ? " aurora" : " rds")).isPositive();
    double storage =
        Services.usd(aurora ? "rds.storage.aurora.gb-month" : "rds.storage.gb-month", "us-east-1");
    return instances * hourly * 730 + (aurora ? 1 : instances) * STORAGE_GB * storage;
  }

  @Test
  void theCheapestEngineClassAndLayoutIsTheArithmeticsAndEachCostDiffersByItsDatabase()
      throws Exception {
    String text =
        space(
            "{\"engine\": \"rds\", \"instanceClass\": \"db.m5.large\", \"storageGb\": "
                + STORAGE_GB
                + "}",
            CHOICES,
            AURORA_MULTI_AZ);
    var parsed = codec.parseJson(text);
    assertThat(parsed.errors()).isEmpty();
    JsonNode tree = JSON.readTree(text);
    DesignSpace.Reading reading = DesignSpace.read(tree, parsed.orThrow());
    assertThat(reading.problems()).isEmpty();
    DesignSpace space = reading.space().orElseThrow();
    assertThat(space.size()).isEqualTo(16);
    assertThat(space.designs()).hasSize(14); // Aurora Multi-AZ without a replica ruled out
    Optimizer.Result r =
        new Optimizer(codec, new Simulator())
            .optimize(
                tree,
                parsed.orThrow(),
                space,
                new Optimizer.Settings(Optimizer.Search.EXHAUSTIVE, 2, 2, 100_000, 2));
    assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.judgement()).isNotNull());
    Optimizer.Outcome reference = r.outcomes().get(0); // rds, db.t3.medium, single-AZ, 0 replicas
    for (Optimizer.Outcome o : r.outcomes()) {
      assertThat(o.judgement().costMean() - reference.judgement().costMean())
          .as(o.design().label())
          .isCloseTo(databaseMonth(o.design()) - databaseMonth(reference.design()), within(0.01));
    }
    Design cheapest =
        space.designs().stream()
            .min(java.util.Comparator.comparingDouble(DatabaseEngineChoiceTest::databaseMonth))
            .orElseThrow();
    Optimizer.Outcome best = r.best().orElseThrow();
    assertThat(best.design()).isEqualTo(cheapest);
    JsonNode db = best.document().at("/stages/0/architecture/database");
    assertThat(db.path("engine").asText())
        .isEqualTo(cheapest.values().get("databaseEngine").asText());
    assertThat(db.path("instanceClass").asText()).isEqualTo("db.t3.medium");
    assertThat(best.stageName()).startsWith("web " + db.path("engine").asText() + " db.t3.medium");
  }

  @Test
  void theEngineVariesOnlyAProvisionedRelationalDatabase() throws Exception {
    List<String> problems =
        problems(
            space("{\"engine\": \"dynamodb\"}", "{\"databaseEngine\": [\"rds\", \"aurora\"]}", ""));
    assertThat(problems).containsExactly("$.designSpace.choices.databaseEngine");
    List<Violation> serverless =
        read(
            space(
                "{\"engine\": \"aurora\", \"serverless\": {\"minAcu\": 0.5, \"maxAcu\": 8}}",
                "{\"databaseEngine\": [\"rds\", \"aurora\"]}",
                ""));
    assertThat(serverless)
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message()).contains("Aurora Serverless v2, which RDS does not offer"));
    // the schema names the engines
    assertThat(
            codec
                .parseJson(
                    space(
                        "{\"engine\": \"rds\", \"instanceClass\": \"db.m5.large\"}",
                        "{\"databaseEngine\": [\"postgres\"]}",
                        ""))
                .errors())
        .extracting(Violation::path)
        .contains("$.designSpace.choices.databaseEngine[0]");
  }

  private List<Violation> read(String text) throws Exception {
    var parsed = codec.parseJson(text);
    assertThat(parsed.errors()).isEmpty();
    return DesignSpace.read(JSON.readTree(text), parsed.orThrow()).problems();
  }

  private List<String> problems(String text) throws Exception {
    return read(text).stream().map(Violation::path).toList();
  }
}
