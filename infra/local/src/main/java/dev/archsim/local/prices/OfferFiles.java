package dev.archsim.local.prices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.archsim.engine.catalog.Price;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AWS's Price List bulk offer files: {@code /offers/v1.0/aws/index.json} names each service's
 * {@code currentRegionIndexUrl}; a region index names each region's {@code currentVersionUrl}; an
 * offer file holds {@code products} (SKU → product family and attributes) then {@code terms}
 * ({@code OnDemand} → SKU → term → {@code priceDimensions} with {@code pricePerUnit.USD}). Files
 * are stream-parsed (an EC2 region file is hundreds of MB): only the products archsim prices are
 * kept — Linux, shared tenancy, used capacity, no pre-installed software for EC2 instances — and
 * only their on-demand terms.
 */
public final class OfferFiles {

  /** The services read, by offer code. */
  public static final List<String> SERVICES =
      List.of(
          "AmazonEC2",
          "AmazonVPC",
          "AWSDataTransfer",
          "AWSELB",
          "AmazonRDS",
          "AmazonElastiCache",
          "AWSLambda",
          "AmazonApiGateway",
          "AmazonDynamoDB",
          "AWSQueueService",
          "AmazonSNS",
          "AWSEvents",
          "AmazonECS",
          "AmazonS3",
          "AmazonCloudWatch",
          "awswaf",
          "AmazonCloudFront",
          "AmazonRoute53",
          "AWSGlobalAccelerator");

  /**
   * Services priced globally rather than per region: their prices apply to every region. Their
   * region index, where they have one, names a global pseudo-region; else the service's current
   * offer file is read.
   */
  public static final java.util.Set<String> GLOBAL =
      java.util.Set.of("AmazonCloudFront", "AmazonRoute53", "AWSGlobalAccelerator");

  /** The pseudo-regions a global service's region index may use. */
  static final List<String> GLOBAL_REGIONS = List.of("global", "aws-global", "us-east-1");

  /**
   * The prices of one offer file.
   *
   * @param ec2 on-demand hourly price per instance type
   * @param services price-book service keys ({@code alb.hour}, {@code rds.db.r6g.large.hour} …)
   */
  public record Offer(
      String offerCode,
      String version,
      String publicationDate,
      Map<String, Price> ec2,
      Map<String, Price> services) {}

  private final URI base;
  private final JsonFactory json = new JsonFactory();

