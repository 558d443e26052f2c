package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tier behind the web tier has the compute fleet's CPU credits, spot share and internal load
 * balancer bill, each checked against its arithmetic: a burstable tier's balance B runs out after B
 * / (usage − earn) seconds and it then serves at its baseline; N spot instances at r interruptions
 * per instance-month are interrupted N·r times a month; the internal ALB bills max(new connections
 * / 25, GB an hour) LCUs.
 */
class ExtraFleetMechanicsTest {
  static final InstanceType T3 = Catalog.instanceType("t3.large").orElseThrow();

  static ComputeTier burstableApp(ComputeTier.CreditMode mode, double initial) {
    return new ComputeTier(
        "app",
        "t3.large",
        Map.of("us-east-1a", 1),
        new ComputeTier.Credits(mode, initial),
        null,
        null,
        null);
  }

  static StageSummary simulate(ComputeTier app, double cpuMs, double rate, Duration horizon) {
    Architecture a =
        ChainTiersTest.withApp(
            Scenarios.fullSpeed("m5.xlarge", 4, new Entry.ElasticIps()),
            ChainTiersTest.app(app, cpuMs));
    return ChainTiersTest.simulate(a, Scenarios.constant(rate, 10, 20), Faults.NONE, horizon, 1);
  }

  /**
   * One t3.large app instance (2 vCPU) at 100 ms a request and 12 req/s: 60 % of its vCPUs, which
   * spends 0.6 × 2 / 60 = 0.02 credits a second against the type's earn rate; its balance of 36
   * credits lasts 36 / (0.02 − earn) seconds, and for the rest of the 6 hours a standard-mode
   * instance serves at its baseline share of each vCPU, a queue of capacity 2 × 10 × baseline.
   */
  @Test
  void aStandardModeTierRunsOutOfCreditsAfterBalanceOverUsageMinusEarnThenServesAtItsBaseline() {
    double balance = 36;
    double rate = 12;
    double horizon = 6 * 3600;
    StageSummary r =
        simulate(
            burstableApp(ComputeTier.CreditMode.STANDARD, balance), 100, rate, Duration.ofHours(6));
    InstanceType.Burst b = T3.burst();
    double usage = 0.6 * T3.vcpu() / 60.0;
    double earn = b.creditsPerHour() / 3600.0;
    double runOut = balance / (usage - earn);
    assertThat(runOut).isBetween(1000.0, horizon / 2); // the run-out falls inside the horizon

    assertThat(r.countersPerTrial().get("tier.app.creditCappedHours"))
        .isCloseTo((horizon - runOut) / 3600, within(1e-6));
    // at full speed (rho 0.6, a 10 s patience) nothing is abandoned; at the baseline the queue is
    // overloaded and abandons its M/M/2+D share from the run-out on
    double abandoned =
        new MmcdQueue(T3.vcpu(), 10 * b.baselinePerVcpu(), rate, 10).timeoutFraction();
    assertThat(abandoned).isGreaterThan(0.3);
    double overload = rate * (horizon - runOut) * abandoned;
    assertThat(r.countersPerTrial().get("tier.app.overload"))
        .isCloseTo(overload, within(overload * 0.005));
    assertThat(r.failedByCause().get("overload").doubleValue())
        .isCloseTo(overload, within(overload * 0.005));
  }

