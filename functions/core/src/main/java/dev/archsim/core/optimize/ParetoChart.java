package dev.archsim.core.optimize;

import dev.archsim.core.report.Charts;
import java.util.List;
import java.util.Locale;

/**
 * The optimiser's Pareto front as two of the report's scatter charts ({@link Charts#scatter}):
 * monthly cost against p99, and monthly cost against failed requests per million (as the run report
 * plots availability), each design of the front a labelled point with its 95 % confidence whiskers,
 * joined cheapest first. Only designs judged on the full trials take part (see {@link
 * ParetoFront}); the best design's label says so.
 */
public final class ParetoChart {
  private ParetoChart() {}

  /** Both charts, or an empty string when no design was judged on the full trials. */
  public static String render(Optimizer.Result r) {
    List<Optimizer.Outcome> front = ParetoFront.of(r.outcomes(), r.settings().trials());
    if (front.isEmpty()) {
      return "";
    }
    List<Charts.Point> p99 =
        front.stream()
            .map(
                o ->
                    new Charts.Point(
                        label(o),
                        o.judgement().costMean(),
                        finite(o.judgement().costCi95()),
                        o.judgement().p99Ms(),
                        0))
            .toList();
    List<Charts.Point> failed =
        front.stream()
            .map(
                o ->
                    new Charts.Point(
                        label(o),
                        o.judgement().costMean(),
                        finite(o.judgement().costCi95()),
                        1e6 * (1 - o.judgement().availabilityMean()),
                        1e6 * finite(o.judgement().availabilityCi95())))
            .toList();
    String of = front.size() + (front.size() == 1 ? " design" : " designs");
    return Charts.scatter(
            "pareto-p99",
            "Pareto front, " + of + ": monthly cost against p99 (lower left is better)",
            p99,
            new Charts.Axis("monthly cost", "$"),
            new Charts.Axis("p99 latency", "ms"),
            true)
        + Charts.scatter(
            "pareto-availability",
            "Pareto front, "
                + of
                + ": monthly cost against failed requests, with 95 % CIs (lower left is better)",
            failed,
            new Charts.Axis("monthly cost", "$"),
            new Charts.Axis("failed requests per million", ""),
            true);
  }

  /** The design's number as in the answer's table, and "best" for the best design. */
  static String label(Optimizer.Outcome o) {
    return String.format(
        Locale.ROOT,
        "#%d%s",
        o.design().index() + 1,
        o.status() == Optimizer.Status.BEST ? " (best)" : "");
  }

  private static double finite(double ci) {
    return Double.isFinite(ci) ? ci : 0;
  }
}
