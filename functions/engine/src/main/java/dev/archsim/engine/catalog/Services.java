package dev.archsim.engine.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prices and facts of the managed services beyond EC2 (databases, caches, CloudFront, S3, Lambda,
 * API Gateway, SQS, SNS, DynamoDB, Route 53, Global Accelerator) and the geography of regions.
 * Prices are us-east-1; other regions apply {@link #regionFactor}. Sources: shared AWS-FACTS
 * sections 8–14 where a row exists; the rest are marked UNSOURCED and meant to be overridden.
 */
public final class Services {
  private static final String FACTS = "AWS-FACTS ";
  private static final String LIST_PRICE =
      "UNSOURCED: commonly listed us-east-1 on-demand rate, not read from a source; verify";

  /** A database instance class: vCPUs and hourly price for RDS (MySQL) and Aurora (MySQL). */
  public record DbClass(String name, int vcpu, double rdsHourly, double auroraHourly) {}

  private static final Map<String, DbClass> DB_CLASSES = new TreeMap<>();

  static {
    for (DbClass c :
        new DbClass[] {
          new DbClass("db.t3.micro", 2, 0.017, 0.0),
          new DbClass("db.t3.small", 2, 0.034, 0.041),
          new DbClass("db.t3.medium", 2, 0.068, 0.082),
          new DbClass("db.m5.large", 2, 0.171, 0.0),
          new DbClass("db.m5.xlarge", 4, 0.342, 0.0),
          new DbClass("db.m5.2xlarge", 8, 0.684, 0.0),
          new DbClass("db.r5.large", 2, 0.25, 0.29),
          new DbClass("db.r5.xlarge", 4, 0.50, 0.58),
          new DbClass("db.r5.2xlarge", 8, 1.00, 1.16),
          new DbClass("db.r5.4xlarge", 16, 2.00, 2.32),
          new DbClass("db.r6g.large", 2, 0.225, 0.26),
          new DbClass("db.r6g.xlarge", 4, 0.45, 0.52),
          new DbClass("db.r6g.2xlarge", 8, 0.90, 1.04)
        }) {
      DB_CLASSES.put(c.name(), c);
    }
  }

  private static final Map<String, Double> CACHE_NODES =
      new TreeMap<>(
          Map.of(
              "cache.t3.micro", 0.017,
              "cache.t3.medium", 0.068,
              "cache.m5.large", 0.156,
              "cache.r5.large", 0.216,
              "cache.r6g.large", 0.206,
              "cache.r6g.xlarge", 0.411,
              "dax.r5.large", 0.269,
              "dax.t3.small", 0.04));

  /** Service prices by key, us-east-1. */
  private static final Map<String, Price> PRICES = new TreeMap<>();

  static {
    put("lambda.request", 0.0000002, "request", "[AWS] how-aws-pricing-works/lambda.html");
    put("lambda.gb-second", 0.0000166667, "GB-second", "[AWS] how-aws-pricing-works/lambda.html");
    put("lambda.gb-second.arm64", 0.0000133334, "GB-second", "[3P] " + FACTS + "§10");
    put(
        "lambda.provisioned.gb-second",
        0.0000097222,
        "GB-second",
        "[3P] " + FACTS + "§10 provisioned concurrency");
    put("apigw.http.request", 0.000001, "request", "[3P] apigatewaycost.com (" + FACTS + "§14)");
    put("apigw.rest.request", 0.0000035, "request", "[3P] apigatewaycost.com (" + FACTS + "§14)");
    put("sqs.request", 0.0000004, "request", "[3P] factualminds.com (" + FACTS + "§11)");
    put("sns.publish", 0.0000005, "publish", "[3P] factualminds.com (" + FACTS + "§12)");
    put(
        "dynamodb.read-request-unit",
        0.000000125,
        "RRU",
        "[3P] airbyte.com (" + FACTS + "§13, after the Nov 2024 cut)");
    put(
        "dynamodb.write-request-unit",
        0.000000625,
        "WRU",
        "[3P] airbyte.com (" + FACTS + "§13, after the Nov 2024 cut)");
    put("dynamodb.rcu-hour", 0.00013, "RCU-hour", LIST_PRICE);
    put("dynamodb.wcu-hour", 0.00065, "WCU-hour", LIST_PRICE);
    put("cloudfront.gb", 0.085, "GB", "[3P] " + FACTS + "§9 (US/EU, first 10 TB)");
    put("cloudfront.https-request", 0.000001, "request", "[3P] " + FACTS + "§9 ($0.01 per 10k)");
    put("s3.get", 0.0000004, "request", LIST_PRICE);
    put("rds.storage.gb-month", 0.115, "GB-month", "[3P] usage.ai RDS pricing calculator (2026)");
    put("rds.backup.gb-month", 0.095, "GB-month", "[3P] usage.ai RDS pricing calculator (2026)");
    put("rds-proxy.vcpu-hour", 0.015, "vCPU-hour", LIST_PRICE);
    put("cross-region.gb", 0.02, "GB", LIST_PRICE);
    put("route53.health-check.month", 0.50, "month", LIST_PRICE);
    put("global-accelerator.hour", 0.025, "hour", LIST_PRICE);
    put(
        "eventbridge.event",
        0.000001,
        "event",
        "[3P] wring.co EventBridge pricing guide (" + FACTS + "§12)");
    put("dynamodb.storage.gb-month", 0.25, "GB-month", LIST_PRICE);
    put("rds.storage.aurora.gb-month", 0.10, "GB-month", LIST_PRICE);
    put("rds.aurora.io-request", 0.0000002, "I/O request", LIST_PRICE);
  }

  /**
   * Price factor of a region relative to us-east-1 for the services above: ap-northeast-2 derived
   * from EC2 (m5.large $0.118 / $0.096); an assumption.
   */
  private static final Map<String, Double> REGION_FACTOR =
      Map.of("us-east-1", 1.0, "ap-northeast-2", 0.118 / 0.096);

  /** Where a region is (its city's latitude and longitude in degrees). */
  public record Location(String region, String city, double latitude, double longitude) {}

  private static final Map<String, Location> LOCATIONS = new TreeMap<>();

  static {
    for (Location l :
        new Location[] {
          new Location("us-east-1", "N. Virginia", 38.9, -77.4),
          new Location("us-west-2", "Oregon", 45.8, -119.7),
          new Location("eu-west-1", "Ireland", 53.3, -6.3),
          new Location("eu-central-1", "Frankfurt", 50.1, 8.7),
          new Location("ap-northeast-1", "Tokyo", 35.7, 139.7),
          new Location("ap-northeast-2", "Seoul", 37.5, 127.0),
          new Location("ap-southeast-1", "Singapore", 1.35, 103.8),
          new Location("ap-southeast-2", "Sydney", -33.9, 151.2),
          new Location("sa-east-1", "São Paulo", -23.5, -46.6)
        }) {
      LOCATIONS.put(l.region(), l);
    }
  }

  /** Light in fibre covers about 200 km per millisecond. */
  public static final double FIBRE_KM_PER_MS = 200;

  /** UNSOURCED assumption: cable routes are 1.5× the great-circle distance. */
  public static final double ROUTE_STRETCH = 1.5;

  private Services() {}

  private static void put(String key, double usd, String unit, String source) {
    PRICES.put(key, new Price(usd, unit, source, "2026-11-23"));
  }

  public static Optional<DbClass> dbClass(String name) {
    return Optional.ofNullable(DB_CLASSES.get(name));
  }

  public static java.util.List<String> dbClassNames() {
    return java.util.List.copyOf(DB_CLASSES.keySet());
  }

  public static Optional<Double> cacheNodeHourly(String nodeType) {
    return Optional.ofNullable(CACHE_NODES.get(nodeType));
  }

  public static java.util.List<String> cacheNodeTypes() {
    return java.util.List.copyOf(CACHE_NODES.keySet());
  }

  /** A service price in a region. */
  public static double usd(String key, String region) {
    Price p = PRICES.get(key);
    if (p == null) {
      throw new IllegalArgumentException("no price " + key);
    }
    return p.usd() * regionFactor(region);
  }

  public static Map<String, Price> prices() {
    return java.util.Collections.unmodifiableMap(PRICES);
  }

  public static double regionFactor(String region) {
    return REGION_FACTOR.getOrDefault(region, 1.0);
  }

  public static boolean isKnownLocation(String region) {
    return LOCATIONS.containsKey(region);
  }

  public static java.util.List<String> locations() {
    return java.util.List.copyOf(LOCATIONS.keySet());
  }

  /**
   * Round trip between two regions in milliseconds: twice the great-circle distance stretched by
   * the cable route, at the speed of light in fibre. 0 within a region.
   */
  public static double roundTripMs(String from, String to) {
    if (from.equals(to)) {
      return 0;
    }
    Location a = LOCATIONS.get(from);
    Location b = LOCATIONS.get(to);
    if (a == null || b == null) {
      throw new IllegalArgumentException("unknown region " + (a == null ? from : to));
    }
    double p1 = Math.toRadians(a.latitude());
    double p2 = Math.toRadians(b.latitude());
    double dl = Math.toRadians(b.longitude() - a.longitude());
    double central =
        Math.acos(
            Math.min(
                1.0, Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl)));
    double km = 6371.0 * central;
    return 2 * km * ROUTE_STRETCH / FIBRE_KM_PER_MS;
  }
}