  /**
   * In unlimited mode the same tier keeps its full speed; what it spends beyond its earn rate once
   * its balance is gone is billed as surplus credits at the vCPU-hour price (a credit is a
   * vCPU-minute), over the horizon scaled to a 730-hour month.
   */
  @Test
  void anUnlimitedTierBillsItsSurplusCreditsAndNeverSlows() {
    double balance = 36;
    double horizon = 6 * 3600;
    StageSummary r =
        simulate(
            burstableApp(ComputeTier.CreditMode.UNLIMITED, balance), 100, 12, Duration.ofHours(6));
    double usage = 0.6 * T3.vcpu() / 60.0;
    double earn = T3.burst().creditsPerHour() / 3600.0;
    double surplus = (usage - earn) * (horizon - balance / (usage - earn));
    double usd =
        surplus
            / 60.0
            * Services.usd(Catalog.surplusCreditKey("t3.large"), "us-east-1")
            * (730 * 3600 / horizon);
    assertThat(r.costByComponentUsd().get("ec2:app (t3.large surplus CPU credits)"))
        .isCloseTo(usd, within(usd * 1e-6));
    assertThat(r.countersPerTrial()).doesNotContainKey("tier.app.creditCappedHours");
    assertThat(r.failedByCause()).doesNotContainKey("overload");
  }

  /**
   * Four spot app instances, each interrupted 20 times a month on average, replaced by the tier's
   * group (min = desired = max = 4): 4 × 20 × 168 / 730 interruptions in 7 days; they bill at the
   * spot discount, an interrupted instance through its 2-minute notice too (it is spot until it
   * stops).
   */
  @Test
  void aSpotTierIsInterruptedAtItsRateAndBilledAtItsDiscount() {
    double perMonth = 20;
    double discount = 0.6;
    ComputeTier app =
        new ComputeTier(
            "app",
            "m5.large",
            Map.of("us-east-1a", 4),
            null,
            null,
            new ComputeTier.AutoScaling(
                4,
                4,
                4,
                List.of(new ComputeTier.TargetTracking(50)),
                List.of(),
                "elb",
                0,
                120,
                180,
                false),
            new ComputeTier.Purchase(null, null, new ComputeTier.Spot(1.0, discount, perMonth, 0)));
    int trials = 50;
    Architecture a =
        ChainTiersTest.withApp(
            Scenarios.fullSpeed("m5.xlarge", 4, new Entry.ElasticIps()),
            ChainTiersTest.app(app, 10));
    StageSummary r =
        ChainTiersTest.simulate(
            a, Scenarios.constant(20, 10, 20), Faults.NONE, Duration.ofDays(7), trials);
    double expected = 4 * perMonth * 168 / 730;
    double se = Math.sqrt(expected / trials);
    assertThat(r.incidentsPerTrial()).isCloseTo(expected, within(4 * se));
    double hourly = Catalog.onDemandUsd("us-east-1", "m5.large");
    // an interrupted instance bills as what it is, spot, through its notice, beside its
    // replacement (also spot: the share is 1), so nothing is billed on-demand
    double noticeHours = expected * Catalog.SPOT_NOTICE_SECONDS / 3600 * 730 / 168;
    assertThat(r.costByComponentUsd().get("ec2:app (m5.large spot)"))
        .isCloseTo(
            (4 * 730 + noticeHours) * hourly * (1 - discount), within(4 * hourly * 730 * 0.002));
    assertThat(r.costByComponentUsd().getOrDefault("ec2:app (m5.large on-demand)", 0.0))
        .isCloseTo(0, within(1e-9));
  }

  /**
   * The app tier's internal ALB at 100 requests/s of 2 048 bytes: 100 / 25 = 4 LCUs of new
   * connections against 100 × 2 048 × 3 600 / 10^9 = 0.74 LCU of bytes, so 4 LCUs every hour.
   */
  @Test
  void theInternalLoadBalancerBillsTheLargerOfItsNewConnectionsAndBytesInLcus() {
    StageSummary r =
        simulate(
            new ComputeTier("app", "m5.large", Map.of("us-east-1a", 2)),
            10,
            100,
            Duration.ofHours(6));
    assertThat(r.requestsFailed()).isZero();
    double lcus = Math.max(100 / 25.0, 100 * 2048 * 3600 / 1e9);
    assertThat(lcus).isEqualTo(4.0);
    double usd = lcus * 730 * Services.usd("alb.lcu-hour", "us-east-1");
    assertThat(r.costByComponentUsd().get("alb:app (internal, LCUs)"))
        .isCloseTo(usd, within(usd * 1e-9));
  }

