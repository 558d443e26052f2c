package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.PriceUse;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scenario checked against the catalog, and stages run where prices are missing. */
class CatalogRulesTest {

  private static Architecture stage(
      String region, List<String> azs, String type, DisasterRecovery dr) {
    Map<String, Integer> placement = new LinkedHashMap<>();
    azs.forEach(az -> placement.put(az, 2));
    return new Architecture(
        region,
        azs,
        Scenarios.alb(10, 2, 2),
        new ComputeTier("web", type, placement),
        null,
        null,
        dr,
        Map.of());
  }

  private static Scenario scenario(Objectives o, Architecture... stages) {
    Stage[] s = new Stage[stages.length];
    for (int i = 0; i < stages.length; i++) {
      s[i] =
          new Stage("stage-" + (i + 1), "", Scenarios.constant(50, 20, 5), stages[i], Faults.NONE);
    }
    return new Scenario(
        1,
        "catalog",
        "",
        new RunSettings(
            Duration.ofDays(1), Duration.ofMinutes(5), 2, 3, RunSettings.InitialState.ALL_HEALTHY),
        o,
        null,
        null,
        List.of(s));
  }

  private static List<Violation> errors(Scenario s) {
    return new ScenarioValidator()
        .validate(s).stream().filter(v -> v.severity() == Violation.Severity.ERROR).toList();
  }

  private static List<StageSummary> run(Scenario s) {
    return RunSummary.of(
            s,
            java.util.stream.IntStream.range(0, s.stages().size())
                .mapToObj(i -> new Simulator().simulate(s, new Shard(0, i, 0, 2)))
                .toList())
        .stages();
  }

  private static DisasterRecovery pilotLight(String region) {
    return new DisasterRecovery(
        DisasterRecovery.Strategy.PILOT_LIGHT,
        region,
        0.5,
        30,
        3,
        60,
        false,
        5,
        5,
        0,
        24,
        1,
        120,
        10,
        List.of());
  }

  @Test
  void aStageInEuWest1WithCurrentGravitonIntelAndBurstableTypesRuns() {
    List<String> azs = List.of("eu-west-1a", "eu-west-1b");
    Scenario s =
        scenario(
            Objectives.NONE,
            stage("eu-west-1", azs, "c6g.large", null),
            stage("eu-west-1", azs, "m7i.large", null),
            stage("eu-west-1", azs, "t4g.small", null));
    assertThat(errors(s)).isEmpty();
    List<StageSummary> out = run(s);
    assertThat(out).hasSize(3);
    for (StageSummary st : out) {
      assertThat(st.requestsServed()).isPositive();
      assertThat(st.costPartial()).as(st.name()).isFalse();
      assertThat(st.monthlyCostUsd()).isPositive();
    }
    // 4 instances of m7i.large at 0.11235 $/h for a 730-hour month
    assertThat(out.get(1).costByComponentUsd().get("ec2:web (m7i.large on-demand)"))
        .isCloseTo(4 * 0.11235 * 730, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void drToEuWest1Runs() {
    Scenario s =
        scenario(
            Objectives.NONE,
            stage(
                "us-east-1",
                List.of("us-east-1a", "us-east-1b"),
                "m5.large",
                pilotLight("eu-west-1")));
    assertThat(errors(s)).isEmpty();
    StageSummary st = run(s).get(0);
    assertThat(st.requestsServed()).isPositive();
    assertThat(st.prices().items())
        .anyMatch(
            i ->
                i.region().equals("eu-west-1")
                    && i.item().startsWith("ec2 m5.large")
                    && i.priced());
  }

  @Test
  void aStageWithoutPricesRunsAndReportsAPartialCostAndAnUndeterminedBudget() {
    Scenario s =
        scenario(
            new Objectives(null, null, 1_000_000.0),
            stage("sa-east-1", List.of("sae1-az1", "sae1-az2"), "m5.large", null));
    List<Violation> all = new ScenarioValidator().validate(s);
    assertThat(errors(s)).isEmpty();
    assertThat(all)
        .anyMatch(
            v ->
                v.path().equals("$.stages[0].architecture.compute.instanceType")
                    && v.message().contains("no price for m5.large in sa-east-1"));
    StageSummary st = run(s).get(0);
    assertThat(st.availabilityMean()).isGreaterThan(0.99);
    assertThat(st.costPartial()).isTrue();
    assertThat(st.budgetUndetermined()).isTrue();
    assertThat(st.prices().unpriced().stream().map(PriceUse.Item::item))
        .contains("ec2 m5.large (on-demand)", "alb.hour", "alb.lcu-hour")
        .doesNotContain("data-out.gb");
    // the public IPv4 price is global and data out of sa-east-1 has a price of its own: priced,
    // and the only costs left
    assertThat(st.prices().priced().stream().map(PriceUse.Item::item))
        .containsExactlyInAnyOrder("public-ipv4.hour", "data-out.gb");
  }

  @Test
  void anUnknownTypeSaysWhichNamesAreNearest() {
    Scenario s =
        scenario(Objectives.NONE, stage("us-east-1", List.of("us-east-1a"), "m7g.larg", null));
    assertThat(errors(s))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.stages[0].architecture.compute.instanceType");
              assertThat(v.message())
                  .isEqualTo("unknown instance type 'm7g.larg'; did you mean m7g.large?");
            });
  }

