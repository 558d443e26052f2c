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

  /** UNSOURCED assumption: a cold node reaches its hit ratio in 10 minutes. */
  public static final double DEFAULT_WARMUP_MINUTES = Defaults.CACHE_WARMUP_MINUTES;
}
