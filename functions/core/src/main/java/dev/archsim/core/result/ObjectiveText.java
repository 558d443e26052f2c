package dev.archsim.core.result;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An objective in words, as the command line and the report both say it: "availability 99.8412 % <
 * 99.9000 % target (short by 0.0588 pp)".
 */
public final class ObjectiveText {
  private ObjectiveText() {}

  /** "availability", "p99 latency", "monthly budget", "RTO", "RPO", "lost messages". */
  public static String label(ResultView.Objective o) {
    return switch (o.field()) {
      case ResultView.Objective.AVAILABILITY -> "availability";
      case ResultView.Objective.LATENCY_P99_MS -> "p99 latency";
      case ResultView.Objective.MONTHLY_BUDGET_USD -> "monthly budget";
      case ResultView.Objective.RTO_SECONDS -> "RTO";
      case ResultView.Objective.LOST_MESSAGES_PER_MILLION -> "lost messages";
      default -> "RPO";
    };
  }

  /**
   * "availability 99.8812 % < 99.9000 % target (short by 0.0188 pp)", or the met form; a figure
   * with its interval in the objective's block gives it: "lost messages 2.4 per million ± 0.3 <= 5
   * per million target".
   */
  public static String text(ResultView.Objective o) {
    if (Double.isNaN(o.actual())) {
      return label(o)
          + " target "
          + value(o, o.target())
          + ": nothing to measure ("
          + (o.field().equals(ResultView.Objective.LOST_MESSAGES_PER_MILLION)
              ? "no message sent"
              : "no recovery")
          + ")";
    }
    boolean atLeast = o.atLeast();
    String rel = o.isMet() ? (atLeast ? ">=" : "<=") : (atLeast ? "<" : ">");
    String how = o.isMet() ? "" : " (" + gap(o) + ")";
    String interval =
        Double.isNaN(o.ci95())
            ? ""
            : Double.isInfinite(o.ci95()) ? " ± ∞" : " ± " + number(o, o.ci95());
    return label(o)
        + " "
        + value(o, o.actual())
        + interval
        + " "
        + rel
        + " "
        + value(o, o.target())
        + " target"
        + how;
  }

  /** "short by 0.0588 pp", "over by $59.60"; empty when the objective is met or unmeasured. */
  public static String gap(ResultView.Objective o) {
    if (Double.isNaN(o.actual()) || o.isMet()) {
      return "";
    }
    return (o.atLeast() ? "short by " : "over by ") + delta(o, Math.abs(o.actual() - o.target()));
  }

  /**
   * An availability as a percentage, to four decimals or as many more as it takes not to round a
   * failure away: 98 failed requests in 10^9 give 99.99999, not 100.0000 (the sign is the
   * caller's).
   */
  public static String availability(double fraction) {
    String text = String.format(Locale.ROOT, "%.4f", fraction * 100);
    for (int digits = 5; fraction < 1 && text.startsWith("100.") && digits <= 12; digits++) {
      text = String.format(Locale.ROOT, "%." + digits + "f", fraction * 100);
    }
    return fraction < 1 && text.startsWith("100.") ? ">99.999999999999" : text;
  }

  /** A figure of this objective with its unit: 99.9000 %, 250.0 ms, $200.00, 3.5 h. */
  public static String value(ResultView.Objective o, double v) {
    return switch (o.field()) {
      case ResultView.Objective.AVAILABILITY -> availability(v) + " %";
      case ResultView.Objective.LATENCY_P99_MS -> String.format(Locale.ROOT, "%.1f ms", v);
      case ResultView.Objective.MONTHLY_BUDGET_USD -> String.format(Locale.ROOT, "$%,.2f", v);
      case ResultView.Objective.LOST_MESSAGES_PER_MILLION -> perMillion(v) + " per million";
      default -> duration(v);
    };
  }

  /** {@link #value} without its unit where the unit follows the number (lost messages). */
  private static String number(ResultView.Objective o, double v) {
    return o.field().equals(ResultView.Objective.LOST_MESSAGES_PER_MILLION)
        ? perMillion(v)
        : value(o, v);
  }

  /**
   * Messages per million: whole numbers from 100 up, one decimal from 1, three significant digits
   * below (0.0123), so that a small loss is not rounded away.
   */
  public static String perMillion(double v) {
    if (v == 0) {
      return "0";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 1) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String delta(ResultView.Objective o, double v) {
    return o.field().equals(ResultView.Objective.AVAILABILITY)
        ? String.format(Locale.ROOT, "%.4f pp", 100 * v)
        : value(o, v);
  }

  /** Seconds as a person reads them: 45.0 s, 19.5 min, 3.5 h. */
  public static String duration(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }

  /**
   * Messages a stage's queue lost per million sent ({@code queue.expired} over {@code queue.sent},
   * the lost-messages objective's figure, the ratio of the means being that of the sums); NaN for a
   * stage without a queue (or one that sent nothing).
   */
  public static double lostPerMillion(ResultView.Stage s) {
    Map<String, Double> c = s.tierCountersPerTrial();
    double sent = zeroIfAbsent(c.getOrDefault("queue.sent", 0.0));
    if (!(sent > 0)) {
      return Double.NaN;
    }
    return 1e6 * zeroIfAbsent(c.getOrDefault("queue.expired", 0.0)) / sent;
  }

  /** "200,551", "0" (per million sent), or "no queue". */
  public static String lostText(ResultView.Stage s) {
    double lost = lostPerMillion(s);
    if (Double.isNaN(lost)) {
      return "no queue";
    }
    return perMillion(lost);
  }

  /**
   * " lost messages +200,551 per million," between a comparison's two stages when either has a
   * queue (its figure alone when the other has none); empty otherwise.
   */
  public static String lostDelta(List<ResultView.Stage> stages, ResultView.Comparison c) {
    ResultView.Stage from = null;
    ResultView.Stage to = null;
    for (ResultView.Stage s : stages) {
      if (s.name().equals(c.from())) {
        from = s;
      }
      if (s.name().equals(c.to())) {
        to = s;
      }
    }
    double a = from == null ? Double.NaN : lostPerMillion(from);
    double b = to == null ? Double.NaN : lostPerMillion(to);
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return "";
    }
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return " lost messages "
          + lostText(Double.isNaN(a) ? to : from)
          + " per million (the other stage has no queue),";
    }
    double d = b - a;
    String size = perMillion(Math.abs(d));
    return " lost messages "
        + (size.equals("0") ? "±0" : (d < 0 ? "−" : "+") + size)
        + " per million,";
  }

  private static double zeroIfAbsent(Double v) {
    return v == null || v.isNaN() ? 0 : v;
  }
}
