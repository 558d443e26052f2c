package dev.archsim.engine.catalog;

/**
 * Price-book keys the catalog itself reads ({@link Catalog#servicePrice(String, String)}):
 * Fargate's vCPU and memory prices, from which it prices Fargate task sizes as types, and the Route
 * 53 and Global Accelerator prices. Each price has its unit, source and date there (an "UNSOURCED:
 * ..." source marks an assumption, an "ESTIMATE: ..." one a derived price). Regional keys are read
 * for us-east-1 and estimated elsewhere from the region's EC2 price level (unknown where the region
 * has no EC2 prices); global ones (Route 53, Global Accelerator, gateway endpoints, the Fargate
 * Spot bound) are the same everywhere. {@code archsim prices update} refreshes them from AWS's
 * offer files.
 *
 * <p>The keys of a service one component alone bills are that component's own constants, listed by
 * its {@code priceKeys()} (NAT gateways, VPC endpoints, WAF, CloudWatch, S3, Aurora Serverless v2,
 * ElastiCache Serverless, EKS): a new component does not edit this class.
 */
public final class PriceKeys {
  private PriceKeys() {}

  /** Fargate (Linux, x86), per vCPU-hour. */
  public static final String FARGATE_VCPU_HOUR = "fargate.vcpu-hour";

  /** Fargate (Linux, x86), per GB-hour of memory. */
  public static final String FARGATE_GB_HOUR = "fargate.gb-hour";

  /**
   * Fargate Spot's discount off Fargate as a fraction: the "up to" bound AWS states; the real
   * discount varies with spare capacity.
   */
  public static final String FARGATE_SPOT_MAX_DISCOUNT = "fargate.spot.max-discount";

  /** Fargate Spot's discount as observed in a published price (below the 70 % bound). */
  public static final String FARGATE_SPOT_DISCOUNT = "fargate.spot.discount";

  /** Fargate (Linux, ARM/Graviton), per vCPU-hour. */
  public static final String FARGATE_ARM64_VCPU_HOUR = "fargate.arm64.vcpu-hour";

  /** Fargate (Linux, ARM/Graviton), per GB-hour of memory. */
  public static final String FARGATE_ARM64_GB_HOUR = "fargate.arm64.gb-hour";

  /** Route 53 health check of an AWS endpoint, per month. */
  public static final String ROUTE53_HEALTH_CHECK_MONTH = "route53.health-check.month";

  /** Route 53 hosted zone, per month (first 25). */
  public static final String ROUTE53_HOSTED_ZONE_MONTH = "route53.hosted-zone.month";

  /** Route 53 standard query (first billion a month). */
  public static final String ROUTE53_QUERY = "route53.query";

  /** Global Accelerator fixed fee, per accelerator-hour. */
  public static final String GLOBAL_ACCELERATOR_HOUR = "global-accelerator.hour";

  /** Global Accelerator data-transfer premium, per GB (North America to North America). */
  public static final String GLOBAL_ACCELERATOR_DT_PREMIUM_GB = "global-accelerator.dt-premium.gb";
}
