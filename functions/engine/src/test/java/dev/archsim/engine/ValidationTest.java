package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

  @Test
  void everyProblemIsReportedWithItsPath() {
    Architecture bad =
        new Architecture(
            "us-east-1",
            List.of("us-east-1a", "eu-west-1a"),
            new Entry.ElasticIps(),
            new ComputeTier("web", "t9.huge", Map.of("us-east-1a", 1, "us-east-1z", 2)));
    Scenario s =
        new Scenario(
            1,
            "bad",
            "",
            new RunSettings(Duration.ofDays(400), Duration.ofMillis(10), 0, 1, null),
            new dev.archsim.engine.model.Objectives(1.5, null, -1.0),
            null,
            Scenarios.manual(-1, 60),
            List.of(
                new Stage("a", "", Scenarios.constant(-5, 10, 20), bad, null),
                new Stage(
                    "a",
                    "",
                    null,
                    Scenarios.singleAz("m5.large", 1, new Entry.ElasticIps()),
                    null)));
    List<String> paths = new ScenarioValidator().validate(s).stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            "$.run.trials",
            "$.run.horizon",
            "$.run.step",
            "$.objectives.availability",
            "$.objectives.monthlyBudgetUsd",
            "$.faults.instance.mtbfHours",
            "$.stages[0].workload.requestsPerSecond",
            "$.stages[0].architecture.azs[1]",
            "$.stages[0].architecture.compute.instanceType",
            "$.stages[0].architecture.compute.placement.us-east-1z",
            "$.stages[1].name",
            "$.stages[1].workload");
  }

  @Test
  void countsThatCouldOverflowMergedResultsAreRejected() {
    Scenario s =
        Scenarios.of(
            Duration.ofDays(366),
            100_000,
            1,
            Scenarios.constant(1e9, 10, 20),
            Faults.NONE,
            Scenarios.singleAz("m5.large", Integer.MAX_VALUE, Scenarios.alb(30, 5, 2)));
    List<Violation> v = new ScenarioValidator().validate(s);
    assertThat(v)
        .extracting(Violation::path)
        .contains("$.stages[0]", "$.stages[0].architecture.compute");
    assertThat(v).allMatch(Violation::isError);
  }

  @Test
  void moreElasticIpsThanTheQuotaIsAWarningNotAnError() {
    Scenario s =
        Scenarios.of(
            Duration.ofDays(1),
            1,
            1,
            Scenarios.constant(1, 10, 20),
            Faults.NONE,
            Scenarios.singleAz("m5.large", 6, new Entry.ElasticIps()));
    List<Violation> v = new ScenarioValidator().validate(s);
    assertThat(v).hasSize(1);
    assertThat(v.get(0).severity()).isEqualTo(Violation.Severity.WARNING);
    assertThat(v.get(0).path()).isEqualTo("$.stages[0].architecture.entry");
    assertThat(v.get(0).message()).contains("quota of 5");
  }
}
