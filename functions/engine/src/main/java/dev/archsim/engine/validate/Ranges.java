package dev.archsim.engine.validate;

import java.util.List;

/** The range checks every rule uses, each adding a violation at the value's JSON path. */
public final class Ranges {
  private Ranges() {}

  /** A share: in [0, 1]. */
  public static void unit(double v, String path, List<Violation> out) {
    if (!(v >= 0 && v <= 1)) {
      out.add(Violation.error(path, "must be in [0, 1]; found " + v));
    }
  }

  /** A finite number above 0. */
  public static void positive(double v, String path, List<Violation> out) {
    if (!(v > 0) || Double.isInfinite(v)) {
      out.add(Violation.error(path, "must be a positive number; found " + v));
    }
  }

  /** A finite number, 0 or more. */
  public static void nonNegative(double v, String path, List<Violation> out) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      out.add(Violation.error(path, "must not be negative; found " + v));
    }
  }

  /** A count of at most {@code max} (of the things named {@code what}). */
  public static void atMost(long n, int max, String path, String what, List<Violation> out) {
    if (n > max) {
      out.add(Violation.error(path, "at most " + max + " " + what + "; found " + n));
    }
  }
}
