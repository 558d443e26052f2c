package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.DatabaseComponent;
import dev.archsim.engine.component.S3StorageComponent;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.result.StageSummary;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claims of events/scenarios/scaling-signals.json, each against its closed form: a daily cosine
 * of r(t) = 400 (1 + 0.8 cos(2π (t − 14 h) / 1 day)) requests a second (80 at night, 720 at the
 * peak) over 35 days, each request 2 reads and 0.5 writes; an Auto Scaling group of m7g.large on
 * ALB request count per target (6000 a minute), Aurora Serverless v2 sized at 70 % of 250 queries
 * an ACU in 0.5-ACU steps, an S3 bucket under seed 001's lifecycle; stage 2 adds a queue of the
 * writes consumed by c7g.large workers on backlog per instance.
 */
class ScalingSignalsTest {
  static final double DAY = 86_400;
  static final double HORIZON = 35 * DAY;
  static final double MONTH = 730 * 3600;
  static final double R = 400;
  static final TrafficPattern.Daily DAILY = new TrafficPattern.Daily(1.8, 14);
  static final double PER_TARGET = 6000;
  static final int MIN = 2;

  /** Queries one ACU serves a second: 1000 a vCPU, 4 ACUs a vCPU. */
  static final double QUERIES_PER_ACU = 1000 / 4.0;

  static final double TARGET_UTILISATION = 0.7;
  static final double DOUBLING_SECONDS = 16;
  static final double SCALE_DOWN_DELAY_SECONDS = 90;
  static final double WRITING = 1 - Math.exp(-0.5);

  static List<StageSummary> stages;

  @BeforeAll
  static void simulate() throws Exception {
    Scenario scenario = Library.load("scaling-signals.json");
    stages = Library.simulate(scenario);
  }

  static double rate(double t) {
    return R * DAILY.factorAt(t);
  }

  /** The capacity Aurora aims at for a load in queries a second: 70 % busy, 0.5-ACU steps. */
  static double acuTarget(double queriesPerSecond) {
    double need = Math.ceil(queriesPerSecond / QUERIES_PER_ACU / TARGET_UTILISATION / 0.5) * 0.5;
    return Math.min(16, Math.max(0.5, need));
  }

  /** The mean over a day, second by second, of f(r(t)). */
  interface OfRate {
    double at(double r);
  }

  static double dayMean(OfRate f) {
    double sum = 0;
    for (int s = 0; s < DAY; s++) {
      sum += f.at(rate(s + 0.5));
    }
    return sum / DAY;
  }

  /**
   * Target tracking on requests per target asks for ceil(60 r / 6000) instances, at least 2: 8 at
   * the 720-a-second peak (ceil(7.2)), 2 at night (ceil(0.8) = 1, below the minimum). Over a day
   * the group runs the mean of that, give or take its lags: a scale-out three datapoints late plus
   * the boot and checks (at most 8 minutes) for each of the 6 instances added a day, a scale-in
   * fifteen datapoints late for each of the 6 removed.
   */
  @Test
  void theWebTierFollowsTheRequestsPerTargetOnGraviton() {
    StageSummary s = stages.get(0);
    assertThat(s.instancesMax())
        .isEqualTo((long) Math.ceil(60 * R * 1.8 / PER_TARGET))
        .isEqualTo(8);
    assertThat(Math.ceil(60 * R * 0.2 / PER_TARGET)).isEqualTo(1);
    assertThat(s.instancesMin()).isEqualTo(MIN);
    double needed = dayMean(r -> Math.max(MIN, Math.ceil(60 * r / PER_TARGET)));
    assertThat(needed).isCloseTo(4.613, within(0.001));
    assertThat(s.instancesMean()).isBetween(needed - 6 * 8 / 1440.0, needed + 6 * 15 / 1440.0);
    assertThat(s.failedByCause()).isEmpty();
    // Graviton priced from the catalog: the instance-seconds it ran at m7g.large's on-demand price
    double hours = s.instanceHoursPerTrial().get("m7g.large/on-demand");
    assertThat(hours).isCloseTo(s.instancesMean() * HORIZON / 3600, within(0.01 * hours));
    double usd = hours * Catalog.onDemandUsd("us-east-1", "m7g.large") * MONTH / HORIZON;
    assertThat(Library.cost(s, "ec2:web (m7g.large on-demand)")).isCloseTo(usd, within(0.01));
  }

