package dev.archsim.engine.model;

/** How the request rate varies around its mean. */
public sealed interface TrafficPattern
    permits TrafficPattern.Constant, TrafficPattern.Daily, ShapedPattern {

  /** Mean of the rate factor over [from, to) seconds; exact, not sampled. */
  double meanFactor(double from, double to);

  /** The rate factor at time t. */
  double factorAt(double t);

  /** The largest factor the pattern reaches. */
  double maxFactor();

  /** The largest factor the pattern reaches over [from, to] seconds (an upper bound). */
  default double maxFactor(double from, double to) {
    return maxFactor();
  }

  /** True when the factor never changes, so a quiet stretch can be advanced in one go. */
  boolean isConstant();

  /**
   * How far from {@code t} (up to {@code limit}) the factor stays within a relative {@code
   * tolerance} of itself: the largest u found with max/min of the factor over [t, u] at most 1 +
   * tolerance; {@code t} when none is known. The traffic integrator takes one step over such a
   * stretch instead of many short ones.
   */
  default double steadyUntil(double t, double limit, double tolerance) {
    return isConstant() ? limit : t;
  }

  /** A flat rate. */
  record Constant() implements TrafficPattern {
    @Override
    public double meanFactor(double from, double to) {
      return 1.0;
    }

    @Override
    public boolean isConstant() {
      return true;
    }

    @Override
    public double factorAt(double t) {
      return 1.0;
    }

    @Override
    public double maxFactor() {
      return 1.0;
    }
  }

  /**
   * A daily cosine: factor(t) = 1 + (peakFactor - 1) cos(2π (t - peak) / 1 day), so the mean over a
   * day is exactly 1 and the peak is {@code peakFactor} times the mean at {@code peakHourUtc}.
   * peakFactor ranges over [1, 2] so the trough stays at or above zero.
   */
  record Daily(double peakFactor, double peakHourUtc) implements TrafficPattern {
    private static final double DAY = 86_400.0;
    private static final double OMEGA = 2 * Math.PI / DAY;

    @Override
    public double meanFactor(double from, double to) {
      double amplitude = peakFactor - 1.0;
      if (to <= from) {
        return 1.0 + amplitude * Math.cos(OMEGA * (from - peakHourUtc * 3600.0));
      }
      double phase = peakHourUtc * 3600.0;
      double integral = (Math.sin(OMEGA * (to - phase)) - Math.sin(OMEGA * (from - phase))) / OMEGA;
      return 1.0 + amplitude * integral / (to - from);
    }

    @Override
    public boolean isConstant() {
      return peakFactor == 1.0;
    }

    @Override
    public double factorAt(double t) {
      return 1.0 + (peakFactor - 1.0) * Math.cos(OMEGA * (t - peakHourUtc * 3600.0));
    }

    /**
     * Exact extremes of the cosine over [t, u]; the stretch starts from the bound of its slope
     * (relative change ≤ Aω·h / (1 − A)) and doubles while the extremes stay within tolerance.
     */
    @Override
    public double steadyUntil(double t, double limit, double tolerance) {
      double a = peakFactor - 1.0;
      if (a == 0) {
        return limit;
      }
      if (a >= 1) {
        return t; // the trough reaches zero: no relative bound
      }
      double h = tolerance * (1 - a) / (a * OMEGA);
      if (t + h >= limit || withinTolerance(t, limit, tolerance)) {
        return withinTolerance(t, limit, tolerance) ? limit : t + h;
      }
      while (t + 2 * h <= limit && withinTolerance(t, t + 2 * h, tolerance)) {
        h *= 2;
      }
      // the rate stays within tolerance up to t + h, not up to min(t + 2h, limit): halve the gap
      // a few times (a wider stretch only widens the extremes, so the test is monotone)
      double lo = t + h;
      double hi = Math.min(t + 2 * h, limit);
      for (int i = 0; i < STRETCH_BISECTIONS; i++) {
        double mid = 0.5 * (lo + hi);
        if (withinTolerance(t, mid, tolerance)) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** Bisections of the last doubling's gap: the stretch ends within 1/64 of it of its longest. */
    private static final int STRETCH_BISECTIONS = 6;

    private boolean withinTolerance(double t, double u, double tolerance) {
      double phase = peakHourUtc * 3600.0;
      double x = OMEGA * (t - phase);
      double y = OMEGA * (u - phase);
      double hi = Math.max(Math.cos(x), Math.cos(y));
      double lo = Math.min(Math.cos(x), Math.cos(y));
      // a peak (2πk) or a trough (π + 2πk) inside (x, y)
      if (Math.floor(y / (2 * Math.PI)) > Math.floor(x / (2 * Math.PI))) {
        hi = 1;
      }
      if (Math.floor((y - Math.PI) / (2 * Math.PI)) > Math.floor((x - Math.PI) / (2 * Math.PI))) {
        lo = -1;
      }
      double a = peakFactor - 1.0;
      return 1 + a * hi <= (1 + tolerance) * (1 + a * lo);
    }

    @Override
    public double maxFactor() {
      return peakFactor;
    }
  }
}
