package dev.archsim.core.optimize;

import dev.archsim.core.report.Svg;
import java.util.List;
import java.util.Locale;

/**
 * The optimiser's report: one self-contained HTML page (no scripts, no external assets) with the
 * answer (the search's summary, the finalists as a table with their intervals and why each lost)
 * and the Pareto front charts of {@link ParetoChart} when the front has two designs or more.
 */
public final class OptimizationReport {
  private OptimizationReport() {}

  /**
   * @param name the scenario's name
   * @param answer the text answer (best design, finalists, trials spent): its opening lines (the
   *     search, the trials, the objectives) are the report's summary; the finalists are a table
   */
  public static String render(String name, Optimizer.Result r, String answer) {
    long full = ParetoFront.of(r.outcomes(), r.settings().trials()).size();
    String charts = full >= 2 ? ParetoChart.render(r) : "";
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(Svg.escape("archsim optimize: " + name))
        .append("</title><style>body{font-family:sans-serif;margin:24px;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:8px 0 16px}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:right;")
        .append("vertical-align:top}th{background:#f3f3f3}td.l,th.l{text-align:left}")
        .append("tr.best td{background:#eef7ee}")
        .append("svg.chart{display:block;margin:16px 0}</style></head><body>\n<h1>")
        .append(Svg.escape(name))
        .append("</h1>\n<h2>The answer</h2>\n<ul class=\"summary\">");
    String[] lines = answer.split("\\R", -1);
    for (String line : lines) {
      if (line.isBlank()) {
        break;
      }
      b.append("<li>").append(Svg.escape(line)).append("</li>");
    }
    b.append("</ul>\n");
    finalists(b, r);
    b.append("<h2>The Pareto front</h2>\n");
    if (charts.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<p class=\"no-front\">%s judged on all %d trials, so there is no front to"
                  + " draw: %s Run with <code>--pareto</code> (every design on the full trials)"
                  + " for the front of cost, availability and p99.</p>\n",
              full == 1 ? "Only one design was" : full + " designs were",
              r.settings().trials(),
              r.settings().search() == Optimizer.Search.EXHAUSTIVE
                  ? "the others were ruled out or the budget ran out."
                  : "the search screened the others on fewer trials and stopped each as soon as it"
                      + " could not win."));
    } else {
      b.append(
              "<p>The Pareto front: the designs judged on the full trials that no other such"
                  + " design beats on cost, availability and p99 at once, labelled with their"
                  + " number in the table above. Hover a point for its figures.</p>\n")
          .append(charts)
          .append('\n');
    }
    return b.append("</body></html>\n").toString();
  }

  /** The finalists as the text answer lists them, as a table: figures with their intervals. */
  private static void finalists(StringBuilder b, Optimizer.Result r) {
    List<Optimizer.Outcome> rows = OptimizationTable.rows(r);
    b.append(
        "<table class=\"finalists\"><tr><th>#</th><th class=\"l\">outcome</th><th>trials</th>"
            + "<th>cost US$ a month (± 95 % CI)</th><th>availability [95 % CI]</th>"
            + "<th>p99 ms [upper]</th><th class=\"l\">design</th><th class=\"l\">why</th></tr>");
    int shown = 0;
    for (Optimizer.Outcome x : rows) {
      if (shown++ >= OptimizationTable.MAX_ROWS) {
        break;
      }
      Judgement j = x.judgement();
      b.append(
          String.format(
              Locale.ROOT,
              "<tr%s><td>%d</td><td class=\"l\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
                  + "<td>%s</td><td class=\"l\">%s</td><td class=\"l\">%s</td></tr>",
              x.status() == Optimizer.Status.BEST ? " class=\"best\"" : "",
              x.design().index() + 1,
              x.status().name().toLowerCase(Locale.ROOT),
              j == null ? "–" : Long.toString(j.trials()),
              j == null ? "–" : Svg.escape(OptimizationTable.cost(j)),
              j == null ? "–" : Svg.escape(OptimizationTable.interval(j)),
              j == null || Double.isNaN(j.p99Ms()) ? "–" : OptimizationTable.p99(j),
              Svg.escape(x.design().label()),
              Svg.escape(x.reason())));
    }
    b.append("</table>\n");
    if (rows.size() > OptimizationTable.MAX_ROWS) {
      b.append(
          String.format(
              Locale.ROOT,
              "<p>And %d more designs, each costing more than those shown.</p>\n",
              rows.size() - OptimizationTable.MAX_ROWS));
    }
  }
}
