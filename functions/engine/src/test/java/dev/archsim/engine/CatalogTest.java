package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.Price;
import dev.archsim.engine.catalog.PriceBook;
import dev.archsim.engine.catalog.Region;
import dev.archsim.engine.catalog.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated catalog: specs, regions, offerings and the shipped price book. */
class CatalogTest {
  private static final Path DATA = Path.of("../../tools/catalog/data/aws");

  @Test
  void everyInstanceTypeHasPositiveVcpusAndMemory() {
    List<InstanceType> types = List.copyOf(Catalog.instanceTypes());
    // 1 395 EC2 types of moto 5.2.5 plus the three Fargate task sizes
    assertThat(types).hasSize(1398);
    for (InstanceType t : types) {
      assertThat(t.vcpu()).as(t.name()).isPositive();
      assertThat(t.memoryGiB()).as(t.name()).isPositive();
      assertThat(t.architectures()).as(t.name()).isNotEmpty();
    }
    assertThat(types.stream().map(InstanceType::family).distinct().count()).isEqualTo(190);
    InstanceType g = Catalog.instanceType("m7g.large").orElseThrow();
    assertThat(g.vcpu()).isEqualTo(2);
    assertThat(g.memoryGiB()).isEqualTo(8.0);
    assertThat(g.architectures()).containsExactly("arm64");
  }

