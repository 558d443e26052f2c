package dev.archsim.local.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.local.importer.Value.ResourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reading {@code terraform show -json}: versions, modules, and edges from the configuration. */
class TerraformPlanTest {
  static final Path THREE_TIER =
      Path.of("src/test/resources/import/terraform/three-tier/plan.json");

  @Test
  void resourcesComeFromChildModulesAndLinksFromConfigurationReferences() throws IOException {
    ImportReport report = new ImportReport();
    TerraformPlan.Read read = TerraformPlan.read(Files.readString(THREE_TIER), null, report);
    assertThat(report.problems()).isEmpty();
    assertThat(read.region()).isEqualTo("us-east-1");
    Map<String, StackResource> byId =
        read.resources().stream().collect(Collectors.toMap(StackResource::id, Function.identity()));
    assertThat(byId)
        .hasSize(50)
        .containsKeys(
            "module.network.aws_subnet.private[2]", "module.web.aws_autoscaling_group.app");
    StackResource asg = byId.get("module.web.aws_autoscaling_group.app");
    assertThat(asg.type()).isEqualTo("AWS::AutoScaling::AutoScalingGroup");
    assertThat(asg.properties()).containsEntry("MinSize", 3L).containsEntry("DesiredCapacity", 6L);
    assertThat(Props.refs(asg, "TargetGroupARNs"))
        .containsExactly("module.web.aws_lb_target_group.app");
    StackResource listener = byId.get("module.web.aws_lb_listener.http");
    assertThat(listener.properties().get("LoadBalancerArn"))
        .isEqualTo(new ResourceRef("module.web.aws_lb.front", null));
    assertThat(Props.refs(listener, "DefaultActions"))
        .containsExactly("module.web.aws_lb_target_group.app");
    StackResource replica = byId.get("aws_db_instance.replica");
    assertThat(replica.properties().get("SourceDBInstanceIdentifier"))
        .isEqualTo(new ResourceRef("aws_db_instance.primary", null));
    assertThat(asg.at("MinSize"))
        .isEqualTo("planned_values.root_module.child_modules[1].resources[0].values.min_size");
  }

  @Test
  void anUnknownMajorFormatVersionIsRejected() {
    ImportReport report = new ImportReport();
    TerraformPlan.read(
        "{\"format_version\": \"2.0\", \"planned_values\": {\"root_module\": {}}}", null, report);
    assertThat(report.problems())
        .extracting(Object::toString)
        .containsExactly(
            "format_version: '2.0' is not supported; archsim reads format version 1.x");
    ImportReport missing = new ImportReport();
    TerraformPlan.read("{\"resources\": []}", null, missing);
    assertThat(missing.problems())
        .extracting(Object::toString)
        .containsExactly("format_version: missing: is this the output of terraform show -json?");
    ImportReport broken = new ImportReport();
    TerraformPlan.read("{\"format_version\": ", null, broken);
    assertThat(broken.problems())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).startsWith("not JSON:"));
  }

  @Test
  void aStateFileReadsLikeAPlan() {
    String state =
        """
        {"format_version": "1.0", "values": {"root_module": {"resources": [
          {"address": "aws_instance.web[0]", "mode": "managed", "type": "aws_instance", "name": "web", "index": 0,
           "values": {"instance_type": "t3.small", "availability_zone": "us-east-1a"}},
          {"address": "aws_instance.web[1]", "mode": "managed", "type": "aws_instance", "name": "web", "index": 1,
           "values": {"instance_type": "t3.small", "availability_zone": "us-east-1b"}},
          {"address": "data.aws_ami.al2", "mode": "data", "type": "aws_ami", "name": "al2", "values": {}}
        ]}}}
        """;
    ImportReport report = new ImportReport();
    TerraformPlan.Read read = TerraformPlan.read(state, null, report);
    List<StackResource> resources = read.resources();
    assertThat(resources)
        .extracting(StackResource::id)
        .containsExactly("aws_instance.web[0]", "aws_instance.web[1]");
    StackImporter.Result r =
        StackImporter.toScenario(resources, "state.json", "us-east-1", "steady", "none", report);
    assertThat(r.ok()).as(report.render()).isTrue();
    assertThat(
            r.scenario()
                .path("stages")
                .path(0)
                .path("architecture")
                .path("compute")
                .path("placement")
                .toString())
        .isEqualTo("{\"us-east-1a\":1,\"us-east-1b\":1}");
  }
}
