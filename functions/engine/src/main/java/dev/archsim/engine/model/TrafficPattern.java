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

    @Override
    public double maxFactor() {
      return peakFactor;
    }
  }
}
