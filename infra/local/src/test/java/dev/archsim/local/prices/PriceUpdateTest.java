package dev.archsim.local.prices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.catalog.Price;
import dev.archsim.engine.catalog.PriceBook;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archsim prices update} on small fixture files in the documented offer-file format
 * (src/test/resources/price-list): no network.
 */
class PriceUpdateTest {
  static final URI FIXTURES = Path.of("src/test/resources/price-list").toUri();

  @Test
  void theIndexLeadsToEachServicesRegionIndexAndOfferFile() throws Exception {
    OfferFiles files = new OfferFiles(FIXTURES);
    Map<String, String> indexes = files.regionIndexes();
    assertThat(indexes)
        .containsEntry("AmazonEC2", "/offers/v1.0/aws/AmazonEC2/current/region_index.json")
        .containsKey("AWSELB");
    assertThat(files.regionOffers(indexes.get("AmazonEC2")))
        .containsEntry(
            "eu-west-1", "/offers/v1.0/aws/AmazonEC2/20261101000000/eu-west-1/index.json");
  }

  @Test
  void onlyLinuxSharedUsedRowsWithoutSoftwareAreKeptAtTheirOnDemandPrice() throws Exception {
    OfferFiles files = new OfferFiles(FIXTURES);
    OfferFiles.Offer o =
        files.offer("/offers/v1.0/aws/AmazonEC2/20261101000000/eu-west-1/index.json");
    // Windows 0.1832, dedicated 0.1003, unused reservation and SQL rows, and the reserved term
    // 0.05 of the same type are all left out
    assertThat(o.ec2()).containsOnlyKeys("m7g.large", "m5.large");
    assertThat(o.ec2().get("m7g.large").usd()).isEqualTo(0.0912);
    assertThat(o.ec2().get("m7g.large").source())
        .isEqualTo("AWS Price List bulk offer file AmazonEC2 version 20261101000000, on-demand");
    assertThat(o.ec2().get("m7g.large").asOf()).isEqualTo("2026-11-01");
    assertThat(o.services().get("public-ipv4.hour").usd()).isEqualTo(0.005);
    assertThat(o.services().get("ec2.surplus-credit.vcpu-hour").usd()).isEqualTo(0.05);
    // tiered: the first tier with a price (0-100 GB is free here)
    assertThat(o.services().get("data-out.gb").usd()).isEqualTo(0.09);
  }

  @Test
  void anUpdateWritesTheRegionToTheCacheWhereItTakesPrecedence(@TempDir Path cache)
      throws Exception {
    StringWriter log = new StringWriter();
    PriceUpdate.Outcome out =
        new PriceUpdate(new OfferFiles(FIXTURES), new PrintWriter(log, true))
            .run(List.of("eu-west-1"), cache);
    assertThat(out.version()).isEqualTo("2026-11-01");
    assertThat(out.perRegion().get("eu-west-1")).containsExactly(2, 7);
    assertThat(log.toString()).contains("AmazonEC2 eu-west-1: 2 instance prices");

    PriceBook book = PriceBook.withOverlay(cache);
    assertThat(book.version("eu-west-1")).isEqualTo("2026-11-01");
    Price m7g = book.onDemand("eu-west-1", "m7g.large").orElseThrow();
    assertThat(m7g.usd()).isEqualTo(0.0912);
    assertThat(m7g.asOf()).isEqualTo("2026-11-01");
    // the NLB at its own capacity-unit price, read from the ELB offer file
    Price nlcu = book.service("nlb.nlcu-hour", "eu-west-1").orElseThrow();
    assertThat(nlcu.usd()).isEqualTo(0.006);
    assertThat(nlcu.source()).contains("AWSELB version 20261015000000");
    assertThat(book.service("alb.hour", "eu-west-1").orElseThrow().usd()).isEqualTo(0.0252);
    // prices the offer files did not give stay as shipped, with their sources
    Price c6g = book.onDemand("eu-west-1", "c6g.large").orElseThrow();
    assertThat(c6g).isEqualTo(PriceBook.shipped().onDemand("eu-west-1", "c6g.large").orElseThrow());
    assertThat(book.spot("eu-west-1", "m5.large"))
        .isEqualTo(PriceBook.shipped().spot("eu-west-1", "m5.large"));
    // regions not updated come from the shipped book
    assertThat(book.onDemand("us-east-1", "m5.large"))
        .isEqualTo(PriceBook.shipped().onDemand("us-east-1", "m5.large"));
    assertThat(book.version("us-east-1")).isEqualTo(PriceBook.shippedBookVersion());
  }

  @Test
  void theCacheDirectoryFollowsEachPlatformsConvention() {
    assertThat(PriceCache.defaultDir(Map.of(), "Linux", "/home/u"))
        .isEqualTo(Path.of("/home/u/.cache/archsim/prices"));
    assertThat(PriceCache.defaultDir(Map.of("XDG_CACHE_HOME", "/x"), "Linux", "/home/u"))
        .isEqualTo(Path.of("/x/archsim/prices"));
    assertThat(PriceCache.defaultDir(Map.of(), "Mac OS X", "/Users/u"))
        .isEqualTo(Path.of("/Users/u/Library/Caches/archsim/prices"));
    assertThat(PriceCache.defaultDir(Map.of("ARCHSIM_CACHE_DIR", "/c"), "Linux", "/home/u"))
        .isEqualTo(Path.of("/c/prices"));
  }
}
