package dev.archsim.engine.catalog;

import java.util.List;

/**
 * Price-book keys of the services archsim prices beside instances, for {@link
 * Catalog#servicePrice(String, String)}: each price has its unit, source and date there (an
 * "UNSOURCED: ..." source marks an assumption, an "ESTIMATE: ..." one a derived price). Regional
 * keys are read for us-east-1 and estimated elsewhere from the region's EC2 price level (unknown
 * where the region has no EC2 prices); global ones (Route 53, Global Accelerator, gateway
 * endpoints, the Fargate Spot bound) are the same everywhere. {@code archsim prices update}
 * refreshes them from AWS's offer files.
 */
public final class PriceKeys {
  private PriceKeys() {}

  /** NAT gateway, per gateway-hour. */
  public static final String NAT_GATEWAY_HOUR = "nat-gateway.hour";

  /** NAT gateway data processing, per GB. */
  public static final String NAT_GATEWAY_GB = "nat-gateway.gb";

  /** Interface VPC endpoint, per hour in each AZ it is provisioned in. */
  public static final String VPC_ENDPOINT_INTERFACE_HOUR = "vpc-endpoint.interface.hour";

  /** Interface VPC endpoint data processing, per GB (first PB a month). */
  public static final String VPC_ENDPOINT_INTERFACE_GB = "vpc-endpoint.interface.gb";

  /** Gateway VPC endpoint (S3, DynamoDB), per hour: free. */
  public static final String VPC_ENDPOINT_GATEWAY_HOUR = "vpc-endpoint.gateway.hour";

  /** Gateway VPC endpoint, per GB: free. */
  public static final String VPC_ENDPOINT_GATEWAY_GB = "vpc-endpoint.gateway.gb";

  /** AWS WAF web ACL, per month. */
  public static final String WAF_WEB_ACL_MONTH = "waf.web-acl.month";

  /** AWS WAF rule (or rule group), per month. */
  public static final String WAF_RULE_MONTH = "waf.rule.month";

  /** AWS WAF inspected request. */
  public static final String WAF_REQUEST = "waf.request";

  /** CloudWatch custom metric, per month (first 10 000). */
  public static final String CLOUDWATCH_METRIC_MONTH = "cloudwatch.metric.month";

  /** CloudWatch standard-resolution alarm, per month. */
  public static final String CLOUDWATCH_ALARM_MONTH = "cloudwatch.alarm.month";

  /** CloudWatch Logs ingestion, per GB. */
  public static final String CLOUDWATCH_LOGS_INGEST_GB = "cloudwatch.logs.ingest.gb";

  /** CloudWatch Logs storage, per GB-month. */
  public static final String CLOUDWATCH_LOGS_STORAGE_GB_MONTH = "cloudwatch.logs.storage.gb-month";

  /** Aurora Serverless v2 capacity, per ACU-hour. */
  public static final String AURORA_SERVERLESS_V2_ACU_HOUR = "aurora.serverless-v2.acu-hour";

  /** S3 storage per GB-month of a class: STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE. */
  public static String s3StorageGbMonth(String storageClass) {
    return "s3." + s3Class(storageClass) + ".gb-month";
  }

  /** A lifecycle transition into a class (STANDARD_IA, GLACIER, DEEP_ARCHIVE), per object. */
  public static String s3TransitionRequest(String storageClass) {
    return "s3.transition." + s3Class(storageClass) + ".request";
  }

  /** S3 PUT, COPY, POST or LIST request (S3 Standard). */
  public static final String S3_PUT = "s3.put";

  /** S3 GET request (S3 Standard). */
  public static final String S3_GET = "s3.get";

  /** Retrieval from S3 Standard-IA, per GB. */
  public static final String S3_STANDARD_IA_RETRIEVAL_GB = "s3.standard-ia.retrieval.gb";

  /** Standard (3–5 h) retrieval from S3 Glacier Flexible Retrieval, per GB and per request. */
  public static final String S3_GLACIER_RETRIEVAL_STANDARD_GB = "s3.glacier.retrieval.standard.gb";

  public static final String S3_GLACIER_RETRIEVAL_STANDARD_REQUEST =
      "s3.glacier.retrieval.standard.request";

  /** Bulk (5–12 h) retrieval from S3 Glacier Flexible Retrieval, per GB. */
  public static final String S3_GLACIER_RETRIEVAL_BULK_GB = "s3.glacier.retrieval.bulk.gb";

  /** Standard retrieval from S3 Glacier Deep Archive, per GB and per request. */
  public static final String S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_GB =
      "s3.deep-archive.retrieval.standard.gb";

  public static final String S3_DEEP_ARCHIVE_RETRIEVAL_STANDARD_REQUEST =
      "s3.deep-archive.retrieval.standard.request";

  /** Bulk retrieval from S3 Glacier Deep Archive, per GB. */
  public static final String S3_DEEP_ARCHIVE_RETRIEVAL_BULK_GB =
      "s3.deep-archive.retrieval.bulk.gb";

  /** ElastiCache Serverless (Redis OSS) data stored, per GB-hour. */
  public static final String ELASTICACHE_SERVERLESS_GB_HOUR = "elasticache.serverless.gb-hour";

  /** ElastiCache Serverless (Redis OSS), per ElastiCache Processing Unit. */
  public static final String ELASTICACHE_SERVERLESS_ECPU = "elasticache.serverless.ecpu";

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

  /** Amazon EKS control plane, per cluster-hour (Kubernetes version in standard support). */
  public static final String EKS_CLUSTER_HOUR = "eks.cluster-hour";

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

  /** The S3 storage classes with a price: STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE. */
  public static final List<String> S3_STORAGE_CLASSES =
      List.of("STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE");

  private static String s3Class(String storageClass) {
    return switch (storageClass) {
      case "STANDARD" -> "standard";
      case "STANDARD_IA" -> "standard-ia";
      case "GLACIER" -> "glacier";
      case "DEEP_ARCHIVE" -> "deep-archive";
      default ->
          throw new IllegalArgumentException(
              "S3 storage class " + storageClass + " is not priced; one of " + S3_STORAGE_CLASSES);
    };
  }
}