  @Test
  void everyBurstableTypeHasItsCreditRowAndOnlyThose() {
    List<InstanceType> burstable =
        Catalog.instanceTypes().stream().filter(InstanceType::burstable).toList();
    assertThat(burstable).hasSize(28);
    for (InstanceType t : burstable) {
      assertThat(t.family()).isIn("t2", "t3", "t3a", "t4g");
      InstanceType.Burst b = t.burst();
      // the credit table's identity: credits per hour = baseline x vCPUs x 60, cap = 24 h of it
      assertThat(b.creditsPerHour())
          .as(t.name())
          .isCloseTo(
              b.baselinePerVcpu() * t.vcpu() * 60, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(b.maxCredits())
          .isCloseTo(24 * b.creditsPerHour(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(b.source()).contains("burstable-credits-baseline-concepts");
      assertThat(b.defaultUnlimited()).isEqualTo(!t.family().equals("t2"));
    }
    InstanceType.Burst t3micro = Catalog.instanceType("t3.micro").orElseThrow().burst();
    assertThat(t3micro.baselinePerVcpu()).isEqualTo(0.10);
    assertThat(t3micro.creditsPerHour()).isEqualTo(12);
    assertThat(Catalog.instanceType("t2.xlarge").orElseThrow().burst().baselinePerVcpu())
        .isEqualTo(0.225);
  }

  @Test
  void everyCommercialRegionHasAzsWithIdsAndNamesAndCoordinates() {
    assertThat(Catalog.allRegions()).hasSize(34);
    for (Region r : Catalog.allRegions()) {
      assertThat(r.azIds()).as(r.code()).isNotEmpty();
      assertThat(r.azNames()).as(r.code()).hasSameSizeAs(r.azIds());
      // an ID without a name is a zone closed to new accounts (apne1-az3: no offerings)
      List<String> named = r.azNames().stream().filter(n -> !n.isEmpty()).toList();
      assertThat(new HashSet<>(named)).as(r.code()).hasSameSizeAs(named);
      assertThat(r.longName()).isNotBlank();
      assertThat(r.latitude()).isBetween(-90.0, 90.0);
      assertThat(r.longitude()).isBetween(-180.0, 180.0);
      for (String name : named) {
        assertThat(name).startsWith(r.code());
        assertThat(r.azId(name)).isPresent();
      }
    }
    Region euw1 = Catalog.region("eu-west-1").orElseThrow();
    assertThat(euw1.azIds()).containsExactly("euw1-az1", "euw1-az2", "euw1-az3");
    assertThat(euw1.azId("euw1-az2")).contains("euw1-az2");
    assertThat(Catalog.regions()).contains("sa-east-1", "il-central-1", "mx-central-1");
  }

  @Test
  void everyOfferingNamesAKnownTypeAndAz() {
    Set<String> names = new HashSet<>(Catalog.instanceTypeNames());
    int regions = 0;
    long pairs = 0;
    for (Region r : Catalog.allRegions()) {
      if (!r.offeringData()) {
        assertThat(Catalog.offeredIn(r.code(), r.azIds().get(0))).isEmpty();
        continue;
      }
      regions++;
      for (String az : r.azIds()) {
        Set<String> offered = Catalog.offeredIn(r.code(), az).orElseThrow();
        assertThat(names).as(az).containsAll(offered);
        pairs += offered.size();
      }
    }
    assertThat(regions).isEqualTo(30);
    assertThat(pairs).isGreaterThan(60_000);
    assertThat(Catalog.azsOffering("eu-west-1", "c6g.large")).isNotEmpty();
  }

  /**
   * The shipped us-east-1 on-demand prices equal Karpenter's generated table for every type in
   * both; prints the count compared and every difference.
   */
  @Test
  void usEast1OnDemandPricesEqualKarpentersTable() throws IOException {
    List<String> lines = Files.readAllLines(DATA.resolve("karpenter-us-east-1-ondemand.csv"));
    int compared = 0;
    List<String> differences = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (Catalog.instanceType(f[1]).isEmpty()) {
        continue;
      }
      compared++;
      double expected = Double.parseDouble(f[2]);
      Price p = Catalog.onDemandHourly("us-east-1", f[1]).orElse(null);
      if (p == null || p.usd() != expected) {
        differences.add(f[1] + " karpenter " + expected + " shipped " + p);
      } else {
        assertThat(p.asOf()).isEqualTo("2026-07-20");
        assertThat(p.source()).contains("karpenter");
      }
    }
    System.out.printf(
        "us-east-1 on-demand: %d types compared with Karpenter's table, %d differ %s%n",
        compared, differences.size(), differences);
    assertThat(compared).isGreaterThan(1200);
    assertThat(differences).isEmpty();
  }

  @Test
  void otherRegionsArePricedFromTheRegionalDataWithSourceAndDate() {
    Price p = Catalog.onDemandHourly("eu-west-1", "m7i.large").orElseThrow();
    assertThat(p.usd()).isEqualTo(0.11235);
    assertThat(p.source()).contains("SkyPilot");
    assertThat(Catalog.onDemandHourly("ap-northeast-2", "t2.micro").orElseThrow().usd())
        .isEqualTo(0.0144);
    // the data has no on-demand rows for sa-east-1: unknown, not guessed
    assertThat(Catalog.onDemandHourly("sa-east-1", "m5.large")).isEmpty();
    assertThat(Catalog.servicePrice("alb.hour", "sa-east-1")).isEmpty();
    // a service price outside us-east-1 is an estimate that says how it was derived
    Price alb = Catalog.servicePrice("alb.hour", "eu-west-1").orElseThrow();
    assertThat(alb.estimate()).isTrue();
    assertThat(alb.source()).contains("m5.large 0.107 / 0.096");
    assertThat(alb.usd()).isEqualTo(0.0225 * (0.107 / 0.096));
    assertThat(Catalog.servicePrice("nlb.nlcu-hour", "us-east-1").orElseThrow().usd())
        .isEqualTo(0.006);
  }

  @Test
  void spotDefaultsComeFromTheAdvisorBucketAsARate() {
    PriceBook.Spot s = Catalog.spot("us-east-1", "m5.large").orElseThrow();
    assertThat(s.bucket()).isEqualTo(3);
    assertThat(s.interruptionsPerMonth()).isEqualTo(0.175);
    assertThat(Catalog.defaultSpotDiscount("us-east-1", "m5.large")).isEqualTo(s.savings());
    assertThat(Catalog.defaultSpotInterruptions("us-east-1", "t3.micro")).isEqualTo(0.025);
    assertThat(Catalog.defaultSpotDiscount("us-east-1", "no.such"))
        .isEqualTo(Catalog.DEFAULT_SPOT_DISCOUNT);
  }

  @Test
  void databaseClassesAndCacheNodesOfTheCurrentFamiliesHaveVcpusAndMemory() {
    for (String n : Services.dbClassNames()) {
      var c = Services.dbClass(n).orElseThrow();
      assertThat(c.vcpu()).as(n).isPositive();
      assertThat(c.memoryGiB()).as(n).isPositive();
    }
    for (String n : Services.cacheNodeTypes()) {
      var c = Services.cacheNode(n).orElseThrow();
      assertThat(c.vcpu()).as(n).isPositive();
      assertThat(c.memoryGiB()).as(n).isPositive();
    }
    assertThat(Services.dbClassNames())
        .contains("db.t4g.micro", "db.m6i.large", "db.m7g.large", "db.r6i.xlarge", "db.r7g.large");
    assertThat(Services.cacheNodeTypes())
        .contains("cache.t4g.micro", "cache.m7g.large", "cache.r7g.large");
    assertThat(Services.dbClass("db.r6g.large").orElseThrow().memoryGiB()).isEqualTo(16);
    assertThat(Services.cacheNode("cache.r6g.large").orElseThrow().memoryGiB()).isEqualTo(13.07);
    assertThat(Services.dbClass("db.m5.large").orElseThrow().aurora()).isFalse();
    assertThat(Services.dbClass("db.r7g.large").orElseThrow().aurora()).isTrue();
  }

  @Test
  void roundTripsCoverEveryRegionPair() {
    for (String a : Catalog.regions()) {
      for (String b : Catalog.regions()) {
        double rtt = Services.roundTripMs(a, b);
        assertThat(rtt).isEqualTo(Services.roundTripMs(b, a));
        assertThat(rtt).isBetween(0.0, 700.0);
      }
    }
    assertThat(Services.roundTripMs("eu-west-1", "eu-west-2")).isLessThan(15);
  }

  @Test
  void fargateSizesArePricedPerVcpuAndGbAndTakeAScenariosOwnPrice() {
    Price p = Catalog.onDemandHourly("us-east-1", "fargate.1vcpu-2gb").orElseThrow();
    assertThat(p.usd()).isEqualTo(1 * 0.04048 + 2 * 0.004445);
    assertThat(p.source()).startsWith("1 x fargate.vcpu-hour + 2 x fargate.gb-hour");
    var own =
        new dev.archsim.engine.model.Pricing(
            0,
            List.of(
                new dev.archsim.engine.model.Pricing.Entry(
                    "fargate.1vcpu-2gb", null, 0.03, "EDP")));
    assertThat(
            Catalog.withPricing(own, () -> Catalog.onDemandHourly("sa-east-1", "fargate.1vcpu-2gb"))
                .orElseThrow()
                .usd())
        .isEqualTo(0.03);
    assertThat(Catalog.onDemandHourly("sa-east-1", "fargate.1vcpu-2gb")).isEmpty();
  }
}
