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
 * Private instances whose requests call out of the VPC ({@code profile.egressShare}) need a route:
 * a NAT gateway, public addresses, or VPC endpoints for all of that traffic. Without one the stage
 * is refused at {@code architecture.natGateways}, with the fixes (docs/decisions/053).
 */
class PrivateEgressWithoutNatTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "$.stages[0].architecture";

  /** private-egress.json's first stage (30 % of the requests call out) without its NAT gateway. */
  static ObjectNode withoutNat() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
    var stages = doc.withArray("stages");
    while (stages.size() > 1) {
      stages.remove(1);
    }
    ((ObjectNode) stages.get(0).get("architecture")).remove("natGateways");
    return doc;
  }

  static ObjectNode arch(ObjectNode doc) {
    return (ObjectNode) doc.get("stages").get(0).get("architecture");
  }

  @Test
  void privateInstancesCallingOutWithoutANatGatewayAreRefusedWithTheFixes() throws Exception {
    ScenarioParseResult r = new ScenarioCodec().parseTree(withoutNat());

    assertThat(r.isValid()).isFalse();
    assertThat(r.errors()).hasSize(1);
    Violation v = r.errors().get(0);
    assertThat(v.path()).isEqualTo(A + ".natGateways");
    assertThat(v.message())
        .contains("30 % of the dynamic requests call out of the VPC")
        .contains("$.workload.profile.egressShare")
        .contains("tier 'app'")
        .contains("no route")
        .contains("architecture.natGateways")
        .contains("compute.publicAddresses true")
        .contains("architecture.vpcEndpoints");
  }

  @Test
  void aStageWorkloadIsNamedAtItsOwnPath() throws Exception {
    ObjectNode doc = withoutNat();
    ObjectNode stage = (ObjectNode) doc.get("stages").get(0);
    stage.set("workload", doc.get("workload").deepCopy());
    ((ObjectNode) stage.get("workload").get("profile")).put("egressShare", 0.1);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .contains("10 % of the dynamic requests")
                    .contains("$.stages[0].workload.profile.egressShare"));
  }

  @Test
  void endpointsCarryingPartOfItLeaveTheRestWithoutARoute() throws Exception {
    ObjectNode doc = withoutNat();
    ObjectNode e = arch(doc).putObject("vpcEndpoints");
    e.putArray("gateway").addObject().put("service", "s3").put("share", 0.5);
    e.putArray("interface").addObject().put("service", "sqs").put("share", 0.2);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .contains("30 % of the dynamic requests")
                    .contains("30 % of it not through VPC endpoints"));
  }

  @Test
  void aRouteOfAnyKindIsAccepted() throws Exception {
    ObjectNode publicAddresses = withoutNat();
    ((ObjectNode) arch(publicAddresses).get("compute")).put("publicAddresses", true);
    assertThat(new ScenarioCodec().parseTree(publicAddresses).errors()).isEmpty();

    ObjectNode allThroughEndpoints = withoutNat();
    ObjectNode e = arch(allThroughEndpoints).putObject("vpcEndpoints");
    e.putArray("gateway").addObject().put("service", "s3").put("share", 0.8);
    e.putArray("interface").addObject().put("service", "sqs").put("share", 0.2);
    assertThat(new ScenarioCodec().parseTree(allThroughEndpoints).errors()).isEmpty();

    ObjectNode noEgress = withoutNat();
    ((ObjectNode) noEgress.get("workload").get("profile")).put("egressShare", 0);
    assertThat(new ScenarioCodec().parseTree(noEgress).errors()).isEmpty();

    ObjectNode withNat = withoutNat();
    arch(withNat).putObject("natGateways").put("placement", "per-az");
    assertThat(new ScenarioCodec().parseTree(withNat).errors()).isEmpty();
  }

  @Test
  void instancesBehindALoadBalancerArePrivateUnlessTheScenarioSaysOtherwise() throws Exception {
    ObjectNode doc = withoutNat();
    ObjectNode compute = (ObjectNode) arch(doc).get("compute");
    compute.remove("publicAddresses");
    compute.remove("ingress");

    assertThat(new ScenarioCodec().parseTree(doc).errors())
        .extracting(Violation::path)
        .containsExactly(A + ".natGateways");
  }

  /**
   * A shared gateway's explain lines give the GB the other AZs send to it and what AWS bills for
   * them as data between AZs: 50 req/s × 30 % × 20 KB × 2 628 000 s = 788.4 GB a month, half of it
   * from the instance in us-east-1b (394.2 GB), × 2 × $0.01 = $7.88; a gateway per AZ has none.
   */
  @Test
  void aSharedGatewaySaysWhatCrossesAzsToReachIt() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
    var scenario = new ScenarioCodec().parseTree(doc).orThrow();
    var shared = scenario.stages().get(0);
    var perAz = scenario.stages().get(2);
    var nat = new dev.archsim.engine.component.NatComponent();

    assertThat(
            nat.explain(
                shared.architecture().natGateways(),
                shared.architecture(),
                scenario.workloadOf(shared)))
        .anySatisfy(l -> assertThat(l).endsWith("≈ 788.4 GB a month processed"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .isEqualTo(
                        "  ≈ 394.2 GB a month of it crosses from the other AZs to the gateway:"
                            + " data between AZs, billed out of one and into the other at $0.01"
                            + " per GB each way, ≈ $7.88 a month"));
    assertThat(
            nat.explain(
                perAz.architecture().natGateways(),
                perAz.architecture(),
                scenario.workloadOf(perAz)))
        .noneMatch(l -> l.contains("crosses"));
  }
}
