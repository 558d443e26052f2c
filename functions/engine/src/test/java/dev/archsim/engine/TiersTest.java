package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.CacheComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Functions;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tiers around compute, each against the number its mechanism gives: the data tier, the cache,
 * the queue, Lambda and API Gateway, DynamoDB capacity, region outages and DR, geography.
 */
class TiersTest {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b");
  static final Duration DAY = Duration.ofDays(1);

  static Workload workload(double rps, double reads, double writes) {
    return workload(rps, reads, writes, List.of());
  }

  static Workload workload(double rps, double reads, double writes, List<Workload.Users> users) {
    return new Workload(
        rps,
        new TrafficPattern.Constant(),
        new RequestProfile(10, 2048, 20, 10_000, 0, reads, writes),
        users);
  }

  /** Two m5.large in us-east-1b behind an ALB (never touched by an outage of us-east-1a). */
  static ComputeTier web() {
    return new ComputeTier("web", "m5.large", Map.of("us-east-1b", 2));
  }

  static Entry alb() {
    return Scenarios.alb(10, 2, 2);
  }

  static Database rds(boolean multiAz, int replicas, Double promotion, boolean proxy) {
    return new Database(
        Database.Engine.RDS,
        "db.m5.large",
        multiAz,
        replicas,
        2,
        proxy,
        "us-east-1a",
        Database.DEFAULT_QUERIES_PER_SECOND_PER_VCPU,
        Database.DEFAULT_RDS_QUERY_MS,
        null,
        false,
        promotion,
        100,
        null);
  }

  static Database dynamo(Database.DynamoCapacity capacity) {
    return new Database(
        Database.Engine.DYNAMODB,
        null,
        false,
        0,
        1,
        false,
        null,
        1000,
        Database.DEFAULT_DYNAMODB_QUERY_MS,
        capacity,
        false,
        null,
        100,
        null);
  }

  static Architecture arch(
      Database db, Cache cache, AsyncQueue queue, DisasterRecovery dr, Entry entry) {
    return new Architecture("us-east-1", AZS, entry, web(), db, queue, dr, Map.of())
        .with(new CacheComponent(), cache);
  }

  static StageSummary run(
      Architecture a, Workload w, Faults f, Duration horizon, Duration step, int trials) {
    Scenario s = scenario(a, w, f, horizon, step, trials);
    return RunSummary.of(s, List.of(new Simulator().simulate(s, new Shard(0, 0, 0, trials))))
        .stages()
        .get(0);
  }

  static Scenario scenario(
      Architecture a, Workload w, Faults f, Duration horizon, Duration step, int trials) {
    return new Scenario(
        1,
        "tiers",
        "",
        new RunSettings(horizon, step, trials, 5, RunSettings.InitialState.ALL_HEALTHY),
        Objectives.NONE,
        null,
        null,
        List.of(new Stage("s", "", w, a, f)));
  }

  static Faults scheduled(Faults.ScheduledFault... faults) {
    return new Faults(null, null, List.of(faults));
  }

  static long failed(StageSummary s, String cause) {
    return s.failedByCause().getOrDefault(cause, 0L);
  }

  @Test
  void aRegionOutageWithoutDrFailsEveryRequestForItsDuration() {
    StageSummary s =
        run(
            arch(null, null, null, null, alb()),
            workload(200, 0, 0),
            scheduled(new Faults.RegionOutage(DAY, Duration.ofHours(2))),
            Duration.ofDays(3),
            Duration.ofMinutes(5),
            2);
    assertThat(failed(s, "region-outage")).isEqualTo(2 * 200 * 7200L);
    assertThat(s.recovery().rtoMean()).isEqualTo(7200.0);
    assertThat(s.recovery().rpoMean()).isNaN(); // nothing written, nothing at risk
  }

