package dev.archsim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stack's security and operations settings: encrypted topics, access logs naming the caller, a
 * kept and protected runs table, alarms on API faults and stuck runs with a way to be told, route
 * throttling, and the C1-only JIT where it helps.
 */
class TemplateHardeningTest {
  static JsonNode template;
  static JsonNode resources;

  @BeforeAll
  static void read() throws Exception {
    template =
        new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
    resources = template.get("Resources");
  }

  static List<String> ofType(String type) {
    return DeployRules.ofType(resources, type);
  }

  /** Every topic is encrypted with a key CloudWatch alarms may use (not alias/aws/sns). */
  @Test
  void everyTopicIsEncryptedWithAKeyAlarmsAndSnsMayUse() {
    assertThat(ofType("AWS::SNS::Topic")).contains("RunsTopic", "AlarmTopic");
    for (String topic : ofType("AWS::SNS::Topic")) {
      assertThat(resources.at("/" + topic + "/Properties/KmsMasterKeyId").asText())
          .as(topic)
          .isEqualTo("TopicKey");
    }
    JsonNode key = resources.at("/TopicKey/Properties");
    assertThat(resources.at("/TopicKey/Type").asText()).isEqualTo("AWS::KMS::Key");
    assertThat(key.path("EnableKeyRotation").asBoolean()).isTrue();
    String policy = key.path("KeyPolicy").toString();
    assertThat(policy).contains("cloudwatch.amazonaws.com", "kms:GenerateDataKey*");
    // account principals only through SNS, never directly
    for (JsonNode s : key.at("/KeyPolicy/Statement")) {
      if (s.at("/Principal/AWS").asText().equals("*")) {
        assertThat(s.at("/Condition/StringEquals/kms:ViaService").asText()).contains("sns.");
        assertThat(s.at("/Condition/StringEquals/kms:CallerAccount").asText())
            .isEqualTo("AWS::AccountId");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "RunsApi, RunsApiAccessLogGroup, $context.identity.userArn",
    "RunsApi, RunsApiAccessLogGroup, $context.identity.caller",
    "RunsJwtApi, RunsJwtApiAccessLogGroup, $context.authorizer.claims.sub"
  })
  void everyApiLogsEachRequestWithItsCallersPrincipal(String api, String group, String variable)
      throws Exception {
    JsonNode logs = resources.at("/" + api + "/Properties/AccessLogSettings");
    assertThat(logs.path("DestinationArn").asText()).isEqualTo(group + ".Arn");
    JsonNode format = new ObjectMapper().readTree(logs.path("Format").asText());
    assertThat(format.toString()).contains(variable, "$context.requestId", "$context.status");
    assertThat(resources.at("/" + group + "/Properties/RetentionInDays").asText())
        .isEqualTo("LogRetentionDays");
    assertThat(resources.at("/" + group + "/Condition").asText(""))
        .isEqualTo(resources.at("/" + api + "/Condition").asText(""));
  }

  @Test
  void theRunsTableIsKeptAndProtectedFromDeletion() {
    JsonNode t = resources.get("RunsTable");
    assertThat(t.path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(t.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    assertThat(t.at("/Properties/DeletionProtectionEnabled").asBoolean()).isTrue();
    assertThat(
            t.at("/Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                .asBoolean())
        .isTrue();
  }

  static JsonNode alarmOn(String namespace, String metric, String dimensionValue) {
    for (String name : ofType("AWS::CloudWatch::Alarm")) {
      JsonNode a = resources.at("/" + name + "/Properties");
      if (a.path("Namespace").asText().equals(namespace)
          && a.path("MetricName").asText().equals(metric)
          && a.path("Dimensions").toString().contains(dimensionValue)) {
        return resources.get(name);
      }
    }
    return null;
  }

  @ParameterizedTest
  @CsvSource({"RunsApi", "RunsJwtApi"})
  void everyApiAlarmsOnServerErrors(String api) {
    JsonNode alarm = alarmOn("AWS/ApiGateway", "5xx", api);
    assertThat(alarm).as(api).isNotNull();
    assertThat(alarm.at("/Properties/Dimensions/0/Name").asText()).isEqualTo("ApiId");
    assertThat(alarm.at("/Properties/Threshold").asInt()).isEqualTo(1);
    assertThat(alarm.at("/Properties/AlarmActions").toString()).contains("AlarmTopic");
    assertThat(alarm.path("Condition").asText(""))
        .isEqualTo(resources.at("/" + api + "/Condition").asText(""));
  }

  /**
   * Stuck runs raise an alarm from both sides: the reconciler's StuckRuns metric (the contract
   * written above the alarm) and, without any reconciler, the age of the oldest waiting shard.
   */
  @Test
  void runsStuckBeforeCompletingRaiseAnAlarm() {
    JsonNode stuck = alarmOn("archsim", "StuckRuns", "archsim-reconciler");
    assertThat(stuck).isNotNull();
    assertThat(stuck.at("/Properties/Dimensions/0/Name").asText()).isEqualTo("Service");
    assertThat(stuck.at("/Properties/Threshold").asInt()).isEqualTo(1);
    assertThat(stuck.at("/Properties/ComparisonOperator").asText())
        .isEqualTo("GreaterThanOrEqualToThreshold");
    assertThat(stuck.at("/Properties/AlarmActions").toString()).contains("AlarmTopic");
    JsonNode age = alarmOn("AWS/SQS", "ApproximateAgeOfOldestMessage", "ShardQueue");
    assertThat(age).isNotNull();
    assertThat(age.at("/Properties/AlarmActions").toString()).contains("AlarmTopic");
  }

  @Test
  void anAlarmEmailParameterSubscribesToTheAlarmTopic() {
    assertThat(template.at("/Parameters/AlarmEmail/Default").asText()).isEmpty();
    JsonNode sub = resources.get("AlarmSubscription");
    assertThat(sub.path("Type").asText()).isEqualTo("AWS::SNS::Subscription");
    assertThat(sub.path("Condition").asText()).isEqualTo("HasAlarmEmail");
    assertThat(template.at("/Conditions/HasAlarmEmail").toString()).contains("AlarmEmail");
    assertThat(sub.at("/Properties/TopicArn").asText()).isEqualTo("AlarmTopic");
    assertThat(sub.at("/Properties/Protocol").asText()).isEqualTo("email");
    assertThat(sub.at("/Properties/Endpoint").asText()).isEqualTo("AlarmEmail");
  }

  /**
   * HTTP APIs have no usage plans or API keys, so no per-caller quota: the stage throttles every
   * route and POST /runs, the one that starts work, has its own lower limit.
   */
  @ParameterizedTest
  @CsvSource({"ApiFunction, RunsApi", "ApiJwtFunction, RunsJwtApi"})
  void submittingRunsIsThrottledBelowTheOtherRoutes(String function, String api) {
    JsonNode stage = resources.at("/" + api + "/Properties/DefaultRouteSettings");
    JsonNode submit =
        resources.at("/" + function + "/Properties/Events/SubmitRun/Properties/RouteSettings");
    assertThat(submit.path("ThrottlingRateLimit").asText()).isEqualTo("SubmitRateLimit");
    assertThat(submit.path("ThrottlingBurstLimit").asText()).isEqualTo("SubmitBurstLimit");
    JsonNode rate = template.at("/Parameters/SubmitRateLimit");
    JsonNode burst = template.at("/Parameters/SubmitBurstLimit");
    assertThat(rate.path("Default").asInt())
        .isLessThan(stage.path("ThrottlingRateLimit").asInt())
        .isPositive();
    assertThat(burst.path("Default").asInt())
        .isLessThan(stage.path("ThrottlingBurstLimit").asInt())
        .isPositive();
  }

  /** C1-only compilation starts the short request handlers faster; the worker needs C2. */
  @Test
  void onlyTheApiAndNotifierFunctionsStopAtC1() {
    String c1 = "-XX:TieredStopAtLevel=1";
    assertThat(template.at("/Globals/Function/Environment/Variables/JAVA_TOOL_OPTIONS").asText(""))
        .doesNotContain("TieredStopAtLevel");
    for (String f :
        List.of(
            "ApiFunction", "ApiJwtFunction", "NotifierFunction", "NotificationRedriveFunction")) {
      assertThat(
              resources
                  .at("/" + f + "/Properties/Environment/Variables/JAVA_TOOL_OPTIONS")
                  .asText())
          .as(f)
          .contains(c1);
    }
    assertThat(
            resources
                .at("/WorkerFunction/Properties/Environment/Variables/JAVA_TOOL_OPTIONS")
                .asText(""))
        .doesNotContain("TieredStopAtLevel");
  }
}
