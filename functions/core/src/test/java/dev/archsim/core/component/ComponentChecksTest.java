package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Well-Architected checks of the SQS queue and its consumers, S3, the VPC endpoints and the
 * cache, on the library stages that have them and on one change that turns each around.
 */
class ComponentChecksTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode library(String file) throws Exception {
    return (ObjectNode) JSON.readTree(Files.readString(Path.of("../../events/scenarios/" + file)));
  }

  static Scenario parse(ObjectNode doc) {
    return new ScenarioCodec().parseTree(doc).orThrow();
  }

  static ObjectNode arch(ObjectNode doc, int stage) {
    return (ObjectNode) doc.get("stages").get(stage).get("architecture");
  }

  /**
   * Whether the check whose text starts with {@code prefix} is met in a stage (it must be there).
   */
  static boolean met(Scenario s, int stage, String prefix) {
    List<PillarCheck> checks = StaticAnalyzer.wellArchitected(s, stage);
    List<PillarCheck> found = checks.stream().filter(c -> c.check().startsWith(prefix)).toList();
    assertThat(found).as("%s in stage %d of %s", prefix, stage, checks).hasSize(1);
    return found.get(0).met();
  }

  static final String DLQ = "messages that keep failing go to a dead-letter queue";
  static final String KEEP_UP = "the consumers keep up: no message outlives the retention period";

  @Test
  void theQueueChecksFollowTheDeadLetterQueueAndTheRetention() throws Exception {
    Scenario s = parse(library("serverless-worker-fleet.json"));
    // stage 1 keeps up with a DLQ; stage 2 loses messages to its 4 h retention; stage 4 has no DLQ
    assertThat(met(s, 0, DLQ)).isTrue();
    assertThat(met(s, 0, KEEP_UP)).isTrue();
    assertThat(met(s, 1, KEEP_UP)).isFalse();
    assertThat(met(s, 1, DLQ)).isTrue();
    assertThat(met(s, 3, DLQ)).isFalse();
    assertThat(met(s, 3, KEEP_UP)).isTrue();
    // stage 7's EC2 workers scale on the backlog and keep up
    assertThat(met(s, 6, KEEP_UP)).isTrue();
  }

  @Test
  void gatewayEndpointsForS3AreCheckedWhereNatGatewaysCarryTheEgress() throws Exception {
    ObjectNode doc = library("private-egress.json");
    Scenario s = parse(doc);
    String check = "traffic to s3 skips the NAT gateways";
    assertThat(met(s, 0, check)).as("one NAT gateway, no endpoint").isFalse();
    assertThat(met(s, 1, check)).as("a gateway endpoint for S3").isTrue();

    // with DynamoDB as the database, its gateway endpoint is needed too
    ObjectNode withDynamo = library("private-egress.json");
    arch(withDynamo, 1).putObject("database").put("engine", "dynamodb");
    assertThat(met(parse(withDynamo), 1, "traffic to s3 and dynamodb skips")).isFalse();

    // no NAT gateway (public instances): nothing to check
    ObjectNode noNat = library("private-egress.json");
    arch(noNat, 0).remove("natGateways");
    ((ObjectNode) arch(noNat, 0).get("compute")).put("publicAddresses", true);
    assertThat(StaticAnalyzer.wellArchitected(parse(noNat), 0))
        .noneMatch(c -> c.check().startsWith("traffic to"));
  }

  @Test
  void lifecycleRulesAndTheCachesReplicaAreChecked() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    Scenario s = parse(doc);
    assertThat(met(s, 1, "aged objects move to colder storage classes")).isTrue();
    assertThat(met(s, 1, "the cache survives a node's loss")).isTrue();

    ObjectNode changed = library("three-tier-10m-pv.json");
    ((ObjectNode) arch(changed, 1).get("s3")).remove("lifecycle");
    ((ObjectNode) arch(changed, 1).get("cache")).put("nodes", 1).put("replicated", false);
    Scenario c = parse(changed);
    assertThat(met(c, 1, "aged objects move to colder storage classes")).isFalse();
    assertThat(met(c, 1, "the cache survives a node's loss")).isFalse();
  }
}