  @Test
  void aSingleAzDatabaseIsDownForTheWholeAzOutageAndMultiAzFailsOver() {
    Workload w = workload(200, 1, 0);
    Faults outage = scheduled(new Faults.AzOutage("us-east-1a", DAY, Duration.ofHours(1)));
    StageSummary single =
        run(
            arch(rds(false, 0, null, false), null, null, null, alb()),
            w,
            outage,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            4);
    double touching = 1 - Math.exp(-1); // requests with at least one read (Poisson, mean 1)
    assertThat(failed(single, "az-outage") / 4.0).isCloseTo(touching * 200 * 3600, within(200.0));
    StageSummary multi =
        run(
            arch(rds(true, 0, null, false), null, null, null, alb()),
            w,
            outage,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            400);
    // failover uniform in [60, 120] s
    assertThat(failed(multi, "db-failover") / 400.0)
        .isCloseTo(touching * 200 * 90, within(touching * 200 * 90 * 0.05));
    assertThat(multi.recovery().rtoMean()).isBetween(85.0, 95.0);
    assertThat(failed(multi, "az-outage")).isZero();
  }

  @Test
  void readReplicasKeepReadsGoingWhileOnlyWritesWaitForThePromotion() {
    Workload w = workload(100, 3, 0.5);
    Faults crash = scheduled(new Faults.DatabaseFailure(DAY));
    StageSummary s =
        run(
            arch(rds(false, 1, 10.0, false), null, null, null, alb()),
            w,
            crash,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            50);
    double writing = 1 - Math.exp(-0.5);
    assertThat(failed(s, "db-failover") / 50.0).isCloseTo(writing * 100 * 600, within(1.0));
    assertThat(s.recovery().rtoMean()).isEqualTo(600.0);
    assertThat(s.recovery().rpoMean()).isBetween(1.0, 3.0); // exponential lag, mean 2 s
  }

  @Test
  void rdsProxyShortensTheFailoverBy66Percent() {
    Workload w = workload(100, 1, 0.2);
    Faults crash = scheduled(new Faults.DatabaseFailure(DAY));
    StageSummary plain =
        run(
            arch(rds(true, 0, null, false), null, null, null, alb()),
            w,
            crash,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            300);
    StageSummary proxy =
        run(
            arch(rds(true, 0, null, true), null, null, null, alb()),
            w,
            crash,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            300);
    assertThat(proxy.recovery().rtoMean() / plain.recovery().rtoMean())
        .isCloseTo(0.34, within(1e-6));
    assertThat(proxy.costByComponentUsd()).containsKey("rds proxy");
  }

  @Test
  void aLostCacheNodeSendsItsShareOfReadsToTheDatabaseUntilItIsWarmAgain() {
    Workload w = workload(100, 2, 0);
    Cache cache = new Cache("memcached", "cache.r6g.large", 2, 0.8, false, 10);
    Architecture a = arch(rds(true, 0, null, false), cache, null, null, alb());
    Duration step = Duration.ofSeconds(10);
    StageSummary calm = run(a, w, Faults.NONE, DAY, step, 1);
    StageSummary lost =
        run(a, w, scheduled(new Faults.CacheNodeFailure(Duration.ofHours(6))), DAY, step, 1);
    // half the keys gone for the 300 s replacement, then warming linearly over 600 s
    double extraReads = 100 * 2 * 0.8 * 0.5 * (300 + 600 / 2.0);
    double calmReads = calm.countersPerTrial().get("db.reads");
    assertThat(calmReads).isCloseTo(100 * 2 * 0.2 * 86400, within(1.0));
    assertThat(lost.countersPerTrial().get("db.reads") - calmReads)
        .isCloseTo(extraReads, within(extraReads * 0.03));
  }

  @Test
  void aQueueTurnsAConsumerOutageIntoBacklogInsteadOfFailures() {
    Workload w = workload(100, 0, 1);
    double messagesPerSecond = 100 * (1 - Math.exp(-1));
    AsyncQueue q = new AsyncQueue(1.0, 200, 5, 0.01, 96, 0, false);
    Faults outage = scheduled(new Faults.ConsumerOutage(DAY, Duration.ofHours(1)));
    StageSummary s =
        run(
            arch(rds(true, 0, null, false), null, q, null, alb()),
            w,
            outage,
            DAY.multipliedBy(2),
            Duration.ofMinutes(1),
            1);
    assertThat(s.requestsFailed()).isZero();
    assertThat((double) s.peaks().get("queue.maxBacklog"))
        .isCloseTo(messagesPerSecond * 3600, within(messagesPerSecond * 120));
    assertThat((double) s.peaks().get("queue.maxAgeSeconds")).isCloseTo(3600, within(120.0));
    double sent = s.countersPerTrial().get("queue.sent");
    assertThat(sent).isCloseTo(messagesPerSecond * 2 * 86400, within(2.0));
    assertThat(s.countersPerTrial().get("queue.consumed")).isCloseTo(sent, within(2.0));
    assertThat(s.countersPerTrial().get("queue.deadLettered")).isCloseTo(0.01 * sent, within(2.0));
  }

