package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each compute, network and scaling mechanism against numbers derived from its parameters. */
class MechanismsTest {

  static StageSummary run(Architecture arch, Workload w, Faults f, Duration horizon, int trials) {
    Scenario s =
        new Scenario(
            1,
            "mechanism",
            "",
            new RunSettings(
                horizon, Duration.ofMinutes(1), trials, 7, RunSettings.InitialState.ALL_HEALTHY),
            Objectives.NONE,
            null,
            null,
            List.of(new Stage("s", "", w, arch, f)));
    return RunSummary.of(s, List.of(new Simulator().simulate(s, new Shard(0, 0, 0, trials))))
        .stages()
        .get(0);
  }

  /** An Auto Scaling group behind an ALB (10 s checks) with the given starting placement. */
  static Architecture t2micro(ComputeTier.CreditMode mode) {
    return new Architecture(
        "us-east-1",
        List.of("us-east-1a"),
        new Entry.ElasticIps(),
        new ComputeTier(
            "web",
            "t2.micro",
            Map.of("us-east-1a", 1),
            new ComputeTier.Credits(mode, 144.0),
            null,
            null,
            null));
  }

  @Test
  void standardCreditsRunOutAfterBalanceOverNetSpendThenCapAtTheBaseline() {
    // 8 req/s × 20 ms = 16 % of one vCPU: spends 9.6 credits/h, earns 6/h → 144 credits last 40 h
    StageSummary r =
        run(
            t2micro(ComputeTier.CreditMode.STANDARD),
            Scenarios.constant(8, 20, 20),
            Faults.NONE,
            Duration.ofHours(72),
            1);
    assertThat(r.creditCappedHoursPerTrial()).isCloseTo(72 - 40, within(0.01));
    // capped at the 10 % baseline: 5 req/s served, 3 req/s time out for the remaining 32 h
    double expectedOverload = 3.0 * 32 * 3600;
    assertThat((double) r.failedByCause().get("overload"))
        .isCloseTo(expectedOverload, within(expectedOverload * 0.01));
  }

  @Test
  void unlimitedCreditsKeepFullSpeedAndBillTheSurplus() {
    StageSummary r =
        run(
            t2micro(ComputeTier.CreditMode.UNLIMITED),
            Scenarios.constant(8, 20, 20),
            Faults.NONE,
            Duration.ofHours(72),
            1);
    assertThat(r.requestsFailed()).isZero();
    assertThat(r.creditCappedHoursPerTrial()).isZero();
    // 32 h × 3.6 surplus credits/h = 115.2 vCPU-minutes at $0.05 per vCPU-hour, scaled to 730 h
    double expected = 115.2 / 60 * 0.05 * 730 / 72;
    assertThat(r.costByComponentUsd().get("ec2:web (t2.micro surplus CPU credits)"))
        .isCloseTo(expected, within(expected * 0.01));
  }

  @Test
  void resizingASingleInstanceIsAnOutageOfItsDowntime() {
    Faults resize =
        new Faults(null, null, List.of(new Faults.Resize(Duration.ofHours(2), "m5.large", 120)));
    StageSummary one =
        run(
            Scenarios.singleAz("t2.micro", 1, new Entry.ElasticIps()),
            Scenarios.constant(5, 10, 20),
            resize,
            Duration.ofHours(4),
            1);
    assertThat(one.failedByCause()).containsOnlyKeys("resize-downtime");
    assertThat((double) one.failedByCause().get("resize-downtime"))
        .isCloseTo(5.0 * 120, within(1.0));
    assertThat(one.instanceHoursPerTrial().get("t2.micro/on-demand")).isCloseTo(2.0, within(1e-6));
    assertThat(one.instanceHoursPerTrial().get("m5.large/on-demand"))
        .isCloseTo(2.0 - 120 / 3600.0, within(1e-6));

    StageSummary two =
        run(
            Scenarios.singleAz("m5.large", 2, Scenarios.alb(10, 2, 2)),
            Scenarios.constant(5, 10, 20),
            resize,
            Duration.ofHours(4),
            1);
    assertThat(two.requestsFailed()).isZero();
  }

