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
     * In closed form: the cosine is monotone between its extremes, so the stretch ends where the
     * factor has moved by the tolerance from its start ({@code acos}), or, once it passes a peak or
     * a trough, where it has come back within the tolerance of that extreme. A few trigonometric
     * calls, whatever the tolerance (it was a doubling search of up to ~20 tests of the extremes).
     */
    @Override
    public double steadyUntil(double t, double limit, double tolerance) {
      double a = peakFactor - 1.0;
      if (a == 0 || t >= limit) {
        return limit;
      }
      if (a >= 1) {
        return t; // the trough reaches zero: no relative bound
      }
      double phase = peakHourUtc * 3600.0;
      double x = OMEGA * (t - phase);
      double k = Math.floor(x / Math.PI);
      double f0 = 1 + a * Math.cos(x);
      double r = 1 + tolerance;
      double y; // where the stretch ends, in the cosine's argument
      if (((long) k & 1) == 0) {
        // falling from f0 towards the trough 1 - a at (k + 1)π: the factor may fall to f0 / r
        double c1 = (f0 / r - 1) / a;
        if (c1 > -1) {
          y = k * Math.PI + Math.acos(c1);
        } else {
          // past the trough it rises; the stretch ends where it reaches r (1 - a)
          double c2 = (r * (1 - a) - 1) / a;
          if (c2 >= 1) {
            return limit; // the whole cycle is within the tolerance
          }
          y = (k + 1) * Math.PI + Math.acos(-c2);
        }
      } else {
        // rising from f0 towards the peak 1 + a at (k + 1)π: the factor may rise to r f0
        double c1 = (r * f0 - 1) / a;
        if (c1 < 1) {
          y = k * Math.PI + Math.acos(-c1);
        } else {
          // past the peak it falls; the stretch ends where it reaches (1 + a) / r
          double c2 = ((1 + a) / r - 1) / a;
          if (c2 <= -1) {
            return limit;
          }
          y = (k + 1) * Math.PI + Math.acos(c2);
        }
      }
      // a relative 1e-12 short of the exact end, so that rounding never takes it past the tolerance
      double u = phase + y / OMEGA;
      u = t + (u - t) * (1 - 1e-12);
      return u >= limit ? limit : Math.max(t, u);
    }

    @Override
    public double maxFactor() {
      return peakFactor;
    }
  }
}
