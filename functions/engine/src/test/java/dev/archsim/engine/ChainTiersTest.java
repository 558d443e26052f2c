package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.ChainComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ChainTiers;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A chain of compute tiers (web → app) against the closed forms of two queues in series: the mean
 * latency is the sum of both tiers' M/M/c response times, the availability the product of each
 * tier's, an AZ outage hits both tiers, and each tier bills its own instance-hours.
 */
class ChainTiersTest {
  static final ChainTiers.Group WEB = new ChainTiers.Group("web", List.of());

  static ChainTiers.Tier app(ComputeTier fleet, double cpuMs) {
    return new ChainTiers.Tier(
        fleet,
        1,
        cpuMs,
        8080,
        new ChainTiers.Group("app", List.of(new ChainTiers.Rule("web", null, 8080))));
  }

  static Architecture withApp(Architecture a, ChainTiers.Tier... tiers) {
    return a.with(new ChainComponent(), new ChainTiers("10.0.0.0/16", WEB, List.of(tiers), null));
  }

  static StageSummary simulate(Architecture a, Workload w, Faults f, Duration horizon, int trials) {
    Scenario s =
        new Scenario(
            1,
            "chain",
            "",
            new RunSettings(
                horizon, Duration.ofMinutes(5), trials, 11, RunSettings.InitialState.ALL_HEALTHY),
            Objectives.NONE,
            null,
            null,
            List.of(new Stage("s", "", w, a, f)));
    return RunSummary.of(s, List.of(new Simulator().simulate(s, new Shard(0, 0, 0, trials))))
        .stages()
        .get(0);
  }

  static double mmcMs(int c, double mu, double lambda) {
    return 1000 * new MmcQueue(c, mu, lambda, Double.POSITIVE_INFINITY).meanResponseTime();
  }

  @Test
  void theMeanLatencyOfTwoTiersInSeriesIsTheSumOfTheirMmcResponseTimes() {
    // web: one m5.large (2 vCPU) at 100 ms a request, mu = 10/s, at 14 req/s (rho 0.7); app: one
    // m5.large at 40 ms, mu = 25/s, rho 0.28; both take every request (no static share)
    double lambda = 14;
    Architecture a =
        withApp(
            Scenarios.fullSpeed("m5.large", 1, new Entry.ElasticIps()),
            app(new ComputeTier("app", "m5.large", Map.of("us-east-1a", 1)), 40));
    StageSummary r =
        simulate(a, Scenarios.constant(lambda, 100, 20), Faults.NONE, Duration.ofHours(6), 2);
    double web = mmcMs(2, 10, lambda);
    double app = mmcMs(2, 25, lambda);
    assertThat(r.requestsFailed()).isZero();
    assertThat(r.latencyMeanMs()).isCloseTo(20 + web + app, within((20 + web + app) * 0.01));
    // without the app tier the mean is the web tier's alone: the chain added app's response time
    StageSummary alone =
        simulate(
            Scenarios.fullSpeed("m5.large", 1, new Entry.ElasticIps()),
            Scenarios.constant(lambda, 100, 20),
            Faults.NONE,
            Duration.ofHours(6),
            2);
    assertThat(r.latencyMeanMs() - alone.latencyMeanMs()).isCloseTo(app, within(app * 0.02));
  }

  @Test
  void anOverloadedAppTierFailsItsExcessAsOverloadCountedUnderItsName() {
    // app: one m5.large at 200 ms: capacity 2 × 5 = 10/s, offered 30/s; with a 10 s timeout
    // far above saturation the abandoned share tends to 1 − cμ/λ = 2/3
    Architecture a =
        withApp(
            Scenarios.fullSpeed("m5.xlarge", 4, new Entry.ElasticIps()),
            app(new ComputeTier("app", "m5.large", Map.of("us-east-1a", 1)), 200));
    StageSummary r =
        simulate(a, Scenarios.constant(30, 10, 20), Faults.NONE, Duration.ofHours(2), 1);
    double total = r.requestsTotal();
    assertThat(r.failedByCause().get("overload") / total).isCloseTo(2.0 / 3, within(0.01));
    assertThat(r.countersPerTrial().get("tier.app.overload"))
        .isCloseTo(r.failedByCause().get("overload") / (double) r.trials(), within(total * 0.001));
  }

