package dev.archsim.engine.component;

/**
 * A stage in front of the database that answers a share of the reads (ElastiCache, DAX): the
 * database stage sends it the reads first and sees only the misses.
 */
public interface ReadCache extends PathStage {
  /** Share of reads answered at {@code t}, in [0, 1]. */
  double hitShare(double t);

  /** Time a hit adds to a request, in ms. */
  double hitMs();

  /** Counts the reads the cache answered over a traffic step. */
  void answered(double reads);

  /**
   * Share of reads answered at {@code t} when they arrive at {@code readsPerSecond}: a cache with a
   * throughput limit answers less beyond it (the reads it throttles go to the database).
   */
  default double hitShare(double t, double readsPerSecond) {
    return hitShare(t);
  }

  /**
   * Over a traffic step, {@code reads} were sent to the cache and it answered {@code hits} of them
   * (it is filled with the others once the database has answered them).
   */
  default void looked(double reads, double hits) {
    answered(hits);
  }
}
