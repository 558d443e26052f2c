package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Region outages hit any region of a stage (docs/decisions/029): each region fails on its own clock
 * at {@code faults.region}'s rate, and a DR pair's secondary matters when it is lost. While it is
 * down the primary has no failover target; a failover that waited for it starts from its return;
 * under active-active the users it served move to the primary once Route 53 declares it unhealthy;
 * a standby's loss alone fails nothing and stops its instances' bill.
 */
class RegionOutageEveryRegionTest {
  static final double RATE = DrFailoverStepTest.RATE;
  static final double TTL = 60;
  static final Duration AT = DrFailoverStepTest.OUTAGE_AT;
  static final Duration HOUR = Duration.ofHours(1);
  static final String SECONDARY = "ap-northeast-2";

  static Architecture pair(Strategy strategy) {
    return TiersTest.arch(
        null, null, null, DrFailoverStepTest.dr(strategy, TTL, false), TiersTest.alb());
  }

  static StageSummary run(Architecture a, Workload w, Faults.ScheduledFault... faults) {
    return TiersTest.run(
        a, w, TiersTest.scheduled(faults), Duration.ofDays(2), Duration.ofMinutes(10), 1);
  }

  static Faults.RegionOutage secondaryDown(Duration at, Duration duration) {
    return new Faults.RegionOutage(at, duration, SECONDARY);
  }

  /**
   * The expected number of outages of one region in [0, H]: it fails at rate λ while up and is down
   * for exponential times of mean 1/μ, starting up, so P(up at t) = μ/(λ+μ) + λ/(λ+μ)·e^{−(λ+μ)t}
   * and E[N] = ∫₀ᴴ λ·P(up at t) dt (about λ·H when outages are short).
   */
  static double expectedOutages(double lambda, double mu, double h) {
    double s = lambda + mu;
    return lambda * (mu * h / s + lambda / (s * s) * (1 - Math.exp(-s * h)));
  }

  @Test
  void everyRegionOfTheStageFailsOnItsOwnClockAtTheFaultsRate() {
    double perYear = 120;
    double hours = 1;
    double horizon = Duration.ofDays(30).toSeconds();
    double expected = expectedOutages(perYear / (365 * 86_400.0), 1 / (hours * 3600), horizon);
    assertThat(expected).isCloseTo(perYear * 30 / 365, within(0.15));
    int trials = 200;
    Faults random =
        new Faults(null, null, List.of(), new Faults.RegionFaults(perYear, hours), null);
    Workload users = TiersTest.workload(RATE, 0, 0, ThreeRegionFailoverTest.USERS);
    for (Architecture a : List.of(ThreeRegionFailoverTest.arch(1.0), pair(Strategy.WARM_STANDBY))) {
      Map<String, Integer> outages = outagesByRegion(a, users, random, trials);
      List<String> regions =
          a.dr().multiRegion()
              ? List.of("us-east-1", "eu-west-1", "ap-northeast-2")
              : List.of("us-east-1", SECONDARY);
      assertThat(outages).containsOnlyKeys(regions);
      // a count's variance is at most its mean (fewer than Poisson: a region down cannot fail)
      double tolerance = 4 * Math.sqrt(expected / trials);
      for (String region : regions) {
        assertThat(outages.get(region) / (double) trials)
            .as("outages of " + region + " per trial")
            .isCloseTo(expected, within(tolerance));
      }
    }
  }

  static Map<String, Integer> outagesByRegion(
      Architecture a, Workload w, Faults faults, int trials) {
    Map<String, Integer> outages = new TreeMap<>();
    SimulationListener counting =
        new SimulationListener() {
          @Override
          public synchronized void infrastructureEvent(
              int stage, long trial, double seconds, InfrastructureEvent e) {
            if (e instanceof InfrastructureEvent.RegionLost lost) {
              outages.merge(lost.region(), 1, Integer::sum);
            }
          }
        };
    Scenario s = TiersTest.scenario(a, w, faults, Duration.ofDays(30), Duration.ofHours(1), trials);
    new Simulator(counting).simulate(s, new Shard(0, 0, 0, trials));
    return outages;
  }

