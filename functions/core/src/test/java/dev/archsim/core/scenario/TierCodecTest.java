package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data tier, edge, serverless, queue and DR fields: mapping, defaults and every problem. */
class TierCodecTest {
  private final ScenarioCodec codec = new ScenarioCodec();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "three-tier-10m-pv.json",
        "dr-strategies.json",
        "ten-million-users.json",
        "db-failover.json",
        "region-failover-routing.json"
      })
  void everyLibraryScenarioIsValid(String file) throws Exception {
    ScenarioParseResult r =
        codec.parseJson(Files.readString(Path.of("../../events/scenarios").resolve(file)));
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void theTiersMapWithTheirDefaults() throws Exception {
    Scenario s =
        codec
            .parseJson(Files.readString(Path.of("../../events/scenarios/three-tier-10m-pv.json")))
            .orThrow();
    var two = s.stage(1).architecture();
    assertThat(two.cdn().hitRatio()).isEqualTo(0.9);
    assertThat(two.cdn().s3Origin()).isTrue();
    assertThat(two.cache().nodes()).isEqualTo(2);
    assertThat(two.database().readReplicas()).isEqualTo(2);
    assertThat(two.database().queryMs()).isEqualTo(Database.DEFAULT_RDS_QUERY_MS);
    var three = s.stage(2).architecture();
    assertThat(three.compute()).isNull();
    assertThat(three.functions().snapStart()).isTrue();
    assertThat(three.entry()).isEqualTo(new Entry.ApiGateway(false, 10_000, 30));
    assertThat(three.database().engine()).isEqualTo(Database.Engine.DYNAMODB);
    assertThat(three.queue().maxReceiveCount()).isEqualTo(5);
    // 10 M page views x 10 requests in a 730-hour month
    assertThat(s.workload().requestsPerSecond()).isCloseTo(1e8 / 2_628_000, within(1e-9));
    assertThat(s.workload().users()).hasSize(3);
    DisasterRecovery dr =
        codec
            .parseJson(Files.readString(Path.of("../../events/scenarios/dr-strategies.json")))
            .orThrow()
            .stage(2)
            .architecture()
            .dr();
    assertThat(dr.strategy()).isEqualTo(DisasterRecovery.Strategy.WARM_STANDBY);
    assertThat(dr.ttlSeconds()).isEqualTo(60);
    assertThat(dr.failureThreshold()).isEqualTo(3);
  }

  @Test
  void activeUsersGiveTheRate() {
    String doc =
        """
        {"version": 1, "name": "u", "workload": {"activeUsers": 86400, "requestsPerUserPerDay": 10,
           "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 2}}}]}
        """;
    assertThat(codec.parseJson(doc).orThrow().workload().requestsPerSecond()).isEqualTo(10.0);
  }

  @Test
  void everyProblemOfTheNewTiersIsListed() {
    String doc =
        """
        {"version": 1, "name": "bad tiers",
         "workload": {"requestsPerSecond": 50,
           "users": [{"region": "us-east-1", "share": 0.5}, {"region": "mars-north-1", "share": 0.2}],
           "profile": {"cpuMsPerRequest": 10, "dbReadsPerRequest": 2}},
         "faults": {"scheduled": [{"type": "consumer-outage", "at": "PT1H", "duration": "PT1H"}]},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 1},
           "cache": {"engine": "dax", "hitRatio": 0.5},
           "database": {"engine": "dynamodb", "readReplicas": 2, "proxy": true},
           "dr": {"strategy": "pilot-light"}}},
          {"name": "b", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"}, "functions": {"memoryMb": 512},
           "database": {"engine": "rds", "instanceClass": "db.z9.huge", "capacity": {"mode": "on-demand"}},
           "dr": {"strategy": "warm-standby", "secondaryRegion": "us-east-1", "standbyShare": 0}}}]}
        """;
    ScenarioParseResult r = codec.parseJson(doc);
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            "$.workload.users[1].region",
            "$.workload.users",
            "$.faults.scheduled[0]",
            "$.stages[0].architecture.database.readReplicas",
            "$.stages[0].architecture.database.proxy",
            "$.stages[0].architecture.dr.secondaryRegion",
            "$.stages[1].architecture.entry",
            "$.stages[1].architecture.database.instanceClass",
            "$.stages[1].architecture.database.capacity",
            "$.stages[1].architecture.dr.secondaryRegion",
            "$.stages[1].architecture.dr.standbyShare");
    assertThat(paths).doesNotHaveDuplicates();
    assertThat(r.errors())
        .filteredOn(v -> v.path().equals("$.stages[0].architecture.database.readReplicas"))
        .allMatch(v -> v.message().contains("no read replicas"));
  }

  @Test
  void aHitRatioOutsideZeroToOneIsASchemaError() {
    String doc =
        """
        {"version": 1, "name": "h", "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 2},
           "cdn": {"hitRatio": 1.5},
           "database": {"engine": "rds", "instanceClass": "db.m5.large"},
           "cache": {"hitRatio": -0.1}}}]}
        """;
    List<String> paths = codec.parseJson(doc).errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            "$.stages[0].architecture.cdn.hitRatio", "$.stages[0].architecture.cache.hitRatio");
  }

  @Test
  void latencyRoutingInOneRegionIsAWarning() {
    String doc =
        """
        {"version": 1, "name": "l", "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "route53", "ttlSeconds": 60, "routing": "latency"},
           "compute": {"instanceType": "m5.large", "countPerAz": 2}}}]}
        """;
    ScenarioParseResult r = codec.parseJson(doc);
    assertThat(r.isValid()).isTrue();
    assertThat(r.violations())
        .anyMatch(v -> !v.isError() && v.path().equals("$.stages[0].architecture.entry.routing"));
  }

  @Test
  void computeAndFunctionsAreExclusive() {
    String doc =
        """
        {"version": 1, "name": "x", "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "api-gateway"}, "compute": {"instanceType": "m5.large"}, "functions": {}}}]}
        """;
    assertThat(codec.parseJson(doc).errors())
        .anyMatch(v -> v.path().equals("$.stages[0].architecture"));
  }
}
