package dev.archsim.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Data transfer out to the internet and to other regions is read per region (infracost's
 * data_transfer_test golden, from the AWS price list) where a source gives it, and estimated from
 * us-east-1 only where none does.
 */
class TransferPricesTest {

  @Test
  void regionsTheSourceCoversHaveTheirOwnPrice() {
    assertRead("data-out.gb", "us-east-1", 0.09);
    assertRead("cross-region.gb", "us-east-1", 0.02);
    assertRead("data-out.gb", "ap-northeast-2", 0.126);
    assertRead("cross-region.gb", "ap-northeast-2", 0.08);
    assertRead("data-out.gb", "eu-west-1", 0.09);
    assertRead("cross-region.gb", "eu-west-1", 0.02);
    assertRead("data-out.gb", "sa-east-1", 0.15);
    assertRead("cross-region.gb", "sa-east-1", 0.138);
    assertRead("cross-region.gb", "me-south-1", 0.1105);
  }

  @Test
  void aRegionTheSourceLacksIsAnEstimateThatSaysSo() {
    // ap-southeast-3 (Jakarta) is not in the golden: us-east-1's price x the region's EC2 level
    Price p = Catalog.servicePrice("cross-region.gb", "ap-southeast-3").orElseThrow();
    assertThat(p.estimate()).isTrue();
    assertThat(p.source()).startsWith("ESTIMATE: us-east-1 price 0.02 x");
  }

  private static void assertRead(String key, String region, double usd) {
    Price p = Catalog.servicePrice(key, region).orElseThrow(() -> new AssertionError(key));
    assertThat(p.usd()).as(key + " " + region).isEqualTo(usd);
    assertThat(p.estimate()).as(key + " " + region).isFalse();
    assertThat(p.source()).as(key + " " + region).contains("data_transfer_test.golden");
    assertThat(p.asOf())
        .isEqualTo(
            region.equals("us-east-1") && key.equals("data-out.gb") ? "2026-01" : "2024-09-25");
  }
}
