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
 */
public record Cache(
    String engine,
    String nodeType,
    int nodes,
    double hitRatio,
    boolean replicated,
    double warmupMinutes) {
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
}
