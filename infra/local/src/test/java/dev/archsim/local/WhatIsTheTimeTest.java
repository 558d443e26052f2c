package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.ScenarioValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claims of seeds 000/003 for the eight WhatIsTheTime stages, on the library scenario, with the
 * expected numbers derived from the scenario's own parameters.
 */
class WhatIsTheTimeTest {
  static Scenario scenario;
  static List<StageSummary> stages;

  @BeforeAll
  static void simulate() throws Exception {
    scenario =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")))
            .orThrow();
    stages = simulate(scenario);
  }

  static List<StageSummary> simulate(Scenario s) {
    return dev.archsim.local.library.Library.simulate(s);
  }

  /** The scenario with one stage replaced by {@code stage} (and only that stage). */
  static Scenario only(Stage stage, int trials) {
    return new Scenario(
        1,
        "variant",
        "",
        scenario.run().withTrials(trials),
        scenario.objectives(),
        null,
        null,
        List.of(stage));
  }

  static Stage withEntryAndFaults(Stage s, Entry entry, Faults faults) {
    Architecture a = s.architecture();
    return new Stage(
        s.name(),
        s.description(),
        s.workload(),
        new Architecture(a.region(), a.azs(), entry, a.compute()),
        faults);
  }

  static long failed(StageSummary s, String cause) {
    return s.failedByCause().getOrDefault(cause, 0L);
  }

  @Test
  void stage1RunsOutOfCpuCreditsAndIsThrottled() {
    StageSummary one = stages.get(0);
    // 8 req/s × 20 ms is 16 % of the vCPU against a 10 % baseline: the 144-credit balance drains
    // at 3.6 credits/h on average, so the instance runs capped for most of the month
    assertThat(one.creditCappedHoursPerTrial()).isBetween(200.0, 720.0 - 144 / 3.6);
    assertThat(failed(one, "overload")).isGreaterThan(one.requestsTotal() / 5);
    assertThat(one.findings()).anyMatch(f -> f.message().contains("CPU credits run out"));
    assertThat(stages.get(1).creditCappedHoursPerTrial()).isLessThan(1.0);
  }

  @Test
  void stage2ResizeCostsTheStopStartDowntime() {
    Stage two = scenario.stage(1);
    Faults.Resize r =
        (Faults.Resize)
            two.faults().scheduled().stream()
                .filter(f -> f instanceof Faults.Resize)
                .findFirst()
                .orElseThrow();
    double at = r.at().toMillis() / 1000.0;
    double expected =
        two.workload().meanRate(at, at + r.downtimeSeconds())
            * r.downtimeSeconds()
            * stages.get(1).trials();
    assertThat((double) failed(stages.get(1), "resize-downtime"))
        .isCloseTo(expected, within(expected * 0.01));
    assertThat(failed(stages.get(1), "overload")).isZero();
    assertThat(stages.get(1).instanceHoursPerTrial())
        .containsKeys("t2.micro/on-demand", "m5.large/on-demand");
  }

  @Test
  void stage3LosesTheUsersOfADeadInstanceAndBreaksTheQuotaAtSixAddresses() {
    StageSummary three = stages.get(2);
    Faults.InstanceFaults f = scenario.stage(2).faults().instance();
    double mttrHours = ((Faults.ManualRepair) f.recovery()).mttrMinutes() / 60;
    double q = mttrHours / (f.mtbfHours() + mttrHours);
    double share = failed(three, "eip-instance-down") / (double) three.requestsTotal();
    assertThat(share).isCloseTo(q, within(q * 0.3));
    assertThat(three.findings()).noneMatch(x -> x.category().equals("quota"));

    Stage six = scenario.stage(2);
    ComputeTier c = six.architecture().compute();
    Architecture a = six.architecture();
    Stage bigger =
        new Stage(
            "six",
            "",
            six.workload(),
            new Architecture(
                a.region(),
                a.azs(),
                a.entry(),
                new ComputeTier(c.name(), c.instanceType(), Map.of("us-east-1a", 6))),
            six.faults());
    Scenario s = only(bigger, 1);
    assertThat(StaticAnalyzer.analyze(s, 0))
        .anyMatch(x -> x.category().equals("quota") && x.message().contains("quota of 5"));
    assertThat(new ScenarioValidator().validate(s))
        .anyMatch(v -> !v.isError() && v.message().contains("quota of 5"));
  }

