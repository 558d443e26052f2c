package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.validate.Suggestions;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One problem per mistake, in the user's terms, schema and semantic problems in one pass. */
class ReadableProblemsTest {
  private final ScenarioCodec codec = new ScenarioCodec();

  static String doc(String horizon, String entry, String instanceType) {
    return """
        {"version": 1, "name": "two web servers behind an ALB",
         "run": {"horizon": "%s", "trials": 10},
         "workload": {"requestsPerSecond": 40, "profile": {"cpuMsPerRequest": 25}},
         "stages": [{"name": "alb-2-azs", "architecture": {"region": "ap-northeast-2",
           "azs": ["ap-northeast-2a", "ap-northeast-2c"], "entry": %s,
           "compute": {"instanceType": "%s", "countPerAz": 1}}}]}
        """
        .formatted(horizon, entry, instanceType);
  }

  static List<String> problems(ScenarioParseResult r) {
    return r.errors().stream().map(Violation::toString).toList();
  }

  @Test
  void threeMistakesGiveThreeProblemsWithTheirFixes() {
    ScenarioParseResult r =
        codec.parseJson(
            doc(
                "30 days",
                "{\"type\": \"alb\", \"healthCheck\": {\"intervalSecs\": 10, \"unhealthyThreshold\": 2}}",
                "m5.larg"));
    List<String> p = problems(r);
    assertThat(p).hasSize(3);
    assertThat(p.get(0))
        .isEqualTo("$.run.horizon: '30 days' is not a duration; " + ReadableProblems.DURATION_HELP);
    assertThat(p.get(1))
        .isEqualTo(
            "$.stages[0].architecture.entry.healthCheck.intervalSecs: unknown field (did you mean"
                + " 'intervalSeconds'?)");
    assertThat(p.get(2))
        .startsWith(
            "$.stages[0].architecture.compute.instanceType: unknown instance type 'm5.larg'")
        .containsPattern("did you mean '?m5.large");
  }

  @Test
  void aOneOfIsReportedForTheBranchItsTypeNames() {
    // a Route 53 entry with a mistyped field: nothing about the ALB, Elastic IP or API Gateway,
    // and one problem for the one mistake (not also "missing required field 'ttlSeconds'")
    ScenarioParseResult r =
        codec.parseJson(doc("P30D", "{\"type\": \"route53\", \"ttlSecs\": 60}", "m5.large"));
    assertThat(problems(r))
        .containsExactly(
            "$.stages[0].architecture.entry.ttlSecs: unknown field (did you mean 'ttlSeconds'?)");
  }

  @Test
  void aTypeNoBranchHasIsOneProblemListingTheTypes() {
    ScenarioParseResult r =
        codec.parseJson(
            doc(
                "P30D",
                "{\"type\": \"albb\", \"healthCheck\": {\"intervalSeconds\": 10}}",
                "m5.large"));
    assertThat(problems(r))
        .containsExactly(
            "$.stages[0].architecture.entry.type: 'albb' is not one of: elastic-ip, alb, nlb,"
                + " route53, api-gateway (did you mean 'alb'?)");
  }

  @Test
  void anEnumValueGetsTheNearestOption() {
    ScenarioParseResult r =
        codec.parseJson(
            doc(
                "P30D",
                "{\"type\": \"route53\", \"ttlSeconds\": 60, \"routing\": \"weigthed\"}",
                "m5.large"));
    assertThat(problems(r))
        .containsExactly(
            "$.stages[0].architecture.entry.routing: 'weigthed' is not one of: simple, multivalue,"
                + " weighted, latency, failover (did you mean 'weighted'?)");
  }

  @Test
  void schemaAndSemanticProblemsComeTogether() {
    ScenarioParseResult r =
        codec.parseJson(doc("P30D", "{\"type\": \"alb\", \"crossZon\": true}", "t9.enormous"));
    assertThat(problems(r))
        .hasSize(2)
        .anyMatch(p -> p.startsWith("$.stages[0].architecture.entry.crossZon: unknown field"))
        .anyMatch(p -> p.startsWith("$.stages[0].architecture.compute.instanceType: unknown"));
  }

  @Test
  void durationsAreQuotedAsWritten() {
    ScenarioParseResult r = codec.parseJson(doc("P400D", "{\"type\": \"alb\"}", "m5.large"));
    assertThat(problems(r)).containsExactly("$.run.horizon: must be at most P366D; found P400D");
  }

  @Test
  void suggestionsAreForTyposOnly() {
    List<String> names = List.of("intervalSeconds", "timeoutSeconds", "healthyThreshold");
    assertThat(Suggestions.closest("intervalSecs", names)).isEqualTo("intervalSeconds");
    assertThat(Suggestions.closest("timeoutsecond", names)).isEqualTo("timeoutSeconds");
    assertThat(Suggestions.closest("colour", names)).isNull();
    assertThat(Suggestions.closest("m5.larg", List.of("m5.large", "m5.xlarge")))
        .isEqualTo("m5.large");
  }
}
