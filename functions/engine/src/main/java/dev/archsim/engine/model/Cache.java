package dev.archsim.engine.model;

/**
 * A cache in front of the database: ElastiCache (Redis, Memcached) or DAX for DynamoDB. Reads hit
 * it with {@code hitRatio}; a lost node takes its share of the keys with it, and its replacement
 * warms linearly over {@code warmupMinutes}.
 *
 * @param engine redis, memcached or dax
 * @param nodeType e.g. cache.r6g.large
 * @param nodes nodes (shards), spread over the AZs
 * @param hitRatio share of reads answered from the cache when it is warm
 * @param replicated Redis with a replica per shard in another AZ (Multi-AZ): a node loss fails over
 *     without losing the cached keys
 * @param warmupMinutes time for an empty node to reach the full hit ratio
 * @param serverless ElastiCache Serverless: no nodes, data and requests billed as used (null for a
 *     cache of nodes)
 */
public record Cache(
    String engine,
    String nodeType,
    int nodes,
    double hitRatio,
    boolean replicated,
    double warmupMinutes,
    Serverless serverless) {
  /** "sub-millisecond" (AWS-FACTS §8). */
  public static final double HIT_MS = 0.5;

  /** The defaults of the {@code cache} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("cache");

  public static final String DEFAULT_ENGINE = DEFAULTS.d("engine", "redis");

  /** The node type when none is given: by engine, so not a single schema default. */
  public static final String DEFAULT_NODE_TYPE = "cache.r6g.large";

  public static final String DEFAULT_DAX_NODE_TYPE = "dax.r5.large";
  public static final int DEFAULT_NODES = DEFAULTS.d("nodes", 1);
  public static final boolean DEFAULT_REPLICATED = DEFAULTS.d("replicated", false);

  /** UNSOURCED assumption: a cold node reaches its hit ratio in 10 minutes. */
  public static final double DEFAULT_WARMUP_MINUTES = DEFAULTS.d("warmupMinutes", 10.0);

  /** ElastiCache Serverless meters at least 1 GB of data. */
  public static final double DEFAULT_SERVERLESS_DATA_GB =
      DEFAULTS.d("serverless/properties/dataGb", 1.0);

  /** A simple GET or SET of up to 1 KB is one ECPU. */
  public static final double DEFAULT_SERVERLESS_ITEM_KB =
      DEFAULTS.d("serverless/properties/itemKb", 1.0);

  /** A cache of nodes. */
  public Cache(
      String engine,
      String nodeType,
      int nodes,
      double hitRatio,
      boolean replicated,
      double warmupMinutes) {
    this(engine, nodeType, nodes, hitRatio, replicated, warmupMinutes, null);
  }

  /** True for ElastiCache Serverless. */
  public boolean isServerless() {
    return serverless != null;
  }

  /**
   * ElastiCache Serverless: no nodes to choose or lose; it scales out by adding shards "without any
   * downtime" and replicates the data across AZs ([AWS] ElastiCache user guide, "Scaling
   * ElastiCache Serverless", "How ElastiCache works"). Billed per GB-hour of data stored (at least
   * 1 GB) and per ElastiCache Processing Unit: a simple GET or SET of up to 1 KB is one ECPU, each
   * further KB another ([AWS] Database Blog, "Unlock on-demand, cost-optimized performance with
   * Amazon ElastiCache Serverless").
   *
   * @param dataGb data kept in the cache, GB
   * @param itemKb mean size of a cached item, KB
   * @param maxEcpuPerSecond the cache's ECPU/second maximum, beyond which "ElastiCache will begin
   *     throttling requests" ([AWS] "Setting scaling limits to manage costs"); 0 for none
   */
  public record Serverless(double dataGb, double itemKb, double maxEcpuPerSecond) {
    /** ElastiCache Serverless meters at least 1 GB of data on every cache. */
    public static final double MIN_BILLED_GB = 1;

    /** ECPUs one GET or SET of an item uses: one per KB transferred, at least one. */
    public double ecpuPerRequest() {
      return Math.max(1, Math.ceil(itemKb));
    }
  }
}