  /**
   * @param base where the offer files are, e.g. {@code https://pricing.us-east-1.amazonaws.com/} or
   *     a directory holding the same paths
   */
  public OfferFiles(URI base) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
  }

  /** Opens an offer-file path of the index ("/offers/v1.0/..."), relative to the base. */
  InputStream open(String path) throws IOException {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path).toURL().openStream();
  }

  /** Offer code → current region index path, from {@code offers/v1.0/aws/index.json}. */
  public Map<String, String> regionIndexes() throws IOException {
    return index("currentRegionIndexUrl");
  }

  /** Offer code → current offer file of the whole service, from {@code index.json}. */
  public Map<String, String> currentOffers() throws IOException {
    return index("currentVersionUrl");
  }

  private Map<String, String> index(String field) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = open("offers/v1.0/aws/index.json");
        JsonParser p = json.createParser(in)) {
      start(p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if (!"offers".equals(f)) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String code = p.currentName();
          p.nextToken();
          Map<String, String> fields = strings(p);
          if (fields.containsKey(field)) {
            out.put(code, fields.get(field));
          }
        }
      }
    }
    return out;
  }

  /** Region → offer file path, from a service's region index. */
  public Map<String, String> regionOffers(String regionIndexPath) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = open(regionIndexPath);
        JsonParser p = json.createParser(in)) {
      start(p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if (!"regions".equals(f)) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String region = p.currentName();
          p.nextToken();
          Map<String, String> fields = strings(p);
          if (fields.containsKey("currentVersionUrl")) {
            out.put(region, fields.get("currentVersionUrl"));
          }
        }
      }
    }
    return out;
  }

  /** Reads one region's offer file of a service. */
  public Offer offer(String path) throws IOException {
    try (InputStream in = open(path)) {
      return parse(in);
    }
  }

  /** Stream-parses an offer file. */
  public Offer parse(InputStream in) throws IOException {
    String code = "";
    String version = "";
    String published = "";
    Map<String, String> skuKey = new HashMap<>();
    Map<String, Price> ec2 = new LinkedHashMap<>();
    Map<String, Price> services = new LinkedHashMap<>();
    boolean products = false;
    try (JsonParser p = json.createParser(in)) {
      start(p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        switch (f) {
          case "offerCode" -> code = p.getText();
          case "version" -> version = p.getText();
          case "publicationDate" -> published = p.getText();
          case "products" -> {
            products = true;
            products(p, code, skuKey);
          }
          case "terms" -> {
            if (!products) {
              throw new IOException("offer file lists its terms before its products");
            }
            String date = published.length() >= 10 ? published.substring(0, 10) : published;
            String source =
                "AWS Price List bulk offer file " + code + " version " + version + ", on-demand";
            terms(p, skuKey, ec2, services, source, date);
          }
          default -> p.skipChildren();
        }
      }
    }
    return new Offer(code, version, published, ec2, services);
  }

  private void products(JsonParser p, String code, Map<String, String> skuKey) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String sku = p.currentName();
      p.nextToken();
      Map<String, String> a = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if ("attributes".equals(f)) {
          a.putAll(strings(p));
        } else if (p.currentToken().isScalarValue()) {
          a.put(f, p.getText());
        } else {
          p.skipChildren();
        }
      }
      String key = key(code, a);
      if (key != null) {
        skuKey.put(sku, key);
      }
    }
  }

  private void terms(
      JsonParser p,
      Map<String, String> skuKey,
      Map<String, Price> ec2,
      Map<String, Price> services,
      String source,
      String date)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String kind = p.currentName();
      p.nextToken();
      if (!"OnDemand".equals(kind)) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String sku = p.currentName();
        p.nextToken();
        String key = skuKey.get(sku);
        if (key == null) {
          p.skipChildren();
          continue;
        }
        // the lowest tier with a price above zero (tiered prices start with the first tier)
        BigDecimal best = null;
        BigDecimal bestBegin = null;
        String unit = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          p.nextToken(); // a term
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String tf = p.currentName();
            p.nextToken();
            if (!"priceDimensions".equals(tf)) {
              p.skipChildren();
              continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              p.nextToken(); // a dimension
              BigDecimal usd = null;
              BigDecimal begin = BigDecimal.ZERO;
              String u = "";
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String df = p.currentName();
                p.nextToken();
                switch (df) {
                  case "pricePerUnit" -> {
                    String v = strings(p).get("USD");
                    usd = v == null ? null : new BigDecimal(v);
                  }
                  case "beginRange" -> begin = new BigDecimal(p.getText());
                  case "unit" -> u = p.getText();
                  default -> p.skipChildren();
                }
              }
              if (usd != null
                  && usd.signum() > 0
                  && (bestBegin == null || begin.compareTo(bestBegin) < 0)) {
                best = usd;
                bestBegin = begin;
                unit = u;
              }
            }
          }
        }
        if (best == null) {
          continue;
        }
        if (key.startsWith("ec2 ")) {
          ec2.put(key.substring(4), new Price(best.doubleValue(), "hour", source, date));
        } else {
          double usd = best.doubleValue();
          services.put(key, new Price(usd, unit, source, date));
        }
      }
    }
  }

  /** The price-book key of a product, or null when archsim does not price it. */
  static String key(String code, Map<String, String> a) {
    String family = a.getOrDefault("productFamily", "");
    String usage = a.getOrDefault("usagetype", "");
    String type = a.get("instanceType");
    return switch (code) {
      case "AmazonEC2" -> {
        if ("Compute Instance".equals(family)
            && "Linux".equals(a.get("operatingSystem"))
            && "Shared".equals(a.get("tenancy"))
            && "Used".equals(a.get("capacitystatus"))
            && "NA".equals(a.get("preInstalledSw"))
            && "RunInstances".equals(a.getOrDefault("operation", "RunInstances"))
            && type != null) {
          yield "ec2 " + type;
        }
        if (usage.endsWith("PublicIPv4:InUseAddress")) {
          yield "public-ipv4.hour";
        }
        if ("CPU Credits".equals(family) && "Linux".equals(a.get("operatingSystem"))) {
          if (usage.endsWith("CPUCredits:t4g")) {
            yield "ec2.surplus-credit.vcpu-hour.t4g";
          }
          yield usage.endsWith("CPUCredits:t3") ? "ec2.surplus-credit.vcpu-hour" : null;
        }
        String nat = natGateway(family, usage);
        yield nat != null ? nat : dataTransfer(family, a);
      }
      case "AmazonVPC" -> {
        String nat = natGateway(family, usage);
        if (nat != null) {
          yield nat;
        }
        if (!"VpcEndpoint".equals(family) || !"Interface".equals(a.get("endpointType"))) {
          yield null;
        }
        yield usage.endsWith("VpcEndpoint-Hours")
            ? "vpc-endpoint.interface.hour"
            : usage.endsWith("VpcEndpoint-Bytes") ? "vpc-endpoint.interface.gb" : null;
      }
      case "AWSDataTransfer" -> dataTransfer(family, a);
      case "AWSELB" -> {
        String lb =
            switch (family) {
              case "Load Balancer-Application" -> "alb";
              case "Load Balancer-Network" -> "nlb";
              default -> null;
            };
        if (lb == null) {
          yield null;
        }
        if (usage.endsWith("LoadBalancerUsage")) {
          yield lb + ".hour";
        }
        yield usage.endsWith("LCUUsage")
            ? (lb.equals("nlb") ? "nlb.nlcu-hour" : "alb.lcu-hour")
            : null;
      }
      case "AmazonRDS" -> {
        String engine0 = a.get("databaseEngine");
        if ("ServerlessV2".equals(family)
            && "Aurora MySQL".equals(engine0)
            && usage.endsWith("Aurora:ServerlessV2Usage")) {
          yield "aurora.serverless-v2.acu-hour";
        }
        if ("Database Storage".equals(family)) {
          if (usage.endsWith("Aurora:StorageUsage")) {
            yield "rds.storage.aurora.gb-month";
          }
          yield "MySQL".equals(engine0)
                  && "Single-AZ".equals(a.get("deploymentOption"))
                  && "General Purpose".equals(a.get("volumeType"))
              ? "rds.storage.gb-month"
              : null;
        }
        if ("System Operation".equals(family) && usage.endsWith("Aurora:StorageIOUsage")) {
          yield "rds.aurora.io-request";
        }
        if (!"Database Instance".equals(family) || type == null || usage.contains("IOOptimized")) {
          yield null;
        }
        String engine = a.get("databaseEngine");
        boolean single = "Single-AZ".equals(a.get("deploymentOption"));
        if ("MySQL".equals(engine) && single) {
          yield "rds." + type + ".hour";
        }
        yield "Aurora MySQL".equals(engine) ? "aurora." + type + ".hour" : null;
      }
      case "AmazonElastiCache" -> {
        if (!"Redis".equals(a.get("cacheEngine"))) {
          yield null;
        }
        if ("ElastiCache Serverless".equals(family)) {
          yield usage.endsWith("ElastiCache:ServerlessStorage")
              ? "elasticache.serverless.gb-hour"
              : usage.endsWith("ElastiCache:ServerlessUsage")
                  ? "elasticache.serverless.ecpu"
                  : null;
        }
        yield "Cache Instance".equals(family) && type != null
            ? "elasticache." + type + ".hour"
            : null;
      }
      case "AWSLambda" ->
          switch (a.getOrDefault("group", "")) {
            case "AWS-Lambda-Requests" -> "lambda.request";
            case "AWS-Lambda-Duration" -> "lambda.gb-second";
            case "AWS-Lambda-Duration-ARM" -> "lambda.gb-second.arm64";
            case "AWS-Lambda-Provisioned-Concurrency" -> "lambda.provisioned.gb-second";
            default -> null;
          };
      case "AmazonApiGateway" ->
          usage.endsWith("ApiGatewayHttpRequest")
              ? "apigw.http.request"
              : usage.endsWith("ApiGatewayRequest") ? "apigw.rest.request" : null;
      case "AmazonDynamoDB" ->
          suffix(
              usage,
              Map.of(
                  "ReadRequestUnits", "dynamodb.read-request-unit",
                  "WriteRequestUnits", "dynamodb.write-request-unit",
                  "ReadCapacityUnit-Hrs", "dynamodb.rcu-hour",
                  "WriteCapacityUnit-Hrs", "dynamodb.wcu-hour",
                  "TimedStorage-ByteHrs", "dynamodb.storage.gb-month"));
      case "AWSQueueService" ->
          "Standard".equals(a.get("queueType")) && usage.endsWith("Requests-Tier1")
              ? "sqs.request"
              : null;
      case "AmazonSNS" -> usage.endsWith("Requests-Tier1") ? "sns.publish" : null;
      case "AWSEvents" -> usage.endsWith("Event-64K-Chunks") ? "eventbridge.event" : null;
      case "AmazonECS" ->
          suffix(
              usage,
              Map.of(
                  "Fargate-vCPU-Hours:perCPU", "fargate.vcpu-hour",
                  "Fargate-GB-Hours", "fargate.gb-hour"));
      case "AmazonS3" -> {
        String cls = a.getOrDefault("volumeType", "");
        String storage =
            switch (cls) {
              case "Standard" -> "s3.standard";
              case "Standard - Infrequent Access" -> "s3.standard-ia";
              case "Amazon Glacier" -> "s3.glacier";
              case "Glacier Deep Archive" -> "s3.deep-archive";
              default -> null;
            };
        if ("Storage".equals(family)) {
          yield storage == null ? null : storage + ".gb-month";
        }
        if ("API Request".equals(family)) {
          yield suffix(
              usage,
              Map.of(
                  "-Requests-Tier1", "s3.put",
                  "-Requests-Tier2", "s3.get",
                  "Requests-SIA-Tier1", "s3.transition.standard-ia.request",
                  "Requests-GLACIER-Tier1", "s3.transition.glacier.request",
                  "Requests-GDA-Tier1", "s3.transition.deep-archive.request",
                  "Requests-GLACIER-Tier3", "s3.glacier.retrieval.standard.request",
                  "Requests-GDA-Tier3", "s3.deep-archive.retrieval.standard.request"));
        }
        if ("Fee".equals(family)) {
          yield suffix(
              usage,
              Map.of(
                  "Retrieval-SIA", "s3.standard-ia.retrieval.gb",
                  "Standard-Retrieval-Bytes", "s3.glacier.retrieval.standard.gb",
                  "Bulk-Retrieval-Bytes", "s3.glacier.retrieval.bulk.gb",
                  "GDA-Standard-Retrieval-Bytes", "s3.deep-archive.retrieval.standard.gb",
                  "GDA-Bulk-Retrieval-Bytes", "s3.deep-archive.retrieval.bulk.gb"));
        }
        yield null;
      }
      case "AmazonCloudWatch" ->
          suffix(
              usage,
              Map.of(
                  "CW:MetricMonitorUsage", "cloudwatch.metric.month",
                  "CW:AlarmMonitorUsage", "cloudwatch.alarm.month",
                  "DataProcessing-Bytes", "cloudwatch.logs.ingest.gb",
                  "TimedStorage-ByteHrs", "cloudwatch.logs.storage.gb-month"));
      case "awswaf" ->
          suffix(
              usage,
              Map.of(
                  "WebACLV2", "waf.web-acl.month",
                  "RuleV2", "waf.rule.month",
                  "RequestV2-Tier1", "waf.request"));
      case "AmazonCloudFront" -> {
        // the US/Europe edge rates (the price book keeps one CloudFront rate)
        if (!"United States".equals(a.get("fromLocation"))
            && !"United States".equals(a.get("location"))) {
          yield null;
        }
        if ("Data Transfer".equals(family) && "CloudFront Outbound".equals(a.get("transferType"))) {
          yield "cloudfront.gb";
        }
        yield "Request".equals(family) && "CloudFront-Request-HTTPS".equals(a.get("requestType"))
            ? "cloudfront.https-request"
            : null;
      }
      case "AmazonRoute53" ->
          suffix(
              usage,
              Map.of(
                  "Health-Check-AWS", "route53.health-check.month",
                  "HostedZone", "route53.hosted-zone.month",
                  "DNS-Queries", "route53.query"));
      case "AWSGlobalAccelerator" ->
          usage.endsWith("GlobalAccelerator-Hours") || usage.endsWith("Accelerator-Hours")
              ? "global-accelerator.hour"
              : null;
      default -> null;
    };
  }

  private static String natGateway(String family, String usage) {
    if (!"NAT Gateway".equals(family)) {
      return null;
    }
    return usage.endsWith("NatGateway-Hours")
        ? "nat-gateway.hour"
        : usage.endsWith("NatGateway-Bytes") ? "nat-gateway.gb" : null;
  }

  private static String dataTransfer(String family, Map<String, String> a) {
    if (!"Data Transfer".equals(family)) {
      return null;
    }
    if ("AWS Outbound".equals(a.get("transferType")) && "External".equals(a.get("toLocation"))) {
      return "data-out.gb";
    }
    return "InterRegion Outbound".equals(a.get("transferType")) ? "cross-region.gb" : null;
  }

  /** The value of the longest of {@code byEnding}'s keys that {@code usage} ends with. */
  private static String suffix(String usage, Map<String, String> byEnding) {
    String best = null;
    for (Map.Entry<String, String> e : byEnding.entrySet()) {
      if (usage.endsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
        best = e.getKey();
      }
    }
    return best == null ? null : byEnding.get(best);
  }

  private static void start(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a JSON object");
    }
  }

  /** The scalar fields of the object the parser is on (nested values skipped). */
  private static Map<String, String> strings(JsonParser p) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return out;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (p.currentToken().isScalarValue()) {
        out.put(f, p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }
}