  /**
   * Aurora Serverless v2 follows the day: 2.5 queries a request, at 70 % of 250 an ACU, in 0.5-ACU
   * steps, is 1.5 ACU at night and 10.5 at the peak. The capacity doubles in 16 s going up (well
   * within a step) and stays 90 s after the load falls: the ACU-hours are the day's mean target,
   * plus at most 0.5 ACU × 90 s for each of the 18 half-ACU steps down a day.
   */
  @Test
  void auroraServerlessBillsTheAcusTheDaysLoadAsksFor() {
    StageSummary s = stages.get(0);
    assertThat(acuTarget(2.5 * R * 0.2)).isEqualTo(1.5);
    assertThat(acuTarget(2.5 * R * 1.8)).isEqualTo(10.5);
    double meanTarget = dayMean(r -> acuTarget(2.5 * r));
    double lag = (10.5 - 1.5) / 0.5 * 0.5 * SCALE_DOWN_DELAY_SECONDS / DAY;
    double acuHours = Library.perTrial(s, "db.acuSeconds") / 3600;
    double hours = HORIZON / 3600;
    // the engine aims at each 5-minute step's mean load: within 0.5 % of the second-by-second mean
    assertThat(acuHours / hours).isBetween(meanTarget * 0.995, (meanTarget + lag) * 1.005);
    // well between what the night and the peak would bill all month: it scaled
    assertThat(acuHours).isGreaterThan(1.5 * hours * 3).isLessThan(10.5 * hours * 0.6);
    double usd =
        acuHours
            * Services.usd(DatabaseComponent.AURORA_SERVERLESS_V2_ACU_HOUR, "us-east-1")
            * MONTH
            / HORIZON;
    assertThat(Library.cost(s, "aurora serverless v2 (writer)")).isCloseTo(usd, within(0.01));
    // the capacity is never short: no query fails, the writer at most 70 % busy (to a step)
    assertThat(s.requestsFailed()).isZero();
    assertThat(s.peaks().get("db.writerUtilisationPct")).isBetween(60L, 72L);
  }

  /**
   * The bucket: 1000 GB at age zero and g = 300 GB a month after. On day 30 the 1000 GB move to
   * STANDARD_IA, then what was written after the start, a day's 9.86 GB each day: by day 35 the
   * class has held 1000 GB for 5 days plus g (5 days)² / 2 GB-seconds; the rest stayed STANDARD.
   * The transitions move 1000 GB + 5 days of writes, 1e6 / 512 objects a GB, billed per object.
   */
  @Test
  void theLifecyclesFirstTransitionFallsWithinTheRun() {
    StageSummary s = stages.get(0);
    double g = 300 / MONTH;
    double days5 = 5 * DAY;
    double ia = 1000 * days5 + g * days5 * days5 / 2;
    double all = 1000 * HORIZON + g * HORIZON * HORIZON / 2;
    double perMonth = MONTH / HORIZON;
    assertThat(Library.cost(s, "s3 (STANDARD_IA storage)"))
        .isCloseTo(
            ia
                / MONTH
                * Services.usd(S3StorageComponent.s3StorageGbMonth("STANDARD_IA"), "us-east-1")
                * perMonth,
            within(0.01));
    assertThat(Library.cost(s, "s3 (STANDARD storage)"))
        .isCloseTo(
            (all - ia)
                / MONTH
                * Services.usd(S3StorageComponent.s3StorageGbMonth("STANDARD"), "us-east-1")
                * perMonth,
            within(0.01));
    double objects = (1000 + g * days5) * 1e6 / 512;
    assertThat(Library.perTrial(s, "s3.transitions")).isCloseTo(objects, within(1.0));
    assertThat(Library.cost(s, "s3 (transitions)"))
        .isCloseTo(
            objects
                * Services.usd(S3StorageComponent.s3TransitionRequest("STANDARD_IA"), "us-east-1")
                * perMonth,
            within(0.01));
    // GLACIER (90 days) and DEEP_ARCHIVE (365) are not reached in 35 days: nothing billed there
    assertThat(s.costByComponentUsd().keySet())
        .noneMatch(k -> k.contains("GLACIER") || k.contains("DEEP_ARCHIVE"));
  }

