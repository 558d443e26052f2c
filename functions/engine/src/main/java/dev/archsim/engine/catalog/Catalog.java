package dev.archsim.engine.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Instance types, regions and the versioned price book. Every price carries its source and date;
 * see shared AWS-FACTS for the material they were read from.
 */
public final class Catalog {
  /** Version of the price book; results record it so a later price change is visible. */
  public static final String PRICE_BOOK_VERSION = "2026-11-23";

  /** Default Elastic IP quota per region ("5 per Region", EC2 user guide). */
  public static final int ELASTIC_IP_QUOTA_PER_REGION = 5;

  private static final String SRC_CTAMINIAN =
      "[3P] github.com/ctaminian/aws-cost-estimator pricing.py";
  private static final String SRC_EC2_UNLIMITED =
      "[AWS] awsdocs amazon-ec2-user-guide burstable-performance-instances-unlimited-mode-concepts.md";
  private static final String SRC_SEOUL_TABLE =
      "[3P] public Korean EC2 price table for ap-northeast-2 (Linux/UNIX USD per hour), m5.xlarge"
          + " 0.236, t3.xlarge 0.208, c5.2xlarge 0.384, r5.xlarge 0.304; smaller sizes derived"
          + " linearly within the family (AWS prices scale with size within a family)";

  private static final Map<String, InstanceType> TYPES =
      List.of(
              new InstanceType("t2.micro", 1, 1, t2(0.10, 6, 144)),
              new InstanceType("t2.small", 1, 2, t2(0.20, 12, 288)),
              new InstanceType("t3.micro", 2, 1, t3(0.10, 12, 288)),
              new InstanceType("t3.small", 2, 2, t3(0.20, 24, 576)),
              new InstanceType("t3.medium", 2, 4, t3(0.20, 24, 576)),
              new InstanceType("t3.large", 2, 8, t3(0.30, 36, 864)),
              new InstanceType("t3.xlarge", 4, 16, t3(0.40, 96, 2304)),
              new InstanceType("m5.large", 2, 8, null),
              new InstanceType("m5.xlarge", 4, 16, null),
              new InstanceType("m5.2xlarge", 8, 32, null),
              new InstanceType("c5.large", 2, 4, null),
              new InstanceType("c5.xlarge", 4, 8, null),
              new InstanceType("c5.2xlarge", 8, 16, null),
              new InstanceType("r5.large", 2, 16, null),
              new InstanceType("r5.xlarge", 4, 32, null),
              new InstanceType("fargate.1vcpu-2gb", 1, 2, null),
              new InstanceType("fargate.2vcpu-4gb", 2, 4, null),
              new InstanceType("fargate.4vcpu-8gb", 4, 8, null))
          .stream()
          .collect(Collectors.toMap(InstanceType::name, t -> t, (a, b) -> a, TreeMap::new));

  /** Availability Zone letters per region (us-east-1 has six, ap-northeast-2 four). */
  private static final Map<String, String> REGION_AZ_LETTERS =
      Map.of("us-east-1", "abcdef", "ap-northeast-2", "abcd");

