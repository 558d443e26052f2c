package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claims of seeds 000/003 for stages 1, 3 and 5, on the library scenario, with the expected
 * numbers derived from the scenario's own parameters.
 */
class WhatIsTheTimeTest {
  static Scenario scenario;
  static List<StageSummary> stages;

  @BeforeAll
  static void simulate() throws Exception {
    scenario =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")))
            .orThrow();
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      accs.add(new Simulator().simulate(scenario, new Shard(i, i, 0, scenario.run().trials())));
    }
    stages = RunSummary.of(scenario, accs).stages();
    assertThat(ResultCodec.writeSummary(RunSummary.of(scenario, accs))).isNotEmpty();
  }

  private static double instanceUnavailability() {
    Faults.InstanceFaults f = scenario.faults().instance();
    double mttrHours = ((Faults.ManualRepair) f.recovery()).mttrMinutes() / 60;
    return mttrHours / (f.mtbfHours() + mttrHours);
  }

  @Test
  void threeElasticIpsDoNotMakeTheSiteMoreAvailableThanOne() {
    // each user is bound to one instance's address: the lost share is that instance's downtime
    double expected = 1 - instanceUnavailability();
    StageSummary one = stages.get(0);
    StageSummary three = stages.get(1);
    assertThat(one.availabilityMean()).isCloseTo(expected, within(one.availabilityCi95()));
    assertThat(three.availabilityMean()).isCloseTo(expected, within(three.availabilityCi95()));
    assertThat(three.failedByCause()).containsOnlyKeys("eip-instance-down");
    assertThat(three.findings())
        .anyMatch(f -> f.message().contains("clients must know all 3 addresses"));
  }

  @Test
  void theLoadBalancerLosesOnlyWhatReachesAFailedTargetBeforeHealthChecksCatchIt() {
    StageSummary eips = stages.get(1);
    StageSummary alb = stages.get(2);
    assertThat(alb.requestsFailed() * 20).isLessThan(eips.requestsFailed());
    assertThat(alb.failedByCause()).containsOnlyKeys("unhealthy-target");
    // per failure, the target's third of the traffic for the mean detection delay:
    // interval/2 + (unhealthy threshold − 1) × interval + timeout
    Entry.HealthCheck hc =
        ((Entry.LoadBalancer) scenario.stage(2).architecture().entry()).healthCheck();
    double detection =
        hc.intervalSeconds() / 2
            + (hc.unhealthyThreshold() - 1) * hc.intervalSeconds()
            + hc.timeoutSeconds();
    assertThat(alb.meanDetectionSeconds()).isCloseTo(detection, within(2.0));
    double hours = scenario.run().horizonSeconds() / 3600;
    double failuresPerTrial =
        3 * hours * (1 - instanceUnavailability()) / scenario.faults().instance().mtbfHours();
    assertThat(alb.incidentsPerTrial())
        .isCloseTo(failuresPerTrial, within(failuresPerTrial * 0.15));
    double expectedLost =
        alb.incidentsPerTrial()
            * scenario.workload().requestsPerSecond()
            / 3
            * detection
            * alb.trials();
    assertThat((double) alb.requestsFailed()).isCloseTo(expectedLost, within(expectedLost * 0.2));
  }

  @Test
  void theSingleT2MicroSaturatesAtPeakWhileThreeM5LargeDoNot() {
    assertThat(stages.get(0).latencyP99Ms()).isGreaterThan(5 * stages.get(1).latencyP99Ms());
    assertThat(stages.get(0).findings())
        .anyMatch(f -> f.category().equals("single-point-of-failure"));
  }

  @Test
  void costFollowsThePriceBook() {
    double hours = 730;
    assertThat(stages.get(0).costByComponentUsd().get("ec2:web (t2.micro on-demand)"))
        .isCloseTo(0.0116 * hours, within(1e-6));
    assertThat(stages.get(1).costByComponentUsd().get("ec2:web (m5.large on-demand)"))
        .isCloseTo(3 * 0.096 * hours, within(1e-6));
    assertThat(stages.get(1).costByComponentUsd().get("public-ipv4"))
        .isCloseTo(3 * 0.005 * hours, within(1e-6));
    assertThat(stages.get(2).costByComponentUsd().get("alb"))
        .isCloseTo(0.0225 * hours, within(1e-6));
    assertThat(stages.get(2).monthlyCostUsd()).isGreaterThan(stages.get(1).monthlyCostUsd());
  }
}
