package dev.archsim.engine;

import static dev.archsim.engine.TiersTest.AZS;
import static dev.archsim.engine.TiersTest.alb;
import static dev.archsim.engine.TiersTest.failed;
import static dev.archsim.engine.TiersTest.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.DatabaseComponent;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Aurora Serverless v2 against its mechanics in closed form: the capacity follows the load, growing
 * in proportion to itself (doubling every 16 s) toward the load at 70 % in 0.5-ACU steps, and
 * dropping 90 s after the load falls; queries beyond the capacity fail as beyond a provisioned
 * class; ACU-hours billed at the catalog's price.
 */
class AuroraServerlessTest {
  static final double TAU = 16 / Math.log(2);

  /** 40 queries per vCPU, so one ACU (a quarter of a vCPU's work) serves 10 a second. */
  static Database serverless(double minAcu, double maxAcu, int replicas) {
    return new Database(
        Database.Engine.AURORA,
        Database.ServerlessV2.INSTANCE_CLASS,
        false,
        replicas,
        1,
        false,
        "us-east-1a",
        40,
        Database.DEFAULT_RDS_QUERY_MS,
        null,
        false,
        null,
        100,
        new Database.ServerlessV2(minAcu, maxAcu));
  }

  static Architecture arch(Database db) {
    return new Architecture("us-east-1", AZS, alb(), web(), db, null, null, Map.of());
  }

  /** 10 requests a second of one read each, ×8 for 10 minutes every 4 hours from 02:00. */
  static Workload spiky() {
    List<ShapedPattern.Spike> spikes = new ArrayList<>();
    for (int h = 2; h < 24; h += 4) {
      spikes.add(new ShapedPattern.Spike(h * 3600.0, 600, 8));
    }
    return new Workload(
        10,
        new ShapedPattern(new TrafficPattern.Constant(), null, null, 0, spikes, List.of()),
        new RequestProfile(10, 2048, 20, 10_000, 0, 1, 0));
  }

  /** A day of the {@link #spiky} workload on {@code db}, in one-minute steps. */
  static Scenario spikyDay(Database db) {
    return TiersTest.scenario(
        arch(db), spiky(), Faults.NONE, Duration.ofDays(1), Duration.ofMinutes(1), 1);
  }

  /** {@link #spikyDay}'s result over {@code trials} trials. */
  static StageSummary day(Database db, int trials) {
    return TiersTest.run(
        arch(db), spiky(), Faults.NONE, Duration.ofDays(1), Duration.ofMinutes(1), trials);
  }

  @Test
  void aSpikeFailsTheQueriesBeyondTheCapacityWhileItDoublesUpToTheLoad() {
    StageSummary s = day(serverless(0.5, 16, 0), 2);
    // baseline 10 q/s = 1 ACU of work: 1/0.7 rounded up to 1.5 ACU; the spike's 80 q/s = 8 ACU
    // aims at 11.5 ACU. From 1.5 the capacity is 1.5 e^{t/τ}: it falls short of the load until
    // u = τ ln(8/1.5), and the share failing is 1 − C(t)/8, whose integral is
    // τ (ln(8/1.5) − (1 − 1.5/8)).
    double c0 = 1.5;
    double load = 8;
    double shortSeconds = TAU * (Math.log(load / c0) - (1 - c0 / load));
    double touching = 1 - Math.exp(-1); // requests with at least one read
    double perSpike = 80 * touching * shortSeconds;
    assertThat(failed(s, "overload") / 2.0).isCloseTo(6 * perSpike, within(1.0));
    assertThat(s.failedByCause().keySet()).containsOnly("overload");

    // ACU-seconds: 1.5 all day, and each spike ramps 1.5 → 11.5 in T = τ ln(11.5/1.5)
    // (∫ = 1.5 τ (11.5/1.5 − 1) = 10 τ), holds 11.5 for the rest of it and 90 s after it
    double ramp = TAU * Math.log(11.5 / 1.5);
    double extra = 10 * TAU + 11.5 * (600 - ramp) + 11.5 * 90 - 1.5 * (600 + 90);
    double acuSeconds = 1.5 * 86_400 + 6 * extra;
    assertThat(s.countersPerTrial().get("db.acuSeconds")).isCloseTo(acuSeconds, within(1.0));
    double price = Services.usd(DatabaseComponent.AURORA_SERVERLESS_V2_ACU_HOUR, "us-east-1");
    assertThat(price).isEqualTo(0.12);
    assertThat(s.costByComponentUsd().get("aurora serverless v2 (writer)"))
        .isCloseTo(acuSeconds / 3600 * price * 730 / 24, within(0.01));
  }

  @Test
  void aHigherMinimumMeetsTheSpikeAtOnce() {
    // a minimum of 12 ACU holds the spike's 8 ACU of work from its first second
    StageSummary s = day(serverless(12, 16, 0), 1);
    assertThat(failed(s, "overload")).isZero();
    assertThat(s.countersPerTrial().get("db.acuSeconds")).isCloseTo(12 * 86_400, within(1.0));
  }

  @Test
  void aMaximumBelowTheLoadFailsTheRestForTheWholeSpike() {
    // max 4 ACU: the spike's 8 ACU of work is half beyond it once the capacity reaches 4
    StageSummary s = day(serverless(0.5, 4, 0), 1);
    double c0 = 1.5;
    double load = 8;
    double up = TAU * Math.log(4 / c0); // reaches the maximum
    double rising = up - c0 * TAU / load * (4 / c0 - 1);
    double capped = (1 - 4 / load) * (600 - up);
    double touching = 1 - Math.exp(-1);
    assertThat((double) failed(s, "overload"))
        .isCloseTo(6 * 80 * touching * (rising + capped), within(1.0));
  }

  @Test
  void everyMistakeOfTheCapacityRangeIsReportedAtItsPath() {
    Database bad =
        new Database(
            Database.Engine.RDS,
            "db.r6g.large",
            false,
            0,
            1,
            true,
            null,
            40,
            2,
            null,
            false,
            null,
            100,
            new Database.ServerlessV2(0.3, 300));
    List<Violation> out = new ArrayList<>();
    new DatabaseComponent().rules(bad, arch(serverless(1, 2, 0)), "$.db", out);
    assertThat(out)
        .extracting(Violation::path)
        .contains(
            "$.db.serverless",
            "$.db.instanceClass",
            "$.db.serverless.minAcu",
            "$.db.serverless.maxAcu",
            "$.db.proxy");
    List<Violation> inverted = new ArrayList<>();
    new DatabaseComponent().rules(serverless(8, 4, 0), arch(serverless(1, 2, 0)), "$.db", inverted);
    assertThat(inverted)
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("minimum 8 ACU is above the maximum 4"));
  }

  @Test
  void findingsNameAMinimumBelowTheBaselineAndAMaximumBelowThePeak() {
    Scenario low = spikyDay(serverless(0.5, 4, 0));
    List<Finding> f = StaticAnalyzer.analyze(low, 0);
    assertThat(f)
        .extracting(Finding::message)
        .anySatisfy(d -> assertThat(d).contains("minimum 0.5 ACU is below the 1.5 ACU"))
        .anySatisfy(
            d -> assertThat(d).contains("maximum 4 ACU is below the 11.5 ACU the peak load needs"));
    Scenario ample = spikyDay(serverless(2, 16, 1));
    assertThat(StaticAnalyzer.analyze(ample, 0))
        .extracting(Finding::message)
        .noneSatisfy(d -> assertThat(d).contains("Aurora Serverless v2"));
  }
}
