package dev.archsim.engine.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The managed services beyond EC2 (database classes, cache nodes, and the prices of CloudFront, S3,
 * Lambda, API Gateway, SQS, SNS, DynamoDB, Route 53, Global Accelerator …) and the geography of
 * regions. Prices come from the price book, per region, each with its source; a price the book
 * lacks for a region is unknown (0 here, and the stage's cost is reported as partial with the item
 * listed, see {@link PriceUse}).
 */
public final class Services {

  /**
   * A database instance class.
   *
   * @param name e.g. {@code db.r6g.large}
   * @param vcpu vCPUs (those of the EC2 type of the same name)
   * @param memoryGiB memory
   * @param aurora whether Aurora offers the class
   */
  public record DbClass(String name, int vcpu, double memoryGiB, boolean aurora) {}

  /** A cache node type (ElastiCache or DAX) with its vCPUs and memory. */
  public record CacheNode(String name, int vcpu, double memoryGiB, String source) {}

  private static final class Classes {
    static final Map<String, DbClass> DB = new TreeMap<>();
    static final Map<String, CacheNode> CACHE = new TreeMap<>();

    static {
      for (String[] l : CatalogData.resource("managed-classes.tsv")) {
        int vcpu = Integer.parseInt(l[2]);
        double mem = Double.parseDouble(l[3]);
        if ("db".equals(l[0])) {
          DB.put(l[1], new DbClass(l[1], vcpu, mem, "1".equals(l[5])));
        } else {
          CACHE.put(l[1], new CacheNode(l[1], vcpu, mem, l[4]));
        }
      }
    }
  }

  /**
   * Load Balancer Capacity Units an Application Load Balancer uses at {@code requestsPerSecond}
   * with {@code bytesPerRequest} processed each: the larger of its new connections (one a request,
   * no keep-alive assumed; 25 a second make an LCU) and its bytes processed (1 GB an hour makes an
   * LCU for EC2 targets); active connections and rule evaluations are not counted ([3P]
   * cloud-horizons, "ALB: the line item nobody watches", 2026-05-08: an LCU is the largest of 25
   * new connections/s, 3,000 active connections/min, 1 GB/h processed, 1,000 rule evaluations/s).
   */
  public static double albLcus(double requestsPerSecond, double bytesPerRequest) {
    return Math.max(requestsPerSecond / 25.0, requestsPerSecond * bytesPerRequest * 3600.0 / 1e9);
  }

  /** Light in fibre covers about 200 km per millisecond. */
  public static final double FIBRE_KM_PER_MS = 200;

  /** UNSOURCED assumption: cable routes are 1.5× the great-circle distance. */
  public static final double ROUTE_STRETCH = 1.5;

  private Services() {}

  public static Optional<DbClass> dbClass(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(Classes.DB.get(name));
  }

  public static List<String> dbClassNames() {
    return List.copyOf(Classes.DB.keySet());
  }

  public static Optional<CacheNode> cacheNode(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(Classes.CACHE.get(name));
  }

  public static List<String> cacheNodeTypes() {
    return List.copyOf(Classes.CACHE.keySet());
  }

  /** Price-book key of a database instance-hour: {@code rds.<class>.hour} or {@code aurora....}. */
  public static String dbKey(String instanceClass, boolean aurora) {
    return (aurora ? "aurora." : "rds.") + instanceClass + ".hour";
  }

  /** Price-book key of a cache node-hour. */
  public static String cacheKey(String nodeType) {
    return "elasticache." + nodeType + ".hour";
  }

  /** Hourly price of one database instance of a class and engine in a region; 0 when unknown. */
  public static double dbHourly(String instanceClass, boolean aurora, String region) {
    return usd(dbKey(instanceClass, aurora), region);
  }

  /** Hourly price of one cache node in a region; 0 when unknown. */
  public static double cacheNodeHourly(String nodeType, String region) {
    return usd(cacheKey(nodeType), region);
  }

  /** A service price in a region in USD per its unit; 0 when the price book has none. */
  public static double usd(String key, String region) {
    Optional<Price> p = Catalog.servicePrice(key, region);
    return p.isPresent() ? p.get().usd() : 0.0;
  }

  public static boolean isKnownLocation(String region) {
    return Catalog.isKnownRegion(region);
  }

  public static List<String> locations() {
    return Catalog.regions();
  }

  /**
   * Round trip between two regions in milliseconds: twice the great-circle distance stretched by
   * the cable route, at the speed of light in fibre. 0 within a region.
   */
  public static double roundTripMs(String from, String to) {
    if (from.equals(to)) {
      return 0;
    }
    Region a = Catalog.region(from).orElse(null);
    Region b = Catalog.region(to).orElse(null);
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
