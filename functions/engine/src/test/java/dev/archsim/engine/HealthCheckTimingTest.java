package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each path that detects a failure by health checks (ALB targets, Route 53 records, the DR failover
 * record) follows the one timing model: its mean detection time over many failures is the closed
 * form, within three standard errors.
 */
class HealthCheckTimingTest {
  /** Standard deviation of interval x U(13:15), a Beta(13, 3) variable. */
  static double route53Sd(double interval) {
    return interval * Math.sqrt(13.0 * 3 / (16 * 16 * 17));
  }

  static StageSummary run(Architecture a, Faults f, Duration horizon, int trials) {
    Scenario s =
        new Scenario(
            1,
            "health-checks",
            "",
            new RunSettings(
                horizon, Duration.ofMinutes(5), trials, 21, RunSettings.InitialState.ALL_HEALTHY),
            Objectives.NONE,
            null,
            null,
            List.of(new Stage("s", "", Scenarios.constant(20, 10, 20), a, f)));
    return RunSummary.of(s, List.of(new Simulator().simulate(s, new Shard(0, 0, 0, trials))))
        .stages()
        .get(0);
  }

  @Test
  void albTargetsAreUnhealthyAfterAPhaseThresholdMinusOneIntervalsAndTheTimeout() {
    // interval 10 s, timeout 2 s, unhealthy threshold 3: 5 + 20 + 2 = 27 s, sd 10 / sqrt(12)
    Entry.LoadBalancer lb =
        new Entry.LoadBalancer(
            Entry.LoadBalancer.Kind.ALB, new Entry.HealthCheck(10, 2, 2, 3), true);
    StageSummary s =
        run(
            Scenarios.zones("m5.large", lb, 4, 4),
            new Faults(new Faults.InstanceFaults(20, new Faults.Replacement(0, 120))),
            Duration.ofDays(7),
            4);
    double failures = s.incidentsPerTrial() * 4;
    assertThat(failures).isGreaterThan(200);
    assertThat(s.meanDetectionSeconds())
        .isCloseTo(27.0, within(3 * 10 / Math.sqrt(12) / Math.sqrt(failures)));
  }

  @Test
  void route53RecordsAreRemovedWhenThirteenOfFifteenCheckersCallThemUnhealthy() {
    Entry.Route53 dns = new Entry.Route53(60, new Entry.DnsHealthCheck(30, 3), null, "multivalue");
    StageSummary s =
        run(
            Scenarios.singleAz("m5.large", 4, dns),
            Scenarios.manual(20, 30),
            Duration.ofDays(7),
            4);
    double failures = s.incidentsPerTrial() * 4;
    assertThat(failures).isGreaterThan(100);
    // 30 x 13 / 16 + 2 x 30 + 4 = 88.375 s (failures repaired before detection are not counted,
    // and the 30-minute repairs hardly ever come that early)
    assertThat(s.meanDetectionSeconds())
        .isCloseTo(88.375, within(3 * route53Sd(30) / Math.sqrt(failures) + 0.2));
  }

  @Test
  void theDrFailoverRecordFollowsTheSameRoute53Model() {
    int trials = 300;
    StageSummary s =
        TiersTest.run(
            TiersTest.arch(
                null,
                null,
                null,
                DrFailoverStepTest.dr(
                    dev.archsim.engine.model.DisasterRecovery.Strategy.ACTIVE_ACTIVE, 60, false),
                TiersTest.alb()),
            TiersTest.workload(20, 0, 0),
            TiersTest.scheduled(
                new Faults.RegionOutage(Duration.ofHours(3).plusSeconds(7), Duration.ofHours(1))),
            Duration.ofHours(6),
            Duration.ofMinutes(5),
            trials);
    // interval 30 s, threshold 3 (was a fixed interval x threshold = 90 s)
    assertThat(s.meanDetectionSeconds())
        .isCloseTo(88.375, within(3 * route53Sd(30) / Math.sqrt(trials)));
    assertThat(s.recovery().rtoMean()).isCloseTo(s.meanDetectionSeconds() + 60, within(1e-6));
  }
}
