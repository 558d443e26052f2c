package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.StageSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 004 on events/scenarios/ten-million-users.json: each stage carries its own load, and the
 * previous stage's architecture does not carry it.
 */
class TenMillionUsersTest {
  static Scenario scenario;
  static List<StageSummary> stages;
  static List<StageSummary> previousUnderNext;

  @BeforeAll
  static void simulate() throws Exception {
    scenario = Library.load("ten-million-users.json");
    stages = Library.simulate(scenario);
    List<Stage> shifted = new ArrayList<>();
    for (int i = 1; i < scenario.stages().size(); i++) {
      Stage prev = scenario.stage(i - 1);
      Stage next = scenario.stage(i);
      shifted.add(
          new Stage(
              prev.name() + " under " + next.name(),
              "",
              next.workload(),
              prev.architecture(),
              prev.faults()));
    }
    previousUnderNext = Library.simulate(Library.withStages(scenario, shifted));
  }

  @Test
  void everyStageHoldsItsOwnLoad() {
    for (StageSummary s : stages) {
      assertThat(s.availabilityMean()).as(s.name()).isGreaterThanOrEqualTo(0.999);
      assertThat(s.latencyP99Ms()).as(s.name()).isLessThan(1000);
    }
  }

  @Test
  void thePreviousArchitectureDoesNotHoldTheNextLoad() {
    for (StageSummary s : previousUnderNext) {
      boolean missed = s.availabilityMean() < 0.999 || s.latencyP99Ms() > 1000;
      assertThat(missed)
          .as(
              "%s: availability %.5f, p99 %.0f ms, failed %s",
              s.name(), s.availabilityMean(), s.latencyP99Ms(), s.failedByCause())
          .isTrue();
    }
  }

  @Test
  void theWorkloadGrowsTenfoldPerStage() {
    for (int i = 1; i < stages.size(); i++) {
      double ratio = stages.get(i).requestsTotal() / (double) stages.get(i - 1).requestsTotal();
      assertThat(ratio).as(stages.get(i).name()).isBetween(9.99, 10.01);
    }
  }

  @Test
  void activeActiveServesKoreanUsersFromSeoul() {
    StageSummary six = stages.get(5);
    assertThat(Library.perTrial(six, "secondary.requests"))
        .isGreaterThan(0.35 * 0.3 * six.requestsTotal() / six.trials());
  }
}
