package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request-count and backlog target-tracking policies in a scenario document. */
class ScalingPolicyCodecTest {
  private final ScenarioCodec codec = new ScenarioCodec();

  static String doc(String entry, String queue, int min, String policies) {
    return """
        {"version": 1, "name": "m", "workload": {"requestsPerSecond": 5,
           "profile": {"cpuMsPerRequest": 10, "dbWritesPerRequest": 1}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
           "entry": {"type": "%s"},
           %s
           "compute": {"instanceType": "m7g.large", "countPerAz": 1, "autoScaling": {"min": %d, "max": 8, "desired": 2,
             "policies": %s}}}}]}
        """
        .formatted(entry, queue, min, policies);
  }

  static final String QUEUE =
      """
      "database": {"engine": "dynamodb"}, "queue": {"share": 1, "consumerRatePerSecond": 50},
      """;

  static final String BOTH =
      """
      [{"type": "target-tracking", "metric": "alb-request-count-per-target", "targetValue": 1000},
       {"type": "target-tracking", "metric": "sqs-backlog-per-instance", "targetValue": 250},
       {"type": "target-tracking", "targetPercent": 50}]
      """;

  @Test
  void eachMetricMapsToItsPolicy() {
    ScenarioParseResult r = codec.parseJson(doc("alb", QUEUE, 1, BOTH));
    assertThat(r.errors()).isEmpty();
    assertThat(
            r.scenario().orElseThrow().stage(0).architecture().compute().autoScaling().policies())
        .containsExactly(
            new ComputeTier.RequestCountTracking(1000),
            new ComputeTier.BacklogTracking(250),
            new ComputeTier.TargetTracking(50));
  }

  @Test
  void anNlbAndAStageWithoutAQueueAreRejectedWithEveryProblemAtItsPath() {
    ScenarioParseResult r = codec.parseJson(doc("nlb", "", 0, BOTH));
    String pp = "$.stages[0].architecture.compute.autoScaling";
    assertThat(r.errors().stream().map(Violation::path).toList())
        .contains(pp + ".policies[0].metric", pp + ".policies[1].metric");
    assertThat(r.violations()).anyMatch(v -> !v.isError() && v.path().equals(pp + ".min"));
  }

  @Test
  void aTargetValueMustBePositiveAndAPercentIsNotOne() {
    for (String policy :
        List.of(
            "{\"type\": \"target-tracking\", \"metric\": \"alb-request-count-per-target\","
                + " \"targetValue\": 0}",
            "{\"type\": \"target-tracking\", \"metric\": \"sqs-backlog-per-instance\","
                + " \"targetPercent\": 50}")) {
      List<Violation> errors = codec.parseJson(doc("alb", QUEUE, 1, "[" + policy + "]")).errors();
      assertThat(errors.stream().map(Violation::path))
          .as(policy)
          .anyMatch(p -> p.startsWith("$.stages[0].architecture.compute.autoScaling.policies[0]"));
    }
  }
}