  /**
   * Stage 2: the workers stop from 13:30 to 14:30 on day 3. The hour's messages wait, λ(t) = r(t)
   * (1 − e^−0.5) a second, about 1.02 million, the oldest an hour old; the backlog per worker
   * passes 6000 within a minute, so the group scales to its maximum 8 (ceil(1.02 M / 6000) is far
   * above) while they wait, and nothing expires (retention 4 days).
   */
  @Test
  void theWorkersScaleOnTheBacklogTheirOutageLeaves() {
    StageSummary s = stages.get(1);
    double from = 2 * DAY + 13.5 * 3600;
    double hour = R * WRITING * DAILY.meanFactor(from, from + 3600) * 3600;
    assertThat(hour).isCloseTo(1.018e6, within(1e3));
    double peakLambda = R * 1.8 * WRITING;
    assertThat(s.peaks().get("queue.maxBacklog").doubleValue())
        .isCloseTo(hour, within(peakLambda * 60));
    assertThat(s.peaks().get("queue.maxAgeSeconds").doubleValue()).isBetween(3600 - 300.0, 3600.0);
    assertThat(Math.ceil(hour / 6000)).isGreaterThan(8);
    assertThat(s.peaks().get("workers.maxInService")).isEqualTo(8L);
    assertThat(Library.perTrial(s, "queue.expired")).isZero();
    assertThat(Library.perTrial(s, "queue.consumed"))
        .isCloseTo(Library.perTrial(s, "queue.sent"), within(peakLambda * 300));
    // two workers would drain 2 × 200 − λ a second more than arrives: 2.4 hours for the backlog
    assertThat(hour / (2 * 200 - peakLambda) / 3600).isCloseTo(2.4, within(0.05));
  }

  /**
   * The drain's writes reach Aurora all at once: at 14:30 the reads alone, 2 r = 1435 queries a
   * second, had it at C₀ = 8.5 ACU; the 8 workers add 1600 writes a second, a load L of 12.1 ACU.
   * The capacity doubles every 16 s (τ = 16 / ln 2), so it is short until C₀ e^{u/τ} = L: the
   * queries beyond it, 250 ∫₀ᵘ (L − C₀ e^{t/τ}) dt = 250 (L u − C₀ τ (L/C₀ − 1)), bound the
   * requests that fail (each failing request has at least one query beyond the capacity), all as
   * overload.
   */
  @Test
  void theDrainsBurstOfWritesOutrunsAuroraWhileItScalesUp() {
    StageSummary s = stages.get(1);
    double reads = 2 * rate(2 * DAY + 14.5 * 3600);
    double c0 = acuTarget(reads);
    assertThat(c0).isEqualTo(8.5);
    double load = (reads + 8 * 200) / QUERIES_PER_ACU;
    double tau = DOUBLING_SECONDS / Math.log(2);
    double u = tau * Math.log(load / c0);
    double beyond = QUERIES_PER_ACU * (load * u - c0 * tau * (load / c0 - 1));
    double failed = (double) s.requestsFailed() / s.trials();
    assertThat(failed).isPositive().isLessThanOrEqualTo(beyond);
    assertThat(s.failedByCause().keySet()).containsExactly("overload");
    // the same day without the drain (stage 1) fails nothing
    assertThat(stages.get(0).requestsFailed()).isZero();
  }
}
