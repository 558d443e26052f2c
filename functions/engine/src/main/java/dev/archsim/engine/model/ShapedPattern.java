package dev.archsim.engine.model;

import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A traffic shape composed of factors that multiply one another:
 *
 * <pre>
 * factor(t) = base(t) × trace(t) × weekly(t) × growth(t) × spikes(t) × step(t)
 * </pre>
 *
 * <ul>
 *   <li>{@code base}: the daily cosine ({@link TrafficPattern.Daily}) or flat ({@link
 *       TrafficPattern.Constant});
 *   <li>{@code trace}: a recorded request count per period, relative to its own mean, held constant
 *       over each period (a CloudWatch {@code Sum} per period means exactly that), zero in the gaps
 *       between periods, shifted and repeated to the horizon;
 *   <li>{@code weekly}: one factor on weekdays and another at the weekend, normalised so the weekly
 *       mean is 1;
 *   <li>{@code growth}: compounding at a percentage per 730-hour month, (1 + g)<sup>t /
 *       month</sup>;
 *   <li>{@code spikes}: a factor over [at, at + duration); overlapping spikes multiply;
 *   <li>{@code steps}: from each step's time on, the load is its factor (1 before the first step).
 * </ul>
 *
 * Every factor but the base and growth is piecewise constant, so {@link #meanFactor} splits an
 * interval at their breakpoints and integrates each piece in closed form: ∫ (1 + A cos(ω (t − φ)))
 * e<sup>k t</sup> dt. The integral is exact up to floating-point rounding, however the interval
 * falls across the trace's periods.
 */
public final class ShapedPattern implements TrafficPattern {
  /** The month growth compounds over: 730 hours, the month of AWS's prices. */
  public static final double SECONDS_PER_MONTH = 730 * 3600.0;

  static final double DAY = 86_400.0;
  private static final double OMEGA = 2 * Math.PI / DAY;

  /** The longest horizon archsim simulates; {@link #maxFactor()} bounds the factor over it. */
  private static final double LONGEST_HORIZON = 366 * DAY;

  private final TrafficPattern base;
  private final Trace trace;
  private final Weekly weekly;
  private final double growthPercentPerMonth;
  private final List<Spike> spikes;
  private final List<Step> steps;

  // derived
  private final double amplitude;
  private final double phase;
  private final double k;
  private final double[] breaks;
  private final double[] levels;

  /**
   * @param base {@link TrafficPattern.Constant} or {@link TrafficPattern.Daily} (null: constant)
   * @param trace a recorded trace, or null
   * @param weekly a weekday/weekend shape, or null
   * @param growthPercentPerMonth compounding growth, percent per 730-hour month (0: none)
   * @param spikes flash crowds
   * @param steps load steps
   */
  public ShapedPattern(
      TrafficPattern base,
      Trace trace,
      Weekly weekly,
      double growthPercentPerMonth,
      List<Spike> spikes,
      List<Step> steps) {
    this.base = base == null ? new TrafficPattern.Constant() : base;
    if (this.base instanceof ShapedPattern) {
      throw new IllegalArgumentException("the base of a shaped pattern is constant or daily");
    }
    this.trace = trace;
    this.weekly = weekly;
    this.growthPercentPerMonth = growthPercentPerMonth;
    this.spikes = spikes == null ? List.of() : List.copyOf(spikes);
    this.steps = steps == null ? List.of() : List.copyOf(steps);
    if (this.base instanceof TrafficPattern.Daily d) {
      this.amplitude = d.peakFactor() - 1.0;
      this.phase = d.peakHourUtc() * 3600.0;
    } else {
      this.amplitude = 0;
      this.phase = 0;
    }
    this.k =
        growthPercentPerMonth > -100 && Double.isFinite(growthPercentPerMonth)
            ? Math.log1p(growthPercentPerMonth / 100.0) / SECONDS_PER_MONTH
            : 0;
    // spikes and steps together: one piecewise-constant factor between sorted breakpoints
    TreeSet<Double> at = new TreeSet<>();
    for (Spike s : this.spikes) {
      at.add(s.atSeconds());
      at.add(s.atSeconds() + s.durationSeconds());
    }
    for (Step s : this.steps) {
      at.add(s.atSeconds());
    }
    at.removeIf(x -> !Double.isFinite(x));
    this.breaks = at.stream().mapToDouble(Double::doubleValue).toArray();
    this.levels = new double[breaks.length + 1];
    levels[0] = eventFactor(Double.NEGATIVE_INFINITY);
    for (int i = 0; i < breaks.length; i++) {
      levels[i + 1] = eventFactor(breaks[i]);
    }
  }

  public TrafficPattern base() {
    return base;
  }

  /** The trace, or null. */
  public Trace trace() {
    return trace;
  }

  /** The weekly shape, or null. */
  public Weekly weekly() {
    return weekly;
  }

  public double growthPercentPerMonth() {
    return growthPercentPerMonth;
  }

  public List<Spike> spikes() {
    return spikes;
  }

  public List<Step> steps() {
    return steps;
  }

  // ------------------------------------------------------------------ TrafficPattern

  @Override
  public double meanFactor(double from, double to) {
    if (!(to > from)) {
      return factorAt(from);
    }
    return integral(from, to) / (to - from);
  }

  @Override
  public double factorAt(double t) {
    double f = base.factorAt(t) * Math.exp(k * t) * levels[level(t)];
    if (trace != null) {
      f *= trace.piece(t)[0];
    }
    if (weekly != null) {
      f *= weekly.factor(dayOf(t));
    }
    return f;
  }

  /** An upper bound of the factor over the first 366 days (the longest horizon). */
  @Override
  public double maxFactor() {
    return maxFactor(0, LONGEST_HORIZON);
  }

  /**
   * An upper bound of the factor over [from, to]: the product of each factor's maximum there (the
   * trace's and the weekly shape's over all time).
   */
  @Override
  public double maxFactor(double from, double to) {
    double m = base.maxFactor();
    m *= Math.max(Math.exp(k * from), Math.exp(k * to));
    if (trace != null) {
      m *= trace.maxFactor();
    }
    if (weekly != null) {
      m *= Math.max(weekly.weekdayFactor(), weekly.weekendDayFactor());
    }
    double events = levels[level(from)];
    for (int i = 0; i < breaks.length && breaks[i] <= to; i++) {
      if (breaks[i] >= from) {
        events = Math.max(events, levels[i + 1]);
      }
    }
    return m * events;
  }

  @Override
  public boolean isConstant() {
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShapedPattern p
        && base.equals(p.base)
        && Objects.equals(trace, p.trace)
        && Objects.equals(weekly, p.weekly)
        && Double.compare(growthPercentPerMonth, p.growthPercentPerMonth) == 0
        && spikes.equals(p.spikes)
        && steps.equals(p.steps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(base, trace, weekly, growthPercentPerMonth, spikes, steps);
  }

  @Override
  public String toString() {
    return "ShapedPattern[base="
        + base
        + ", trace="
        + trace
        + ", weekly="
        + weekly
        + ", growthPercentPerMonth="
        + growthPercentPerMonth
        + ", spikes="
        + spikes
        + ", steps="
        + steps
        + "]";
  }

  /** ∫ factor(t) dt over [a, b), piece by piece between breakpoints, each in closed form. */
  public double integral(double a, double b) {
    double sum = 0;
    double x = a;
    while (x < b) {
      double y = b;
      double c = 1.0;
      int lv = level(x);
      c *= levels[lv];
      if (lv < breaks.length) {
        y = Math.min(y, breaks[lv]);
      }
      if (trace != null) {
        double[] p = trace.piece(x);
        c *= p[0];
        y = Math.min(y, p[1]);
      }
      if (weekly != null) {
        long day = dayOf(x);
        c *= weekly.factor(day);
        y = Math.min(y, nextDay(x, day));
      }
      if (!(y > x)) {
        y = Math.nextUp(x); // rounding at a breakpoint: never stall
      }
      if (c != 0) {
        sum += c * smooth(x, Math.min(y, b));
      }
      x = y;
    }
    return sum;
  }

  /** ∫ (1 + A cos(ω (t − φ))) e^(k t) dt over [a, b], in closed form. */
  private double smooth(double a, double b) {
    if (k == 0) {
      double s = b - a;
      if (amplitude != 0) {
        s += amplitude * (Math.sin(OMEGA * (b - phase)) - Math.sin(OMEGA * (a - phase))) / OMEGA;
      }
      return s;
    }
    double ea = Math.exp(k * a);
    double s = ea * Math.expm1(k * (b - a)) / k;
    if (amplitude != 0) {
      double eb = Math.exp(k * b);
      double pa = OMEGA * (a - phase);
      double pb = OMEGA * (b - phase);
      double den = k * k + OMEGA * OMEGA;
      s +=
          amplitude
              * (eb * (k * Math.cos(pb) + OMEGA * Math.sin(pb))
                  - ea * (k * Math.cos(pa) + OMEGA * Math.sin(pa)))
              / den;
    }
    return s;
  }

  /**
   * Index into {@link #levels} of the piece holding t: the number of breakpoints at or before t.
   */
  private int level(double t) {
    int i = Arrays.binarySearch(breaks, t);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private static long dayOf(double t) {
    return (long) Math.floor(t / DAY);
  }

  private static double nextDay(double x, long day) {
    double next = (day + 1) * DAY;
    return next > x ? next : (day + 2) * DAY;
  }

  /** The product of the step level and the active spikes at t. */
  private double eventFactor(double t) {
    double f = 1.0;
    double stepAt = Double.NEGATIVE_INFINITY;
    for (Step s : steps) {
      if (s.atSeconds() <= t && s.atSeconds() >= stepAt) {
        stepAt = s.atSeconds();
        f = s.factor();
      }
    }
    for (Spike s : spikes) {
      if (s.atSeconds() <= t && t < s.atSeconds() + s.durationSeconds()) {
        f *= s.factor();
      }
    }
    return f;
  }

  // ------------------------------------------------------------------ parts

  /**
   * A recorded request trace: {@code requests[i]} requests over [at[i], at[i] + period), zero in
   * any gap before the next point, {@code at[0] = 0}; its length is {@code at[n-1] + period}. In
   * the simulation it is shifted by {@code shiftSeconds} (its first point plays at that time) and
   * repeated to the horizon. Its factor is the rate relative to the trace's mean, so the workload's
   * mean rate is {@link #meanRequestsPerSecond()} × scale.
   */
  public static final class Trace {
    private final double[] at;
    private final double[] requests;
    private final double periodSeconds;
    private final double scale;
    private final double shiftSeconds;
    private final double length;
    private final double total;
    private final double mean;
    private final double max;

    public Trace(
        double[] at, double[] requests, double periodSeconds, double scale, double shiftSeconds) {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(requests, "requests");
      if (at.length != requests.length || at.length == 0) {
        throw new IllegalArgumentException("a trace needs as many times as counts, at least one");
      }
      this.at = at.clone();
      this.requests = requests.clone();
      this.periodSeconds = periodSeconds;
      this.scale = scale;
      this.shiftSeconds = shiftSeconds;
      this.length = at[at.length - 1] + periodSeconds;
      double t = 0;
      double m = 0;
      for (double r : requests) {
        t += r;
        m = Math.max(m, r);
      }
      this.total = t;
      this.mean = length > 0 ? t / length : 0;
      this.max = m / periodSeconds;
    }

    public double[] at() {
      return at.clone();
    }

    public double[] requests() {
      return requests.clone();
    }

    public int size() {
      return at.length;
    }

    public double periodSeconds() {
      return periodSeconds;
    }

    public double scale() {
      return scale;
    }

    public double shiftSeconds() {
      return shiftSeconds;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Trace t
          && Arrays.equals(at, t.at)
          && Arrays.equals(requests, t.requests)
          && Double.compare(periodSeconds, t.periodSeconds) == 0
          && Double.compare(scale, t.scale) == 0
          && Double.compare(shiftSeconds, t.shiftSeconds) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          Arrays.hashCode(at), Arrays.hashCode(requests), periodSeconds, scale, shiftSeconds);
    }

    @Override
    public String toString() {
      return "Trace["
          + at.length
          + " points every "
          + periodSeconds
          + " s, "
          + total
          + " requests, scale "
          + scale
          + ", shift "
          + shiftSeconds
          + " s]";
    }

    /** Seconds one repetition lasts: the last point's time plus one period. */
    public double lengthSeconds() {
      return length;
    }

    /** The requests of one repetition (the trace's integral). */
    public double totalRequests() {
      return total;
    }

    /** The trace's own mean rate over one repetition, unscaled. */
    public double meanRequestsPerSecond() {
      return mean;
    }

    /** The largest rate of the trace relative to its mean. */
    double maxFactor() {
      return mean > 0 ? max / mean : 0;
    }

    /**
     * {factor, end}: the trace's factor (rate / mean) on the piece holding simulated time t, and
     * the time that piece ends (always after t).
     */
    double[] piece(double t) {
      if (!(mean > 0) || !(length > 0)) {
        return new double[] {0, Double.POSITIVE_INFINITY};
      }
      double cycle = Math.floor((t - shiftSeconds) / length);
      double origin = shiftSeconds + cycle * length;
      double u = t - origin;
      int i = Arrays.binarySearch(at, u);
      if (i < 0) {
        i = Math.max(0, -i - 2);
      }
      // walk the pieces [at_i, at_i + period) and [at_i + period, at_i+1) until one ends after t
      while (true) {
        double held = origin + at[i] + periodSeconds;
        if (t < held) {
          return new double[] {requests[i] / periodSeconds / mean, held};
        }
        double gapEnd = origin + (i + 1 < at.length ? at[i + 1] : length);
        if (t < gapEnd) {
          return new double[] {0, gapEnd};
        }
        i++;
        if (i == at.length) {
          i = 0;
          origin += length;
        }
      }
    }
  }

  /**
   * A weekly shape: weekend days carry {@code weekendFactor} times a weekday's traffic, normalised
   * so the mean over a week is 1 (weekday factor 7 / (5 + 2w), weekend 7w / (5 + 2w)). Day 0 of the
   * simulation (t in [0, 1 day), UTC) is {@code startDay}.
   */
  public record Weekly(double weekendFactor, DayOfWeek startDay) {
    public Weekly {
      startDay = startDay == null ? DayOfWeek.MONDAY : startDay;
    }

    public double weekdayFactor() {
      return 7.0 / (5.0 + 2.0 * weekendFactor);
    }

    /** The weekend day's factor after normalisation. */
    public double weekendDayFactor() {
      return weekendFactor * weekdayFactor();
    }

    double factor(long day) {
      DayOfWeek d = startDay.plus(Math.floorMod(day, 7));
      return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY
          ? weekendDayFactor()
          : weekdayFactor();
    }
  }

  /** A flash crowd: the load times {@code factor} over [at, at + duration). */
  public record Spike(double atSeconds, double durationSeconds, double factor) {}

  /** A load step: from {@code at} on (until the next step) the load times {@code factor}. */
  public record Step(double atSeconds, double factor) {}
}