  @Test
  void availabilityOfTwoTiersInSeriesIsTheProductOfEachTiersAvailability() {
    // each tier: one instance, MTBF 100 h, manual repair of 20 h: up a share 100/120 of the time,
    // independently, so the chain serves (100/120)^2 of the requests (ALB, fast health checks)
    double mtbf = 100;
    double mttrMinutes = 20 * 60;
    Architecture a =
        withApp(
            Scenarios.singleAz("m5.large", 1, Scenarios.alb(5, 2, 2)),
            app(new ComputeTier("app", "m5.large", Map.of("us-east-1a", 1)), 10));
    StageSummary r =
        simulate(
            a,
            Scenarios.constant(2, 10, 20),
            Scenarios.manual(mtbf, mttrMinutes),
            Duration.ofDays(60),
            200);
    double up = mtbf / (mtbf + mttrMinutes / 60);
    assertThat(r.availabilityMean())
        .isCloseTo(up * up, within(Math.max(0.01, 2 * r.availabilityCi95())));
    assertThat(r.countersPerTrial()).containsKey("tier.app.no-capacity");
  }

  @Test
  void anAzOutageHitsBothTiersUntilTheLoadBalancersDetectIt() {
    // web and app one instance in each of two AZs, fixed fleets; us-east-1a is lost for an hour:
    // half the targets of each tier are in it until each tier's health checks mark them, after a
    // uniform phase in the 5 s interval, one more interval and the 2 s timeout: 9.5 s on average.
    // Within a step the fluid model passes the tiers behind the web tier first (as it does the
    // data tier): the app tier fails half of the 100 req/s for 9.5 s, the web tier half of the
    // other 50; together 1 − (1/2)(1/2) of the requests in the window, as in either order
    Architecture base = Scenarios.zones("m5.large", Scenarios.alb(5, 2, 2), 1, 1);
    Architecture a =
        withApp(
            base,
            app(new ComputeTier("app", "m5.large", Map.of("us-east-1a", 1, "us-east-1b", 1)), 10));
    Faults f =
        new Faults(
            null,
            null,
            List.of(new Faults.AzOutage("us-east-1a", Duration.ofHours(1), Duration.ofHours(1))));
    StageSummary r = simulate(a, Scenarios.constant(100, 10, 20), f, Duration.ofHours(3), 200);
    double azOutage = r.failedByCause().getOrDefault("az-outage", 0L) / (double) r.trials();
    double atApp = r.countersPerTrial().get("tier.app.az-outage");
    double window = 9.5;
    assertThat(atApp).isCloseTo(100 * 0.5 * window, within(100 * 0.5 * window * 0.05));
    assertThat(azOutage).isCloseTo(100 * 0.75 * window, within(100 * 0.75 * window * 0.05));
    assertThat(r.failedByCause()).doesNotContainKey("no-capacity");
    // a fixed fleet's instances stay allocated through the outage: the app tier bills 2 instances
    // all along
    double hourly = Catalog.onDemandUsd("us-east-1", "m5.large");
    assertThat(r.costByComponentUsd().get("ec2:app (m5.large on-demand)"))
        .isCloseTo(2 * hourly * 730, within(0.01));
    assertThat(r.costByComponentUsd().get("alb:app (internal, hours)"))
        .isCloseTo(Services.usd("alb.hour", "us-east-1") * 730, within(0.01));
  }

  @Test
  void aScheduledFailureOfAnAppInstanceFailsItsShareUntilTheHealthChecksMarkIt() {
    // two app instances behind the internal ALB (checks every 5 s, 2 to mark unhealthy, 2 s
    // timeout: 9.5 s on average); one fails at 1 h and, with no recovery configured, stays down:
    // half the 100 req/s fail as unhealthy-target for 9.5 s, then the other serves them all
    Architecture a =
        withApp(
            Scenarios.zones("m5.large", Scenarios.alb(5, 2, 2), 2),
            app(new ComputeTier("app", "m5.large", Map.of("us-east-1a", 2)), 10));
    Faults f =
        new Faults(
            null,
            null,
            List.of(
                new ChainComponent.TierInstanceFailure(Duration.ofHours(1), "app", "us-east-1a")));
    StageSummary r = simulate(a, Scenarios.constant(100, 10, 20), f, Duration.ofHours(2), 200);
    double expected = 100 * 0.5 * 9.5;
    assertThat(r.countersPerTrial().get("tier.app.unhealthy-target"))
        .isCloseTo(expected, within(expected * 0.05));
    assertThat(r.failedByCause().getOrDefault("unhealthy-target", 0L) / (double) r.trials())
        .isCloseTo(expected, within(expected * 0.05));
    assertThat(r.failedByCause()).containsOnlyKeys("unhealthy-target");
  }
}
