package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.S3StorageComponent;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageSummary;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 001's claims on events/scenarios/three-tier-10m-pv.json. */
class ThreeTierTest {
  static Scenario scenario;
  static List<StageSummary> stages;

  @BeforeAll
  static void simulate() throws Exception {
    scenario = Library.load("three-tier-10m-pv.json");
    stages = Library.simulate(scenario);
  }

  @Test
  void theWorkloadIsTenMillionPageViewsOfTenRequests() {
    // 10 M page views x 10 requests over a 730-hour month
    assertThat(scenario.workload().requestsPerSecond())
        .isCloseTo(1e8 / (730 * 3600.0), within(1e-9));
    double monthlyRequests = stages.get(0).requestsTotal() / (double) stages.get(0).trials();
    assertThat(monthlyRequests).isCloseTo(1e8 * 720 / 730, within(1e8 * 0.01));
  }

  @Test
  void everyStageMeetsTheAvailabilityTargetWithHighProbability() {
    for (StageSummary s : stages) {
      assertThat(s.availabilityMean()).as(s.name()).isGreaterThanOrEqualTo(0.999);
      assertThat(s.objectives().availabilityProbability())
          .as(s.name())
          .isGreaterThanOrEqualTo(0.95);
    }
  }

  @Test
  void cacheAndReplicasTakeTheReadsOffTheWriter() {
    StageSummary one = stages.get(0);
    StageSummary two = stages.get(1);
    // 80 % of the reads hit the cache: the database sees a fifth of them
    assertThat(Library.perTrial(two, "db.reads") / Library.perTrial(one, "db.reads"))
        .isCloseTo(0.2, within(0.005));
    assertThat(Library.perTrial(two, "cache.hits"))
        .isCloseTo(4 * Library.perTrial(two, "db.reads"), within(1e4));
    assertThat(two.peaks().get("db.writerUtilisationPct"))
        .isLessThan(one.peaks().get("db.writerUtilisationPct"));
    // 90 % of the static requests never reach the origin
    assertThat(Library.perTrial(two, "edge.hits"))
        .isCloseTo(0.8 * 0.9 * two.requestsTotal() / (double) two.trials(), within(1e5));
  }

  @Test
  void stageTwoKeepsTheAppTierOfStageOne() {
    // the seed's stage 2 adds CloudFront, the cache and replicas in front of the same three tiers:
    // each dynamic request (20 % of 100 M a month) still passes the two m5.large of the app tier
    for (StageSummary s : stages.subList(0, 2)) {
      assertThat(Library.perTrial(s, "tier.app.served"))
          .as(s.name())
          .isCloseTo(0.2 * 1e8 * 720 / 730, within(1e8 * 0.2 * 0.01));
      assertThat(Library.cost(s, "ec2:app (m5.large on-demand)"))
          .as(s.name())
          .isCloseTo(2 * 0.096 * 730, within(0.01));
    }
  }

  @Test
  void stageTwoLowersTheP99() {
    assertThat(stages.get(1).latencyP99Ms()).isLessThan(stages.get(0).latencyP99Ms());
    assertThat(stages.get(1).latencyP50Ms()).isLessThan(stages.get(0).latencyP50Ms() / 3);
  }

  @Test
  void costIsReportedByComponentFromTheCatalog() {
    // RDS Multi-AZ: writer and standby, 2 x $0.171 x 730 h
    assertThat(Library.cost(stages.get(0), "rds db.m5.large (writer + standby)"))
        .isCloseTo(2 * 0.171 * 730, within(0.01));
    // two replicated cache nodes (4 nodes) x $0.068 x 730 h
    assertThat(Library.cost(stages.get(1), "elasticache (cache.t3.medium)"))
        .isCloseTo(4 * 0.068 * 730, within(0.01));
    assertThat(Library.cost(stages.get(1), "rds db.m5.large (read replicas)"))
        .isCloseTo(2 * 0.171 * 730, within(0.01));
    // serverless: 20 % of 100 M requests reach API Gateway ($1/M) and Lambda ($0.20/M)
    double dynamic = 1e8 * 0.2 * 720 / 730;
    assertThat(Library.cost(stages.get(2), "api-gateway (HTTP)"))
        .isCloseTo(dynamic * 1e-6 * 730 / 720, within(0.05));
    assertThat(Library.cost(stages.get(2), "lambda:api (requests)"))
        .isCloseTo(dynamic * 0.2e-6 * 730 / 720, within(0.05));
    // 25 ms of CPU at 1024 MB (0.579 vCPU) = 43.2 ms per invocation, 1 GB
    assertThat(Library.cost(stages.get(2), "lambda:api (duration)"))
        .isCloseTo(1e8 * 0.2 * (25 / (1024 / 1769.0)) / 1000 * 0.0000166667, within(0.05));
    assertThat(stages.get(2).costByComponentUsd()).containsKeys("sqs", "sns");
    assertThat(stages.get(2).costByComponentUsd()).doesNotContainKey("data-transfer-out");
  }

