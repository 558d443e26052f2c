package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.Violation;
import dev.archsim.engine.validate.WorkEstimate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The work budget: the scenarios that held a machine for minutes to hours a trial are refused with
 * their estimate and the budget, and every scenario of the library runs under the default.
 */
class WorkBudgetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScenarioCodec codec = new ScenarioCodec();

  /** A one-stage fleet behind an ALB over three AZs, 100 trials of 30 days. */
  private static ObjectNode fleet(int perAz) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            """
            {"version": 1, "name": "fleet",
             "run": {"horizon": "P30D", "trials": 100},
             "workload": {"requestsPerSecond": 100, "profile": {"cpuMsPerRequest": 20}},
             "stages": [{"name": "fleet", "architecture": {
               "region": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"],
               "entry": {"type": "alb"},
               "compute": {"instanceType": "m5.large", "countPerAz": %d}}}]}
            """
                .formatted(perAz));
  }

  private static ObjectNode faults(ObjectNode doc) {
    return doc.putObject("faults");
  }

  /** Instances failing every {@code mtbfHours} on average, replaced automatically. */
  private static void instanceFailures(ObjectNode doc, double mtbfHours) {
    faults(doc)
        .putObject("instance")
        .put("mtbfHours", mtbfHours)
        .putObject("recovery")
        .put("type", "replace");
  }

  private Violation rejectedOnBudget(ObjectNode doc) {
    ScenarioParseResult r = codec.parseTree(doc);
    assertThat(r.isValid()).as("%s", r.violations()).isFalse();
    List<Violation> budget =
        r.errors().stream().filter(v -> v.message().contains("work units")).toList();
    assertThat(budget).as("%s", r.errors()).hasSize(1);
    Violation v = budget.get(0);
    assertThat(v.message())
        .contains("over the budget of " + WorkEstimate.units(Limits.DEFAULT_MAX_WORK))
        .contains("--max-work");
    return v;
  }

  @Test
  void oneHourMtbfOnAHundredThousandInstancesIsRefusedWithItsEstimate() throws Exception {
    ObjectNode doc = fleet(1);
    ObjectNode compute = (ObjectNode) doc.get("stages").get(0).get("architecture").get("compute");
    compute.remove("countPerAz");
    compute
        .putObject("placement")
        .put("us-east-1a", 33_334)
        .put("us-east-1b", 33_333)
        .put("us-east-1c", 33_333);
    instanceFailures(doc, 1);
    Violation v = rejectedOnBudget(doc);
    assertThat(v.path()).isEqualTo("$.faults.instance.mtbfHours");
    // 100,000 instances × 720 h / 1 h = 7.2e7 failures a trial, 4 events each over 3 AZs
    assertThat(v.message())
        .contains("instance failures (100000 instances × 720 h / mtbfHours 1)")
        .contains("≈ 7.2e+07 a trial");
    Scenario s = new ScenarioCodec(Limits.DEFAULT.withMaxWork(1e30)).parseTree(doc).orThrow();
    assertThat(WorkEstimate.of(s).total()).isGreaterThan(50 * Limits.DEFAULT_MAX_WORK);
  }

  @Test
  void aThousandthOfAnHourMtbfIsRefusedEvenOnTwoInstances() throws Exception {
    ObjectNode doc = fleet(1);
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            doc.get("stages").get(0).get("architecture").get("azs"))
        .remove(2);
    instanceFailures(doc, 0.001);
    Violation v = rejectedOnBudget(doc);
    assertThat(v.path()).isEqualTo("$.faults.instance.mtbfHours");
    assertThat(v.message()).contains("2 instances × 720 h / mtbfHours 0.001");
  }

  @Test
  void azOutagesAtABillionAYearAreRefused() throws Exception {
    ObjectNode doc = fleet(2);
    faults(doc).putObject("az").put("ratePerYear", 1e9).put("meanDurationHours", 1);
    // the schema bounds the rate (8760 a year, one an hour) ...
    ScenarioParseResult r = codec.parseTree(doc);
    assertThat(r.errors()).extracting(Violation::path).containsExactly("$.faults.az.ratePerYear");
    // ... and the budget refuses it too where no schema is checked (a model built in code)
    Scenario s =
        new ScenarioCodec(Limits.DEFAULT.withMaxWork(1e30)).parseAccepted(doc.toString()).orThrow();
    List<Violation> v =
        new dev.archsim.engine.validate.ScenarioValidator()
            .validate(s).stream().filter(Violation::isError).toList();
    assertThat(v).extracting(Violation::path).containsExactly("$.faults.az.ratePerYear");
    assertThat(v.get(0).message())
        .contains("AZ outages (ratePerYear 1.00e+09 × 0.0822 years × 3 AZs)")
        .contains("over the budget of " + WorkEstimate.units(Limits.DEFAULT_MAX_WORK));
  }

  @Test
  void hourlyAzOutagesOnALargeFleetAreRefusedWithTheEstimate() throws Exception {
    ObjectNode doc = fleet(10_000);
    faults(doc).putObject("az").put("ratePerYear", 8760).put("meanDurationHours", 0.5);
    Violation v = rejectedOnBudget(doc);
    assertThat(v.path()).isEqualTo("$.faults.az.ratePerYear");
    assertThat(v.message()).contains("AZ outages (ratePerYear 8760 × 0.0822 years × 3 AZs)");
  }

  @Test
  void requestModeAtTenBillionRequestsATrialIsRefused() throws Exception {
    ObjectNode doc = fleet(1);
    ((ObjectNode) doc.get("run")).put("mode", "requests").put("horizon", "P1D").put("trials", 1);
    // 1.16e5 requests a second for a day: 1e10 requests, at the request mode's own limit
    ((ObjectNode) doc.get("workload")).put("requestsPerSecond", 1e10 / 86_400);
    Violation v = rejectedOnBudget(doc);
    assertThat(v.path()).isEqualTo("$.workload.requestsPerSecond");
    assertThat(v.message()).contains("simulated requests").contains("≈ 1.0e+10 a trial");
  }

  @Test
  void theBudgetIsConfigurable() throws Exception {
    ObjectNode doc = fleet(1);
    instanceFailures(doc, 0.01);
    double estimate = estimate(doc);
    assertThat(
            new ScenarioCodec(Limits.DEFAULT.withMaxWork(estimate * 1.01)).parseTree(doc).isValid())
        .isTrue();
    ScenarioParseResult tight =
        new ScenarioCodec(Limits.DEFAULT.withMaxWork(estimate * 0.99)).parseTree(doc);
    assertThat(tight.errors()).hasSize(1);
    assertThat(tight.errors().get(0).message())
        .contains("estimated at " + WorkEstimate.units(estimate))
        .contains("budget of " + WorkEstimate.units(estimate * 0.99));
  }

  @Test
  void moreTrialsFailuresOrStepsCostMore() throws Exception {
    ObjectNode doc = fleet(2);
    instanceFailures(doc, 100);
    double base = estimate(doc);
    ObjectNode moreTrials = doc.deepCopy();
    ((ObjectNode) moreTrials.get("run")).put("trials", 200);
    assertThat(estimate(moreTrials)).isEqualTo(2 * base);
    ObjectNode moreFailures = doc.deepCopy();
    ((ObjectNode) moreFailures.get("faults").get("instance")).put("mtbfHours", 10);
    assertThat(estimate(moreFailures)).isGreaterThan(5 * base);
    ObjectNode daily = doc.deepCopy();
    ((ObjectNode) daily.get("workload"))
        .putObject("pattern")
        .put("type", "daily")
        .put("peakFactor", 1.5);
    ObjectNode fineDaily = daily.deepCopy();
    ((ObjectNode) fineDaily.get("run")).put("step", "PT10S");
    assertThat(estimate(fineDaily)).isGreaterThan(5 * estimate(daily));
  }

  private double estimate(ObjectNode doc) {
    Scenario s = new ScenarioCodec(Limits.DEFAULT.withMaxWork(1e30)).parseTree(doc).orThrow();
    return WorkEstimate.of(s).total();
  }

  @Test
  void everyLibraryScenarioRunsWellUnderTheDefaultBudget() throws Exception {
    List<String> docs = new ArrayList<>();
    try (var files = Files.list(ScenarioCodecTest.LIBRARY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        docs.add(Files.readString(f));
      }
    }
    try (InputStream in = ProcessShard.class.getResourceAsStream(ProcessShard.WARM_UP_SCENARIO)) {
      docs.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(docs).hasSizeGreaterThanOrEqualTo(7);
    double heaviest = 0;
    for (String doc : docs) {
      ScenarioParseResult r = codec.parseJson(doc);
      assertThat(r.isValid()).as("%s", r.violations()).isTrue();
      double work = WorkEstimate.of(r.scenario().orElseThrow()).total();
      heaviest = Math.max(heaviest, work);
    }
    // a margin: the heaviest library scenario could run with five times its trials
    assertThat(heaviest * 5).isLessThan(Limits.DEFAULT_MAX_WORK);
  }
}
