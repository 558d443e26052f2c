package dev.archsim.core.report;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG chart renderer (no external assets): horizontal stacked bars with a legend, and line
 * charts over time. Every chart is an {@code <svg class="chart" data-chart="...">} element.
 */
public final class Svg {
  static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac"
  };
  private static final int WIDTH = 760;

  private Svg() {}

  /** One series of a chart. */
  public record Series(String name, double[] values) {}

  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Compact number with a unit-less suffix: 1.2k, 3.4M. */
  public static String human(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", v / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    if (a >= 10 || a == 0) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Horizontal stacked bars: one bar per label, one segment per series (values[series][label]). */
  public static String stackedBars(
      String id, String title, List<String> labels, List<Series> series, String unit) {
    int labelWidth = 220;
    int barHeight = 22;
    int gap = 8;
    int legendRows = (series.size() + 2) / 3;
    int height = 40 + labels.size() * (barHeight + gap) + 20 + legendRows * 18;
    double max = 0;
    for (int i = 0; i < labels.size(); i++) {
      double total = 0;
      for (Series s : series) {
        total += Math.max(0, s.values()[i]);
      }
      max = Math.max(max, total);
    }
    double scale = max > 0 ? (WIDTH - labelWidth - 150) / max : 0;
    StringBuilder b = open(id, title, height);
    for (int i = 0; i < labels.size(); i++) {
      int y = 34 + i * (barHeight + gap);
      b.append(text(8, y + 15, labels.get(i), "start"));
      double x = labelWidth;
      double total = 0;
      for (int k = 0; k < series.size(); k++) {
        double v = Math.max(0, series.get(k).values()[i]);
        total += v;
        double w = v * scale;
        if (w > 0) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "<rect class=\"bar\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\"><title>%s: %s %s</title></rect>",
                  num(x),
                  y,
                  num(Math.max(w, 0.5)),
                  barHeight,
                  PALETTE[k % PALETTE.length],
                  escape(series.get(k).name()),
                  human(v),
                  escape(unit)));
        }
        x += w;
      }
      b.append(text(x + 6, y + 15, human(total) + " " + unit, "start"));
    }
    int ly = 34 + labels.size() * (barHeight + gap) + 10;
    for (int k = 0; k < series.size(); k++) {
      int lx = 8 + (k % 3) * 250;
      int yy = ly + (k / 3) * 18;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              lx,
              yy,
              PALETTE[k % PALETTE.length]));
      b.append(text(lx + 16, yy + 11, series.get(k).name(), "start"));
    }
    return b.append("</svg>").toString();
  }

  /** Line chart of series over time (x in seconds, labelled in days). */
  public static String lines(
      String id, String title, double[] x, List<Series> series, String unit) {
    int height = 220;
    int left = 60;
    int right = WIDTH - 20;
    int top = 34;
    int bottom = height - 40;
    double xMax = x.length == 0 ? 1 : x[x.length - 1] + (x.length > 1 ? x[1] - x[0] : 1);
    double yMax = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        yMax = Math.max(yMax, v);
      }
    }
    yMax = yMax <= 0 ? 1 : yMax * 1.1;
    StringBuilder b = open(id, title, height);
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            left,
            bottom,
            right,
            bottom));
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            left,
            top,
            left,
            bottom));
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      double y = bottom - (bottom - top) * i / 4.0;
      b.append(text(left - 6, y + 4, human(v), "end"));
    }
    for (int i = 0; i <= 5; i++) {
      double t = xMax * i / 5;
      double px = left + (right - left) * i / 5.0;
      b.append(text(px, bottom + 16, String.format(Locale.ROOT, "day %.1f", t / 86400), "middle"));
    }
    for (int k = 0; k < series.size(); k++) {
      StringBuilder pts = new StringBuilder();
      double[] v = series.get(k).values();
      for (int i = 0; i < v.length; i++) {
        double px = left + (right - left) * (x[i] / xMax);
        double py = bottom - (bottom - top) * (v[i] / yMax);
        pts.append(num(px)).append(',').append(num(py)).append(' ');
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"><title>%s</title></polyline>",
              PALETTE[k % PALETTE.length],
              pts.toString().trim(),
              escape(series.get(k).name())));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              left + 10 + k * 230,
              height - 16,
              PALETTE[k % PALETTE.length]));
      b.append(
          text(left + 26 + k * 230, height - 5, series.get(k).name() + " (" + unit + ")", "start"));
    }
    return b.append("</svg>").toString();
  }

  private static StringBuilder open(String id, String title, int height) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" data-chart=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            escape(id),
            WIDTH,
            height,
            WIDTH,
            height,
            escape(title)));
    b.append(text(8, 18, title, "start").replace("<text ", "<text font-weight=\"bold\" "));
    return b;
  }

  private static String text(double x, double y, String s, String anchor) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%s\" y=\"%s\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"%s\">%s</text>",
        num(x),
        num(y),
        anchor,
        escape(s));
  }
}
