package dev.archsim.core.result;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures formatted for a person: {@link String#format} in {@link Locale#ROOT}, except that a
 * number that rounds to zero at the precision shown prints as zero, never as {@code -0.0} (a p99
 * that moved by −1 ns is {@code +0.0 ms}, an interval {@code [0.0, 0.0]}, not {@code [-0.0, 0.0]}).
 */
public final class Numbers {
  /** A format specifier: index, flags, width, precision, conversion. */
  private static final Pattern SPEC =
      Pattern.compile("%(\\d+\\$)?([-#+ 0,(<]*)(\\d+)?(\\.\\d+)?([tT]?[a-zA-Z%])");

  private static final Pattern NON_ZERO_DIGIT = Pattern.compile("[1-9]");

  private Numbers() {}

  /** {@code String.format(Locale.ROOT, format, args)} without negative zeros. */
  public static String format(String format, Object... args) {
    Object[] out = args.clone();
    Matcher m = SPEC.matcher(format);
    int next = 0;
    int last = -1;
    while (m.find()) {
      String conversion = m.group(5);
      if (conversion.equals("%") || conversion.equals("n")) {
        continue;
      }
      String flags = m.group(2);
      int index;
      if (m.group(1) != null) {
        index = Integer.parseInt(m.group(1).substring(0, m.group(1).length() - 1)) - 1;
      } else if (flags.contains("<")) {
        index = last;
      } else {
        index = next++;
      }
      last = index;
      if (index < 0 || index >= out.length || !"feEgG".contains(conversion)) {
        continue;
      }
      if (out[index] instanceof Double v && isNegative(v)) {
        String one =
            "%"
                + flags.replace("<", "")
                + (m.group(3) == null ? "" : m.group(3))
                + (m.group(4) == null ? "" : m.group(4))
                + conversion;
        if (!NON_ZERO_DIGIT.matcher(String.format(Locale.ROOT, one, v)).find()) {
          out[index] = 0.0;
        }
      }
    }
    return String.format(Locale.ROOT, format, out);
  }

  /** Whether {@code v} is a finite number below zero, or negative zero. */
  private static boolean isNegative(double v) {
    return Double.isFinite(v) && (v < 0 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE);
  }
}
