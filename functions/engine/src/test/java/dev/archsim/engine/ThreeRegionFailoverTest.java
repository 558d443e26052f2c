package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Active-active over three regions (us-east-1, eu-west-1, ap-northeast-2), users in each: every
 * user region is served by its nearest healthy region. Losing one, its users' requests fail from
 * the loss until Route 53 declares it unhealthy (the trial's detection d), then their clients move
 * to their next nearest region linearly over one TTL: λ·s·(d + TTL/2) requests lost, s the share of
 * users whose nearest region it was. Afterwards those users are served from the next region, one
 * round trip further away.
 */
class ThreeRegionFailoverTest {
  static final double RATE = 100;
  static final double TTL = 60;
  static final List<String> OTHERS = List.of("eu-west-1", "ap-northeast-2");
  static final List<Workload.Users> USERS =
      List.of(
          new Workload.Users("us-east-1", 0.5),
          new Workload.Users("eu-west-1", 0.3),
          new Workload.Users("ap-northeast-2", 0.2));

  /** An outage off every step grid, two hours long. */
  static final Duration AT = Duration.ofDays(1).plusSeconds(7);

  static final Duration FOR = Duration.ofHours(2);

  static DisasterRecovery threeRegions(double standbyShare) {
    return new DisasterRecovery(
        Strategy.ACTIVE_ACTIVE,
        "eu-west-1",
        standbyShare,
        30,
        3,
        TTL,
        false,
        0,
        0,
        0,
        24,
        1,
        300,
        100,
        OTHERS);
  }

  static Architecture arch(double standbyShare) {
    return TiersTest.arch(null, null, null, threeRegions(standbyShare), TiersTest.alb());
  }

  static StageSummary run(Faults faults) {
    return TiersTest.run(
        arch(1.0),
        TiersTest.workload(RATE, 0, 0, USERS),
        faults,
        Duration.ofDays(2),
        Duration.ofMinutes(10),
        1);
  }

  static long counter(StageSummary s, String key) {
    return Math.round(s.countersPerTrial().getOrDefault(key, 0.0));
  }

  @Test
  void losingOneOfThreeRegionsLosesItsUsersRequestsForTheDetectionAndHalfATtl() {
    // the users of eu-west-1 are one region's share; their next nearest region is us-east-1
    assertThat(Services.roundTripMs("eu-west-1", "us-east-1"))
        .isLessThan(Services.roundTripMs("eu-west-1", "ap-northeast-2"));
    double share = 0.3;
    StageSummary quiet = run(TiersTest.scheduled());
    StageSummary lost = run(TiersTest.scheduled(new Faults.RegionOutage(AT, FOR, "eu-west-1")));

    double d = lost.meanDetectionSeconds();
    assertThat(d).isBetween(64.0, 94.0); // Route 53, 30 s x 3 (docs/decisions/014)
    double failed = RATE * share * (d + TTL / 2);
    assertThat(lost.failedByCause()).containsOnlyKeys("region-outage");
    assertThat((double) lost.requestsFailed()).isCloseTo(failed, within(failed * 0.001));
    // the recovery ends when every client has moved
    assertThat(lost.recovery().rtoMean()).isCloseTo(d + TTL, within(0.01));

    // moved: served from us-east-1 for the rest of the outage
    double outage = FOR.toSeconds();
    double moved = RATE * share * (outage - d - TTL / 2);
    long toPrimary =
        counter(lost, "region.us-east-1.requests") - counter(quiet, "region.us-east-1.requests");
    assertThat((double) toPrimary).isCloseTo(moved, within(moved * 0.001));
    long atEu =
        counter(quiet, "region.eu-west-1.requests") - counter(lost, "region.eu-west-1.requests");
    assertThat((double) atEu).isCloseTo(failed + moved, within((failed + moved) * 0.001));

    // the latency shift: the moved requests carry the round trip to us-east-1 (eu-west-1 users
    // were at 0 ms from eu-west-1); the failed ones are no longer in the mean
    double rtt = Services.roundTripMs("eu-west-1", "us-east-1");
    double total = quiet.requestsServed();
    // every user region has a region of its own (round trip 0): without the outage each request
    // takes the network and service time alone, the same everywhere
    double base = quiet.latencyMeanMs();
    double expectedMean =
        (quiet.latencyMeanMs() * total - failed * base + moved * rtt) / (total - failed);
    assertThat(lost.latencyMeanMs()).isCloseTo(expectedMean, within(0.01 * (expectedMean - base)));
    assertThat(lost.latencyMeanMs() - quiet.latencyMeanMs())
        .isCloseTo(moved * rtt / total, within(0.02 * moved * rtt / total));
  }

  @Test
  void losingThePrimaryMovesItsUsersToTheirNextNearestRegion() {
    String next =
        Services.roundTripMs("us-east-1", "eu-west-1")
                < Services.roundTripMs("us-east-1", "ap-northeast-2")
            ? "eu-west-1"
            : "ap-northeast-2";
    double share = 0.5;
    StageSummary quiet = run(TiersTest.scheduled());
    StageSummary lost = run(TiersTest.scheduled(new Faults.RegionOutage(AT, FOR)));
    double d = lost.meanDetectionSeconds();
    double failed = RATE * share * (d + TTL / 2);
    assertThat((double) lost.requestsFailed()).isCloseTo(failed, within(failed * 0.001));
    double moved = RATE * share * (FOR.toSeconds() - d - TTL / 2);
    long there =
        counter(lost, "region." + next + ".requests")
            - counter(quiet, "region." + next + ".requests");
    assertThat((double) there).isCloseTo(moved, within(moved * 0.001));
    // the third region's users never noticed
    String third = next.equals("eu-west-1") ? "ap-northeast-2" : "eu-west-1";
    assertThat(counter(lost, "region." + third + ".requests"))
        .isEqualTo(counter(quiet, "region." + third + ".requests"));
  }

  @Test
  void surviveOneLossNeedsEachRegionToCarryWhatItsNeighboursSendIt() {
    // 300 req/s at 20 ms of CPU on m5.large (2 vCPUs): the peak needs 3.0 instances at full CPU;
    // losing us-east-1 sends its 50 % to eu-west-1, which then serves 80 %: 2.4 instances' worth
    // on the 2 it runs (standbyShare 1 of the primary's 2)
    var w =
        new Workload(
            300,
            new dev.archsim.engine.model.TrafficPattern.Constant(),
            new dev.archsim.engine.model.RequestProfile(20, 2048, 20, 10_000, 0, 0, 0),
            USERS);
    var s =
        TiersTest.scenario(
            arch(1.0), w, TiersTest.scheduled(), Duration.ofDays(1), Duration.ofMinutes(10), 1);
    List<Finding> findings = StaticAnalyzer.analyze(s, 0);
    assertThat(findings)
        .filteredOn(f -> f.component().equals("dr:active-active"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains("losing us-east-1 sends 80 % of the users to eu-west-1")
                    .contains("whose 2 instances are short of the 2.4")
                    .contains("standbyShare of at least 1.20"));
  }

  @Test
  void everyProblemOfTheRegionsAndTheirOutagesIsListedInOnePass() {
    DisasterRecovery warm =
        new DisasterRecovery(
            Strategy.WARM_STANDBY,
            "eu-west-1",
            0.5,
            30,
            3,
            TTL,
            false,
            5,
            0,
            0,
            24,
            1,
            300,
            100,
            List.of("eu-west-1", "us-east-1", "mars-north-1"));
    var s =
        TiersTest.scenario(
            TiersTest.arch(null, null, null, warm, TiersTest.alb()),
            TiersTest.workload(RATE, 0, 0, USERS),
            TiersTest.scheduled(
                new Faults.RegionOutage(AT, FOR, "sa-east-1"),
                new Faults.RegionOutage(AT, FOR, "eu-west-1")),
            Duration.ofDays(2),
            Duration.ofMinutes(10),
            1);
    var problems = new dev.archsim.engine.validate.ScenarioValidator().validate(s);
    String dr = "$.stages[0].architecture.dr";
    assertThat(problems)
        .extracting(v -> v.path())
        .contains(
            dr + ".regions",
            dr + ".regions[1]",
            dr + ".regions[2]",
            "$.stages[0].faults.scheduled[0].region")
        // the secondary region of a two-region strategy can be lost too (docs/decisions/029)
        .doesNotContain("$.stages[0].faults.scheduled[1].region");
    assertThat(problems)
        .filteredOn(v -> v.path().equals(dr + ".regions"))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("needs strategy active-active"));
    assertThat(problems)
        .filteredOn(v -> v.path().equals("$.stages[0].faults.scheduled[0].region"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .isEqualTo(
                        "'sa-east-1' is not a region of the stage: its regions are us-east-1 and"
                            + " [eu-west-1, us-east-1, mars-north-1]"));
  }
}
