package dev.archsim.engine.result;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Recovery time (RTO) and data-loss window (RPO) of every recovery in a set of trials: a region
 * failover, or a database failover or replacement. Counts, exact sums and histograms in the {@link
 * LatencyHistogram} layout read as seconds (0.01 s … 10^7 s), so merging is adding.
 */
public record RecoveryTally(
    long rtoEvents,
    BigInteger rtoMillisSum,
    long[] rtoHistogram,
    long rpoEvents,
    BigInteger rpoMillisSum,
    long[] rpoHistogram,
    long maxRtoMillis,
    long maxRpoMillis) {

  public static final RecoveryTally EMPTY =
      new RecoveryTally(
          0,
          BigInteger.ZERO,
          new long[LatencyHistogram.SIZE],
          0,
          BigInteger.ZERO,
          new long[LatencyHistogram.SIZE],
          0,
          0);

  public RecoveryTally {
    rtoHistogram = rtoHistogram.clone();
    rpoHistogram = rpoHistogram.clone();
  }

  /**
   * Adds one recovery: its RTO in seconds, and its RPO in seconds (NaN when no data was at risk).
   */
  public RecoveryTally plus(double rtoSeconds, double rpoSeconds) {
    long[] rto = rtoHistogram.clone();
    rto[LatencyHistogram.bucketOf(rtoSeconds)]++;
    long[] rpo = rpoHistogram.clone();
    long rpoEv = rpoEvents;
    BigInteger rpoSum = rpoMillisSum;
    if (!Double.isNaN(rpoSeconds)) {
      rpo[LatencyHistogram.bucketOf(rpoSeconds)]++;
      rpoEv++;
      rpoSum = rpoSum.add(BigInteger.valueOf(Math.round(rpoSeconds * 1000)));
    }
    long rtoMillis = Math.round(rtoSeconds * 1000);
    long rpoMillis = Double.isNaN(rpoSeconds) ? 0 : Math.round(rpoSeconds * 1000);
    return new RecoveryTally(
        rtoEvents + 1,
        rtoMillisSum.add(BigInteger.valueOf(rtoMillis)),
        rto,
        rpoEv,
        rpoSum,
        rpo,
        Math.max(maxRtoMillis, rtoMillis),
        Math.max(maxRpoMillis, rpoMillis));
  }

  public RecoveryTally merge(RecoveryTally o) {
    long[] rto = rtoHistogram.clone();
    long[] rpo = rpoHistogram.clone();
    for (int i = 0; i < rto.length; i++) {
      rto[i] += o.rtoHistogram[i];
      rpo[i] += o.rpoHistogram[i];
    }
    return new RecoveryTally(
        rtoEvents + o.rtoEvents,
        rtoMillisSum.add(o.rtoMillisSum),
        rto,
        rpoEvents + o.rpoEvents,
        rpoMillisSum.add(o.rpoMillisSum),
        rpo,
        Math.max(maxRtoMillis, o.maxRtoMillis),
        Math.max(maxRpoMillis, o.maxRpoMillis));
  }

  public double meanRtoSeconds() {
    return rtoEvents == 0 ? Double.NaN : rtoMillisSum.doubleValue() / rtoEvents / 1000.0;
  }

  public double meanRpoSeconds() {
    return rpoEvents == 0 ? Double.NaN : rpoMillisSum.doubleValue() / rpoEvents / 1000.0;
  }

  public double p95RtoSeconds() {
    return rtoEvents == 0 ? Double.NaN : p95(rtoHistogram, rtoEvents, maxRtoMillis);
  }

  public double p95RpoSeconds() {
    return rpoEvents == 0 ? Double.NaN : p95(rpoHistogram, rpoEvents, maxRpoMillis);
  }

  /**
   * The 95th percentile, interpolated in its bucket but never above the largest value seen; 0 when
   * it falls among the zero values (bucket 0, under 10 ms).
   */
  private static double p95(long[] h, long n, long maxMillis) {
    if (h[0] >= 0.95 * n) {
      return 0;
    }
    return Math.min(maxMillis / 1000.0, LatencyHistogram.percentileMs(h, 0.95));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecoveryTally o
        && rtoEvents == o.rtoEvents
        && rpoEvents == o.rpoEvents
        && rtoMillisSum.equals(o.rtoMillisSum)
        && rpoMillisSum.equals(o.rpoMillisSum)
        && maxRtoMillis == o.maxRtoMillis
        && maxRpoMillis == o.maxRpoMillis
        && Arrays.equals(rtoHistogram, o.rtoHistogram)
        && Arrays.equals(rpoHistogram, o.rpoHistogram);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(rtoEvents) * 31 + Arrays.hashCode(rtoHistogram);
  }
}
