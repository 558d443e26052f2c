package dev.archsim.local.importer;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static dev.archsim.local.importer.ImportStacks.architecture;
import static dev.archsim.local.importer.ImportStacks.imported;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real stacks through {@code archsim import}: the project's own SAM template and public templates
 * and plans (src/test/resources/import, each folder with its licence). The scenario and the report
 * are compared with the committed golden files (regenerate with {@code
 * -Darchsim.golden.update=true} and say in the commit what changed), then the scenario is run: it
 * must validate, and the requests it offers must be the workload's rate times the horizon.
 */
class ImportFixturesTest {
  static final Path FIXTURES = Path.of("src/test/resources/import");
  static final Path GOLDEN = FIXTURES.resolve("golden");

  static Stream<Arguments> stacks() {
    return Stream.of(
        Arguments.of("archsim-template", List.of("cloudformation", "../../template.yaml")),
        Arguments.of(
            "wordpress-multi-az",
            List.of(
                "cloudformation",
                "aws-cloudformation-templates/WordPress_Multi_AZ.yaml",
                "--param",
                "WebServerCapacity=2",
                "--faults",
                "game-day")),
        Arguments.of(
            "wordpress-single-instance",
            List.of(
                "cloudformation", "aws-cloudformation-templates/WordPress_Single_Instance.yaml")),
        Arguments.of(
            "alb-asg-cpu-alarms",
            List.of(
                "cloudformation",
                "aws-cloudformation-templates/AutoScalingMultiAZWithNotifications.yaml",
                "--param",
                "InstanceType=t3.micro",
                "--faults",
                "az-outage")),
        Arguments.of(
            "rest-api-lambda-sqs",
            List.of("cloudformation", "serverless-patterns/apigw-rest-api-lambda-vpc-sqs.yaml")),
        Arguments.of(
            "terraform-learn-asg",
            List.of(
                "terraform",
                "terraform/learn-terraform-aws-asg/plan.json",
                "--region",
                "us-east-1")),
        Arguments.of(
            "terraform-three-tier",
            List.of("terraform", "terraform/three-tier/plan.json", "--faults", "game-day")),
        Arguments.of(
            "private-egress-cfn",
            List.of("cloudformation", "egress/private-egress.yaml", "--region", "us-east-1")),
        Arguments.of(
            "private-egress-terraform", List.of("terraform", "terraform/egress/plan.json")),
        Arguments.of(
            "ecs-fargate-cfn",
            List.of("cloudformation", "ecs/fargate-service.yaml", "--region", "us-east-1")),
        Arguments.of("ecs-fargate-terraform", List.of("terraform", "terraform/ecs/plan.json")),
        Arguments.of(
            "three-tier-nat-app",
            List.of(
                "cloudformation",
                "three-tier-nat/three-tier-app.yaml",
                "--region",
                "us-east-1",
                "--faults",
                "game-day")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void importsToTheGoldenScenarioThatRuns(String name, List<String> args) throws IOException {
    // a path of a fixed length: the report's last line wraps by it
    Path out = Files.createDirectories(Path.of("target", "imports")).resolve(name + ".json");
    Files.deleteIfExists(out);
    List<String> argv = new ArrayList<>(List.of("import", args.get(0)));
    argv.add(resolve(args.get(1)));
    argv.addAll(args.subList(2, args.size()));
    argv.addAll(List.of("-o", out.toString()));
    CliHarness.Outcome cli = CliHarness.run(argv.toArray(String[]::new));
    assertThat(cli.exit()).as(cli.err() + cli.out()).isZero();
    String scenario = Files.readString(out, StandardCharsets.UTF_8);
    String report =
        cli.out()
            .replace(resolve(args.get(1)), args.get(1))
            .replace(out.toString(), name + ".json");
    golden(name + ".json", scenario);
    golden(name + ".report.txt", report);

    CliHarness.Outcome run =
        CliHarness.run(
            "run", out.toString(), "--json", "--trials", "2", "--horizon", "P1D", "--no-progress");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = new ObjectMapper().readTree(run.out());
    JsonNode requests = result.path("stages").path(0).path("requests");
    double rate =
        new ObjectMapper()
            .readTree(scenario)
            .path("stages")
            .path(0)
            .path("workload")
            .path("requestsPerSecond")
            .asDouble();
    // a daily pattern averages exactly 1 over a whole day: offered = rate x 86,400 s x 2 trials
    assertThat(requests.path("total").asLong()).isEqualTo(Math.round(rate * 86_400 * 2));
    assertThat(requests.path("served").asLong() + requests.path("failed").asLong())
        .isEqualTo(requests.path("total").asLong());
  }

  @Test
  void aThreeTierVpcWithNatGatewaysAndServerlessDataImportsEveryTier(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("three-tier.json");
    CliHarness.Outcome cli =
        CliHarness.run(
            "import",
            "cloudformation",
            resolve("three-tier-nat/three-tier-app.yaml"),
            "--region",
            "us-east-1",
            "--faults",
            "game-day",
            "-o",
            out.toString());
    assertThat(cli.exit()).as(cli.err() + cli.out()).isZero();
    JsonNode arch = architecture(out);
    assertThat(arch.path("natGateways").path("placement").asText()).isEqualTo("per-az");
    assertThat(arch.at("/compute/autoScaling/policies/0/metric").asText())
        .isEqualTo("alb-request-count-per-target");
    assertThat(arch.at("/compute/autoScaling/policies/0/targetValue").asDouble()).isEqualTo(3000);
    assertThat(arch.at("/database/serverless/maxAcu").asDouble()).isEqualTo(16);
    assertThat(arch.at("/database/readReplicas").asInt()).isEqualTo(1);
    assertThat(arch.at("/cache/serverless/maxEcpuPerSecond").asDouble()).isEqualTo(20000);
    assertThatWrapped(cli.out()).contains("0 unsupported");

    // the serverless tiers are simulated as such: ACU-seconds and ECPUs are counted and billed
    CliHarness.Outcome run =
        CliHarness.run(
            "run", out.toString(), "--json", "--trials", "2", "--horizon", "P1D", "--no-progress");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode stage = new ObjectMapper().readTree(run.out()).path("stages").path(0);
    assertThat(stage.toString())
        .contains("db.acuSeconds")
        .contains("cache.ecpus")
        .contains("aurora serverless v2 (writer)")
        .contains("elasticache serverless (ECPU)");
  }

  @Test
  void natGatewaysEndpointsWafCloudWatchAndLifecycleMapFromCloudFormation(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("cfn.json");
    CliHarness.Outcome cli =
        imported(
            out, "cloudformation", resolve("egress/private-egress.yaml"), "--region", "us-east-1");
    JsonNode arch = architecture(out);
    // one NAT gateway, in PublicA's AZ, for instances in two AZs
    assertThat(arch.path("natGateways").path("placement").asText()).isEqualTo("single");
    assertThat(arch.path("natGateways").path("az").asText()).isEqualTo("us-east-1a");
    // no VpcEndpointType is a gateway endpoint; the region prefix is stripped from !Sub too
    assertThat(arch.at("/vpcEndpoints/gateway/0/service").asText()).isEqualTo("s3");
    assertThat(arch.at("/vpcEndpoints/interface/0/service").asText()).isEqualTo("sqs");
    assertThat(arch.at("/waf/protect").toString()).isEqualTo("[\"entry\"]");
    assertThat(arch.at("/waf/rules").asInt()).isEqualTo(2);
    assertThat(arch.at("/cloudWatch/alarms").asInt()).isEqualTo(2);
    assertThat(arch.at("/cloudWatch/retentionDays").asInt()).isEqualTo(30);
    // the transitions sorted by age; GLACIER_IR has no price in the model and is named as such
    assertThat(arch.at("/s3/lifecycle").toString())
        .isEqualTo(
            "[{\"days\":30,\"storageClass\":\"STANDARD_IA\"},{\"days\":90,\"storageClass\":\"GLACIER\"}]");
    assertThatWrapped(cli.out())
        .contains("20 resource(s): 18 mapped, 2 ignored, 0 unsupported")
        .contains(
            "mapped      Nat (AWS::EC2::NatGateway): natGateways: single, in us-east-1a, shared by 2 AZs")
        .contains("mapped      SqsEndpoint (AWS::EC2::VPCEndpoint): vpcEndpoints.interface: sqs")
        .contains("mapped      WebAcl (AWS::WAFv2::WebACL): waf: protects entry, 2 rules")
        .contains(
            "mapped      Archive (AWS::S3::Bucket): s3.lifecycle: STANDARD_IA at 30 days, GLACIER at 90 days; not modelled: GLACIER_IR")
        .contains("ignored     NatEip (AWS::EC2::EIP): the address of a NAT gateway");
  }

  @Test
  void natGatewaysEndpointsWafCloudWatchAndLifecycleMapFromTerraform(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("tf.json");
    CliHarness.Outcome cli = imported(out, "terraform", resolve("terraform/egress/plan.json"));
    JsonNode arch = architecture(out);
    // a gateway in each of the compute tier's AZs
    assertThat(arch.path("natGateways").path("placement").asText()).isEqualTo("per-az");
    assertThat(arch.path("natGateways").has("az")).isFalse();
    assertThat(arch.at("/vpcEndpoints/gateway").size()).isEqualTo(2);
    assertThat(arch.at("/vpcEndpoints/interface/0/service").asText()).isEqualTo("ecr.dkr");
    assertThat(arch.at("/waf/rules").asInt()).isEqualTo(3);
    assertThat(arch.at("/cloudWatch/alarms").asInt()).isEqualTo(1);
    // retention_in_days = 0 is "never expire": one such group keeps the stage's logs forever
    assertThat(arch.at("/cloudWatch/retentionDays").asInt()).isZero();
    assertThat(arch.at("/s3/lifecycle/1/storageClass").asText()).isEqualTo("DEEP_ARCHIVE");
    assertThat(arch.at("/s3/lifecycle/1/days").asInt()).isEqualTo(180);
    assertThatWrapped(cli.out())
        .contains("0 unsupported")
        .contains(
            "mapped      aws_wafv2_web_acl_association.web (aws_wafv2_web_acl_association): attaches aws_wafv2_web_acl.web to the entry (waf.protect)")
        .contains(
            "mapped      aws_s3_bucket.archive (aws_s3_bucket): the bucket of the s3 section");
  }

  @Test
  void anEcsServiceMapsOntoTheEcsSectionFromCloudFormation(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("ecs.json");
    CliHarness.Outcome cli =
        imported(
            out, "cloudformation", resolve("ecs/fargate-service.yaml"), "--region", "us-east-1");
    JsonNode arch = architecture(out);
    assertThat(arch.has("compute")).isFalse();
    // Cpu '1024' in CPU units and Memory '2 GB' as text
    assertThat(arch.at("/ecs/task/vcpu").asDouble()).isEqualTo(1.0);
    assertThat(arch.at("/ecs/task/memoryGb").asDouble()).isEqualTo(2.0);
    assertThat(arch.at("/ecs/capacityProviders").toString())
        .isEqualTo(
            "[{\"provider\":\"FARGATE\",\"base\":2,\"weight\":1},{\"provider\":\"FARGATE_SPOT\",\"weight\":1}]");
    // the DesiredCount parameter's default, the scalable target's bounds
    assertThat(arch.at("/ecs/tasks").toString()).isEqualTo("{\"desired\":4,\"min\":2,\"max\":12}");
    assertThat(arch.at("/ecs/deployment/minimumHealthyPercent").asInt()).isEqualTo(50);
    assertThat(arch.at("/ecs/scaling/0/metric").asText()).isEqualTo("cpu");
    assertThat(arch.at("/ecs/scaling/1/metric").asText()).isEqualTo("alb-request-count-per-target");
    assertThat(arch.at("/ecs/scaling/1/targetValue").asDouble()).isEqualTo(1000.0);
    assertThatWrapped(cli.out())
        .contains("0 unsupported")
        .contains("mapped      Service (AWS::ECS::Service): ecs: the container service")
        .contains(
            "mapped      ScalableTarget (AWS::ApplicationAutoScaling::ScalableTarget): ecs.tasks:"
                + " the Service Auto Scaling minimum and maximum");
  }

  @Test
  void anEcsServiceMapsFromTerraformAndAMemoryPolicyIsUnsupported(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("ecs-tf.json");
    CliHarness.Outcome cli = imported(out, "terraform", resolve("terraform/ecs/plan.json"));
    JsonNode arch = architecture(out);
    assertThat(arch.at("/ecs/task/cpuArchitecture").asText()).isEqualTo("arm64");
    assertThat(arch.at("/ecs/task/vcpu").asDouble()).isEqualTo(2.0);
    assertThat(arch.at("/ecs/tasks/max").asInt()).isEqualTo(30);
    assertThat(arch.at("/ecs/scaleOutCooldownSeconds").asDouble()).isEqualTo(60.0);
    assertThat(arch.at("/ecs/scaling").size()).isEqualTo(1);
    assertThatWrapped(cli.out())
        .contains("10 mapped, 1 ignored, 1 unsupported")
        .contains(
            "unsupported aws_appautoscaling_policy.memory (aws_appautoscaling_policy): target"
                + " tracking on ECSServiceAverageMemoryUtilization");
  }

  @Test
  void countIndexedNatGatewaysInAModuleArePerAz(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("three.json");
    CliHarness.Outcome cli = imported(out, "terraform", resolve("terraform/three-tier/plan.json"));
    // aws_nat_gateway.this[i] sits in aws_subnet.public[i]: three gateways over three AZs
    assertThat(architecture(out).at("/natGateways/placement").asText()).isEqualTo("per-az");
  }

  private static final String WAF_STACK =
      """
      Resources:
        SubnetA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
        SubnetB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
        Lb:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties: {Type: LB_TYPE, Subnets: [!Ref SubnetA, !Ref SubnetB]}
        Group:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            VPCZoneIdentifier: [!Ref SubnetA, !Ref SubnetB]
            LaunchConfigurationName: !Ref Launch
            MinSize: "2"
            MaxSize: "2"
        Launch:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties: {InstanceType: m5.large, ImageId: ami-12345678}
        Edge:
          Type: AWS::CloudFront::Distribution
          Properties:
            DistributionConfig:
              WebACLId: !GetAtt EdgeAcl.Arn
              Origins: [{Id: lb, DomainName: !GetAtt Lb.DNSName}]
        EdgeAcl:
          Type: AWS::WAFv2::WebACL
          Properties: {Scope: CLOUDFRONT, Rules: [{Name: a}, {Name: b}, {Name: c}, {Name: d}]}
        LbAcl:
          Type: AWS::WAFv2::WebACL
          Properties: {Scope: REGIONAL, Rules: [{Name: a}]}
        LbAclOnLb:
          Type: AWS::WAFv2::WebACLAssociation
          Properties: {ResourceArn: !Ref Lb, WebACLArn: !GetAtt LbAcl.Arn}
      """;

  @Test
  void wafProtectsTheEdgeAndTheAlbButNeverAnNlb(@TempDir Path dir) throws IOException {
    Path alb = dir.resolve("alb.yaml");
    Files.writeString(alb, WAF_STACK.replace("LB_TYPE", "application"));
    Path out = dir.resolve("alb.json");
    CliHarness.Outcome cli = imported(out, "cloudformation", alb.toString());
    JsonNode arch = architecture(out);
    assertThat(arch.at("/waf/protect").toString()).isEqualTo("[\"cloudfront\",\"entry\"]");
    assertThat(arch.at("/waf/rules").asInt()).isEqualTo(4);
    assertThatWrapped(cli.out())
        .contains("mapped      EdgeAcl (AWS::WAFv2::WebACL): waf: protects cloudfront, 4 rules")
        .contains("mapped      LbAcl (AWS::WAFv2::WebACL): waf: protects entry, 1 rules")
        .contains("architecture.waf.rules: 4, the most rules of any imported web ACL");

    Path nlb = dir.resolve("nlb.yaml");
    Files.writeString(nlb, WAF_STACK.replace("LB_TYPE", "network"));
    Path nlbOut = dir.resolve("nlb.json");
    CliHarness.Outcome nlbCli = imported(nlbOut, "cloudformation", nlb.toString());
    // the validator rejects WAF on an NLB: the import leaves the regional ACL out and says why
    assertThat(architecture(nlbOut).at("/waf/protect").toString()).isEqualTo("[\"cloudfront\"]");
    assertThatWrapped(nlbCli.out())
        .contains(
            "unsupported LbAcl (AWS::WAFv2::WebACL): a web ACL on a nlb entry (AWS WAF protects ALBs and REST APIs)");
  }

  @Test
  void aStackWithNothingToSimulateIsExit2WithTheReportAndNoFile(@TempDir Path dir) {
    Path out = dir.resolve("vpc.json");
    CliHarness.Outcome cli =
        CliHarness.run(
            "import",
            "cloudformation",
            resolve("aws-cloudformation-templates/VPC_With_Managed_NAT_And_Private_Subnet.yaml"),
            "-o",
            out.toString());
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(out).doesNotExist();
    assertThatWrapped(cli.out())
        .contains("26 resource(s): 4 mapped, 22 ignored, 0 unsupported")
        .contains(
            "ignored     NATGateway0 (AWS::EC2::NatGateway): egress of an EC2 tier, and the stack has none to import")
        .contains("ignored     ElasticIP0 (AWS::EC2::EIP): the address of a NAT gateway")
        .contains("mapped      PrivateSubnet1 (AWS::EC2::Subnet): Availability Zone us-east-1b")
        .contains("error: Resources: nothing to simulate");
  }

  private static String resolve(String fixture) {
    return fixture.startsWith("../") ? fixture : FIXTURES.resolve(fixture).toString();
  }

  private static void golden(String file, String actual) throws IOException {
    Path golden = GOLDEN.resolve(file);
    if (Boolean.getBoolean("archsim.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (regenerate with -Darchsim.golden.update=true)").exists();
    assertThat(actual).as(file).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
