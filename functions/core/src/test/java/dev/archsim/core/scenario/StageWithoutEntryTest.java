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
  void ec2WorkersConsumingTheQueueNeedNoEntryEither() {
    ScenarioParseResult r =
        new ScenarioCodec()
            .parseJson(
                doc(
                    """
                    "database": {"engine": "dynamodb"},
                    "queue": {"workers": {"instanceType": "c7g.large", "messageMs": 40,
                      "concurrency": 8, "autoScaling": {"min": 1, "max": 4, "desired": 1,
                      "backlogPerInstance": 6000}}}"""));
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    Architecture a = r.orThrow().stage(0).architecture();
    assertThat(a.entry()).isNull();
    assertThat(a.compute()).as("the workers are the queue's, not a compute tier").isNull();
    assertThat(a.queue().workers().fleet().instanceType()).isEqualTo("c7g.large");
  }

  /**
   * Without an entry the workers' own rules still hold, and what only a compute tier has (a resize,
   * an instance failure) is told where the workers' failures come from, all in one pass.
   */
  @Test
  void theWorkersRulesStillHoldAndWhatNeedsAComputeTierIsRejected() {
    String d =
        """
        {"version": 1, "name": "workers",
         "workload": {"requestsPerSecond": 50, "profile": {"cpuMsPerRequest": 10,
                      "dbWritesPerRequest": 1}},
         "stages": [{"name": "alone",
           "faults": {"scheduled": [
             {"type": "resize", "at": "PT1H", "toInstanceType": "c7g.xlarge"},
             {"type": "instance-failure", "at": "PT2H", "az": "us-east-1a"}]},
           "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
             "database": {"engine": "dynamodb"},
             "queue": {"share": 0.5, "workers": {"instanceType": "c7g.large", "messageMs": 40,
               "placement": {"us-east-1a": 1, "us-east-1z": 1},
               "autoScaling": {"min": 1, "max": 4, "desired": 3,
                 "backlogPerInstance": 6000}}}}}]}
        """;
    ScenarioParseResult r = new ScenarioCodec().parseJson(d);
    assertThat(r.errors())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "$.stages[0].architecture.queue.workers.placement.us-east-1z",
            "$.stages[0].architecture.queue.workers.autoScaling.desired",
            "$.stages[0].faults.scheduled[0]",
            "$.stages[0].faults.scheduled[1]");
    assertThat(r.errors())
        .filteredOn(v -> v.path().endsWith("autoScaling.desired"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("desired capacity, 3").contains("2"));
    assertThat(r.errors())
        .filteredOn(v -> v.path().endsWith("scheduled[1]"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("faults.instance").contains("az-outage"));
    assertThat(r.warnings())
        .extracting(Violation::path)
        .contains("$.stages[0].architecture.queue.share");
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
