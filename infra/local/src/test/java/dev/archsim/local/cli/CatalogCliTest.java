package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** archsim catalog and prices, and a run whose prices are partly unknown. */
class CatalogCliTest {
  static final String FIXTURES = Path.of("src/test/resources/price-list").toUri().toString();
  final CliHarness cli = new CliHarness();

  @Test
  void catalogTypesFiltersByFamilyVcpusArchitectureAndRegion() {
    assertThat(cli.archsim("catalog", "types", "--family", "m7g")).isZero();
    assertThat(cli.out().indexOf("m7g.medium")).isLessThan(cli.out().indexOf("m7g.large"));
    assertThat(cli.out().indexOf("m7g.large")).isLessThan(cli.out().indexOf("m7g.2xlarge"));
    long m7g = Catalog.instanceTypes().stream().filter(t -> t.family().equals("m7g")).count();
    assertThat(cli.out()).contains("m7g.large").contains(m7g + " types").doesNotContain("m7i.");
    cli.clearOut();
    assertThat(
            cli.archsim(
                "catalog", "types", "--vcpus", "2", "--arch", "arm64", "--region", "eu-west-1"))
        .isZero();
    assertThat(cli.out())
        .contains("$/hour in eu-west-1")
        .containsPattern("t4g\\.small +2 +2\\.00 arm64 +yes .* 0\\.018400")
        .containsPattern("c6g\\.large +2 +4\\.00 arm64 +no .* 0\\.073000")
        .doesNotContain("m7i.large");
  }

  @Test
  void catalogRegionsListsEveryCommercialRegionWithItsAzs() {
    assertThat(cli.archsim("catalog", "regions")).isZero();
    assertThat(cli.out())
        .contains("34 regions")
        .containsPattern("eu-west-1 +Europe \\(Ireland\\) +\\d+ +euw1-az1 \\(eu-west-1b\\)")
        .containsPattern("sa-east-1 .* none ");
  }

  @Test
  void pricesShowGivesPriceUnitSourceAndDate(@TempDir Path cache) {
    assertThat(
            cli.archsim(
                "prices",
                "show",
                "m7i.large",
                "--region",
                "eu-west-1",
                "--cache-dir",
                cache.toString()))
        .isZero();
    assertThat(cli.out())
        .contains("m7i.large in eu-west-1 (price book 2026-07-20)")
        .contains("0.11235 USD per hour")
        .contains("SkyPilot catalog")
        .contains("10-15% a month");
    assertThat(cli.archsim("prices", "show", "m7i.large", "--region", "eu-wst-1")).isEqualTo(2);
    assertThat(cli.err()).contains("unknown region 'eu-wst-1'; did you mean eu-west-1?");
  }

  @Test
  void aDiscountIsShownAsTheShareOffNotAsDollars(@TempDir Path cache) {
    assertThat(
            cli.archsim(
                "prices",
                "show",
                "fargate.spot.discount",
                "--region",
                "us-east-1",
                "--cache-dir",
                cache.toString()))
        .isZero();
    assertThat(cli.out())
        .contains("0.67 fraction off (a share of the price, not USD)")
        .doesNotContain("USD per fraction");
  }

  @Test
  void aServicePriceOutsideUsEast1IsAnEstimateThatSaysHowAndReadsWithoutFloatNoise(
      @TempDir Path cache) {
    assertThat(
            cli.archsim(
                "prices",
                "show",
                "nat-gateway.hour",
                "--region",
                "eu-west-1",
                "--cache-dir",
                cache.toString()))
        .isZero();
    // 0.045 x 0.107 / 0.096 = 0.05015625 (the double product prints 0.05015624999999999)
    assertThat(cli.out())
        .contains("0.05015625 USD per hour (estimate)")
        .contains("ESTIMATE: us-east-1 price 0.045 x this region's EC2 price level")
        .contains("chime/terraform-aws-alternat");
  }

  @Test
  void pricesUpdateWritesTheCacheThatShowThenReads(@TempDir Path cache) {
    assertThat(
            cli.archsim(
                "prices",
                "update",
                "--endpoint",
                FIXTURES,
                "--region",
                "eu-west-1",
                "--cache-dir",
                cache.toString()))
        .as(cli.err())
        .isZero();
    assertThat(cli.out()).contains("price book 2026-11-01 written to");
    assertThat(Files.exists(cache.resolve("eu-west-1.bin.gz"))).isTrue();
    cli.clearOut();
    assertThat(
            cli.archsim(
                "prices",
                "show",
                "m7g.large",
                "--region",
                "eu-west-1",
                "--cache-dir",
                cache.toString()))
        .isZero();
    assertThat(cli.out())
        .contains("price book 2026-11-01")
        .contains("0.0912 USD per hour")
        .contains("AWS Price List bulk offer file AmazonEC2 version 20261101000000");
  }

  @Test
  void aStageWithoutPricesRunsAndCheckSaysTheBudgetIsUndetermined(@TempDir Path dir)
      throws Exception {
    Path scenario = dir.resolve("sa.json");
    Files.writeString(
        scenario,
        """
        {"version": 1, "name": "sao-paulo",
         "run": {"horizon": "P1D", "trials": 2, "seed": 7},
         "objectives": {"monthlyBudgetUsd": 100000},
         "workload": {"requestsPerSecond": 20, "profile": {"cpuMsPerRequest": 20}},
         "stages": [{"name": "two-az", "architecture": {
           "region": "sa-east-1", "azs": ["sae1-az1", "sa-east-1b"], "entry": {"type": "alb"},
           "compute": {"name": "web", "instanceType": "m7g.large",
                       "placement": {"sae1-az1": 1, "sa-east-1b": 1}}}}]}
        """);
    Path report = dir.resolve("report.html");
    assertThat(cli.archsim("run", scenario.toString(), "--check", "--report", report.toString()))
        .isEqualTo(3);
    assertThat(Files.readString(report))
        .contains("<b>Partial cost:</b>")
        .contains("the budget objective is undetermined")
        .contains("<li>alb.hour in sa-east-1</li>")
        .contains("Prices used (price book 2026-07-20)")
        .contains("repost.aws public-ipv4-addresses-cost-projection");
    assertThat(cli.err()).contains("budget undetermined for two-az: its cost is partial");
    assertThat(cli.out())
        .contains("met, budget undetermined")
        .contains("Partial costs")
        .contains("ec2 m7g.large (on-demand) in sa-east-1");
    cli.clearOut();
    assertThat(cli.archsim("run", scenario.toString(), "--json")).isZero();
    JsonNode cost = new ObjectMapper().readTree(cli.out()).at("/stages/0/cost");
    assertThat(cost.path("partial").asBoolean()).isTrue();
    assertThat(cost.path("priceBook").asText()).isEqualTo("2026-07-20");
    assertThat(cost.path("unpriced").findValuesAsText("item"))
        .containsExactly("ec2 m7g.large (on-demand)", "alb.hour", "alb.lcu-hour");
    JsonNode ip = cost.path("prices").get(0);
    assertThat(ip.path("item").asText()).isEqualTo("public-ipv4.hour");
    assertThat(ip.path("source").asText()).contains("repost.aws");
    assertThat(ip.path("asOf").asText()).isEqualTo("2024-02-01");
  }
}
