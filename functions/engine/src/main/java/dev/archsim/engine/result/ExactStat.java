package dev.archsim.engine.result;

import java.math.BigInteger;

/**
 * Count, sum, sum of squares, minimum and maximum of integer (fixed-point) per-trial values, kept
 * exact so that merging in any grouping gives identical results. Ties on the minimum or maximum go
 * to the lower trial index, which keeps merging commutative.
 */
public record ExactStat(
    long count,
    BigInteger sum,
    BigInteger sumOfSquares,
    long min,
    long minTrial,
    long max,
    long maxTrial) {

  public static final ExactStat EMPTY =
      new ExactStat(0, BigInteger.ZERO, BigInteger.ZERO, Long.MAX_VALUE, -1, Long.MIN_VALUE, -1);

  public static ExactStat of(long value, long trial) {
    BigInteger v = BigInteger.valueOf(value);
    return new ExactStat(1, v, v.multiply(v), value, trial, value, trial);
  }

  public ExactStat merge(ExactStat o) {
    if (o.count == 0) {
      return this;
    }
    if (count == 0) {
      return o;
    }
    long mn;
    long mnT;
    if (o.min < min || (o.min == min && o.minTrial < minTrial)) {
      mn = o.min;
      mnT = o.minTrial;
    } else {
      mn = min;
      mnT = minTrial;
    }
    long mx;
    long mxT;
    if (o.max > max || (o.max == max && o.maxTrial < maxTrial)) {
      mx = o.max;
      mxT = o.maxTrial;
    } else {
      mx = max;
      mxT = maxTrial;
    }
    return new ExactStat(
        count + o.count, sum.add(o.sum), sumOfSquares.add(o.sumOfSquares), mn, mnT, mx, mxT);
  }

  /** Mean of the values divided by {@code scale}. */
  public double mean(double scale) {
    if (count == 0) {
      return Double.NaN;
    }
    return new java.math.BigDecimal(sum)
            .divide(java.math.BigDecimal.valueOf(count), java.math.MathContext.DECIMAL64)
            .doubleValue()
        / scale;
  }

  /** Sample standard deviation of the values divided by {@code scale} (0 with fewer than 2). */
  public double standardDeviation(double scale) {
    if (count < 2) {
      return 0.0;
    }
    // n Σx² − (Σx)², exact, then divided by n(n−1)
    BigInteger n = BigInteger.valueOf(count);
    BigInteger numerator = n.multiply(sumOfSquares).subtract(sum.multiply(sum));
    java.math.BigDecimal variance =
        new java.math.BigDecimal(numerator)
            .divide(
                new java.math.BigDecimal(n.multiply(n.subtract(BigInteger.ONE))),
                java.math.MathContext.DECIMAL64);
    return Math.sqrt(Math.max(0.0, variance.doubleValue())) / scale;
  }

  /** Half-width of the normal 95 % confidence interval of the mean. */
  public double ci95HalfWidth(double scale) {
    if (count < 2) {
      return Double.NaN;
    }
    return 1.959964 * standardDeviation(scale) / Math.sqrt(count);
  }
}
