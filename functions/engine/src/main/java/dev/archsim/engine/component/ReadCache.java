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
}