  private static final Map<String, Map<String, Price>> EC2_ON_DEMAND =
      Map.of(
          "us-east-1",
          Map.ofEntries(
              Map.entry(
                  "t2.micro",
                  hour(
                      0.0116,
                      "[3P] gist franc3000 EC2 pricing table; " + SRC_CTAMINIAN,
                      "2017-10; 2025-12")),
              Map.entry(
                  "t2.small",
                  hour(0.023, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry("t3.micro", hour(0.0104, SRC_CTAMINIAN, "2026-01")),
              Map.entry(
                  "t3.small",
                  hour(0.0208, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry(
                  "t3.medium",
                  hour(0.0416, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry("t3.large", hour(0.0832, "[3P] go-cloud.io/?p=10607", "2026")),
              Map.entry(
                  "t3.xlarge",
                  hour(0.1664, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry(
                  "m5.large", hour(0.096, SRC_EC2_UNLIMITED + "; " + SRC_CTAMINIAN, "2026-01")),
              Map.entry("fargate.1vcpu-2gb", fargate(1, 2, 1.0)),
              Map.entry("fargate.2vcpu-4gb", fargate(2, 4, 1.0)),
              Map.entry("fargate.4vcpu-8gb", fargate(4, 8, 1.0)),
              Map.entry("m5.xlarge", hour(0.192, "[3P] multicloudhosting.com/?p=1623", "2026")),
              Map.entry(
                  "m5.2xlarge",
                  hour(0.384, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry("c5.large", hour(0.085, SRC_CTAMINIAN, "2026-01")),
              Map.entry(
                  "c5.xlarge",
                  hour(0.17, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry(
                  "c5.2xlarge",
                  hour(0.34, "[3P] public-code price table 'January 2026'", "2026-01")),
              Map.entry("r5.large", hour(0.126, SRC_CTAMINIAN, "2026-01")),
              Map.entry(
                  "r5.xlarge",
                  hour(0.252, "[3P] public-code price table 'January 2026'", "2026-01"))),
          "ap-northeast-2",
          Map.ofEntries(
              Map.entry(
                  "t2.micro",
                  hour(
                      0.0144,
                      "UNSOURCED: assumption (no public source read), verify",
                      "2026-11-23")),
              Map.entry("t3.micro", hour(0.013, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("t3.small", hour(0.026, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("t3.medium", hour(0.052, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("t3.large", hour(0.104, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("t3.xlarge", hour(0.208, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("m5.large", hour(0.118, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("fargate.1vcpu-2gb", fargate(1, 2, 0.118 / 0.096)),
              Map.entry("fargate.2vcpu-4gb", fargate(2, 4, 0.118 / 0.096)),
              Map.entry("fargate.4vcpu-8gb", fargate(4, 8, 0.118 / 0.096)),
              Map.entry("m5.xlarge", hour(0.236, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("m5.2xlarge", hour(0.472, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("c5.large", hour(0.096, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("c5.xlarge", hour(0.192, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("c5.2xlarge", hour(0.384, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("r5.large", hour(0.152, SRC_SEOUL_TABLE, "read 2026-11-23")),
              Map.entry("r5.xlarge", hour(0.304, SRC_SEOUL_TABLE, "read 2026-11-23"))));

  /** $0.005 per public IPv4 address per hour, in use or idle, since 1 Feb 2024. */
  private static final Price PUBLIC_IPV4 =
      new Price(
          0.005,
          "hour",
          "[AWS] repost.aws public-ipv4-addresses-cost-projection; community.aws (2024-02-08)",
          "2024-02-01");

  private static final Map<String, Price> ALB_HOUR =
      Map.of(
          "us-east-1",
          new Price(
              0.0225,
              "hour",
              "[3P] cloud-horizons.com/blog/alb-the-line-item-nobody-watches",
              "2026-05-08"),
          "ap-northeast-2",
          new Price(0.0225, "hour", "UNSOURCED: assumed equal to us-east-1, verify", "2026-11-23"));

  private static final Map<String, Price> LCU_HOUR =
      Map.of(
          "us-east-1",
          new Price(
              0.008,
              "LCU-hour",
              "[3P] cloud-horizons.com/blog/alb-the-line-item-nobody-watches",
              "2026-05-08"),
          "ap-northeast-2",
          new Price(
              0.008, "LCU-hour", "UNSOURCED: assumed equal to us-east-1, verify", "2026-11-23"));

  private static final Map<String, Price> DATA_OUT_GB =
      Map.of(
          "us-east-1",
          new Price(0.09, "GB", SRC_CTAMINIAN + " (data_transfer_out_per_gb)", "2026-01"),
          "ap-northeast-2",
          new Price(0.126, "GB", "UNSOURCED: assumption (first 10 TB tier), verify", "2026-11-23"));

  /**
   * Surplus credits of unlimited mode: $0.05 per vCPU-hour (us-east-1 Linux; awsdocs
   * burstable-performance-instances-unlimited-mode-concepts.md), i.e. per 60 credits.
   */
  public static final Price SURPLUS_CREDIT_VCPU_HOUR =
      new Price(0.05, "vCPU-hour", SRC_EC2_UNLIMITED, "awsdocs mirror, archived mid-2023");

  /** Spot interruption notice before the instance is stopped or terminated. */
  public static final double SPOT_NOTICE_SECONDS = 120;

  /** Default spot discount when a scenario gives none: UNSOURCED (AWS says "up to 90%"). */
  public static final double DEFAULT_SPOT_DISCOUNT = 0.70;

  /** Default spot interruptions per instance-month: the Spot Advisor's lowest band (< 5 %). */
  public static final double DEFAULT_SPOT_INTERRUPTIONS_PER_MONTH = 0.05;

  private static final Map<String, Price> RESERVED_DISCOUNT =
      Map.of(
          "1y/no-upfront",
          new Price(
              0.40,
              "fraction off",
              "[3P] multicloudhosting.com/?p=1623 (~40% off, 1-yr no upfront)",
              "2026"),
          "1y/partial-upfront",
          new Price(
              0.42,
              "fraction off",
              "UNSOURCED: interpolated between no and all upfront",
              "2026-11-23"),
          "1y/all-upfront",
          new Price(
              0.44,
              "fraction off",
              "UNSOURCED: interpolated between no and all upfront",
              "2026-11-23"),
          "3y/no-upfront",
          new Price(0.55, "fraction off", "UNSOURCED: interpolated", "2026-11-23"),
          "3y/partial-upfront",
          new Price(0.60, "fraction off", "UNSOURCED: interpolated", "2026-11-23"),
          "3y/all-upfront",
          new Price(
              0.62,
              "fraction off",
              "[3P] multicloudhosting.com/?p=1623 (3-yr all upfront 60-65%); up to 72% [3P] costpatrol.io",
              "2026"));

  private Catalog() {}

  private static InstanceType.Burst t2(double baseline, double perHour, double max) {
    return new InstanceType.Burst(baseline, perHour, max, 30, false);
  }

  private static InstanceType.Burst t3(double baseline, double perHour, double max) {
    return new InstanceType.Burst(baseline, perHour, max, 0, true);
  }

  /** Reserved-instance discount for "1y"/"3y" and "no-upfront"/"partial-upfront"/"all-upfront". */
  public static Optional<Price> reservedDiscount(String term, String payment) {
    return Optional.ofNullable(RESERVED_DISCOUNT.get(term + "/" + payment));
  }

  /**
   * A Fargate task size priced per vCPU-hour ($0.04048) and GB-hour ($0.004445) in us-east-1, times
   * a region factor; UNSOURCED (commonly listed rates, not read from a source).
   */
  private static Price fargate(int vcpu, int gb, double regionFactor) {
    return hour(
        (vcpu * 0.04048 + gb * 0.004445) * regionFactor,
        "UNSOURCED: Fargate $0.04048/vCPU-h + $0.004445/GB-h (us-east-1) x region factor; verify",
        "2026-11-23");
  }

  /** True for a Fargate task size (containers) rather than an EC2 instance type. */
  public static boolean isFargate(String type) {
    return type.startsWith("fargate.");
  }

  private static Price hour(double usd, String source, String asOf) {
    return new Price(usd, "hour", source, asOf);
  }

  public static Optional<InstanceType> instanceType(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  public static List<String> instanceTypeNames() {
    return List.copyOf(TYPES.keySet());
  }

  public static boolean isKnownRegion(String region) {
    return REGION_AZ_LETTERS.containsKey(region);
  }

  public static List<String> regions() {
    return REGION_AZ_LETTERS.keySet().stream().sorted().toList();
  }

  /** The Availability Zone names of a region, e.g. us-east-1a … us-east-1f. */
  public static List<String> availabilityZones(String region) {
    String letters = REGION_AZ_LETTERS.getOrDefault(region, "");
    return letters.chars().mapToObj(c -> region + (char) c).toList();
  }

  public static Optional<Price> onDemandHourly(String region, String instanceType) {
    return Optional.ofNullable(EC2_ON_DEMAND.getOrDefault(region, Map.of()).get(instanceType));
  }

  public static Price publicIpv4Hourly() {
    return PUBLIC_IPV4;
  }

  public static Price loadBalancerHourly(String region) {
    return ALB_HOUR.get(region);
  }

  public static Price lcuHourly(String region) {
    return LCU_HOUR.get(region);
  }

  public static Price dataOutPerGb(String region) {
    return DATA_OUT_GB.get(region);
  }
}
