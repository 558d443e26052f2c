package dev.archsim.core.optimize;

import dev.archsim.core.report.Svg;
import dev.archsim.engine.model.Objectives;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The optimiser's two scatter charts as inline SVG: monthly cost against p99, and monthly cost
 * against availability, for every design judged on the full trials. Points of the Pareto front (see
 * {@link ParetoFront}) are filled and joined cheapest first, the other designs are hollow, the best
 * design is ringed, and the objectives are dashed lines (budget, p99 target, availability target).
 * Each point's tooltip names the design and its figures.
 */
public final class ParetoChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 340;
  static final int LEFT = 80;
  static final int RIGHT = 30;
  static final int TOP = 34;
  static final int BOTTOM = 50;
  static final String FRONT = "#4e79a7";
  static final String OTHER = "#9c9c9c";
  static final String TARGET = "#e15759";

  private ParetoChart() {}

  /** Both charts, or an empty string when no design was judged on the full trials. */
  public static String render(Optimizer.Result r, Objectives o) {
    List<Optimizer.Outcome> judged =
        r.outcomes().stream()
            .filter(x -> x.judgement() != null && x.judgement().trials() == r.settings().trials())
            .filter(x -> !Double.isNaN(x.judgement().p99Ms()))
            .toList();
    if (judged.isEmpty()) {
      return "";
    }
    List<Optimizer.Outcome> front = ParetoFront.of(judged, r.settings().trials());
    return chart(
            "pareto-p99",
            "Monthly cost and p99 latency of " + judged.size() + " designs (Pareto front filled)",
            judged,
            front,
            j -> j.p99Ms(),
            "ms",
            o.latencyP99Ms(),
            o.monthlyBudgetUsd())
        + chart(
            "pareto-availability",
            "Monthly cost and availability (%) of " + judged.size() + " designs",
            judged,
            front,
            j -> j.availabilityMean() * 100,
            "%",
            o.availability() == null ? null : o.availability() * 100,
            o.monthlyBudgetUsd());
  }

  /** Linear axis bounds with a margin of 5 % each side (one value: ± 1 or 5 % of it). */
  record Range(double min, double max) {
    static Range of(List<Double> values, Double extra) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      List<Double> all = new ArrayList<>(values);
      if (extra != null) {
        all.add(extra);
      }
      for (double v : all) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      double pad = hi > lo ? (hi - lo) * 0.05 : Math.max(1e-6, Math.abs(hi) * 0.05);
      return new Range(lo - pad, hi + pad);
    }

    double at(double v) {
      return (v - min) / (max - min);
    }
  }

  static String chart(
      String id,
      String title,
      List<Optimizer.Outcome> judged,
      List<Optimizer.Outcome> front,
      ToDoubleFunction<Judgement> y,
      String unit,
      Double yTarget,
      Double budget) {
    Range xr = Range.of(judged.stream().map(x -> x.judgement().costMean()).toList(), budget);
    Range yr = Range.of(judged.stream().map(x -> y.applyAsDouble(x.judgement())).toList(), yTarget);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " aria-label=\"%s\">",
            id,
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            Svg.escape(title)));
    b.append(text(8, 18, title, "start", "font-weight=\"bold\""));
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
            LEFT,
            TOP,
            plotW,
            plotH));
    for (int k = 0; k <= 4; k++) {
      double xv = xr.min() + (xr.max() - xr.min()) * k / 4;
      double px = LEFT + plotW * k / 4.0;
      b.append(text(px, HEIGHT - BOTTOM + 16, Svg.withUnit(xv, "$"), "middle", ""));
      double yv = yr.min() + (yr.max() - yr.min()) * k / 4;
      double py = TOP + plotH * (1 - k / 4.0);
      b.append(text(LEFT - 6, py + 4, tick(yv, unit), "end", ""));
    }
    b.append(text(LEFT + plotW / 2.0, HEIGHT - 8, "monthly cost", "middle", ""));
    if (budget != null) {
      double px = LEFT + plotW * xr.at(budget);
      b.append(line(px, TOP, px, TOP + plotH));
      b.append(text(px - 4, TOP + 12, "budget", "end", "fill=\"" + TARGET + "\""));
    }
    if (yTarget != null) {
      double py = TOP + plotH * (1 - yr.at(yTarget));
      b.append(line(LEFT, py, LEFT + plotW, py));
      b.append(text(LEFT + plotW - 4, py - 4, "target", "end", "fill=\"" + TARGET + "\""));
    }
    List<Optimizer.Outcome> ordered = new ArrayList<>(front);
    ordered.sort(Comparator.comparingDouble(x -> x.judgement().costMean()));
    StringBuilder path = new StringBuilder();
    for (Optimizer.Outcome x : ordered) {
      path.append(path.isEmpty() ? "M" : " L")
          .append(coord(LEFT + plotW * xr.at(x.judgement().costMean())))
          .append(' ')
          .append(coord(TOP + plotH * (1 - yr.at(y.applyAsDouble(x.judgement())))));
    }
    if (ordered.size() > 1) {
      b.append("<path d=\"")
          .append(path)
          .append("\" fill=\"none\" stroke=\"" + FRONT + "\" stroke-width=\"1.5\"/>");
    }
    for (Optimizer.Outcome x : judged) {
      boolean onFront = front.contains(x);
      double px = LEFT + plotW * xr.at(x.judgement().costMean());
      double py = TOP + plotH * (1 - yr.at(y.applyAsDouble(x.judgement())));
      String tip =
          String.format(
              Locale.ROOT,
              "#%d %s: $%.2f a month, availability %.3f %%, p99 %.0f ms, %s",
              x.design().index() + 1,
              x.design().label(),
              x.judgement().costMean(),
              x.judgement().availabilityMean() * 100,
              x.judgement().p99Ms(),
              x.status().name().toLowerCase(Locale.ROOT));
      b.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"%s\" cx=\"%s\" cy=\"%s\" r=\"4\" fill=\"%s\" stroke=\"%s\">"
                  + "<title>%s</title></circle>",
              onFront ? "front" : "design",
              coord(px),
              coord(py),
              onFront ? FRONT : "none",
              onFront ? FRONT : OTHER,
              Svg.escape(tip)));
      if (x.status() == Optimizer.Status.BEST) {
        b.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"best\" cx=\"%s\" cy=\"%s\" r=\"9\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2\"/>",
                coord(px),
                coord(py),
                TARGET));
        b.append(text(px + 12, py - 8, "best", "start", "fill=\"" + TARGET + "\""));
      }
    }
    return b.append("</svg>").toString();
  }

  private static String tick(double v, String unit) {
    return unit.equals("%") ? String.format(Locale.ROOT, "%.3f %%", v) : Svg.withUnit(v, unit);
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-dasharray=\"5 4\"/>",
        coord(x1),
        coord(y1),
        coord(x2),
        coord(y2),
        TARGET);
  }

  private static String text(double x, double y, String s, String anchor, String attrs) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%s\" y=\"%s\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"%s\""
            + " %s>%s</text>",
        coord(x),
        coord(y),
        anchor,
        attrs,
        Svg.escape(s));
  }
}
