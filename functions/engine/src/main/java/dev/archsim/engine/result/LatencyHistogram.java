package dev.archsim.engine.result;

import dev.archsim.engine.queueing.LatencyLattice;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A latency histogram with a fixed logarithmic bucket layout, so merging two histograms is adding
 * their counts. Bucket 0 is [0, 0.01 ms); bucket i in 1..180 is [0.01·10^((i−1)/20),
 * 0.01·10^(i/20)) ms (20 buckets a decade, ≈12 % wide, up to 10^7 ms); bucket 181 holds everything
 * above.
 */
public final class LatencyHistogram {
  public static final int BUCKETS_PER_DECADE = 20;
  public static final double MIN_MS = 0.01;
  public static final int DECADES = 9;
  public static final int SIZE = BUCKETS_PER_DECADE * DECADES + 2;

  private static final double[] UPPER_MS = new double[SIZE];

  static {
    UPPER_MS[0] = MIN_MS;
    for (int i = 1; i < SIZE - 1; i++) {
      UPPER_MS[i] = MIN_MS * Math.pow(10, (double) i / BUCKETS_PER_DECADE);
    }
    UPPER_MS[SIZE - 1] = Double.POSITIVE_INFINITY;
  }

  private LatencyHistogram() {}

  /** Upper bound of bucket i in milliseconds (+∞ for the last). */
  public static double upperMs(int i) {
    return UPPER_MS[i];
  }

  /** Lower bound of bucket i in milliseconds. */
  public static double lowerMs(int i) {
    return i == 0 ? 0.0 : UPPER_MS[i - 1];
  }

  /** The bucket holding a latency in milliseconds. */
  public static int bucketOf(double ms) {
    if (ms < MIN_MS) {
      return 0;
    }
    int i = (int) Math.floor(Math.log10(ms / MIN_MS) * BUCKETS_PER_DECADE) + 1;
    if (i >= SIZE - 1) {
      return SIZE - 1;
    }
    // guard against rounding at bucket edges
    while (i > 1 && ms < UPPER_MS[i - 1]) {
      i--;
    }
    while (i < SIZE - 1 && ms >= UPPER_MS[i]) {
      i++;
    }
    return i;
  }

  /**
   * Adds {@code count} requests distributed as {@code offsetMs + X} to {@code mass}, where {@code
   * cdf} gives P(X ≤ t) for t in seconds (possibly defective: its limit may be below 1). The exact
   * probability of each bucket is added, not samples; the walk stops once the remaining mass is
   * negligible.
   */
  public static void addDistribution(
      double[] mass, double count, double offsetMs, double total, DoubleUnaryOperator cdf) {
    if (count <= 0) {
      return;
    }
    int start = bucketOf(offsetMs);
    double prev = 0.0;
    for (int i = start; i < SIZE; i++) {
      double upper = UPPER_MS[i];
      double f = Double.isInfinite(upper) ? total : cdf.applyAsDouble((upper - offsetMs) / 1000.0);
      if (f > total) {
        f = total;
      }
      double p = f - prev;
      if (p > 0) {
        mass[i] += count * p;
      }
      prev = f;
      if (total - f <= 1e-13 * total) {
        break;
      }
    }
    if (prev < total) {
      mass[SIZE - 1] += count * (total - prev);
    }
  }

  /**
   * Adds requests of total mass {@code total} distributed as {@code offsetMs} plus a time on the
   * lattice {@code time}, each cell's probability spread evenly over its range (the lattice has
   * five cells to a bucket, {@link LatencyLattice}: a cell shifted by the offset straddles at most
   * a bucket's edge, and is split there).
   */
  public static void addLattice(double[] mass, double total, double offsetMs, LatencyLattice time) {
    for (int k = time.first(); k <= time.last(); k++) {
      double p = time.probability(k);
      if (p <= 0) {
        continue;
      }
      double lo = offsetMs + LatencyLattice.edgeMs(k);
      double hi = offsetMs + LatencyLattice.edgeMs(k + 1);
      int b = bucketOf(lo);
      while (b < SIZE - 1 && UPPER_MS[b] < hi) {
        double share = (UPPER_MS[b] - lo) / (hi - lo);
        mass[b] += total * p * share;
        p -= p * share;
        lo = UPPER_MS[b];
        b++;
      }
      mass[b] += total * p;
    }
  }

  /**
   * Rounds fractional bucket mass to integer counts that add up to exactly {@code target}, by the
   * largest-remainder method (ties to the lower bucket), so integer totals stay consistent.
   */
  public static long[] roundTo(double[] mass, long target) {
    long[] counts = new long[SIZE];
    double sum = 0;
    for (double m : mass) {
      sum += m;
    }
    if (target <= 0 || sum <= 0) {
      return counts;
    }
    double scale = target / sum;
    long assigned = 0;
    double[] remainders = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      double scaled = mass[i] * scale;
      counts[i] = (long) Math.floor(scaled);
      remainders[i] = scaled - counts[i];
      assigned += counts[i];
    }
    long left = target - assigned;
    while (left > 0) {
      int best = -1;
      for (int i = 0; i < SIZE; i++) {
        if (best < 0 || remainders[i] > remainders[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      left--;
    }
    return counts;
  }

  /**
   * The latency below which a fraction q of the counted requests fall, interpolated geometrically
   * inside the bucket that crosses it. NaN for an empty histogram.
   */
  public static double percentileMs(long[] counts, double q) {
    long total = Arrays.stream(counts).sum();
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < SIZE; i++) {
      long c = counts[i];
      if (c > 0 && cumulative + c >= rank) {
        double within = (rank - cumulative) / c;
        double lo = lowerMs(i);
        double hi = upperMs(i);
        if (i == 0) {
          return hi * within;
        }
        if (Double.isInfinite(hi)) {
          return lo;
        }
        return lo * Math.pow(hi / lo, within);
      }
      cumulative += c;
    }
    return lowerMs(SIZE - 1);
  }
}