  /**
   * Two t3.large workers (2 vCPU, 100 ms a message: 20 msg/s each) at 30 msg/s are busy 3/4 of the
   * time: each spends 0.75 × 2 / 60 credits a second against its earn rate, so a balance of 30
   * minutes of that difference lasts 30 minutes; then each drains at its baseline share and the
   * backlog grows at 30 − 2 × 20 × baseline messages a second until the end of the 2 hours.
   */
  @Test
  void burstableWorkersOutOfCreditsDrainAtTheirBaselineAndTheBacklogGrows() {
    InstanceType.Burst b = T3.burst();
    double usage = 0.75 * T3.vcpu() / 60.0;
    double earn = b.creditsPerHour() / 3600.0;
    double runOut = 1800;
    double balance = (usage - earn) * runOut;
    dev.archsim.engine.model.AsyncQueue.Workers w =
        new dev.archsim.engine.model.AsyncQueue.Workers(
            new ComputeTier(
                "workers",
                "t3.large",
                Map.of("us-east-1a", 1, "us-east-1b", 1),
                new ComputeTier.Credits(ComputeTier.CreditMode.STANDARD, balance),
                null,
                null,
                null),
            1,
            100,
            null);
    double horizon = 7200;
    StageSummary r =
        TiersTest.run(
            QueueWorkersTest.arch(QueueWorkersTest.queue(w)),
            TiersTest.workload(QueueWorkersTest.rpsFor(30), 0, 1),
            Faults.NONE,
            Duration.ofSeconds((long) horizon),
            Duration.ofMinutes(1),
            1);
    double growth = 30 - 2 * 20 * b.baselinePerVcpu();
    assertThat(growth).isPositive();
    // the workers' rate is set at each one-minute step's start: the run-out shows from the next
    double step = 60;
    assertThat((double) r.peaks().get("queue.maxBacklog"))
        .isCloseTo(growth * (horizon - runOut), within(growth * step * 1.01));
    assertThat(r.countersPerTrial().get("workers.creditCappedHours"))
        .isCloseTo(2 * (horizon - runOut) / 3600, within(2 * step / 3600 * 1.01));
  }

  /**
   * A tier of one m5.large resized to m5.xlarge at 1 h (120 s stop/start): its only instance is out
   * for the stop and then until the internal ALB's checks pass (every 5 s, 2 healthy: a uniform 5
   * to 10 s), so its 100 req/s fail as resize-downtime for 120 + 7.5 s on average; it bills the
   * m5.large for the first hour, nothing while stopped, the m5.xlarge from its start on.
   */
  @Test
  void aTierResizeStopsEachInstanceForItsDowntimeAndBillsTheNewTypeAfter() {
    Architecture a =
        ChainTiersTest.withApp(
            Scenarios.zones("m5.xlarge", Scenarios.alb(5, 2, 2), 2),
            ChainTiersTest.app(new ComputeTier("app", "m5.large", Map.of("us-east-1a", 1)), 10));
    Faults f =
        new Faults(
            null,
            null,
            List.of(
                new dev.archsim.engine.component.ChainComponent.TierResize(
                    Duration.ofHours(1), "app", "m5.xlarge", 120)));
    int trials = 50;
    StageSummary r =
        ChainTiersTest.simulate(a, Scenarios.constant(100, 10, 20), f, Duration.ofHours(2), trials);
    double perTrial = r.failedByCause().get("resize-downtime") / (double) trials;
    assertThat(perTrial).isBetween(100 * 125.0, 100 * 130.0);
    assertThat(perTrial).isCloseTo(100 * 127.5, within(100 * 127.5 * 0.01));
    assertThat(r.countersPerTrial().get("tier.app.resize-downtime"))
        .isCloseTo(perTrial, within(1.0));
    assertThat(r.failedByCause()).containsOnlyKeys("resize-downtime");
    // each type on its own line, as the compute fleet's: a month of trials of 2 h
    double months = 730 / 2.0;
    assertThat(r.costByComponentUsd().get("ec2:app (m5.large on-demand)"))
        .isCloseTo(
            3600 * Catalog.onDemandUsd("us-east-1", "m5.large") / 3600 * months, within(1e-6));
    assertThat(r.costByComponentUsd().get("ec2:app (m5.xlarge on-demand)"))
        .isCloseTo(
            (7200 - 3600 - 120) * Catalog.onDemandUsd("us-east-1", "m5.xlarge") / 3600 * months,
            within(1e-6));
  }

