package dev.archsim.engine;

import static dev.archsim.engine.TiersTest.DAY;
import static dev.archsim.engine.TiersTest.alb;
import static dev.archsim.engine.TiersTest.arch;
import static dev.archsim.engine.TiersTest.rds;
import static dev.archsim.engine.TiersTest.run;
import static dev.archsim.engine.TiersTest.scheduled;
import static dev.archsim.engine.TiersTest.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.CacheComponent;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Cache;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ElastiCache Serverless (ECPU and GB-hour billing, throttling beyond its ECPU/second maximum, no
 * node to lose) and the failover of a replicated Redis shard, each against its closed form.
 */
class CacheServerlessAndFailoverTest {
  static Cache serverless(double hitRatio, double dataGb, double itemKb, double maxEcpu) {
    return new Cache(
        "redis", null, 1, hitRatio, false, 10, new Cache.Serverless(dataGb, itemKb, maxEcpu));
  }

  @Test
  void serverlessBillsAnEcpuPerKilobyteOfEveryGetAndFillingSetAndItsDataHours() {
    Workload w = workload(100, 2, 0);
    Architecture a = arch(rds(true, 0, null, false), serverless(0.8, 5, 2.5, 0), null, null, alb());
    StageSummary s = run(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    // 200 reads/s, each a GET, the 20 % that miss a SET too: 200 × 1.2 requests/s of 3 ECPUs
    // (2.5 KB rounds up to 3)
    double ecpus = 200 * 1.2 * 3 * 86_400;
    assertThat(s.countersPerTrial().get("cache.ecpus")).isCloseTo(ecpus, within(1.0));
    assertThat(s.countersPerTrial().get("cache.hits")).isCloseTo(200 * 0.8 * 86_400, within(1.0));
    double ecpuUsd = Services.usd(CacheComponent.ELASTICACHE_SERVERLESS_ECPU, "us-east-1");
    double gbHourUsd = Services.usd(CacheComponent.ELASTICACHE_SERVERLESS_GB_HOUR, "us-east-1");
    assertThat(ecpuUsd).isEqualTo(0.0034 / 1e6);
    assertThat(gbHourUsd).isEqualTo(0.125);
    double month = 730 / 24.0; // the day's bill scaled to a 730-hour month
    assertThat(s.costByComponentUsd().get("elasticache serverless (ECPU)"))
        .isCloseTo(ecpus * ecpuUsd * month, within(0.01));
    assertThat(s.costByComponentUsd().get("elasticache serverless (data)"))
        .isCloseTo(5 * 24 * gbHourUsd * month, within(0.01));
  }

  @Test
  void lessThanAGigabyteIsBilledAsOne() {
    Workload w = workload(10, 1, 0);
    Architecture a = arch(rds(true, 0, null, false), serverless(0.5, 0.2, 1, 0), null, null, alb());
    StageSummary s = run(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    assertThat(s.costByComponentUsd().get("elasticache serverless (data)"))
        .isCloseTo(
            24
                * Services.usd(CacheComponent.ELASTICACHE_SERVERLESS_GB_HOUR, "us-east-1")
                * 730
                / 24,
            within(0.001));
  }

  @Test
  void beyondItsEcpuMaximumTheCacheThrottlesGetsAndTheDatabaseAnswersThem() {
    Workload w = workload(100, 2, 0);
    // demand 200 reads/s × (2 − 0.8) × 1 ECPU = 240 ECPU/s against a maximum of 120
    Architecture a = arch(rds(true, 0, null, false), serverless(0.8, 1, 1, 120), null, null, alb());
    StageSummary s = run(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    double hit = 0.8 * 120 / 240;
    assertThat(s.countersPerTrial().get("cache.hits")).isCloseTo(200 * hit * 86_400, within(1.0));
    assertThat(s.countersPerTrial().get("db.reads"))
        .isCloseTo(200 * (1 - hit) * 86_400, within(1.0));
    assertThat(
            StaticAnalyzer.analyze(
                    TiersTest.scenario(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1), 0)
                .stream()
                .map(f -> f.message()))
        .anySatisfy(m -> assertThat(m).contains("240 ECPU/s, above its maximum of 120"));
  }

  @Test
  void anAzOutageTakesNothingFromAServerlessCache() {
    Workload w = workload(100, 2, 0);
    Architecture a = arch(rds(true, 0, null, false), serverless(0.8, 1, 1, 0), null, null, alb());
    StageSummary s =
        run(
            a,
            w,
            scheduled(new Faults.AzOutage("us-east-1a", Duration.ofHours(6), Duration.ofHours(1))),
            DAY,
            Duration.ofMinutes(5),
            1);
    assertThat(s.countersPerTrial().get("cache.hits")).isCloseTo(200 * 0.8 * 86_400, within(1.0));
  }

  @Test
  void aReplicatedRedisShardFailsOverAndItsReadsGoToTheDatabaseMeanwhile() {
    Workload w = workload(100, 2, 0);
    Cache redis = new Cache("redis", "cache.r6g.large", 2, 0.8, true, 10);
    Architecture a = arch(rds(true, 0, null, false), redis, null, null, alb());
    StageSummary calm = run(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    StageSummary failed =
        run(
            a,
            w,
            scheduled(new Faults.CacheNodeFailure(Duration.ofHours(6))),
            DAY,
            Duration.ofMinutes(5),
            1);
    // one shard of two misses for the failover, then answers warm from the promoted replica
    double extraReads = 200 * 0.8 * 0.5 * CacheComponent.REDIS_FAILOVER_SECONDS;
    assertThat(failed.countersPerTrial().get("db.reads") - calm.countersPerTrial().get("db.reads"))
        .isCloseTo(extraReads, within(1.0));
    // an AZ outage fails over the shard whose primary is there, the same way
    StageSummary az =
        run(
            a,
            w,
            scheduled(new Faults.AzOutage("us-east-1a", Duration.ofHours(6), Duration.ofHours(1))),
            DAY,
            Duration.ofMinutes(5),
            1);
    assertThat(az.countersPerTrial().get("db.reads") - calm.countersPerTrial().get("db.reads"))
        .isCloseTo(extraReads, within(1.0));
  }

  @Test
  void everyMistakeOfAServerlessCacheIsReportedAtItsPath() {
    Cache bad =
        new Cache("dax", "cache.r6g.large", 3, 0.8, true, 10, new Cache.Serverless(-1, 0, -5));
    List<Violation> out = new ArrayList<>();
    new CacheComponent()
        .rules(bad, arch(rds(true, 0, null, false), bad, null, null, alb()), "$.c", out);
    assertThat(out)
        .extracting(Violation::path)
        .contains(
            "$.c.serverless",
            "$.c.nodeType",
            "$.c.nodes",
            "$.c.replicated",
            "$.c.serverless.dataGb",
            "$.c.serverless.itemKb",
            "$.c.serverless.maxEcpuPerSecond");
    List<Violation> fault = new ArrayList<>();
    new CacheComponent()
        .faultRules(
            new Faults.CacheNodeFailure(Duration.ofHours(1)),
            serverless(0.5, 1, 1, 0),
            "$.f",
            fault);
    assertThat(fault).singleElement().satisfies(v -> assertThat(v.message()).contains("no nodes"));
  }
}
