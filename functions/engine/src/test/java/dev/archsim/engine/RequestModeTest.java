package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.RequestSimulation;
import dev.archsim.engine.validate.ScenarioValidator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request-level mode against closed forms and against the fluid mode on the same scenario. */
class RequestModeTest {

  static Scenario scenario(
      RunSettings.Mode mode, String type, int count, double rps, double hours, int trials) {
    return Scenarios.oneStage(
        mode,
        Duration.ofMinutes(Math.round(hours * 60)),
        trials,
        Scenarios.constant(rps, 100, 20),
        Scenarios.fullSpeed(type, count, Scenarios.alb(10, 2, 2)));
  }

  static StageSummary run(Scenario s) {
    return Scenarios.firstStage(s);
  }

  @Test
  void theRequestLoopMatchesErlangCWithinOnePercentOnAMillionRequests() {
    // M/M/3 at utilisation 0.8: mu = 10/s per server, lambda = 24/s; 1e6 requests ≈ 41 667 s
    RequestSimulation.Traffic t =
        Scenarios.constantTraffic(
            1, 3, 24, 10, 1e9, 0, 1e6 / 24, Entry.LoadBalancer.Algorithm.RANDOM, 11);
    double expectedMs = 1000 * new MmcQueue(3, 10, 24, Double.POSITIVE_INFINITY).meanResponseTime();
    assertThat(t.requests()).isCloseTo(1_000_000L, within(5_000L));
    assertThat(t.latencySumMicros() / 1000.0 / t.requests())
        .isCloseTo(expectedMs, within(expectedMs * 0.01));
    assertThat(t.overload()).isZero();
  }

  @Test
  void bothModesAgreeOnTheSameScenario() {
    // two m5.xlarge (4 vCPUs each) behind an ALB at utilisation 0.8
    Scenario fluid = scenario(RunSettings.Mode.FLUID, "m5.xlarge", 2, 64, 6, 4);
    Scenario requests = scenario(RunSettings.Mode.REQUESTS, "m5.xlarge", 2, 64, 6, 4);
    assertThat(new ScenarioValidator().validate(requests)).noneMatch(v -> v.isError());
    StageSummary f = run(fluid);
    StageSummary r = run(requests);
    assertThat((double) r.requestsTotal())
        .isCloseTo(f.requestsTotal(), within(f.requestsTotal() * 0.01));
    assertThat(r.latencyMeanMs()).isCloseTo(f.latencyMeanMs(), within(f.latencyMeanMs() * 0.01));
    assertThat(r.latencyP99Ms()).isCloseTo(f.latencyP99Ms(), within(f.latencyP99Ms() * 0.05));
    assertThat(r.costByComponentUsd()).isEqualTo(f.costByComponentUsd());
    assertThat(r.requestsFailed()).isZero();
  }

  @Test
  void overloadTimesOutTheExcessInBothModes() {
    Scenario fluid = scenario(RunSettings.Mode.FLUID, "t2.micro", 1, 25, 1, 1);
    Scenario requests = scenario(RunSettings.Mode.REQUESTS, "t2.micro", 1, 25, 1, 1);
    double f = run(fluid).requestsFailed() / (double) run(fluid).requestsTotal();
    double r = run(requests).requestsFailed() / (double) run(requests).requestsTotal();
    assertThat(r).isCloseTo(15.0 / 25, within(0.02));
    assertThat(r).isCloseTo(f, within(0.02));
  }

  @Test
  void requestModeRejectsWhatItDoesNotSimulate() {
    Scenario s =
        new Scenario(
            1,
            "x",
            "",
            new RunSettings(
                Duration.ofDays(1), Duration.ofMinutes(5), 1, 1, null, RunSettings.Mode.REQUESTS),
            Objectives.NONE,
            null,
            null,
            List.of(
                new Stage(
                    "s",
                    "",
                    Scenarios.constant(5, 10, 20),
                    Scenarios.singleAz("t2.micro", 1, new Entry.Route53(60, null, null, "simple")),
                    Scenarios.manual(100, 10))));
    assertThat(new ScenarioValidator().validate(s))
        .extracting(v -> v.path())
        .contains(
            "$.stages[0].faults",
            "$.stages[0].architecture.entry",
            "$.stages[0].architecture.compute.credits");
    assertThat(ComputeTier.CreditMode.values()).hasSize(2);
  }
}
