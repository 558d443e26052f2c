package dev.archsim.local.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A Classic Load Balancer imports as an ALB entry with its own health check ({@code HealthCheck}'s
 * interval, timeout and thresholds) and cross-zone setting, or the defaults where it gives none.
 */
class ClassicLoadBalancerImportTest {
  private static final String TEMPLATE =
      """
      Resources:
        SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
        SubB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
        Lb:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            Subnets: [!Ref SubA, !Ref SubB]
            CrossZone: %s
            Listeners: [{LoadBalancerPort: "80", InstancePort: "80", Protocol: HTTP}]
            %s
        Asg:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            MinSize: "2"
            MaxSize: "2"
            VPCZoneIdentifier: [!Ref SubA, !Ref SubB]
            LoadBalancerNames: [!Ref Lb]
      """;

  private static JsonNode entry(String crossZone, String healthCheck) {
    ImportReport report = new ImportReport();
    return ImportStacks.architecture(
            ImportStacks.cfn(
                TEMPLATE.formatted(crossZone, healthCheck), "daily", "typical", report),
            report)
        .path("entry");
  }

  @Test
  void itsHealthCheckAndCrossZoneAreTheEntrys() {
    JsonNode e =
        entry(
            "true",
            "HealthCheck: {Target: 'HTTP:80/', Interval: '15', Timeout: '4', HealthyThreshold: '3',"
                + " UnhealthyThreshold: '4'}");
    assertThat(e.path("type").asText()).isEqualTo("alb");
    JsonNode hc = e.path("healthCheck");
    assertThat(hc.path("intervalSeconds").asDouble()).isEqualTo(15);
    assertThat(hc.path("timeoutSeconds").asDouble()).isEqualTo(4);
    assertThat(hc.path("healthyThreshold").asInt()).isEqualTo(3);
    assertThat(hc.path("unhealthyThreshold").asInt()).isEqualTo(4);
    assertThat(e.path("crossZone").asBoolean()).isTrue();
  }

  @Test
  void withoutAHealthCheckTheEntryHasAnAlbsDefaults() {
    JsonNode e = entry("false", "");
    JsonNode hc = e.path("healthCheck");
    assertThat(hc.path("intervalSeconds").asDouble()).isEqualTo(30);
    assertThat(hc.path("timeoutSeconds").asDouble()).isEqualTo(5);
    assertThat(hc.path("healthyThreshold").asInt()).isEqualTo(5);
    assertThat(hc.path("unhealthyThreshold").asInt()).isEqualTo(2);
    assertThat(e.path("crossZone").asBoolean()).isFalse();
  }
}
