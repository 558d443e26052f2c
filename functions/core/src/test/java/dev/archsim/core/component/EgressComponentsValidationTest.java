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
 * The semantic rules of NAT gateways, VPC endpoints, CloudWatch, AWS WAF and S3 lifecycle rules:
 * one document with a mistake in each, every one reported at its JSON path in one pass.
 */
class EgressComponentsValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "$.stages[0].architecture";

  @Test
  void everyMistakeOfTheNewSectionsIsListedAtItsPath() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
    ObjectNode a = (ObjectNode) doc.get("stages").get(0).get("architecture");
    a.putObject("natGateways").put("placement", "single").put("az", "us-east-1c");
    ObjectNode endpoints = a.putObject("vpcEndpoints");
    endpoints.putArray("gateway").addObject().put("service", "sqs").put("share", 0.6);
    ArrayNode iface = endpoints.putArray("interface");
    iface.addObject().put("service", "sqs").put("share", 0.6);
    a.putObject("cloudWatch").put("retentionDays", 45);
    a.putObject("waf").put("rules", 3).putArray("protect").add("cloudfront");
    ObjectNode s3 = a.putObject("s3").put("gbPerMonth", 10).put("objectKb", 64);
    ArrayNode rules = s3.putArray("lifecycle");
    rules.addObject().put("days", 10).put("storageClass", "STANDARD_IA");
    rules.addObject().put("days", 5).put("storageClass", "DEEP_ARCHIVE");
    rules.addObject().put("days", 200).put("storageClass", "GLACIER");
    s3.putArray("retrievals").addObject().put("storageClass", "STANDARD_IA").put("gbPerMonth", 1);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            A + ".natGateways.az",
            A + ".vpcEndpoints.gateway[0].service",
            A + ".vpcEndpoints.interface[0].service",
            A + ".vpcEndpoints",
            A + ".cloudWatch.retentionDays",
            A + ".waf.protect",
            A + ".s3.lifecycle[0].days",
            A + ".s3.lifecycle[1].days",
            A + ".s3.lifecycle[2].storageClass");
    assertThat(r.errors())
        .anySatisfy(
            v ->
                assertThat(v.message())
                    .contains("gateway endpoints exist for s3 and dynamodb only"))
        .anySatisfy(v -> assertThat(v.message()).contains("shares add up to at most 1"))
        .anySatisfy(v -> assertThat(v.message()).contains("at least 30 days"))
        .anySatisfy(v -> assertThat(v.message()).contains("needs architecture.cdn"));
    // the retrieval's class is reached by a rule: no error there
    assertThat(paths).doesNotContain(A + ".s3.retrievals[0].storageClass");
  }

  @Test
  void lifecycleRulesOnSmallObjectsAreAcceptedWithAWarning() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
    ObjectNode a = (ObjectNode) doc.get("stages").get(0).get("architecture");
    ObjectNode s3 = a.putObject("s3").put("gbPerMonth", 10).put("objectKb", 64);
    s3.putArray("lifecycle").addObject().put("days", 30).put("storageClass", "STANDARD_IA");

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isTrue();
    assertThat(r.warnings())
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo(A + ".s3.objectKb");
              assertThat(v.message()).contains("smaller than 128 KB");
            });
  }

  @Test
  void anInterfaceEndpointForAnUnknownServiceIsAcceptedWithAWarning() throws Exception {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(Files.readString(Path.of("../../events/scenarios/private-egress.json")));
    ObjectNode a = (ObjectNode) doc.get("stages").get(1).get("architecture");
    ArrayNode iface = ((ObjectNode) a.get("vpcEndpoints")).putArray("interface");
    iface.addObject().put("service", "sqs").put("share", 0.1);
    iface.addObject().put("service", "nosuchsvc").put("share", 0.05);
    iface.addObject().put("service", "secretmanager").put("share", 0.05);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors()).isEmpty();
    String at = "$.stages[1].architecture.vpcEndpoints.interface";
    assertThat(r.warnings())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(at + "[1].service", at + "[2].service");
    assertThat(r.warnings())
        .anySatisfy(
            v ->
                assertThat(v.message())
                    .startsWith(
                        "'secretmanager' is not an interface endpoint service archsim knows")
                    .contains("did you mean 'secretsmanager'?"));
  }
}