  @Test
  void natGatewaysLogsAndTheLifecycleAreBilledAsTheSeedCountsThem() {
    // a month of 100 M requests, 20 % dynamic, 10 % of those calling out with 20 KB: 40 GB
    for (StageSummary s : stages.subList(0, 2)) {
      assertThat(Library.cost(s, "nat gateway (hours)")).isCloseTo(2 * 730 * 0.045, within(0.01));
      assertThat(Library.cost(s, "nat gateway (data processing)"))
          .isCloseTo(40 * 0.045, within(0.01));
      // 2 KB of logs a dynamic request: 40 GB a month at $0.50; kept forever, the stored logs
      // grow with the requests: over the 720-hour run r·T²/2 GB-hours, r = 40 GB / 730 h, at
      // $0.03/GB-month. The daily wave (peak 1.8×) moves the stored total by at most
      // r·0.8·24 h/2π at any time: 0.85 % of the integral over 30 days
      assertThat(Library.cost(s, "cloudwatch (log ingestion)")).isCloseTo(40 * 0.5, within(0.01));
      double gbMonths = 40 / 730.0 * 720 * 720 / 2 / 730;
      double storage = gbMonths * 0.03 * 730 / 720;
      assertThat(Library.cost(s, "cloudwatch (log storage)"))
          .isCloseTo(storage, within(0.0085 * storage));
    }
    assertThat(stages.get(2).costByComponentUsd()).doesNotContainKey("nat gateway (hours)");
    // stage 2's uploads: 50 GB a month (g an hour) for the 400 days before the run and during it,
    // and 100 GB at the start (in STANDARD for the whole 30-day run). Each class holds the uploads
    // of its ages: STANDARD 30 days' (g × 720 h) all along, STANDARD_IA 60 days', GLACIER 275
    // days', DEEP_ARCHIVE those older than 365 days, 35 days' at the start growing by g: over the
    // 720 h, g × (840 × 720 + 720² / 2) GB-hours. Each rule moves g × 720 GB of 512 KB objects
    double g = 50 / 730.0;
    double[] gbHours = {
      (100 + g * 720) * 720,
      g * 60 * 24 * 720,
      g * 275 * 24 * 720,
      g * (840 * 720 + 720 * 720 / 2.0)
    };
    String[] classes = {"STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE"};
    double transitions = 0;
    for (int c = 0; c < classes.length; c++) {
      double perGbMonth =
          Services.usd(S3StorageComponent.s3StorageGbMonth(classes[c]), "us-east-1");
      // a month of the run's bill: GB-hours / 730 GB-months, × 730 / 720
      assertThat(Library.cost(stages.get(1), "s3 (" + classes[c] + " storage)"))
          .as(classes[c])
          .isCloseTo(gbHours[c] / 720 * perGbMonth, within(1e-5));
      if (c > 0) {
        transitions +=
            g
                * 720
                * 1e6
                / 512
                * Services.usd(S3StorageComponent.s3TransitionRequest(classes[c]), "us-east-1");
      }
    }
    assertThat(Library.perTrial(stages.get(1), "s3.transitions"))
        .isCloseTo(3 * g * 720 * 1e6 / 512, within(1.0));
    assertThat(Library.cost(stages.get(1), "s3 (transitions)"))
        .isCloseTo(transitions * 730 / 720, within(1e-5));
    // the cache nodes and read replicas (≈ $448 a month) take stage 2 past the $1 500 budget, with
    // or without the NAT gateways and CloudWatch (≈ $88 a month, in both stages)
    StageSummary two = stages.get(1);
    assertThat(two.monthlyCostUsd()).isGreaterThan(1500);
    assertThat(
            two.monthlyCostUsd()
                - Library.cost(two, "nat gateway (hours)")
                - Library.cost(two, "nat gateway (data processing)")
                - Library.cost(two, "cloudwatch (log ingestion)")
                - Library.cost(two, "cloudwatch (log storage)"))
        .isGreaterThan(1500);
  }

  @Test
  void theQueueCarriesTheWritesInTheServerlessStage() {
    StageSummary three = stages.get(2);
    assertThat(Library.perTrial(three, "queue.sent")).isPositive();
    assertThat(Library.perTrial(three, "queue.consumed"))
        .isCloseTo(Library.perTrial(three, "queue.sent"), within(1.0));
    assertThat(three.failedByCause()).isEmpty();
  }
}