  @Test
  void aRemovedAndTerminatedRecordFailsItsShareForHalfTheTtlOnAverage() {
    Faults removal =
        new Faults(null, null, List.of(new Faults.DnsRemoval(Duration.ofHours(1), true)));
    double rate = 30;
    for (double ttl : new double[] {3600, 60}) {
      Architecture arch =
          Scenarios.singleAz("m5.large", 3, new Entry.Route53(ttl, null, null, "multivalue"));
      StageSummary r = run(arch, Scenarios.constant(rate, 10, 20), removal, Duration.ofHours(4), 1);
      // the removed instance's third of the clients moves away linearly over one TTL
      double expected = rate / 3 * ttl / 2;
      assertThat(r.failedByCause()).containsOnlyKeys("dns-stale");
      assertThat((double) r.failedByCause().get("dns-stale"))
          .isCloseTo(expected, within(expected * 0.02));
    }
  }

  @Test
  void failoverRoutingMovesClientsToTheSecondaryAfterDetectionAndOneTtl() {
    Faults outage =
        new Faults(
            null,
            null,
            List.of(new Faults.AzOutage("us-east-1a", Duration.ofHours(1), Duration.ofHours(1))));
    Architecture arch =
        Scenarios.zones(
            "m5.large",
            new Entry.Route53(60, new Entry.DnsHealthCheck(30, 3), null, "failover"),
            1,
            1);
    double rate = 20;
    StageSummary r = run(arch, Scenarios.constant(rate, 10, 20), outage, Duration.ofHours(3), 1);
    // the primary's clients fail until the health check removes it (13 of 15 checkers' phases
    // within 30 s, two more checks and the 4 s connection timeout: 64-94 s) and then, on
    // average, half a TTL while their caches expire
    assertThat(r.failedByCause()).containsOnlyKeys("az-outage");
    double failed = r.failedByCause().get("az-outage");
    assertThat(r.meanDetectionSeconds()).isBetween(64.0, 94.0);
    assertThat(failed).isCloseTo(rate * (r.meanDetectionSeconds() + 30), within(1.0));
  }

  @Test
  void failuresFollowTheMtbfOfTheInstancesInServiceWhileTheFleetResizesAllDay() {
    // target tracking on a daily wave: the fleet changes size many times a day, and each change
    // draws the next failure again (the superseded draw is cancelled); failures must still come at
    // (instances in service) / MTBF
    ComputeTier.AutoScaling asg =
        Scenarios.group(3, 60, 3, List.of(new ComputeTier.TargetTracking(50)));
    Workload wave =
        new Workload(
            2000,
            new dev.archsim.engine.model.TrafficPattern.Daily(2.0, 14),
            new dev.archsim.engine.model.RequestProfile(10, 2048, 20, 10_000));
    double mtbfHours = 100;
    int trials = 100;
    StageSummary r =
        run(
            Scenarios.scaled(asg, null, Map.of("us-east-1a", 2, "us-east-1b", 1)),
            wave,
            Scenarios.manual(mtbfHours, 30),
            Duration.ofDays(7),
            trials);
    assertThat(r.instancesMax()).isGreaterThan(r.instancesMin() + 10); // it did resize
    double expected = r.instancesMean() * 7 * 24 / mtbfHours;
    // about 1 900 failures in all: a Poisson count's 3 sigma is 7 %
    assertThat(r.incidentsPerTrial()).isCloseTo(expected, within(expected * 0.07));
  }

  @Test
  void autoScalingFollowsTheLoadAndReplacesFailedInstances() {
    ComputeTier.AutoScaling asg = Scenarios.cpuSimpleScaling(2, 10, 2, 2, 1);
    Architecture arch = Scenarios.scaled(asg, null, Map.of("us-east-1a", 1, "us-east-1b", 1));
    // 400 req/s × 10 ms = 4 vCPUs busy: 2 m5.large run at 100 %; at 70 % target the group needs ≥ 3
    StageSummary r =
        run(arch, Scenarios.constant(400, 10, 20), Faults.NONE, Duration.ofHours(6), 1);
    assertThat(r.instancesMin()).isEqualTo(2);
    assertThat(r.instancesMax()).isBetween(3L, 4L);
    assertThat(r.instancesMean()).isBetween(2.9, 4.0);
  }