  /** `archsim explain` says a tier's spot share and its CPU credits under its line. */
  @Test
  void explainSaysATiersSpotShareAndCredits() {
    ComputeTier app =
        new ComputeTier(
            "app",
            "t3.large",
            Map.of("us-east-1a", 2),
            new ComputeTier.Credits(ComputeTier.CreditMode.STANDARD, 36.0),
            null,
            null,
            new ComputeTier.Purchase(null, null, new ComputeTier.Spot(0.5, 0.6, 0.1, 1)));
    Architecture a =
        ChainTiersTest.withApp(
            Scenarios.fullSpeed("m5.xlarge", 4, new Entry.ElasticIps()),
            ChainTiersTest.app(app, 10));
    List<String> lines =
        new dev.archsim.engine.component.ChainComponent()
            .explain(
                (dev.archsim.engine.model.ChainTiers) a.parts().get("tiers"),
                a,
                Scenarios.constant(10, 10, 20));
    assertThat(lines)
        .contains(
            "    purchase: spot for 50 % above 1 on-demand, 60 % off, 0.1 interruptions per"
                + " instance-month",
            "    CPU credits: standard, 36 at the start, earning 36 an hour; baseline 30 % a vCPU");
  }

  /** Four m5.large app instances (2 vCPU, 100 ms a request: 20 req/s each) in a fixed group. */
  static ComputeTier refreshedApp() {
    return new ComputeTier(
        "app",
        "m5.large",
        Map.of("us-east-1a", 4),
        null,
        null,
        new ComputeTier.AutoScaling(
            4,
            4,
            4,
            List.of(new ComputeTier.TargetTracking(50)),
            List.of(),
            "elb",
            0,
            120,
            180,
            false),
        null);
  }

  static StageSummary deployAtOneHour(Integer min, Integer max, double rate) {
    Architecture a =
        ChainTiersTest.withApp(
            Scenarios.fullSpeed("m5.xlarge", 4, new Entry.ElasticIps()),
            ChainTiersTest.app(refreshedApp(), 100));
    Faults f =
        new Faults(
            null,
            null,
            List.of(
                new dev.archsim.engine.component.ChainComponent.TierDeployment(
                    Duration.ofHours(1), "app", min, max)));
    return ChainTiersTest.simulate(a, Scenarios.constant(rate, 10, 20), f, Duration.ofHours(3), 1);
  }

