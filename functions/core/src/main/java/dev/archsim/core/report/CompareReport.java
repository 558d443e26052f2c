package dev.archsim.core.report;

import static dev.archsim.core.report.Svg.escape;

import dev.archsim.core.result.Numbers;
import dev.archsim.core.result.ObjectiveText;
import dev.archsim.core.result.PairedDifference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * B − A of two runs as the command line and the web app show it, for a page: a row per stage and
 * figure with A, B, the paired difference, its 95 % interval and what the interval says.
 */
public final class CompareReport {
  private CompareReport() {}

  /** One stage pair: its label ({@code 8 8-reserved-and-spot}) and its figures' differences. */
  public record Stage(String label, List<PairedDifference> figures) {}

  /** A figure as compare prints it: {@code 99.9991 %}, {@code 1,520}, {@code 119.9}, or "-". */
  public static String value(PairedDifference.Figure f, double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return switch (f) {
      case AVAILABILITY -> ObjectiveText.availability(v) + " %";
      case FAILED -> String.format(Locale.ROOT, "%,.0f", v);
      case P99 -> String.format(Locale.ROOT, "%.1f", v);
      case COST -> String.format(Locale.ROOT, "%,.2f", v);
      case LOST_MESSAGES -> ObjectiveText.perMillion(v);
    };
  }

  /** B − A with its half-width: {@code +89 ± 165}, {@code -0.0012 ± 0.0020 pp}. */
  public static String delta(PairedDifference.Figure f, PairedDifference d) {
    if (Double.isNaN(d.mean())) {
      return "-";
    }
    // an interval that rounds to ± 0 without being zero gets the decimals it takes to show it (up
    // to four more): "-0.003 ± 0.012" where noise was called on a "-0.0 ± 0.0"; a figure the same
    // to the precision shown in every trial keeps that precision
    double half = scaled(f, d.halfWidth());
    int decimals = decimals(f);
    PairedDifference.Verdict v = d.verdict();
    if (v == PairedDifference.Verdict.NOISE || v == PairedDifference.Verdict.DIFFERS) {
      while (half > 0 && decimals < decimals(f) + 4 && half < 0.5 * Math.pow(10, -decimals)) {
        decimals++;
      }
    }
    boolean grouped =
        f == PairedDifference.Figure.FAILED
            || f == PairedDifference.Figure.COST
            || f == PairedDifference.Figure.LOST_MESSAGES;
    String format = (grouped ? "%,." : "%.") + decimals + "f";
    String mean = Numbers.format(format.replace("%", "%+"), scaled(f, d.mean()));
    if (Double.isNaN(d.halfWidth())) {
      return mean + unit(f) + " (no CI)";
    }
    return mean + " ± " + Numbers.format(format, half) + unit(f);
  }

  private static int decimals(PairedDifference.Figure f) {
    return switch (f) {
      case AVAILABILITY -> 4;
      case FAILED -> 0;
      case P99 -> 1;
      case COST -> 2;
      case LOST_MESSAGES -> 3;
    };
  }

  /** The 95 % interval of B − A: {@code [-76, 254]}, or "-" with fewer than two trials. */
  public static String interval(PairedDifference.Figure f, PairedDifference d) {
    if (Double.isNaN(d.halfWidth()) || Double.isNaN(d.mean())) {
      return "-";
    }
    return "["
        + Numbers.format(format(f), scaled(f, d.low()))
        + ", "
        + Numbers.format(format(f), scaled(f, d.high()))
        + "]"
        + unit(f);
  }

  private static String format(PairedDifference.Figure f) {
    return switch (f) {
      case AVAILABILITY -> "%.4f";
      case FAILED -> "%,.0f";
      case P99 -> "%.1f";
      case COST -> "%,.2f";
      case LOST_MESSAGES -> "%,.3f";
    };
  }

  private static double scaled(PairedDifference.Figure f, double v) {
    return f == PairedDifference.Figure.AVAILABILITY ? 100 * v : v;
  }

  private static String unit(PairedDifference.Figure f) {
    return f == PairedDifference.Figure.AVAILABILITY ? " pp" : "";
  }

  /**
   * The table: a row per stage and figure (the stage named on its first row), the verdict marked as
   * the report marks objectives: a difference bold, noise in grey.
   */
  public static String table(List<Stage> stages) {
    StringBuilder h = new StringBuilder();
    h.append("<table class=\"data\" id=\"b-minus-a\"><tr><th class=\"l\">stage</th>")
        .append("<th class=\"l\">figure</th><th>A</th><th>B</th><th>B − A</th>")
        .append("<th>95 % interval</th><th class=\"l\">verdict</th></tr>");
    for (Stage s : stages) {
      boolean first = true;
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        PairedDifference d = s.figures().get(f.ordinal());
        if (!f.shown(d)) {
          continue;
        }
        PairedDifference.Verdict v = d.verdict();
        h.append("<tr class=\"")
            .append(v.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .append("\"><td class=\"l\">")
            .append(first ? escape(s.label()) : "")
            .append("</td><td class=\"l\">")
            .append(escape(f.label))
            .append("</td><td>")
            .append(escape(value(f, d.a())))
            .append("</td><td>")
            .append(escape(value(f, d.b())))
            .append("</td><td>")
            .append(escape(delta(f, d)))
            .append("</td><td>")
            .append(escape(interval(f, d)))
            .append("</td><td class=\"l verdict\">")
            .append(escape(v.text))
            .append("</td></tr>");
        first = false;
      }
    }
    h.append("</table>");
    String leftOut = leftOut(stages);
    if (leftOut != null) {
      h.append("<p class=\"left-out\">").append(escape(leftOut)).append("</p>");
    }
    return h.toString();
  }

  /**
   * What compare leaves out because neither side has it, in the stages' terms: {@code "not
   * compared, as neither side has it: lost msgs/million (every stage)"}; null when nothing is.
   */
  public static String leftOut(List<Stage> stages) {
    List<String> parts = new ArrayList<>();
    for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
      List<String> where = new ArrayList<>();
      for (Stage s : stages) {
        if (!f.shown(s.figures().get(f.ordinal()))) {
          where.add(s.label().split("  ", 2)[0]);
        }
      }
      if (!where.isEmpty()) {
        parts.add(
            f.label
                + (where.size() == stages.size()
                    ? (stages.size() == 1 ? "" : " (every stage)")
                    : (where.size() == 1 ? " (stage " : " (stages ")
                        + String.join(", ", where)
                        + ")"));
      }
    }
    return parts.isEmpty()
        ? null
        : "not compared, as neither side has it: " + String.join("; ", parts);
  }

  /** The style the table needs on a page of its own. */
  public static final String STYLE =
      "table{border-collapse:collapse;margin:8px 0 16px}"
          + "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:right}"
          + "th{background:#f3f3f3}td.l,th.l{text-align:left}"
          + "tr.differs td.verdict{font-weight:bold}tr.noise td.verdict{color:#777}";
}