  @Test
  void aConsumerOutageIsAnIncidentMarkedAtItsStartAndItsEndAndRecoveredInItsDuration() {
    Workload w = workload(100, 0, 1);
    AsyncQueue q = new AsyncQueue(1.0, 200, 5, 0, 96, 0, false);
    // a second outage inside the first lengthens it: one incident, back at the later end
    Faults outages =
        scheduled(
            new Faults.ConsumerOutage(Duration.ofHours(6), Duration.ofHours(1)),
            new Faults.ConsumerOutage(Duration.ofMinutes(390), Duration.ofHours(1)),
            new Faults.ConsumerOutage(Duration.ofHours(20), Duration.ofMinutes(30)));
    Scenario s =
        scenario(
            arch(rds(true, 0, null, false), null, q, null, alb()),
            w,
            outages,
            DAY,
            Duration.ofMinutes(1),
            1);
    List<InfrastructureEventTest.Seen> queue =
        InfrastructureEventTest.events(s).stream()
            .filter(
                e ->
                    e.event() instanceof InfrastructureEvent.ConsumersStopped
                        || e.event() instanceof InfrastructureEvent.ConsumersBack)
            .toList();
    assertThat(queue)
        .containsExactly(
            new InfrastructureEventTest.Seen(
                6 * 3600, new InfrastructureEvent.ConsumersStopped(Duration.ofHours(1))),
            new InfrastructureEventTest.Seen(7.5 * 3600, new InfrastructureEvent.ConsumersBack()),
            new InfrastructureEventTest.Seen(
                20 * 3600, new InfrastructureEvent.ConsumersStopped(Duration.ofMinutes(30))),
            new InfrastructureEventTest.Seen(20.5 * 3600, new InfrastructureEvent.ConsumersBack()));
    StageSummary r = run(s.stage(0).architecture(), w, outages, DAY, Duration.ofMinutes(1), 1);
    // the Incidents table's figures: two incidents, recovered in 1.5 h and 30 min
    assertThat(r.incidentsPerTrial()).isEqualTo(2.0);
    assertThat(r.meanRecoverySeconds()).isCloseTo((5400 + 1800) / 2.0, within(1e-6));
    assertThat(r.maxRecoverySeconds()).isCloseTo(5400, within(1e-6));
    // not a failover: no recovery time or data-loss window tallied, no detection invented
    assertThat(r.recovery().perTrial()).isZero();
    assertThat(r.meanDetectionSeconds()).isNaN();
  }

  @Test
  void withoutAQueueTheSameWritesFailWhileTheDatabaseIsDown() {
    Workload w = workload(100, 0, 1);
    Faults crash = scheduled(new Faults.DatabaseFailure(DAY));
    AsyncQueue q = new AsyncQueue(1.0, 200, 5, 0, 96, 0, false);
    StageSummary sync =
        run(
            arch(rds(false, 0, null, false), null, null, null, alb()),
            w,
            crash,
            DAY.multipliedBy(2),
            Duration.ofMinutes(1),
            20);
    StageSummary async =
        run(
            arch(rds(false, 0, null, false), null, q, null, alb()),
            w,
            crash,
            DAY.multipliedBy(2),
            Duration.ofMinutes(1),
            20);
    assertThat(failed(sync, "db-failover")).isPositive();
    assertThat(async.requestsFailed()).isZero();
    assertThat(async.peaks().get("queue.maxBacklog")).isPositive();
  }

