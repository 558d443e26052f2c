package dev.archsim.engine.component;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Numbers as the explain lines write them. */
public final class Numbers {
  /** The month AWS prices by: 730 hours, in seconds. */
  public static final double SECONDS_PER_MONTH = 730 * 3600.0;

  private Numbers() {}

  /** A number without trailing zeros, to four significant digits: 2000, 1.6, 0.05. */
  public static String plain(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v); // a rule's message about a value out of every bound
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(String.format(Locale.ROOT, "%.4g", v))
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * A duration the way people write them in scenarios: P30D, PT6H, PT90M, PT45S, and days with a
   * remainder as P2DT12H (not PT60H).
   */
  public static String iso(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s < 0) {
      return d.toString();
    }
    if (s == 0) {
      return "PT0S";
    }
    long days = s / 86_400;
    long rest = s % 86_400;
    if (days == 0) {
      return "PT" + timePart(rest);
    }
    return "P" + days + "D" + (rest == 0 ? "" : "T" + timePart(rest));
  }

  /** Seconds under a day in the largest unit that divides them: 12H, 90M, 45S. */
  private static String timePart(long s) {
    if (s % 3600 == 0) {
      return s / 3600 + "H";
    }
    if (s % 60 == 0) {
      return s / 60 + "M";
    }
    return s + "S";
  }
}