  @Test
  void stage4KeepsFailingForHalfTheTtlAfterARemovalAndA60sTtlCutsThat60Fold() {
    Stage four = scenario.stage(3);
    Entry.Route53 dns = (Entry.Route53) four.architecture().entry();
    Faults.DnsRemoval removal =
        (Faults.DnsRemoval)
            four.faults().scheduled().stream()
                .filter(f -> f instanceof Faults.DnsRemoval)
                .findFirst()
                .orElseThrow();
    Faults onlyRemoval = new Faults(null, null, List.of(removal));
    double at = removal.at().toMillis() / 1000.0;
    long[] stale = new long[2];
    double[] ttls = {dns.ttlSeconds(), 60};
    for (int i = 0; i < 2; i++) {
      Entry entry = new Entry.Route53(ttls[i], null, dns.removalMinutes(), dns.routing());
      StageSummary r = simulate(only(withEntryAndFaults(four, entry, onlyRemoval), 1)).get(0);
      stale[i] = failed(r, "dns-stale");
      // the terminated instance's third of the clients moves away linearly over one TTL
      double expected = four.workload().meanRate(at, at + ttls[i]) / 3 * ttls[i] / 2;
      assertThat((double) stale[i]).isCloseTo(expected, within(expected * 0.03));
    }
    assertThat((double) stale[0] / stale[1]).isCloseTo(60.0, within(6.0));
    assertThat(failed(stages.get(3), "dns-stale")).isGreaterThan(stale[0] * stages.get(3).trials());
  }

  @Test
  void stage5BoundsTheLossByTheHealthCheckDetectionWindow() {
    StageSummary alb = stages.get(4);
    Entry.HealthCheck hc =
        ((Entry.LoadBalancer) scenario.stage(4).architecture().entry()).healthCheck();
    double mean =
        hc.intervalSeconds() / 2
            + (hc.unhealthyThreshold() - 1) * hc.intervalSeconds()
            + hc.timeoutSeconds();
    double worst = hc.unhealthyThreshold() * hc.intervalSeconds() + hc.timeoutSeconds();
    assertThat(alb.meanDetectionSeconds()).isCloseTo(mean, within(3.0));
    double peakRate = scenario.stage(4).workload().requestsPerSecond() * 1.6;
    // each instance failure loses at most a third of the peak traffic for the worst detection
    // window
    double bound = (alb.incidentsPerTrial() * alb.trials()) * peakRate / 3 * worst;
    assertThat((double) failed(alb, "unhealthy-target")).isLessThan(bound);
    assertThat(failed(alb, "unhealthy-target") * 20)
        .isLessThan(failed(stages.get(2), "eip-instance-down"));
    assertThat(alb.findings()).noneMatch(f -> f.category().equals("security"));
  }

  @Test
  void stage6FollowsTheDailyPeakAndCostsLessThanFixedPeakCapacity() {
    StageSummary six = stages.get(5);
    // 200 req/s × 1.8 at the peak × 20 ms = 7.2 vCPUs: above 70 % of 2 m5.large, so the group grows
    double peakVcpus = 200 * 1.8 * 0.020;
    assertThat(six.instancesMax())
        .isGreaterThanOrEqualTo((long) Math.ceil(peakVcpus / 2 / 0.7) - 1);
    assertThat(six.instancesMean()).isLessThan(0.8 * six.instancesMax());
    double fixedPeak = six.instancesMax() * 0.096 * 730;
    assertThat(six.costByComponentUsd().get("ec2:web (m5.large on-demand)")).isLessThan(fixedPeak);
  }

  @Test
  void stage7SurvivesTheAzOutageThatStage6DoesNot() {
    StageSummary six = stages.get(5);
    StageSummary seven = stages.get(6);
    assertThat(failed(seven, "az-outage") * 100).isLessThan(failed(six, "az-outage"));
    assertThat(seven.availabilityMean()).isGreaterThan(0.9999);
    assertThat(six.availabilityMean()).isLessThan(0.9995);
    assertThat(seven.instancesMin()).isGreaterThanOrEqualTo(3);
    // a failed instance is back after detection (~50 s), a 120 s boot and 5 healthy checks (~135 s)
    assertThat(seven.meanRecoverySeconds()).isBetween(250.0, 400.0);
    assertThat(seven.findings()).noneMatch(f -> f.category().equals("single-point-of-failure"));
  }

  @Test
  void stage8CostsMateriallyLessForTheSameAvailability() {
    StageSummary seven = stages.get(6);
    StageSummary eight = stages.get(7);
    assertThat(eight.monthlyCostUsd()).isLessThan(0.85 * seven.monthlyCostUsd());
    assertThat(eight.availabilityMean()).isCloseTo(seven.availabilityMean(), within(0.0001));
    assertThat(eight.costByComponentUsd())
        .containsKeys("ec2:web (m5.large reserved 1y no-upfront)", "ec2:web (m5.large spot)");
    // every check but performance's is met, and the web application firewall the seed never puts
    // in front of its load balancer
    assertThat(eight.wellArchitected())
        .allMatch(
            c ->
                c.met()
                    || c.pillar().equals("performance efficiency")
                    || c.check().equals(dev.archsim.engine.component.WafComponent.FILTERS));
    assertThat(eight.wellArchitected())
        .contains(
            new dev.archsim.engine.findings.PillarCheck(
                "security", dev.archsim.engine.component.WafComponent.FILTERS, false));
  }
}