  @Test
  void aGracePeriodShorterThanTheBootKeepsReplacingNewInstances() {
    for (double grace : new double[] {300, 30}) {
      ComputeTier.AutoScaling asg =
          new ComputeTier.AutoScaling(
              1,
              4,
              1,
              List.of(),
              List.of(new ComputeTier.ScheduledAction(Duration.ofHours(1), false, null, null, 3)),
              "elb",
              grace,
              120,
              0,
              false);
      Architecture arch = Scenarios.scaled(asg, null, Map.of("us-east-1a", 1));
      StageSummary r =
          run(arch, Scenarios.constant(20, 10, 20), Faults.NONE, Duration.ofHours(3), 1);
      if (grace >= 120) {
        assertThat(r.instancesMax()).isEqualTo(3);
      } else {
        // every launch is killed ~30-60 s in: the group never grows, and each launch bills its 60 s
        // minimum
        assertThat(r.instancesMax()).isEqualTo(1);
        double launches = 2 * 2 * 3600 / (30 + 10 * 1.5 + 2);
        assertThat(r.instanceHoursPerTrial().get("m5.large/on-demand"))
            .isGreaterThan(3 + launches * 50 / 3600.0);
        assertThat(r.findings()).anyMatch(f -> f.message().contains("grace period"));
      }
    }
  }

  @Test
  void aMultiAzGroupSurvivesAnAzOutageThatTakesASingleAzFleetDown() {
    Faults outage =
        new Faults(
            null,
            null,
            List.of(new Faults.AzOutage("us-east-1a", Duration.ofHours(1), Duration.ofHours(1))));
    StageSummary single =
        run(
            Scenarios.singleAz("m5.large", 2, Scenarios.alb(10, 2, 2)),
            Scenarios.constant(20, 10, 20),
            outage,
            Duration.ofHours(3),
            1);
    StageSummary multi =
        run(
            Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 1, 1),
            Scenarios.constant(20, 10, 20),
            outage,
            Duration.ofHours(3),
            1);
    // the single-AZ fleet loses the whole hour, plus the health checks after the AZ is back
    assertThat((double) single.requestsFailed()).isGreaterThan(20.0 * 3600);
    // two AZs: only the dead AZ's half of the traffic until two 10 s checks fail (~17 s)
    assertThat((double) multi.failedByCause().get("az-outage")).isLessThan(10.0 * 30);
    assertThat(multi.failedByCause()).doesNotContainKey("no-capacity");
  }

  @Test
  void reservedInstancesAreBilledWhetherUsedOrNotAndSpotAtItsDiscount() {
    ComputeTier.AutoScaling asg =
        new ComputeTier.AutoScaling(4, 4, 4, List.of(), List.of(), "elb", 0, 120, 0, false);
    ComputeTier.Purchase purchase =
        new ComputeTier.Purchase(
            new ComputeTier.Reserved(3, "1y", "no-upfront", null),
            null,
            new ComputeTier.Spot(1.0, 0.7, 0.0, 3));
    Architecture arch = Scenarios.scaled(asg, purchase, Map.of("us-east-1a", 2, "us-east-1b", 2));
    StageSummary r =
        run(arch, Scenarios.constant(20, 10, 20), Faults.NONE, Duration.ofHours(730), 1);
    // 3 reserved at 40 % off, 1 spot at 70 % off, for 730 h
    assertThat(r.costByComponentUsd().get("ec2:web (m5.large reserved 1y no-upfront)"))
        .isCloseTo(3 * 0.096 * 0.6 * 730, within(1e-6));
    assertThat(r.costByComponentUsd().get("ec2:web (m5.large spot)"))
        .isCloseTo(0.096 * 0.3 * 730, within(1e-3));
    assertThat(r.costByComponentUsd()).doesNotContainKey("ec2:web (m5.large on-demand)");
  }
}
