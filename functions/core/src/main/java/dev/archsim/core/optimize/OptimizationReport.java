package dev.archsim.core.optimize;

import dev.archsim.core.report.Svg;

/**
 * The optimiser's report: one self-contained HTML page (no scripts, no external assets) with the
 * answer as the command line prints it and the Pareto front charts of {@link ParetoChart}.
 */
public final class OptimizationReport {
  private OptimizationReport() {}

  /**
   * @param name the scenario's name
   * @param answer the text answer (best design, finalists, trials spent)
   */
  public static String render(String name, Optimizer.Result r, String answer) {
    String charts = ParetoChart.render(r);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(Svg.escape("archsim optimize: " + name))
        .append("</title><style>body{font-family:sans-serif;margin:24px;max-width:1100px}")
        .append("pre{font-size:12px;overflow-x:auto;background:#f6f6f6;padding:8px}")
        .append("svg.chart{display:block;margin:16px 0}</style></head><body>\n<h1>")
        .append(Svg.escape(name))
        .append("</h1>\n<h2>The Pareto front</h2>\n");
    if (charts.isEmpty()) {
      b.append(
          "<p>No design was judged on the full trials, so there is no front to draw: every"
              + " design was decided on its screen or the budget ran out.</p>\n");
    } else {
      b.append(
              "<p>The Pareto front: the designs judged on the full trials that no other such"
                  + " design beats on cost, availability and p99 at once, labelled with their"
                  + " number in the table below. Hover a point for its figures.</p>\n")
          .append(charts)
          .append('\n');
    }
    b.append("<h2>The answer</h2>\n<pre>")
        .append(Svg.escape(answer))
        .append("</pre>\n</body></html>\n");
    return b.toString();
  }
}
