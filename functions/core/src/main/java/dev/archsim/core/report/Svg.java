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
    "#9c755f", "#17becf", "#3b3b3b", "#1f3b73"
  };

  /** The colour of the grouped "other" series: grey, distinct from every palette entry. */
  static final String OTHER = "#bab0ac";

  static final int WIDTH = 760;

  private Svg() {}

  /** One series of a chart. */
  public record Series(String name, double[] values) {}

  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String num(double v) {
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

  /**
   * A figure on an overview chart (a bar's total, a percentile, a count), to three significant
   * digits with k, M or G past a thousand, so that every bar of every chart reads alike: 40.1, 251,
   * 1.03k, 67.5k, 696k, 73.7M. A whole number under a thousand is written as it is (62, not 62.0).
   */
  public static String figure(double v) {
    if (!Double.isFinite(v)) {
      return human(v);
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a < 1000 && v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    // rounded first, so that 999.6k becomes 1.00M, not 1000k
    java.math.BigDecimal r =
        java.math.BigDecimal.valueOf(v)
            .round(new java.math.MathContext(3, java.math.RoundingMode.HALF_UP));
    double ra = Math.abs(r.doubleValue());
    int power = ra >= 1e9 ? 9 : ra >= 1e6 ? 6 : ra >= 1e3 ? 3 : 0;
    String suffix = power == 9 ? "G" : power == 6 ? "M" : power == 3 ? "k" : "";
    java.math.BigDecimal scaled = r.movePointLeft(power);
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(scaled.doubleValue()))));
    return scaled.setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString() + suffix;
  }

  /** {@link #figure} with its unit: {@code $1.03k}, {@code 161 ms}. */
  public static String figureWithUnit(double v, String unit) {
    if (unit.equals("$")) {
      return (v < 0 ? "-$" : "$") + figure(Math.abs(v));
    }
    return unit.isEmpty() ? figure(v) : figure(v) + " " + unit;
  }

  /**
   * A mean and its 95 % half-width at the same precision: the half-width to two significant digits
   * and the mean rounded to the same place, in full with thousands separated ({@code 1,197.3 ±
   * 3.3}, {@code 1,430 ± 330}, {@code 355,577.24 ± 0.37}; {@code $} before each for dollars);
   * without a half-width, the mean as {@link #figure}. The unit is not written otherwise (the axis
   * names it).
   */
  public static String meanAndCi(double mean, double ci, String unit) {
    String dollar = unit.equals("$") ? "$" : "";
    if (!(ci > 0) || !Double.isFinite(ci) || !Double.isFinite(mean)) {
      return dollar.isEmpty() ? figure(mean) : figureWithUnit(mean, "$");
    }
    // the place of the half-width's second significant digit, but no finer than the mean's
    // seventh (a half-width a millionth of the mean is noise at any precision) nor 6 decimals
    int place = Math.max(-6, (int) Math.floor(Math.log10(ci)) - 1);
    if (mean != 0) {
      place = Math.max(place, (int) Math.floor(Math.log10(Math.abs(mean))) - 6);
    }
    int decimals = Math.max(0, -place);
    java.math.BigDecimal m =
        java.math.BigDecimal.valueOf(mean).setScale(-place, java.math.RoundingMode.HALF_UP);
    java.math.BigDecimal c =
        java.math.BigDecimal.valueOf(ci).setScale(-place, java.math.RoundingMode.HALF_UP);
    String format = "%,." + decimals + "f";
    String ms = String.format(Locale.ROOT, format, m.abs());
    String cs = String.format(Locale.ROOT, format, c);
    return (m.signum() < 0 ? "-" : "") + dollar + ms + " ± " + dollar + cs;
  }

  /**
   * A tick's value as {@link #human} without its trailing zeros, so that the ticks of one axis read
   * alike: 1k, 2.5k, 10k, 1M (not 1.0k, 10.0k, 1.00M).
   */
  static String tick(double v) {
    String h = human(v);
    char last = h.charAt(h.length() - 1);
    String digits = Character.isDigit(last) ? h : h.substring(0, h.length() - 1);
    String suffix = Character.isDigit(last) ? "" : String.valueOf(last);
    if (digits.contains(".")) {
      digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return digits + suffix;
  }

  /**
   * A value with its unit, as a reader writes it: {@code $15}, {@code 138 ms}, {@code 1.2k
   * requests}.
   */
  public static String withUnit(double v, String unit) {
    if (unit.equals("$")) {
      return (v < 0 ? "-$" : "$") + human(Math.abs(v));
    }
    return unit.isEmpty() ? human(v) : human(v) + " " + unit;
  }

  /**
   * The value axis of a bar chart: logarithmic when the positive values span two decades or more
   * (so one outlier does not hide the rest), linear from zero otherwise.
   */
  record Scale(boolean log, double min, double max) {
    static Scale of(double[] values) {
      double max = 0;
      double minPositive = Double.POSITIVE_INFINITY;
      for (double v : values) {
        if (v > 0) {
          max = Math.max(max, v);
          minPositive = Math.min(minPositive, v);
        }
      }
      if (max <= 0) {
        return new Scale(false, 0, 1);
      }
      if (max / minPositive >= 100) {
        return new Scale(
            true,
            Math.pow(10, Math.floor(Math.log10(minPositive))),
            Math.pow(10, Math.ceil(Math.log10(max))));
      }
      return new Scale(false, 0, max);
    }

    /** Position of v in [0, 1] along the axis. */
    double at(double v) {
      if (log) {
        if (v <= min) {
          return 0;
        }
        return Math.min(1, Math.log10(v / min) / Math.log10(max / min));
      }
      return Math.max(0, Math.min(1, (v - min) / (max - min)));
    }

    /** Tick values: powers of ten on a log axis, round 1-2-5 steps on a linear one. */
    List<Double> ticks() {
      List<Double> t = new java.util.ArrayList<>();
      if (log) {
        int decades = (int) Math.round(Math.log10(max / min));
        int stride = Math.max(1, (decades + 5) / 6);
        for (int k = 0; k <= decades; k += stride) {
          t.add(min * Math.pow(10, k));
        }
        return t;
      }
      double raw = (max - min) / 4;
      double p = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
      // from the first round value at or above min (0 on an axis from zero; + 0.0 turns the -0.0
      // of ceil(-1e-9) into 0, so that the tick does not read "-0")
      for (double v = Math.ceil(min / step - 1e-9) * step + 0.0;
          v <= max + (max - min) * 1e-4;
          v += step) {
        t.add(v);
      }
      return t;
    }
  }

  private static final int LABEL_WIDTH = 220;
  private static final int PLOT_WIDTH = WIDTH - LABEL_WIDTH - 150;

  /** The axis under a bar chart, with ticks, grid lines and the unit (and "log scale"). */
  private static void axis(StringBuilder b, Scale scale, int top, int bottom, String unit) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            LABEL_WIDTH,
            bottom,
            LABEL_WIDTH + PLOT_WIDTH,
            bottom));
    for (double t : scale.ticks()) {
      double x = LABEL_WIDTH + PLOT_WIDTH * scale.at(t);
      b.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#e3e3e3\"/>",
              num(x),
              top,
              num(x),
              bottom + 4));
      // a round tick reads 1, 2, 5, not 1.00; 1k, 10k, 1M, not 1.0k, 10.0k, 1.00M
      String tick =
          t == Math.rint(t) && Math.abs(t) < 1000 ? String.format(Locale.ROOT, "%.0f", t) : tick(t);
      b.append(text(x, bottom + 16, (unit.equals("$") ? "$" : "") + tick, "middle"));
    }
    b.append(
        text(
            LABEL_WIDTH + PLOT_WIDTH / 2.0,
            bottom + 32,
            (unit.equals("$") ? "US$" : unit) + (scale.log() ? " (log scale)" : ""),
            "middle"));
  }

  /** Legend entries laid out left to right, wrapping by their text width so that none overlap. */
  static int legend(StringBuilder b, List<String> names, List<String> colours, int y) {
    int x = 8;
    int row = 0;
    for (int k = 0; k < names.size(); k++) {
      int w = legendWidth(names.get(k));
      if (x > 8 && x + w > WIDTH - 8) {
        x = 8;
        row++;
      }
      int yy = y + row * 18;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\" data-width=\"%d\"/>",
              x,
              yy,
              colours.get(k),
              w));
      b.append(text(x + 16, yy + 11, names.get(k), "start"));
      x += w;
    }
    return row + 1;
  }

  /** Width of a legend entry: swatch, text (at most 7 px a character at 12 px) and a gap. */
  static int legendWidth(String name) {
    return 16 + 7 * name.length() + 14;
  }

  static int legendRows(List<String> names) {
    StringBuilder scratch = new StringBuilder();
    List<String> colours = java.util.Collections.nCopies(names.size(), "#000");
    return names.isEmpty() ? 0 : legend(scratch, names, colours, 0);
  }

  /**
   * Groups series beyond the palette's size into one grey "other" series, so that every colour
   * names one series. The kept series are the largest by total.
   */
  static List<Series> grouped(List<Series> series) {
    if (series.size() <= PALETTE.length) {
      return series;
    }
    // rank by the largest share a series has of any bar, so that a small bar's main parts keep
    // their own colour even when a large bar dwarfs it
    int n = series.get(0).values().length;
    double[] totals = new double[n];
    for (Series s : series) {
      for (int i = 0; i < n; i++) {
        totals[i] += Math.max(0, s.values()[i]);
      }
    }
    java.util.Map<Series, Double> share = new java.util.IdentityHashMap<>();
    for (Series s : series) {
      double m = 0;
      for (int i = 0; i < n; i++) {
        m = Math.max(m, totals[i] > 0 ? Math.max(0, s.values()[i]) / totals[i] : 0);
      }
      share.put(s, m);
    }
    List<Series> sorted = new java.util.ArrayList<>(series);
    sorted.sort(java.util.Comparator.comparingDouble((Series s) -> -share.get(s)));
    List<Series> kept = new java.util.ArrayList<>(sorted.subList(0, PALETTE.length - 1));
    List<Series> rest = sorted.subList(PALETTE.length - 1, sorted.size());
    double[] other = new double[series.get(0).values().length];
    List<String> names = new java.util.ArrayList<>();
    for (Series s : rest) {
      names.add(s.name());
      for (int i = 0; i < other.length; i++) {
        other[i] += s.values()[i];
      }
    }
    kept.add(new Series("other (" + rest.size() + "): " + String.join(", ", names), other));
    return kept;
  }

  private static String colour(int k, int n, String name) {
    return name.startsWith("other (") ? OTHER : PALETTE[k % PALETTE.length];
  }

  /**
   * Horizontal stacked bars: one bar per label, one segment per series (values[series][label]). The
   * bar's length is its total on a {@link Scale} (logarithmic when totals span decades, where the
   * segments then divide the bar by share); each segment's tooltip gives its own value.
   */
  public static String stackedBars(
      String id, String title, List<String> labels, List<Series> all, String unit) {
    return stackedBars(id, title, labels, all, unit, null);
  }

  /**
   * {@link #stackedBars(String, String, List, List, String)} with each series' colour given by
   * {@code colourOf} (its name to a colour: a failure cause's own), not by its place.
   */
  public static String stackedBars(
      String id,
      String title,
      List<String> labels,
      List<Series> all,
      String unit,
      java.util.function.Function<String, String> colourOf) {
    return stackedBars(id, title, labels, all, unit, colourOf, null);
  }

  /**
   * {@link #stackedBars(String, String, List, List, String, java.util.function.Function)} with the
   * text after each bar given ({@code ends}, one per label; null: the bar's total).
   */
  public static String stackedBars(
      String id,
      String title,
      List<String> labels,
      List<Series> all,
      String unit,
      java.util.function.Function<String, String> colourOf,
      List<String> ends) {
    List<Series> series = grouped(all);
    int barHeight = 22;
    int gap = 8;
    double[] totals = new double[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      for (Series s : series) {
        totals[i] += Math.max(0, s.values()[i]);
      }
    }
    Scale scale = Scale.of(totals);
    List<String> names = new java.util.ArrayList<>();
    List<String> colours = new java.util.ArrayList<>();
    for (int k = 0; k < series.size(); k++) {
      names.add(shorten(series.get(k).name()));
      colours.add(
          colourOf != null
              ? colourOf.apply(series.get(k).name())
              : colour(k, series.size(), series.get(k).name()));
    }
    int plotBottom = 34 + labels.size() * (barHeight + gap);
    int height = plotBottom + 44 + legendRows(names) * 18 + 6;
    StringBuilder b =
        open(
            id,
            title + (scale.log() ? " — log scale; segments split each bar by share" : ""),
            height);
    axis(b, scale, 26, plotBottom, unit);
    for (int i = 0; i < labels.size(); i++) {
      int y = 34 + i * (barHeight + gap);
      b.append(text(8, y + 15, labels.get(i), "start"));
      double length = PLOT_WIDTH * scale.at(totals[i]);
      double x = LABEL_WIDTH;
      for (int k = 0; k < series.size(); k++) {
        double v = Math.max(0, series.get(k).values()[i]);
        double w = totals[i] > 0 ? length * v / totals[i] : 0;
        if (w > 0) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "<rect class=\"bar\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\" data-value=\"%s\"><title>%s: %s</title></rect>",
                  num(x),
                  y,
                  num(Math.max(w, 0.5)),
                  barHeight,
                  colours.get(k),
                  String.format(Locale.ROOT, "%.6g", v),
                  escape(series.get(k).name()),
                  figureWithUnit(v, unit)));
        }
        x += w;
      }
      b.append(
          text(
              x + 6,
              y + 15,
              ends == null ? figureWithUnit(totals[i], unit) : ends.get(i),
              "start"));
    }
    legend(b, names, colours, plotBottom + 40);
    return b.append("</svg>").toString();
  }

  private static String shorten(String name) {
    return name.length() > 90 ? name.substring(0, 87) + "…" : name;
  }

  /**
   * One bar per label at its mean, with the 95 % confidence interval drawn as a whisker from mean −
   * ci to mean + ci; the label shows the mean and the half-width.
   */
  public static String barsWithCi(
      String id, String title, List<String> labels, double[] mean, double[] ci, String unit) {
    int barHeight = 18;
    int gap = 12;
    double[] all = new double[mean.length * 2];
    for (int i = 0; i < mean.length; i++) {
      all[2 * i] = mean[i];
      all[2 * i + 1] = mean[i] + ci[i];
    }
    Scale scale = Scale.of(all);
    int plotBottom = 34 + labels.size() * (barHeight + gap);
    int height = plotBottom + 44 + 24;
    boolean none = java.util.Arrays.stream(mean).allMatch(v -> v <= 0);
    StringBuilder b = open(id, title + (none ? " — zero for every stage" : ""), height);
    axis(b, scale, 26, plotBottom, unit);
    for (int i = 0; i < labels.size(); i++) {
      int y = 34 + i * (barHeight + gap);
      b.append(text(8, y + 13, labels.get(i), "start"));
      double w = PLOT_WIDTH * scale.at(mean[i]);
      if (mean[i] > 0) {
        b.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\" data-value=\"%s\"><title>%s: mean%s %s%s</title></rect>",
                LABEL_WIDTH,
                y,
                num(Math.max(w, 0.5)),
                barHeight,
                PALETTE[0],
                String.format(Locale.ROOT, "%.6g", mean[i]),
                escape(labels.get(i)),
                ci[i] > 0 ? " ± 95 % CI" : "",
                meanAndCi(mean[i], ci[i], unit),
                unit.isEmpty() || unit.equals("$") ? "" : " " + unit));
      }
      double lo = LABEL_WIDTH + PLOT_WIDTH * scale.at(mean[i] - ci[i]);
      double hi = LABEL_WIDTH + PLOT_WIDTH * scale.at(mean[i] + ci[i]);
      if (ci[i] > 0) {
        double cy = y + barHeight / 2.0;
        b.append(
            String.format(
                Locale.ROOT,
                "<path class=\"ci\" d=\"M%s,%s H%s M%s,%s V%s M%s,%s V%s\" stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\"/>",
                num(lo),
                num(cy),
                num(hi),
                num(lo),
                num(cy - 6),
                num(cy + 6),
                num(hi),
                num(cy - 6),
                num(cy + 6)));
      }
      b.append(
          text(
              Math.max(LABEL_WIDTH + w, hi) + 6, y + 13, meanAndCi(mean[i], ci[i], unit), "start"));
    }
    List<String> names = List.of("mean over trials", "95 % confidence interval (whisker)");
    legend(b, names, List.of(PALETTE[0], "#222"), plotBottom + 40);
    return b.append("</svg>").toString();
  }

  /**
   * Latency percentiles per label on one axis: a bar from 0 to p50, then a segment per further
   * percentile up to its value; each segment's tooltip names the percentile and its value.
   */
  public static String percentiles(
      String id, String title, List<String> labels, List<Series> cumulative, String unit) {
    int barHeight = 22;
    int gap = 8;
    int n = labels.size();
    double[] all = new double[n * cumulative.size()];
    for (int k = 0; k < cumulative.size(); k++) {
      for (int i = 0; i < n; i++) {
        all[k * n + i] = cumulative.get(k).values()[i];
      }
    }
    Scale scale = Scale.of(all);
    List<String> names = new java.util.ArrayList<>();
    List<String> colours = new java.util.ArrayList<>();
    for (int k = 0; k < cumulative.size(); k++) {
      names.add(cumulative.get(k).name());
      colours.add(PALETTE[k % PALETTE.length]);
    }
    int plotBottom = 34 + n * (barHeight + gap);
    int height = plotBottom + 44 + legendRows(names) * 18 + 6;
    StringBuilder b = open(id, title, height);
    axis(b, scale, 26, plotBottom, unit);
    for (int i = 0; i < n; i++) {
      int y = 34 + i * (barHeight + gap);
      b.append(text(8, y + 15, labels.get(i), "start"));
      double from = LABEL_WIDTH;
      double last = 0;
      for (int k = 0; k < cumulative.size(); k++) {
        double v = cumulative.get(k).values()[i];
        double to = LABEL_WIDTH + PLOT_WIDTH * scale.at(v);
        if (to > from) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "<rect class=\"bar\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\" data-value=\"%s\"><title>%s %s: %s</title></rect>",
                  num(from),
                  y,
                  num(to - from),
                  barHeight,
                  colours.get(k),
                  String.format(Locale.ROOT, "%.6g", v),
                  escape(labels.get(i)),
                  escape(cumulative.get(k).name()),
                  figureWithUnit(v, unit)));
          from = to;
        }
        last = Math.max(last, v);
      }
      b.append(
          text(
              from + 6,
              y + 15,
              cumulative.get(cumulative.size() - 1).name() + " " + figureWithUnit(last, unit),
              "start"));
    }
    legend(b, names, colours, plotBottom + 40);
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
    Charts.timeTicks(b, xMax, bottom, left, right);
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

  static StringBuilder open(String id, String title, int height) {
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

  static String text(double x, double y, String s, String anchor) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%s\" y=\"%s\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"%s\">%s</text>",
        num(x),
        num(y),
        anchor,
        escape(s));
  }
}
