package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cost floor against the simulator: for every design of a 256-design space of the three-tier
 * scenario (ALB, an Auto Scaling web tier with instance failures and an AZ outage, RDS, Redis,
 * CloudFront), the floor at the design's simulated availability is at most its simulated cost, and
 * it is exactly the lines it claims: the cost less the lines the floor leaves out (instance-hours
 * on demand, LCUs, S3 requests) is the floor, to the cent.
 */
class CostFloorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScenarioCodec codec = new ScenarioCodec();

  /** 2 types × reserved 0 or 2 × 2 classes × Multi-AZ × 0 or 2 replicas × proxy × cache × CDN. */
  static ObjectNode space() throws Exception {
    ObjectNode tree =
        (ObjectNode) JSON.readTree(Path.of("../../events/optimize/three-tier-1000.json").toFile());
    ObjectNode run = (ObjectNode) tree.get("run");
    run.put("horizon", "P3D");
    run.put("trials", 3);
    // the AZ outage within the shorter horizon, so some requests fail
    ((ObjectNode) tree.at("/faults/scheduled/0")).put("at", "P2D");
    tree.set(
        "designSpace",
        JSON.readTree(
            """
            {"stage": "2-cdn-cache-replicas", "choices": {
              "instanceType": ["t3.medium", "m5.large"],
              "reservedCount": [0, 2],
              "databaseClass": ["db.t3.medium", "db.m5.large"],
              "databaseMultiAz": [false, true],
              "readReplicas": [0, 2],
              "rdsProxy": [false, true],
              "cache": [false, true],
              "cdn": [false, true]}}
            """));
    return tree;
  }

  /** Lines of the bill the floor leaves out: they depend on what happens in the trial. */
  static boolean leftOut(String line) {
    return line.contains("on-demand")
        || line.contains(" spot")
        || line.contains("surplus CPU credits")
        || line.equals("alb-lcu")
        || line.equals("s3 (requests)");
  }

  @Test
  void theFloorIsAtMostTheSimulatedCostOfEveryDesignAndExactlyTheLinesItClaims() throws Exception {
    ObjectNode tree = space();
    Scenario scenario = codec.parseJson(tree.toString()).orThrow();
    DesignSpace space = DesignSpace.read(tree, scenario).space().orElseThrow();
    Simulator simulator = new Simulator();
    int designs = 0;
    int failing = 0;
    double largestGap = 0;
    for (Design d : space.designs()) {
      ObjectNode doc = DesignWriter.apply(tree, space.stage(), d, "design");
      Scenario model = codec.parseAccepted(doc.toString()).orThrow();
      StageAccumulator acc = simulator.simulate(model, new Shard(0, 0, 0, 3));
      double cost = acc.monthlyCostMicroUsd().mean(1e6);
      double served = acc.availabilityPpb().mean(1e9);
      double floor = CostFloor.monthlyUsd(model, 0, served);
      assertThat(floor).as(d.label()).isLessThanOrEqualTo(cost);
      double leftOut = 0;
      for (Map.Entry<String, Long> line : acc.costByComponentMicroUsd().entrySet()) {
        if (leftOut(line.getKey())) {
          leftOut += line.getValue() / 1e6 / acc.trials();
        }
      }
      assertThat(cost - leftOut - floor)
          .as("%s: the lines the floor claims, less the floor", d.label())
          .isBetween(0.0, 0.01);
      // and the floor counts every line it does not leave out: at least a line of each kind
      assertThat(floor).isGreaterThan(0);
      largestGap = Math.max(largestGap, cost - floor);
      if (served < 1) {
        failing++;
      }
      designs++;
    }
    assertThat(designs).isEqualTo(256);
    // the space exercised what the floor must survive: designs that failed requests, and
    // instance-hours the floor could not count
    assertThat(failing).isPositive();
    assertThat(largestGap).isGreaterThan(10);
  }

  @Test
  void theListPriceOrdersByTheCatalogAndCountsTheInstances() throws Exception {
    ObjectNode tree = space();
    Scenario scenario = codec.parseJson(tree.toString()).orThrow();
    DesignSpace space = DesignSpace.read(tree, scenario).space().orElseThrow();
    JsonNode cheap = null;
    double cheapest = Double.POSITIVE_INFINITY;
    for (Design d : space.designs()) {
      Scenario model =
          codec
              .parseAccepted(DesignWriter.apply(tree, space.stage(), d, "design").toString())
              .orThrow();
      double list = CostFloor.listPriceUsd(model, 0);
      // the list price counts everything the floor does, with every request served, and more
      assertThat(list).isGreaterThanOrEqualTo(CostFloor.monthlyUsd(model, 0, 1));
      if (list < cheapest) {
        cheapest = list;
        cheap = JSON.valueToTree(d.values());
      }
    }
    // each choice at its cheapest: the cheaper type, reserving both instances (the reserved rate
    // is below on-demand), the smaller class, no standby, replicas, proxy, cache or CloudFront
    // (its data out is dearer than EC2's here)
    assertThat(cheap.toString())
        .isEqualTo(
            "{\"instanceType\":\"t3.medium\",\"reservedCount\":2,\"databaseClass\":\"db.t3.medium\","
                + "\"databaseMultiAz\":false,\"readReplicas\":0,\"rdsProxy\":false,\"cache\":false,"
                + "\"cdn\":false}");
  }
}