  /**
   * A tier deployment (an instance refresh) with the internal ALB's default checks (30 s interval,
   * 5 healthy: 120 to 150 s) and a 120 s boot. At 100 % / 200 % four new instances launch beside
   * the old ones, which leave once the last new one is healthy and drain for the ALB's default 300
   * s: 4 × (120 + 120..150 + 300) instance-seconds more, nothing failed. At 50 % / 100 % two are
   * stopped and two launched, then the other two: 50 req/s on 2 instances (25 each against 20)
   * overloads for two boots and checks, as the M/M/2+D queue gives; at the refresh's default 90 % /
   * 100 % one at a time, 3 instances carry it (16.7 each) and almost nothing fails.
   */
  @Test
  void aTierDeploymentReplacesItsInstancesWithinTheRefreshsBounds() {
    double rate = 50;
    StageSummary none =
        ChainTiersTest.simulate(
            ChainTiersTest.withApp(
                Scenarios.fullSpeed("m5.xlarge", 4, new Entry.ElasticIps()),
                ChainTiersTest.app(refreshedApp(), 100)),
            Scenarios.constant(rate, 10, 20),
            Faults.NONE,
            Duration.ofHours(3),
            1);
    StageSummary surge = deployAtOneHour(100, 200, rate);
    double hourly = Catalog.onDemandUsd("us-east-1", "m5.large");
    double extraSeconds =
        (surge.costByComponentUsd().get("ec2:app (m5.large on-demand)")
                - none.costByComponentUsd().get("ec2:app (m5.large on-demand)"))
            / hourly
            / (730 / 3.0)
            * 3600;
    assertThat(extraSeconds).isBetween(4 * (120 + 120 + 300.0), 4 * (120 + 150 + 300.0));
    assertThat(surge.countersPerTrial().getOrDefault("tier.app.overload", 0.0)).isZero();

    double onTwo = new MmcdQueue(2, 10, rate / 2, 10).timeoutFraction();
    StageSummary half = deployAtOneHour(50, 100, rate);
    double lower = rate * onTwo * 2 * (120 + 120);
    double upper = rate * onTwo * 2 * (120 + 150) * 1.02;
    assertThat(half.countersPerTrial().get("tier.app.overload")).isBetween(lower, upper);
    StageSummary refresh = deployAtOneHour(null, null, rate);
    assertThat(refresh.countersPerTrial().getOrDefault("tier.app.overload", 0.0))
        .isLessThan(0.01 * lower);
  }

  /**
   * Reserved instances of a tier or a worker fleet, as the compute fleet's: the first `count`
   * on-demand instances running are covered, and the reservation is paid at its discount every
   * hour, used or not. Four m5.large app instances with 2 reserved (1 year, no upfront) bill two on
   * demand and two reserved; one c7g.large worker with 2 reserved bills nothing on demand and both
   * reservations.
   */
  @Test
  void reservedInstancesOfATierAndOfWorkersBillAsTheComputeFleetsDo() {
    ComputeTier.Purchase twoReserved =
        new ComputeTier.Purchase(new ComputeTier.Reserved(2, "1y", "no-upfront", null), null, null);
    double d = Catalog.reservedDiscount("1y", "no-upfront").orElseThrow().usd();
    ComputeTier app =
        new ComputeTier("app", "m5.large", Map.of("us-east-1a", 4), null, null, null, twoReserved);
    StageSummary tier = simulate(app, 100, 10, Duration.ofHours(1));
    double large = Catalog.onDemandUsd("us-east-1", "m5.large") * 730;
    assertThat(tier.costByComponentUsd().get("ec2:app (m5.large on-demand)"))
        .isCloseTo(2 * large, within(1e-6));
    assertThat(tier.costByComponentUsd().get("ec2:app (m5.large reserved 1y no-upfront)"))
        .isCloseTo(2 * large * (1 - d), within(1e-6));

    dev.archsim.engine.model.AsyncQueue.Workers w =
        new dev.archsim.engine.model.AsyncQueue.Workers(
            new ComputeTier(
                "workers", "c7g.large", Map.of("us-east-1a", 1), null, null, null, twoReserved),
            1,
            100,
            null);
    StageSummary workers =
        QueueWorkersTest.run(
            QueueWorkersTest.arch(QueueWorkersTest.queue(w)), 5, Faults.NONE, Duration.ofHours(1));
    double c7g = Catalog.onDemandUsd("us-east-1", "c7g.large") * 730;
    assertThat(
            workers
                .costByComponentUsd()
                .getOrDefault("ec2:workers (c7g.large on-demand, queue workers)", 0.0))
        .isCloseTo(0, within(1e-6));
    assertThat(workers.costByComponentUsd().get("ec2:workers (c7g.large reserved 1y no-upfront)"))
        .isCloseTo(2 * c7g * (1 - d), within(1e-6));
  }
}
