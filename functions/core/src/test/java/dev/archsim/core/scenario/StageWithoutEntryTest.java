package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage without an entry (docs/decisions/025): fed through its queue, it parses with no compute
 * and no functions; without a queue, or with a component that serves requests through an entry, it
 * is rejected with every problem at its path in one pass.
 */
class StageWithoutEntryTest {
  private static String doc(String architecture) {
    return """
        {"version": 1, "name": "workers",
         "workload": {"requestsPerSecond": 50, "profile": {"cpuMsPerRequest": 10,
                      "dbWritesPerRequest": 1}},
         "stages": [{"name": "alone",
           "architecture": {"region": "us-east-1", "azs": ["us-east-1a"], %s}}]}
        """
        .formatted(architecture);
  }

  @Test
  void aQueueFedByProducersOutsideTheStageNeedsNoEntry() {
    ScenarioParseResult r =
        new ScenarioCodec()
            .parseJson(
                doc(
                    """
                    "database": {"engine": "dynamodb"},
                    "queue": {"lambda": {"messageMs": 10}}"""));
    assertThat(r.errors()).isEmpty();
    Architecture a = r.orThrow().stage(0).architecture();
    assertThat(a.entry()).isNull();
    assertThat(a.compute()).isNull();
    assertThat(a.functions()).as("no API function is implied without an entry").isNull();
    assertThat(a.queue()).isNotNull();
  }

  @Test
  void withNothingToTakeTheWorkloadTheEntryIsRequiredAndSaysWhatElseWould() {
    List<Violation> errors =
        new ScenarioCodec().parseJson(doc("\"database\": {\"engine\": \"dynamodb\"}")).errors();
    assertThat(errors)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.stages[0].architecture.entry");
              assertThat(v.message()).contains("required").contains("architecture.queue");
            });
  }

  @Test
  void everyComponentThatServesRequestsThroughAnEntryIsNamedInOnePass() {
    List<Violation> errors =
        new ScenarioCodec()
            .parseJson(
                doc(
                    """
                    "compute": {"instanceType": "m5.large"},
                    "cdn": {"hitRatio": 0.5},
                    "waf": {},
                    "database": {"engine": "dynamodb"},
                    "queue": {"consumerRatePerSecond": 100}"""))
            .errors();
    assertThat(errors)
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "$.stages[0].architecture.cdn",
            "$.stages[0].architecture.compute",
            "$.stages[0].architecture.waf");
    assertThat(errors).allSatisfy(v -> assertThat(v.message()).contains("has none"));
  }
}
