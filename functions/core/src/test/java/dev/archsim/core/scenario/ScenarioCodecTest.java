package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
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
    assertThat(s.stages()).hasSize(8);
    assertThat(s.run().horizon()).isEqualTo(Duration.ofDays(30));
    assertThat(s.stage(0).workload().pattern()).isEqualTo(new TrafficPattern.Daily(1.6, 13));
    assertThat(s.stage(0).architecture().compute().credits().mode())
        .isEqualTo(ComputeTier.CreditMode.STANDARD);
    assertThat(s.stage(1).faults().scheduled()).hasAtLeastOneElementOfType(Faults.Resize.class);
    assertThat(s.stage(2).architecture().compute().totalInstances()).isEqualTo(3);
    assertThat(s.stage(3).architecture().entry())
        .isEqualTo(new Entry.Route53(3600, null, 30.0, "simple"));
    assertThat(s.stage(4).architecture().entry()).isInstanceOf(Entry.LoadBalancer.class);
    ComputeTier.AutoScaling asg = s.stage(5).architecture().compute().autoScaling();
    assertThat(asg.policies())
        .containsExactly(
            new ComputeTier.SimpleScaling(true, 70, 2, 60, 2, 300),
            new ComputeTier.SimpleScaling(false, 30, -1, 60, 5, 300));
    assertThat(s.stage(6).architecture().compute().placement()).containsEntry("us-east-1c", 1);
    assertThat(s.stage(7).architecture().compute().purchase().spot().share()).isEqualTo(0.5);
  }

  @Test
  void anAcceptedDocumentParsesToTheSameScenarioWithoutTheSchema() throws Exception {
    List<Path> library;
    try (var files = Files.list(LIBRARY)) {
      library = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(library).hasSizeGreaterThanOrEqualTo(6);
    ScenarioCodec stored = new ScenarioCodec();
    for (Path f : library) {
      String json = Files.readString(f);
      ScenarioParseResult accepted = stored.parseAccepted(json);
      assertThat(accepted.scenario()).as(f.toString()).isEqualTo(codec.parseJson(json).scenario());
      assertThat(accepted.violations()).isEqualTo(codec.parseJson(json).violations());
    }
    assertThat(stored.usedSchema()).isFalse();
  }

  @Test
  void anAcceptedDocumentStillFailsItsSemanticRulesAndWhatCannotBeMapped() {
    String doc =
        """
        {"version": 1, "name": "m", "run": {"horizon": "P1D"},
         "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "alb"},
           "compute": {"instanceType": "m5.large", "countPerAz": 1,
             "autoScaling": {"min": 4, "max": 2, "desired": 3}}}}]}
        """;
    ScenarioParseResult semantic = new ScenarioCodec().parseAccepted(doc);
    assertThat(semantic.isValid()).isFalse();
    assertThat(semantic.violations())
        .extracting(Violation::path)
        .contains("$.stages[0].architecture.compute.autoScaling.max");

    ScenarioParseResult unmappable =
        new ScenarioCodec().parseAccepted("{\"version\": 1, \"stages\": \"none\"}");
    assertThat(unmappable.isValid()).isFalse();
    assertThat(unmappable.violations()).extracting(Violation::path).contains("$.stages");
    assertThat(new ScenarioCodec().parseAccepted("[1, 2]").isValid()).isFalse();
    assertThat(new ScenarioCodec().parseAccepted("{").isValid()).isFalse();
  }

  @Test
  void newFieldsAreValidatedWithEveryProblem() {
    String doc =
        """
        {"version": 1, "name": "scaling", "run": {"horizon": "P1D"},
         "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "faults": {"scheduled": [{"type": "az-outage", "az": "us-east-1f", "at": "PT1H", "duration": "PT1H"},
                                  {"type": "resize", "at": "P3D", "toInstanceType": "m5.large"},
                                  {"type": "dns-removal", "at": "PT2H"}]},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
           "entry": {"type": "alb"},
           "compute": {"instanceType": "m5.large", "countPerAz": 1,
             "autoScaling": {"min": 4, "max": 2, "desired": 9,
               "policies": [{"type": "simple", "metric": "cpu", "comparison": "above", "thresholdPercent": 170, "adjustment": 0}]},
             "purchase": {"reserved": {"count": 5}, "spot": {"share": 1.5}}}}}]}
        """;
    ScenarioParseResult r = codec.parseJson(doc);
    assertThat(r.isValid()).isFalse();
    assertThat(r.violations())
        .extracting(Violation::path)
        .contains("$.stages[0].architecture.compute.purchase.spot.share");
    // the schema accepts the structure; fix the spot share and every semantic problem appears
    assertThat(r.violations())
        .extracting(Violation::path)
        .contains("$.stages[0].architecture.compute.autoScaling.policies[0].thresholdPercent");
    // the schema accepts the structure once the share and the percentage are in range; every
    // semantic problem appears
    ScenarioParseResult semantic =
        codec.parseJson(
            doc.replace("\"share\": 1.5", "\"share\": 0.5")
                .replace("\"thresholdPercent\": 170", "\"thresholdPercent\": 70"));
    assertThat(semantic.violations())
        .extracting(Violation::path)
        .contains(
            "$.faults.scheduled[0].az",
            "$.faults.scheduled[1].at",
            "$.faults.scheduled[2]",
            "$.stages[0].architecture.compute.autoScaling.max",
            "$.stages[0].architecture.compute.autoScaling.desired",
            "$.stages[0].architecture.compute.placement",
            "$.stages[0].architecture.compute.autoScaling.policies[0].adjustment",
            "$.stages[0].architecture.compute.purchase.reserved.count");
    assertThat(semantic.violations())
        .filteredOn(v -> v.path().endsWith("reserved.count"))
        .allMatch(v -> !v.isError());
  }

  @Test
  void anUnknownScalingMetricIsASchemaError() {
    String doc =
        """
        {"version": 1, "name": "m", "workload": {"requestsPerSecond": 5, "profile": {"cpuMsPerRequest": 10}},
         "stages": [{"name": "a", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"], "entry": {"type": "alb"},
           "compute": {"instanceType": "m5.large", "countPerAz": 2, "autoScaling": {"min": 2, "max": 4, "desired": 2,
             "policies": [{"type": "target-tracking", "metric": "memory", "targetPercent": 50}]}}}}]}
        """;
    assertThat(codec.parseJson(doc).errors())
        .anyMatch(
            v -> v.path().startsWith("$.stages[0].architecture.compute.autoScaling.policies[0]"));
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
            "$.colour",
            "$.run.trials",
            "$.run.horizon",
            "$.workload.requestsPerSecond",
            "$.stages[0].architecture.azs",
            "$.stages[1].architecture.compute.instanceType");
    assertThat(r.errors())
        .anyMatch(v -> v.path().equals("$.colour") && v.message().startsWith("unknown field"));
    // messages are English whatever the default locale (tests run with de_DE)
    assertThat(r.errors())
        .filteredOn(v -> v.path().equals("$.run.trials"))
        .allMatch(v -> v.message().equals("must be at least 1 (found 0)"));
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
