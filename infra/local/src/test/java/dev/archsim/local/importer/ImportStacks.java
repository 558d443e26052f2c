package dev.archsim.local.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.local.cli.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small stacks the importer tests build on, and the imports they run. */
final class ImportStacks {
  private ImportStacks() {}

  /**
   * A CloudFormation template imported in us-east-1 as t.yaml, with {@code traffic}, {@code
   * faults}.
   */
  static StackImporter.Result cfn(
      String template, String traffic, String faults, ImportReport report) {
    List<StackResource> resources = CfnTemplate.resolve(template, Map.of(), "us-east-1", report);
    return StackImporter.toScenario(resources, "t.yaml", "us-east-1", traffic, faults, report);
  }

  /** The same with steady traffic and no faults. */
  static StackImporter.Result cfn(String template, ImportReport report) {
    return cfn(template, "steady", "none", report);
  }

  /** A Terraform plan's JSON imported in us-east-1 as plan.json, steady traffic, no faults. */
  static StackImporter.Result terraform(String plan, ImportReport report) {
    TerraformPlan.Read read = TerraformPlan.read(plan, "us-east-1", report);
    return StackImporter.toScenario(
        read.resources(), "plan.json", "us-east-1", "steady", "none", report);
  }

  /** The first stage's architecture of an import, which must have succeeded. */
  static JsonNode architecture(StackImporter.Result r, ImportReport report) {
    assertThat(r.ok()).as(report.render()).isTrue();
    return r.scenario().at("/stages/0/architecture");
  }

  /** {@code archsim import ARGS -o out}, which must succeed. */
  static CliHarness.Outcome imported(Path out, String... args) {
    List<String> argv = new ArrayList<>(List.of("import"));
    argv.addAll(List.of(args));
    argv.addAll(List.of("-o", out.toString()));
    CliHarness.Outcome cli = CliHarness.run(argv.toArray(String[]::new));
    assertThat(cli.exit()).as(cli.err() + cli.out()).isZero();
    return cli;
  }

  /** The first stage's architecture in the scenario file {@code archsim import} wrote. */
  static JsonNode architecture(Path scenario) throws IOException {
    return new ObjectMapper()
        .readTree(Files.readString(scenario, StandardCharsets.UTF_8))
        .at("/stages/0/architecture");
  }

  /**
   * {@link #WEB} as a Terraform plan (the group named app), followed by the resources {@code
   * planned} (their planned_values, comma-separated) and the references {@code configured} (their
   * configuration, comma-separated; may be empty).
   */
  static String terraformWeb(String planned, String configured) {
    return """
        {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
          {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {"availability_zone": "us-east-1a"}},
          {"address": "aws_subnet.b", "mode": "managed", "type": "aws_subnet", "name": "b", "values": {"availability_zone": "us-east-1b"}},
          {"address": "aws_lb.front", "mode": "managed", "type": "aws_lb", "name": "front", "values": {"load_balancer_type": "application"}},
          {"address": "aws_lb_target_group.app", "mode": "managed", "type": "aws_lb_target_group", "name": "app", "values": {}},
          {"address": "aws_lb_listener.http", "mode": "managed", "type": "aws_lb_listener", "name": "http", "values": {"default_action": [{"type": "forward"}]}},
          {"address": "aws_launch_template.app", "mode": "managed", "type": "aws_launch_template", "name": "app", "values": {"instance_type": "m5.large"}},
          {"address": "aws_autoscaling_group.app", "mode": "managed", "type": "aws_autoscaling_group", "name": "app", "values": {"name": "app", "min_size": 2, "max_size": 4}},
        %s
        ]}},
        "configuration": {"root_module": {"resources": [
          {"address": "aws_lb.front", "expressions": {"subnets": {"references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.b.id", "aws_subnet.b"]}}},
          {"address": "aws_lb_listener.http", "expressions": {"load_balancer_arn": {"references": ["aws_lb.front.arn", "aws_lb.front"]},
            "default_action": [{"target_group_arn": {"references": ["aws_lb_target_group.app.arn", "aws_lb_target_group.app"]}}]}},
          {"address": "aws_autoscaling_group.app", "expressions": {"vpc_zone_identifier": {"references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.b.id", "aws_subnet.b"]},
            "target_group_arns": {"references": ["aws_lb_target_group.app.arn", "aws_lb_target_group.app"]},
            "launch_template": [{"id": {"references": ["aws_launch_template.app.id", "aws_launch_template.app"]}}]}}%s
        ]}}}
        """
        .formatted(planned.strip(), configured.isBlank() ? "" : ",\n" + configured.strip());
  }

  /**
   * An ALB in two AZs forwarding to the target group {@code Tg} of the Auto Scaling group {@code
   * Asg} (m5.large, 2 to 4); append resources below it.
   */
  static final String WEB =
      """
      Resources:
        SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
        SubB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
        Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref SubA, !Ref SubB]}}
        Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        Listener: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]}}
        Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: m5.large}}}
        Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: 2, MaxSize: 4, VPCZoneIdentifier: [!Ref SubA, !Ref SubB], TargetGroupARNs: [!Ref Tg], LaunchTemplate: {LaunchTemplateId: !Ref Lt}}}
      """;
}
