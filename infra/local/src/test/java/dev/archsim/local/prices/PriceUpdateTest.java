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
    assertThat(out.version()).isEqualTo("2026-11-01"); // the newest publication date read
    assertThat(out.perRegion().get("eu-west-1"))
        .containsExactly(2, EU_WEST_1_SERVICE_PRICES.size());
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

  /**
   * Every service price the fixture offer files give for eu-west-1, as the update must read it: the
   * on-demand term, the first tier with a price (free tiers skipped), and only the products archsim
   * prices (each fixture also holds rows that must be left out).
   */
  static final Map<String, Double> EU_WEST_1_SERVICE_PRICES =
      Map.ofEntries(
          // AmazonEC2 (instances aside)
          Map.entry("public-ipv4.hour", 0.005),
          Map.entry("ec2.surplus-credit.vcpu-hour", 0.05),
          // AWSELB: the NLB at its own capacity-unit price; the Classic LB left out
          Map.entry("alb.hour", 0.0252),
          Map.entry("alb.lcu-hour", 0.008),
          Map.entry("nlb.hour", 0.0252),
          Map.entry("nlb.nlcu-hour", 0.006),
          // AmazonVPC: a Gateway Load Balancer endpoint left out; tiered bytes at the first tier
          Map.entry("nat-gateway.hour", 0.048),
          Map.entry("nat-gateway.gb", 0.048),
          Map.entry("vpc-endpoint.interface.hour", 0.011),
          Map.entry("vpc-endpoint.interface.gb", 0.01),
          // AWSDataTransfer: the free first 100 GB skipped; inbound left out
          Map.entry("data-out.gb", 0.09),
          Map.entry("cross-region.gb", 0.02),
          // AmazonRDS: MySQL Single-AZ and Aurora MySQL; Multi-AZ, PostgreSQL, I/O-Optimized and
          // the reserved term left out
          Map.entry("rds.db.r6g.large.hour", 0.258),
          Map.entry("aurora.db.r6g.large.hour", 0.29),
          Map.entry("aurora.serverless-v2.acu-hour", 0.13),
          Map.entry("rds.storage.gb-month", 0.127),
          Map.entry("rds.storage.aurora.gb-month", 0.11),
          Map.entry("rds.aurora.io-request", 0.00000022),
          // AmazonElastiCache: Redis nodes (the $0 "reserved instance applied" dimension
          // skipped), Valkey left out; Serverless storage and ECPUs
          Map.entry("elasticache.cache.r6g.large.hour", 0.227),
          Map.entry("elasticache.serverless.gb-hour", 0.137),
          Map.entry("elasticache.serverless.ecpu", 0.0000000037),
          // AWSLambda: the first duration tier
          Map.entry("lambda.request", 0.0000002),
          Map.entry("lambda.gb-second", 0.0000166667),
          Map.entry("lambda.gb-second.arm64", 0.0000133334),
          Map.entry("lambda.provisioned.gb-second", 0.0000041667),
          // AmazonApiGateway: WebSocket messages left out
          Map.entry("apigw.http.request", 0.00000111),
          Map.entry("apigw.rest.request", 0.0000035),
          // AmazonDynamoDB: the free 25 GB skipped
          Map.entry("dynamodb.read-request-unit", 0.000000141),
          Map.entry("dynamodb.write-request-unit", 0.000000705),
          Map.entry("dynamodb.storage.gb-month", 0.283),
          // AWSQueueService (FIFO left out), AmazonSNS, AWSEvents: free first million skipped
          Map.entry("sqs.request", 0.0000004),
          Map.entry("sns.publish", 0.0000005),
          Map.entry("eventbridge.event", 0.000001),
          // AmazonECS: x86 Fargate; ARM left out
          Map.entry("fargate.vcpu-hour", 0.04456),
          Map.entry("fargate.gb-hour", 0.004865),
          // AmazonS3: storage classes, requests, lifecycle transitions, retrievals
          Map.entry("s3.standard.gb-month", 0.023),
          Map.entry("s3.standard-ia.gb-month", 0.0125),
          Map.entry("s3.glacier.gb-month", 0.0036),
          Map.entry("s3.deep-archive.gb-month", 0.00099),
          Map.entry("s3.put", 0.000005),
          Map.entry("s3.get", 0.0000004),
          Map.entry("s3.transition.standard-ia.request", 0.00001),
          Map.entry("s3.transition.glacier.request", 0.00003),
          Map.entry("s3.transition.deep-archive.request", 0.00005),
          Map.entry("s3.standard-ia.retrieval.gb", 0.01),
          Map.entry("s3.glacier.retrieval.standard.gb", 0.01),
          Map.entry("s3.deep-archive.retrieval.standard.gb", 0.02),
          Map.entry("s3.deep-archive.retrieval.bulk.gb", 0.0025),
          // AmazonCloudWatch, AWS WAF
          Map.entry("cloudwatch.metric.month", 0.30),
          Map.entry("cloudwatch.alarm.month", 0.10),
          Map.entry("cloudwatch.logs.ingest.gb", 0.57),
          Map.entry("cloudwatch.logs.storage.gb-month", 0.03),
          Map.entry("waf.web-acl.month", 5.0),
          Map.entry("waf.rule.month", 1.0),
          Map.entry("waf.request", 0.0000006),
          // global services, applied to every region: CloudFront (US edge rates; Japan and HTTP
          // requests left out) from the whole-service offer, Route 53 from its region index's
          // global entry (non-AWS health checks left out), Global Accelerator
          Map.entry("cloudfront.gb", 0.085),
          Map.entry("cloudfront.https-request", 0.000001),
          Map.entry("route53.health-check.month", 0.50),
          Map.entry("route53.hosted-zone.month", 0.50),
          Map.entry("route53.query", 0.0000004),
          Map.entry("global-accelerator.hour", 0.025));

  @Test
  void everyServiceArchsimPricesIsReadFromItsOfferFile(@TempDir Path cache) throws Exception {
    StringWriter log = new StringWriter();
    new PriceUpdate(new OfferFiles(FIXTURES), new PrintWriter(log, true))
        .run(List.of("eu-west-1"), cache);
    PriceBook book = PriceBook.withOverlay(cache);
    Map<String, Price> written = book.prices("eu-west-1").services();
    java.util.List<String> wrong = new java.util.ArrayList<>();
    EU_WEST_1_SERVICE_PRICES.forEach(
        (key, usd) -> {
          Price p = written.get(key);
          if (p == null || p.usd() != usd || !p.source().startsWith("AWS Price List bulk offer")) {
            wrong.add(key + ": expected " + usd + " from an offer file, found " + p);
          }
        });
    assertThat(wrong).as(log.toString()).isEmpty();
    assertThat(written.get("route53.health-check.month").source())
        .isEqualTo(
            "AWS Price List bulk offer file AmazonRoute53 version 20261025000000, on-demand");
    assertThat(written.get("route53.health-check.month").asOf()).isEqualTo("2026-10-25");
    assertThat(written.get("aurora.serverless-v2.acu-hour").unit()).isEqualTo("ACU-Hr");
    assertThat(log.toString())
        .contains("AmazonCloudFront (global): 2 service prices")
        .contains("AmazonRoute53 (global): 3 service prices")
        .contains("AWSGlobalAccelerator (global): 1 service prices");
    // prices no offer file gives keep the shipped price and its source
    assertThat(written.get("rds-proxy.vcpu-hour"))
        .isEqualTo(PriceBook.shipped().service("rds-proxy.vcpu-hour", "eu-west-1").orElseThrow());
  }

  @Test
  void eachOfferFilesProductsMapToTheirKeysAndNoOthers() throws Exception {
    OfferFiles files = new OfferFiles(FIXTURES);
    OfferFiles.Offer rds =
        files.offer("/offers/v1.0/aws/AmazonRDS/20261020000000/eu-west-1/index.json");
    assertThat(rds.services())
        .containsOnlyKeys(
            "rds.db.r6g.large.hour",
            "aurora.db.r6g.large.hour",
            "aurora.serverless-v2.acu-hour",
            "rds.storage.gb-month",
            "rds.storage.aurora.gb-month",
            "rds.aurora.io-request");
    OfferFiles.Offer cf = files.offer("/offers/v1.0/aws/AmazonCloudFront/current/index.json");
    assertThat(cf.services()).containsOnlyKeys("cloudfront.gb", "cloudfront.https-request");
    OfferFiles.Offer s3 =
        files.offer("/offers/v1.0/aws/AmazonS3/20261020000000/eu-west-1/index.json");
    // a usage type that ends like a shorter one (GDA-Standard-Retrieval-Bytes) takes its own key
    assertThat(s3.services().get("s3.glacier.retrieval.standard.gb").usd()).isEqualTo(0.01);
    assertThat(s3.services().get("s3.deep-archive.retrieval.standard.gb").usd()).isEqualTo(0.02);
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