  @Test
  void aTypeNotOfferedInAnAzNamesTheAzsThatOfferIt() {
    // a type us-east-1 offers in some zones but not in all
    String region = "us-east-1";
    var r = Catalog.region(region).orElseThrow();
    String type =
        Catalog.instanceTypeNames().stream()
            .filter(t -> !Catalog.isFargate(t))
            .filter(
                t -> {
                  int n = Catalog.azsOffering(region, t).size();
                  return n > 0 && n < r.azIds().size();
                })
            .findFirst()
            .orElseThrow();
    List<String> offering = Catalog.azsOffering(region, type);
    String missing =
        r.azIds().stream().filter(id -> !offering.contains(id)).findFirst().orElseThrow();
    Scenario s = scenario(Objectives.NONE, stage(region, List.of(missing), type, null));
    assertThat(errors(s))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).startsWith(type + " is not offered in " + r.azLabel(missing));
              for (String az : offering) {
                assertThat(v.message()).contains(r.azLabel(az));
              }
            });
  }

  @Test
  void anUnknownRegionListsTheRegions() {
    Scenario s =
        scenario(Objectives.NONE, stage("eu-west-9", List.of("eu-west-9a"), "m5.large", null));
    assertThat(errors(s))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.stages[0].architecture.region");
              assertThat(v.message())
                  .startsWith(
                      "unknown region 'eu-west-9'; did you mean eu-west-1, eu-west-2, eu-west-3?")
                  .contains("af-south-1, ap-east-1")
                  .contains("us-west-2");
            });
  }

  @Test
  void azsAreAcceptedByIdOrNameAndAZoneGivenBothWaysIsADuplicate() {
    var r = Catalog.region("us-east-1").orElseThrow();
    String name = r.azNames().get(0);
    String id = r.azIds().get(0);
    assertThat(
            errors(
                scenario(
                    Objectives.NONE,
                    stage("us-east-1", List.of(id, "use1-az2"), "m5.large", null))))
        .isEmpty();
    List<Violation> dup =
        errors(scenario(Objectives.NONE, stage("us-east-1", List.of(name, id), "m5.large", null)));
    assertThat(dup)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.stages[0].architecture.azs[1]");
              assertThat(v.message()).contains("the same zone as $.stages[0].architecture.azs[0]");
            });
    List<Violation> bad =
        errors(
            scenario(Objectives.NONE, stage("eu-west-1", List.of("eu-west-1z"), "m5.large", null)));
    assertThat(bad.get(0).message())
        .isEqualTo(
            "'eu-west-1z' is not an Availability Zone of eu-west-1; known (ID or name): "
                + "euw1-az1 (eu-west-1b), euw1-az2 (eu-west-1c), euw1-az3 (eu-west-1a)");
  }

  @Test
  void aScenariosPrivatePricesReplaceTheBooksAndItsDiscountComesOffTheRest() {
    Architecture a = stage("us-east-1", List.of("us-east-1a", "us-east-1b"), "m5.large", null);
    Scenario listed = scenario(Objectives.NONE, a);
    Scenario own =
        new Scenario(
            1,
            "own prices",
            "",
            listed.run(),
            Objectives.NONE,
            null,
            null,
            listed.stages(),
            new dev.archsim.engine.model.Pricing(
                10,
                List.of(
                    new dev.archsim.engine.model.Pricing.Entry(
                        "m5.large", "us-east-1", 0.05, "private pricing addendum"))));
    assertThat(errors(own)).isEmpty();
    StageSummary before = run(listed).get(0);
    StageSummary after = run(own).get(0);
    assertThat(after.costByComponentUsd().get("ec2:web (m5.large on-demand)"))
        .isCloseTo(4 * 0.05 * 730, org.assertj.core.data.Offset.offset(0.01));
    assertThat(after.costByComponentUsd().get("alb"))
        .isCloseTo(
            before.costByComponentUsd().get("alb") * 0.9,
            org.assertj.core.data.Offset.offset(1e-6));
    PriceUse.Item ec2 =
        after.prices().items().stream()
            .filter(i -> i.item().startsWith("ec2 m5.large"))
            .findFirst()
            .orElseThrow();
    assertThat(ec2.price().source()).isEqualTo("scenario price: private pricing addendum");
    PriceUse.Item alb =
        after.prices().items().stream()
            .filter(i -> i.item().equals("alb.hour"))
            .findFirst()
            .orElseThrow();
    assertThat(alb.price().usd())
        .isCloseTo(0.0225 * 0.9, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(alb.price().source()).endsWith("less the scenario's 10.0 % discount");
    // the same scenario without its prices is billed at the book's again (no leak between runs)
    assertThat(run(listed).get(0).monthlyCostUsd()).isEqualTo(before.monthlyCostUsd());
  }

  @Test
  void badScenarioPricesAreReportedWithTheirPaths() {
    Scenario listed =
        scenario(Objectives.NONE, stage("us-east-1", List.of("us-east-1a"), "m5.large", null));
    Scenario bad =
        new Scenario(
            1,
            "bad prices",
            "",
            listed.run(),
            Objectives.NONE,
            null,
            null,
            listed.stages(),
            new dev.archsim.engine.model.Pricing(
                100,
                List.of(
                    new dev.archsim.engine.model.Pricing.Entry("m5.larg", "us-east-9", -1, null))));
    assertThat(errors(bad).stream().map(v -> v.path() + ": " + v.message()))
        .containsExactlyInAnyOrder(
            "$.pricing.discountPercent: must be in [0, 100); found 100.0",
            "$.pricing.prices[0].item: unknown item 'm5.larg'; did you mean m5.large? (an instance"
                + " type or a price-book key such as alb.hour)",
            "$.pricing.prices[0].usd: must be at least 0; found -1.0",
            "$.pricing.prices[0].region: unknown region 'us-east-9'; did you mean us-east-1, us-east-2?"
                + " known: "
                + String.join(", ", Catalog.regions()));
  }
}
