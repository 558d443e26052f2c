package dev.archsim.local.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An SNS topic or EventBridge rule in front of the imported queue becomes its fan-out. */
class QueueFanoutImportTest {
  private static final String STACK =
      """
      Resources:
        SubA: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1a}}
        SubB: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-east-1b}}
        Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref SubA, !Ref SubB]}}
        Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup}
        Listener: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: !Ref Lb, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]}}
        Lt: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: m5.large}}}
        Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: 2, MaxSize: 4, VPCZoneIdentifier: [!Ref SubA, !Ref SubB], TargetGroupARNs: [!Ref Tg], LaunchTemplate: {LaunchTemplateId: !Ref Lt}}}
        Table: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST}}
        Orders: {Type: AWS::SQS::Queue}
        Writer: {Type: AWS::Lambda::Function, Properties: {MemorySize: 512, ReservedConcurrentExecutions: 4}}
        Poll: {Type: AWS::Lambda::EventSourceMapping, Properties: {EventSourceArn: !GetAtt Orders.Arn, FunctionName: !Ref Writer, BatchSize: 10}}
      """;

  private static JsonNode queue(String yaml, ImportReport report) {
    List<StackResource> resources = CfnTemplate.resolve(yaml, Map.of(), "us-east-1", report);
    StackImporter.Result r =
        StackImporter.toScenario(resources, "t.yaml", "us-east-1", "steady", "none", report);
    assertThat(r.ok()).as(report.render()).isTrue();
    return r.scenario().at("/stages/0/architecture/queue");
  }

  @Test
  void anSnsTopicSubscribingTheQueueIsItsFanOut() {
    String yaml =
        STACK
            + """
              Events: {Type: AWS::SNS::Topic, Properties: {Subscription: [{Protocol: email, Endpoint: ops@example.com}]}}
              ToQueue: {Type: AWS::SNS::Subscription, Properties: {TopicArn: !Ref Events, Protocol: sqs, Endpoint: !GetAtt Orders.Arn}}
              ToAudit: {Type: AWS::SNS::Subscription, Properties: {TopicArn: !Ref Events, Protocol: lambda, Endpoint: arn:aws:lambda:us-east-1:123456789012:function:audit}}
              Other: {Type: AWS::SNS::Topic}
            """;
    ImportReport report = new ImportReport();
    JsonNode q = queue(yaml, report);
    assertThat(q.path("fanoutSubscribers").asInt()).isEqualTo(3);
    assertThat(q.path("fanoutVia").asText()).isEqualTo("sns");
    assertThat(report.render())
        .contains(
            "mapped      Events (AWS::SNS::Topic): queue.fanoutSubscribers: publishes each message"
                + " to 3 subscriber(s), Orders among them (fanoutVia sns)")
        .contains("mapped      ToAudit (AWS::SNS::Subscription): a subscriber of Events")
        .contains("ignored     Other (AWS::SNS::Topic)");
  }

  @Test
  void anEventBridgeRuleTargetingTheQueueIsItsFanOut() {
    String yaml =
        STACK
            + """
              Bus: {Type: AWS::Events::EventBus, Properties: {Name: orders}}
              Route:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref Bus
                  EventPattern: {source: [shop]}
                  Targets:
                    - {Id: q, Arn: !GetAtt Orders.Arn}
                    - {Id: a, Arn: arn:aws:lambda:us-east-1:123456789012:function:audit}
            """;
    ImportReport report = new ImportReport();
    JsonNode q = queue(yaml, report);
    assertThat(q.path("fanoutSubscribers").asInt()).isEqualTo(2);
    assertThat(q.path("fanoutVia").asText()).isEqualTo("eventbridge");
    assertThat(report.render())
        .contains(
            "mapped      Route (AWS::Events::Rule): queue.fanoutSubscribers: routes each event to 2"
                + " target(s), Orders among them (fanoutVia eventbridge)")
        .contains("mapped      Bus (AWS::Events::EventBus): the bus of Route");
  }

  @Test
  void withoutATopicOrRuleInFrontTheQueueHasNoFanOut() {
    ImportReport report = new ImportReport();
    JsonNode q = queue(STACK, report);
    assertThat(q.path("fanoutSubscribers").asInt()).isZero();
  }
}
