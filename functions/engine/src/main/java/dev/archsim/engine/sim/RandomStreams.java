package dev.archsim.engine.sim;

import java.util.SplittableRandom;

/**
 * Independent random streams per (run seed, stage, trial): the stream of a trial depends on nothing
 * else, so a trial gives the same draws in any shard, on any worker, on any redelivery.
 */
public final class RandomStreams {
  private RandomStreams() {}

  public static SplittableRandom forTrial(long seed, int stage, long trial) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ (stage * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    h = mix(h ^ (trial * 0xD6E8FEB86659FD93L + 0x27D4EB2F165667C5L));
    return new SplittableRandom(h);
  }

  /**
   * The stream of the failure clock of region {@code region} ≥ 1 of a stage (a DR or active-active
   * region besides the primary) in one trial: its own, so that adding a region's clock leaves every
   * draw of the trial's stream ({@link #forTrial}, which the primary's clock uses) where it was.
   */
  public static SplittableRandom forRegionClock(long seed, int stage, long trial, int region) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ (stage * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
    h = mix(h ^ (trial * 0xD6E8FEB86659FD93L + 0x27D4EB2F165667C5L));
    h = mix(h ^ (region * 0x9FB21C651E98DF25L + 0x5851F42D4C957F2DL));
    return new SplittableRandom(h);
  }

  /** SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** An exponential draw with the given mean. */
  public static double exponential(SplittableRandom rng, double mean) {
    return -Math.log(1.0 - rng.nextDouble()) * mean;
  }
}
