package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ECS service's scaling policies in the Auto Scaling group's spelling, the spelling before it
 * (read the same, with a deprecation warning) and a last step without an upper bound.
 */
class EcsScalingCodecTest {
  private final ScenarioCodec codec = new ScenarioCodec();

  static String doc(String entry, String scaling) {
    return """
        {"version": 1, "name": "m", "workload": {"requestsPerSecond": 5,
           "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
           "entry": {"type": "%s"},
           "ecs": {"task": {"vcpu": 1, "memoryGb": 2}, "tasks": {"desired": 2, "min": 2, "max": 8},
             "scaling": %s}}}]}
        """
        .formatted(entry, scaling);
  }

  static EcsService ecs(ScenarioParseResult r) {
    return EcsComponent.of(r.scenario().orElseThrow().stage(0).architecture());
  }

  static final String PATH = "$.stages[0].architecture.ecs.scaling";

  @Test
  void theGroupsSpellingMapsToItsPoliciesWithoutAWarning() {
    ScenarioParseResult r =
        codec.parseJson(
            doc(
                "alb",
                """
                [{"type": "target-tracking", "metric": "alb-request-count-per-target", "targetValue": 1000},
                 {"type": "target-tracking", "metric": "cpu", "targetPercent": 60},
                 {"type": "target-tracking", "targetPercent": 50},
                 {"type": "step", "comparison": "above", "thresholdPercent": 70,
                  "steps": [{"lower": 0, "upper": 10, "adjustment": 1}, {"lower": 10, "adjustment": 3}]}]
                """));
    assertThat(r.violations()).isEmpty();
    assertThat(ecs(r).policies())
        .containsExactly(
            new ComputeTier.RequestCountTracking(1000),
            new ComputeTier.TargetTracking(60),
            new ComputeTier.TargetTracking(50),
            new ComputeTier.StepScaling(
                true,
                70,
                List.of(
                    new ComputeTier.Step(0, 10, 1),
                    new ComputeTier.Step(10, ComputeTier.OPEN_UPPER, 3)),
                60,
                1));
  }

  @Test
  void theSpellingBeforeIsReadTheSameWithADeprecationWarningAtItsPath() {
    ScenarioParseResult r =
        codec.parseJson(
            doc(
                "alb",
                """
                [{"type": "target-tracking", "metric": "alb-requests-per-target", "target": 1000},
                 {"type": "target-tracking", "target": 60}]
                """));
    assertThat(r.errors()).isEmpty();
    assertThat(ecs(r).policies())
        .containsExactly(
            new ComputeTier.RequestCountTracking(1000), new ComputeTier.TargetTracking(60));
    assertThat(r.warnings())
        .extracting(Violation::path, Violation::message)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                PATH + "[0]",
                "deprecated spelling, read as before: write {\"type\": \"target-tracking\","
                    + " \"metric\": \"alb-request-count-per-target\", \"targetValue\": 1000} as in"
                    + " compute.autoScaling.policies"),
            org.assertj.core.groups.Tuple.tuple(
                PATH + "[1]",
                "deprecated spelling, read as before: write {\"type\": \"target-tracking\","
                    + " \"metric\": \"cpu\", \"targetPercent\": 60} as in"
                    + " compute.autoScaling.policies"));
  }

  @Test
  void onlyTheLastStepMayBeOpenAndRequestsPerTargetNeedAnAlb() {
    ScenarioParseResult r =
        codec.parseJson(
            doc(
                "nlb",
                """
                [{"type": "target-tracking", "metric": "alb-request-count-per-target", "targetValue": 1000},
                 {"type": "step", "comparison": "above", "thresholdPercent": 70,
                  "steps": [{"lower": 0, "adjustment": 1}, {"lower": 10, "adjustment": 3}]}]
                """));
    assertThat(r.errors())
        .extracting(Violation::path)
        .contains(PATH + "[0].metric", PATH + "[1].steps[0].upper");
  }
}
