package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioCodecTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  private final ScenarioCodec codec = new ScenarioCodec();

  @Test
  void theWhatIsTheTimeLibraryScenarioIsValid() throws Exception {
    ScenarioParseResult r =
        codec.parseJson(Files.readString(LIBRARY.resolve("whatisthetime.json")));
    assertThat(r.violations()).isEmpty();
    Scenario s = r.scenario().orElseThrow();
    assertThat(s.stages()).hasSize(3);
    assertThat(s.run().horizon()).isEqualTo(Duration.ofDays(30));
    assertThat(s.workload().pattern()).isEqualTo(new TrafficPattern.Daily(1.6, 13));
    assertThat(s.stage(0).architecture().entry()).isInstanceOf(Entry.ElasticIps.class);
    assertThat(s.stage(2).architecture().entry()).isInstanceOf(Entry.LoadBalancer.class);
    assertThat(s.stage(1).architecture().compute().totalInstances()).isEqualTo(3);
  }

  @Test
  void everySchemaAndSemanticProblemIsListedWithItsPath() {
    String doc =
        """
        {"version": 1, "name": "broken", "colour": "red",
         "run": {"trials": 0, "horizon": "30 days"},
         "workload": {"requestsPerSecond": -5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [
           {"name": "a", "architecture": {"region": "us-east-1", "azs": [],
              "entry": {"type": "elastic-ip"}, "compute": {"instanceType": "m5.large"}}},
           {"name": "b", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
              "entry": {"type": "elastic-ip"}, "compute": {"instanceType": "t9.enormous"}}}
         ]}
        """;
    ScenarioParseResult r = codec.parseJson(doc);
    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths)
        .contains(
            "$",
            "$.run.trials",
            "$.run.horizon",
            "$.workload.requestsPerSecond",
            "$.stages[0].architecture.azs",
            "$.stages[1].architecture.compute.instanceType");
    assertThat(r.errors()).anyMatch(v -> v.path().equals("$") && v.message().contains("colour"));
    // messages are English whatever the default locale (tests run with de_DE)
    assertThat(r.errors())
        .filteredOn(v -> v.path().equals("$.run.trials"))
        .allMatch(v -> v.message().contains("minimum"));
  }

  @Test
  void yamlAndJsonGiveTheSameScenario() {
    String yaml =
        """
        version: 1
        name: tiny
        workload: {requestsPerSecond: 5, profile: {cpuMsPerRequest: 10}}
        stages:
          - name: one
            architecture:
              region: ap-northeast-2
              azs: [ap-northeast-2a, ap-northeast-2c]
              entry: {type: alb}
              compute: {instanceType: t3.micro, countPerAz: 2}
        """;
    String json =
        """
        {"version": 1, "name": "tiny",
         "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "one", "architecture": {"region": "ap-northeast-2",
           "azs": ["ap-northeast-2a", "ap-northeast-2c"], "entry": {"type": "alb"},
           "compute": {"instanceType": "t3.micro", "countPerAz": 2}}}]}
        """;
    Scenario a = codec.parse("s.yaml", yaml).orThrow();
    Scenario b = codec.parse("s.json", json).orThrow();
    assertThat(a).isEqualTo(b);
    assertThat(a.stage(0).architecture().compute().totalInstances()).isEqualTo(4);
    assertThat(((Entry.LoadBalancer) a.stage(0).architecture().entry()).healthCheck())
        .isEqualTo(Entry.HealthCheck.ALB_DEFAULT);
  }

  @Test
  void malformedJsonIsOneProblemAtTheRootWithItsPosition() {
    ScenarioParseResult r = codec.parseJson("{\"version\": 1,\n \"name\": }");
    assertThat(r.errors())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$");
              assertThat(v.message()).contains("line 2");
            });
  }

  @Test
  void moreElasticIpsThanTheQuotaIsAcceptedWithAWarning() {
    String doc =
        """
        {"version": 1, "name": "eips",
         "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "six", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "elastic-ip"}, "compute": {"instanceType": "m5.large", "countPerAz": 6}}}]}
        """;
    ScenarioParseResult r = codec.parseJson(doc);
    assertThat(r.isValid()).isTrue();
    assertThat(r.warnings())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("quota of 5"));
  }
}
