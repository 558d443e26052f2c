package dev.archsim.local.importer;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** An SNS topic or EventBridge rule in front of the imported queue becomes its fan-out. */
class QueueFanoutImportTest {
  private static final String STACK =
      ImportStacks.WEB
          + """
        Table: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST}}
        Orders: {Type: AWS::SQS::Queue}
        Writer: {Type: AWS::Lambda::Function, Properties: {MemorySize: 512, ReservedConcurrentExecutions: 4}}
        Poll: {Type: AWS::Lambda::EventSourceMapping, Properties: {EventSourceArn: !GetAtt Orders.Arn, FunctionName: !Ref Writer, BatchSize: 10}}
      """;

  private static JsonNode queue(String yaml, ImportReport report) {
    return ImportStacks.architecture(ImportStacks.cfn(yaml, report), report).path("queue");
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
    assertThatWrapped(report.render())
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
    assertThatWrapped(report.render())
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

  @Test
  void terraformEventTargetsAreTheRulesTargets() {
    String plan =
        ImportStacks.terraformWeb(
            """
              {"address": "aws_dynamodb_table.t", "mode": "managed", "type": "aws_dynamodb_table", "name": "t", "values": {"billing_mode": "PAY_PER_REQUEST"}},
              {"address": "aws_sqs_queue.orders", "mode": "managed", "type": "aws_sqs_queue", "name": "orders", "values": {}},
              {"address": "aws_lambda_function.writer", "mode": "managed", "type": "aws_lambda_function", "name": "writer", "values": {"memory_size": 512, "reserved_concurrent_executions": 4}},
              {"address": "aws_lambda_event_source_mapping.poll", "mode": "managed", "type": "aws_lambda_event_source_mapping", "name": "poll", "values": {"batch_size": 10}},
              {"address": "aws_cloudwatch_event_rule.route", "mode": "managed", "type": "aws_cloudwatch_event_rule", "name": "route", "values": {}},
              {"address": "aws_cloudwatch_event_target.queue", "mode": "managed", "type": "aws_cloudwatch_event_target", "name": "queue", "values": {}},
              {"address": "aws_cloudwatch_event_target.audit", "mode": "managed", "type": "aws_cloudwatch_event_target", "name": "audit", "values": {"arn": "arn:aws:lambda:us-east-1:123456789012:function:audit"}}
            """,
            """
              {"address": "aws_lambda_event_source_mapping.poll", "expressions": {"event_source_arn": {"references": ["aws_sqs_queue.orders.arn", "aws_sqs_queue.orders"]},
                "function_name": {"references": ["aws_lambda_function.writer.arn", "aws_lambda_function.writer"]}}},
              {"address": "aws_cloudwatch_event_target.queue", "expressions": {"rule": {"references": ["aws_cloudwatch_event_rule.route.name", "aws_cloudwatch_event_rule.route"]},
                "arn": {"references": ["aws_sqs_queue.orders.arn", "aws_sqs_queue.orders"]}}},
              {"address": "aws_cloudwatch_event_target.audit", "expressions": {"rule": {"references": ["aws_cloudwatch_event_rule.route.name", "aws_cloudwatch_event_rule.route"]}}}
            """);
    ImportReport report = new ImportReport();
    JsonNode q =
        ImportStacks.architecture(ImportStacks.terraform(plan, report), report).path("queue");
    assertThat(q.path("fanoutSubscribers").asInt()).as(report.render()).isEqualTo(2);
    assertThat(q.path("fanoutVia").asText()).isEqualTo("eventbridge");
    assertThatWrapped(report.render())
        .contains(
            "mapped      aws_cloudwatch_event_target.audit (aws_cloudwatch_event_target): a target of"
                + " aws_cloudwatch_event_rule.route (queue fan-out)");
  }
}