  @Test
  void withTheSecondaryDownAPrimaryOutageLosesEveryRequestUntilThePrimaryIsBack() {
    Architecture warm = pair(Strategy.WARM_STANDBY);
    Workload w = TiersTest.workload(RATE, 0, 0);
    Duration two = Duration.ofHours(2);
    StageSummary failover = run(warm, w, new Faults.RegionOutage(AT, two));
    StageSummary noTarget =
        run(
            warm,
            w,
            new Faults.RegionOutage(AT, two),
            secondaryDown(AT.minus(HOUR), Duration.ofHours(4)));
    // with its target up, warm standby switches after detection and decision
    double d = failover.meanDetectionSeconds();
    double moved = RATE * (d + DrFailoverStepTest.DECISION_MIN * 60 + TTL / 2);
    assertThat((double) failover.requestsFailed()).isCloseTo(moved, within(moved * 0.001));
    // with it down, nothing serves the primary's users for the whole outage
    double all = RATE * two.toSeconds();
    assertThat(noTarget.failedByCause()).containsOnlyKeys("region-outage");
    assertThat((double) noTarget.requestsFailed()).isCloseTo(all, within(all * 1e-6));
    // one incident, the primary's, recovered when it is back (the standby's loss served nobody)
    assertThat(noTarget.incidentsPerTrial()).isEqualTo(1);
    assertThat(noTarget.recovery().rtoMean()).isCloseTo(two.toSeconds(), within(1e-6));
  }

  @Test
  void aFailoverThatWaitedForItsTargetStartsWhenTheTargetIsBack() {
    // pilot light: the primary is lost for 6 h; the secondary was lost an hour before and is back
    // an hour after, well after the decision (detection + 15 min): from its return, the replica
    // is promoted while the fleet boots, then the clients move over one TTL
    Architecture pilot = pair(Strategy.PILOT_LIGHT);
    StageSummary s =
        run(
            pilot,
            TiersTest.workload(RATE, 0, 0),
            new Faults.RegionOutage(AT, Duration.ofHours(6)),
            secondaryDown(AT.minus(HOUR), Duration.ofHours(2)));
    double ready = 3600 + Math.max(DrFailoverStepTest.BOOT, 60);
    double lost = RATE * (ready + TTL / 2);
    assertThat(s.failedByCause()).containsOnlyKeys("region-outage");
    assertThat((double) s.requestsFailed()).isCloseTo(lost, within(lost * 0.001));
    assertThat(s.incidentsPerTrial()).isEqualTo(1);
    assertThat(s.recovery().rtoMean()).isCloseTo(ready + TTL, within(0.01));
  }

  @Test
  void underActiveActiveTheUsersOfALostSecondaryMoveToThePrimary() {
    // 30 % of the users are nearer ap-northeast-2 and served there; it is lost for 2 h: their
    // requests fail until Route 53 declares it unhealthy (d), then their clients move over one TTL
    double share = 0.3;
    Workload w =
        TiersTest.workload(
            RATE,
            0,
            0,
            List.of(
                new Workload.Users("us-east-1", 1 - share), new Workload.Users(SECONDARY, share)));
    StageSummary s = run(pair(Strategy.ACTIVE_ACTIVE), w, secondaryDown(AT, Duration.ofHours(2)));
    double d = s.meanDetectionSeconds();
    assertThat(d).isBetween(64.0, 94.0); // Route 53, 30 s x 3 (docs/decisions/014)
    double lost = RATE * share * (d + TTL / 2);
    assertThat(s.failedByCause()).containsOnlyKeys("region-outage");
    assertThat((double) s.requestsFailed()).isCloseTo(lost, within(lost * 0.001));
    assertThat(s.recovery().rtoMean()).isCloseTo(d + TTL, within(0.01));
  }

  @Test
  void aStandbysLossAloneFailsNothingAndStopsItsInstancesBill() {
    Architecture warm = pair(Strategy.WARM_STANDBY);
    Workload w = TiersTest.workload(RATE, 0, 0);
    StageSummary quiet = run(warm, w);
    StageSummary lost = run(warm, w, secondaryDown(AT, Duration.ofHours(4)));
    assertThat(lost.requestsFailed()).isZero();
    assertThat(lost.incidentsPerTrial()).isZero();
    assertThat(lost.recovery().perTrial()).isZero();
    // its one standby instance runs 44 of the 48 hours
    String line = "dr:" + SECONDARY + " ec2 m5.large";
    assertThat(lost.costByComponentUsd().get(line) / quiet.costByComponentUsd().get(line))
        .isCloseTo(44 / 48.0, within(1e-6));
  }
}
