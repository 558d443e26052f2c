package dev.archsim.local.importer;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.importer.Value.ResourceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading templates: short-form tags, parameters, conditions, intrinsics and their problems. */
class CfnTemplateTest {

  @Test
  void shortFormTagsBecomeTheirLongFormsWhereJacksonDropsThem() throws Exception {
    String yaml =
        """
        A: !GetAtt Table.StreamArn
        B: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"
        C: !If [IsProd, !Ref Big, !Ref AWS::NoValue]
        D: !Select [1, !GetAZs ""]
        E: !Join ["-", [a, !Ref P]]
        """;
    Object tree = CfnYaml.read(yaml);
    assertThat(tree)
        .isEqualTo(
            Map.of(
                "A", Map.of("Fn::GetAtt", List.of("Table", "StreamArn")),
                "B", Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::${Bucket}/*"),
                "C",
                    Map.of(
                        "Fn::If",
                        List.of("IsProd", Map.of("Ref", "Big"), Map.of("Ref", "AWS::NoValue"))),
                "D", Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", ""))),
                "E", Map.of("Fn::Join", List.of("-", List.of("a", Map.of("Ref", "P"))))));
    // what a plain Jackson tree reader makes of the same text: the tags are gone
    assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml).get("A").asText())
        .isEqualTo("Table.StreamArn");
  }

  @Test
  void parametersConditionsAndIntrinsicsResolve() {
    String yaml =
        """
        Parameters:
          Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
          Size: {Type: Number, Default: 2}
          Subnets: {Type: CommaDelimitedList, Default: "a,b"}
        Mappings:
          Sizes: {prod: {Type: m5.xlarge}, dev: {Type: t3.small}}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          NotProd: !Not [!Condition IsProd]
        Resources:
          Web:
            Type: AWS::EC2::Instance
            Properties:
              InstanceType: !FindInMap [Sizes, !Ref Env, Type]
              AvailabilityZone: !Select [1, !GetAZs ""]
              Name: !Sub "${Env}-${AWS::Region}-web"
              Second: !Select [1, !Ref Subnets]
              Monitoring: !If [IsProd, true, !Ref AWS::NoValue]
              Peer: !GetAtt Db.Endpoint.Address
          Db:
            Type: AWS::RDS::DBInstance
            Condition: IsProd
          Cache:
            Type: AWS::ElastiCache::CacheCluster
            Condition: NotProd
        """;
    ImportReport report = new ImportReport();
    List<StackResource> dev = CfnTemplate.resolve(yaml, Map.of(), "eu-west-1", report);
    assertThat(report.problems()).isEmpty();
    assertThat(dev).extracting(StackResource::id).containsExactly("Web", "Cache");
    assertThat(report.lines())
        .extracting(ImportReport.Line::detail)
        .containsExactly("its condition IsProd is false");
    Map<String, Object> web = dev.get(0).properties();
    assertThat(web)
        .containsEntry("InstanceType", "t3.small")
        .containsEntry("AvailabilityZone", "eu-west-1b")
        .containsEntry("Name", "dev-eu-west-1-web")
        .containsEntry("Second", "b")
        .doesNotContainKey("Monitoring")
        .containsEntry("Peer", new ResourceRef("Db", "Endpoint.Address"));

    ImportReport prodReport = new ImportReport();
    List<StackResource> prod =
        CfnTemplate.resolve(yaml, Map.of("Env", "prod"), "us-east-1", prodReport);
    assertThat(prod).extracting(StackResource::id).containsExactly("Web", "Db");
    assertThat(prod.get(0).properties())
        .containsEntry("InstanceType", "m5.xlarge")
        .containsEntry("Monitoring", true);
  }

  @Test
  void everyProblemIsListedWithItsTemplatePathInOnePass() {
    String yaml =
        """
        Parameters:
          Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
        Resources:
          Web:
            Type: AWS::EC2::Instance
            Properties:
              InstanceType: !Ref Missing
              Zone: !Select [5, [a, b]]
              Other: !FindInMap [Nope, x, y]
              Cond: !If [Unknown, 1, 2]
          NoType:
            Properties: {}
        """;
    ImportReport report = new ImportReport();
    CfnTemplate.resolve(yaml, Map.of("Env", "test", "Extra", "1"), "us-east-1", report);
    assertThat(report.problems())
        .extracting(Violation::toString)
        .containsExactlyInAnyOrder(
            "--param Extra: the template declares no parameter Extra; it has [Env]",
            "--param Env: 'test' is not one of the AllowedValues [dev, prod]",
            "Resources.Web.Properties.InstanceType.Ref: refers to Missing, which is neither a parameter nor a resource",
            "Resources.Web.Properties.Zone.Fn::Select[0]: index 5 is outside the list of 2",
            "Resources.Web.Properties.Other.Fn::FindInMap: Mappings.Nope.x.y does not exist",
            "Resources.Web.Properties.Cond.Fn::If[0]: no condition named Unknown in Conditions",
            "Resources.NoType.Type: missing: every resource needs a Type");
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void notYamlIsOneProblemWithItsPosition() {
    ImportReport report = new ImportReport();
    assertThat(CfnTemplate.resolve("Resources: [unclosed", Map.of(), "us-east-1", report))
        .isEmpty();
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$");
              assertThat(v.message()).startsWith("not a YAML or JSON template:").contains("line");
            });
  }

  @Test
  void cdkSynthJsonIsReadAsCloudFormation() {
    String json =
        """
        {"Resources": {
          "Fn9270CBC0": {"Type": "AWS::Lambda::Function",
            "Properties": {"MemorySize": 512, "Runtime": "nodejs20.x", "ReservedConcurrentExecutions": 20,
                           "Role": {"Fn::GetAtt": ["FnServiceRoleB9001A96", "Arn"]}}},
          "FnServiceRoleB9001A96": {"Type": "AWS::IAM::Role"},
          "ApiF70053CD": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "Api"}},
          "ApiproxyANY7F13F09C": {"Type": "AWS::ApiGateway::Method",
            "Properties": {"RestApiId": {"Ref": "ApiF70053CD"},
              "Integration": {"Uri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:",
                 {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/",
                 {"Fn::GetAtt": ["Fn9270CBC0", "Arn"]}, "/invocations"]]}}}},
          "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:x"}}
        }}
        """;
    ImportReport report = new ImportReport();
    List<StackResource> resources = CfnTemplate.resolve(json, Map.of(), "us-east-1", report);
    StackImporter.Result result =
        StackImporter.toScenario(resources, "cdk.json", "us-east-1", "steady", "none", report);
    assertThat(result.ok()).as(report.render()).isTrue();
    var arch = result.scenario().path("stages").path(0).path("architecture");
    assertThat(arch.path("entry").path("api").asText()).isEqualTo("rest");
    assertThat(arch.path("functions").path("name").asText()).isEqualTo("Fn9270CBC0");
    assertThat(arch.path("functions").path("reservedConcurrency").asInt()).isEqualTo(20);
    assertThatWrapped(report.render())
        .contains("mapped      ApiproxyANY7F13F09C (AWS::ApiGateway::Method): route of ApiF70053CD")
        .contains("ignored     CDKMetadata (AWS::CDK::Metadata): CDK metadata");
  }
}