  @Test
  void lambdaThrottlesBeyondItsConcurrencyAndApiGatewayBeyondItsRate() {
    Functions fn = new Functions("api", 1769, 1000.0, 100, null, 0, 1500, false, 120, false);
    Workload w = workload(150, 0, 0);
    Architecture a = serverless(fn, new Entry.ApiGateway(false, 10_000, 30));
    StageSummary s = run(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    // 150 req/s x 1 s = 150 concurrent executions needed, 100 allowed: a third is throttled
    assertThat((double) failed(s, "throttled") / s.requestsTotal())
        .isCloseTo(1 / 3.0, within(1e-3));
    assertThat(s.peaks().get("lambda.maxConcurrency")).isEqualTo(100);
    // requests: $0.20 per million; duration: 1 s x 1769/1024 GB
    double invocations = 100 * 86400.0;
    double monthScale = 730 / 24.0;
    assertThat(s.costByComponentUsd().get("lambda:api (requests)"))
        .isCloseTo(invocations * 0.2e-6 * monthScale, within(0.01));
    assertThat(s.costByComponentUsd().get("lambda:api (duration)"))
        .isCloseTo(invocations * 1769 / 1024.0 * 0.0000166667 * monthScale, within(0.5));
    Architecture throttled =
        serverless(
            new Functions("api", 1769, 100.0, 1000, null, 0, 1500, false, 120, false),
            new Entry.ApiGateway(false, 120, 30));
    StageSummary g = run(throttled, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    assertThat((double) failed(g, "throttled")).isCloseTo(30 * 86400.0, within(1.0));
  }

  @Test
  void snapStartCutsTheColdStartTenfold() {
    Workload w = workload(50, 0, 0);
    Architecture plain =
        serverless(new Functions("f", 1769, 50.0, 1000, null, 0, 2000, false, 0.25, false));
    Architecture snap =
        serverless(new Functions("f", 1769, 50.0, 1000, null, 0, 2000, true, 0.25, false));
    StageSummary p = run(plain, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    StageSummary q = run(snap, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    // 2.5 environments recycled every 15 s: 10 cold starts a minute, 0.33 % of invocations
    assertThat(p.countersPerTrial().get("lambda.coldStarts")).isCloseTo(10 * 1440, within(30.0));
    assertThat(p.latencyP999Ms()).isGreaterThan(2000);
    assertThat(q.latencyP999Ms()).isLessThan(600);
  }

  static Architecture serverless(Functions fn) {
    return serverless(fn, new Entry.ApiGateway(false, 10_000, 30));
  }

  static Architecture serverless(Functions fn, Entry api) {
    return new Architecture("us-east-1", AZS, api, fn);
  }

  @Test
  void provisionedDynamoDbThrottlesOnceTheBurstBucketIsEmpty() {
    Workload w = workload(100, 2, 0);
    Architecture a =
        arch(dynamo(new Database.DynamoCapacity(false, 100, 10)), null, null, null, alb());
    StageSummary s = run(a, w, Faults.NONE, DAY, Duration.ofSeconds(60), 1);
    // 200 reads/s against 100 RCU: the 300 s burst (30,000 units) lasts 300 s, then half fail
    double reading = 1 - Math.exp(-2);
    assertThat((double) failed(s, "throttled"))
        .isCloseTo(reading * 0.5 * 100 * (86400 - 300), within(100 * 60.0));
    StageSummary onDemand =
        run(
            arch(dynamo(null), null, null, null, alb()),
            w,
            Faults.NONE,
            DAY,
            Duration.ofSeconds(60),
            1);
    assertThat(onDemand.requestsFailed()).isZero();
    assertThat(onDemand.costByComponentUsd().get("dynamodb (read request units)"))
        .isCloseTo(200 * 86400 * 0.125e-6 * 730 / 24.0, within(0.01));
  }

  @Test
  void farUsersPayTheRoundTripAndActiveActiveServesThemNearby() {
    List<Workload.Users> seoul = List.of(new Workload.Users("ap-northeast-2", 1.0));
    StageSummary local =
        run(
            arch(null, null, null, null, alb()),
            workload(100, 0, 0),
            Faults.NONE,
            DAY,
            Duration.ofMinutes(5),
            1);
    StageSummary far =
        run(
            arch(null, null, null, null, alb()),
            workload(100, 0, 0, seoul),
            Faults.NONE,
            DAY,
            Duration.ofMinutes(5),
            1);
    double rtt = Services.roundTripMs("us-east-1", "ap-northeast-2");
    assertThat(rtt).isBetween(150.0, 250.0);
    assertThat(far.latencyMeanMs() - local.latencyMeanMs()).isCloseTo(rtt, within(0.01));
    DisasterRecovery activeActive =
        new DisasterRecovery(
            DisasterRecovery.Strategy.ACTIVE_ACTIVE,
            "ap-northeast-2",
            1.0,
            30,
            3,
            60,
            false,
            0,
            0,
            0,
            24,
            0.5,
            120,
            100,
            List.of());
    StageSummary near =
        run(
            arch(null, null, null, activeActive, alb()),
            workload(100, 0, 0, seoul),
            Faults.NONE,
            DAY,
            Duration.ofMinutes(5),
            1);
    assertThat(near.latencyMeanMs()).isCloseTo(local.latencyMeanMs(), within(1.0));
  }

  @Test
  void stickySessionsAreLostWithTheInstancesThatHoldThem() {
    Entry.LoadBalancer sticky =
        new Entry.LoadBalancer(
            Entry.LoadBalancer.Kind.ALB, new Entry.HealthCheck(10, 2, 2, 2), true, 30, true, true);
    Entry.LoadBalancer plain =
        new Entry.LoadBalancer(
            Entry.LoadBalancer.Kind.ALB, new Entry.HealthCheck(10, 2, 2, 2), true, 30, false, true);
    Faults outage = scheduled(new Faults.AzOutage("us-east-1a", DAY, Duration.ofHours(1)));
    ComputeTier four = new ComputeTier("web", "m5.large", Map.of("us-east-1a", 2, "us-east-1b", 2));
    Workload w = workload(100, 0, 0);
    StageSummary s =
        run(
            new Architecture("us-east-1", AZS, sticky, four),
            w,
            outage,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            1);
    StageSummary p =
        run(
            new Architecture("us-east-1", AZS, plain, four),
            w,
            outage,
            DAY.multipliedBy(2),
            Duration.ofMinutes(5),
            1);
    // 25 req/s per target, 20 requests a session, 30-minute sessions: 2,250 open per instance
    assertThat((double) failed(s, "session-lost")).isCloseTo(2 * 2250, within(1.0));
    assertThat(failed(p, "session-lost")).isZero();
    assertThat(failed(s, "az-outage")).isEqualTo(failed(p, "az-outage"));
  }

  @Test
  void theMergedResultWithEveryTierIsTheSameHoweverTheTrialsAreSharded() {
    DisasterRecovery warm =
        new DisasterRecovery(
            DisasterRecovery.Strategy.WARM_STANDBY,
            "ap-northeast-2",
            0.5,
            30,
            3,
            60,
            false,
            5,
            0,
            0,
            24,
            1,
            120,
            100,
            List.of());
    Architecture a =
        arch(
            rds(true, 1, null, true),
            new Cache("redis", "cache.r6g.large", 2, 0.7, false, 10),
            new AsyncQueue(0.5, 500, 5, 0.01, 96, 1, true),
            warm,
            alb());
    Faults f =
        new Faults(
            null,
            new Faults.AzFaults(20, 1),
            List.of(new Faults.CacheNodeFailure(Duration.ofDays(2))),
            new Faults.RegionFaults(30, 2),
            new Faults.DatabaseFaults(200));
    Scenario s =
        scenario(
            a,
            workload(
                150,
                3,
                0.5,
                List.of(
                    new Workload.Users("us-east-1", 0.7), new Workload.Users("eu-west-1", 0.3))),
            f,
            Duration.ofDays(7),
            Duration.ofMinutes(5),
            12);
    Simulator sim = new Simulator();
    StageAccumulator whole = sim.simulate(s, new Shard(0, 0, 0, 12));
    StageAccumulator parts =
        sim.simulate(s, new Shard(0, 0, 7, 12))
            .merge(sim.simulate(s, new Shard(0, 0, 0, 3)))
            .merge(sim.simulate(s, new Shard(0, 0, 3, 7)));
    assertThat(parts).isEqualTo(whole);
    assertThat(whole.recovery().rtoEvents()).isPositive();
    assertThat(whole.counters()).containsKeys("queue.sent", "cache.hits", "db.reads");
  }
}
