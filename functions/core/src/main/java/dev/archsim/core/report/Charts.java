package dev.archsim.core.report;

import static dev.archsim.core.report.Svg.escape;
import static dev.archsim.core.report.Svg.num;
import static dev.archsim.core.report.Svg.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts beyond bars, as a small API any report section can call: timelines with one
 * panel (and one value axis) per unit, scatter plots with confidence whiskers (cost against
 * availability, a Pareto front), and histograms with marked values. Each returns one self-contained
 * {@code <svg class="chart" data-chart="id">}; every plotted number is also in a {@code data-}
 * attribute or a {@code <title>} tooltip, so tests and readers can check it.
 */
public final class Charts {
  private static final int WIDTH = Svg.WIDTH;
  private static final int LEFT = 70;
  private static final int RIGHT = WIDTH - 20;

  static final String INCIDENT_COLOUR = "#b3261e";
  static final String CHANGE_COLOUR = "#777777";
  static final String SCALING_COLOUR = "#8a8a8a";

  private Charts() {}

  /**
   * One panel of a timeline: its own value axis with a unit, and the series drawn on it; a panel of
   * {@code whole} things (instances, executions, messages) has ticks at whole numbers only.
   */
  public record Panel(String unit, List<Svg.Series> series, boolean whole) {
    public Panel {
      series = List.copyOf(series);
    }

    public Panel(String unit, List<Svg.Series> series) {
      this(unit, series, false);
    }
  }

  /**
   * A vertical mark at {@code x} (an incident, a scheduled fault, a percentile) of a kind: on a
   * timeline an incident is a red line across every panel, a change of the architecture (a resize,
   * a deployment) a grey line, an auto scaling change a small grey tick under the first panel.
   */
  public record Marker(double x, String label, Kind kind) {
    public Marker(double x, String label) {
      this(x, label, Kind.INCIDENT);
    }
  }

  /** What a timeline's marker stands for. */
  public enum Kind {
    /** A failure, an outage, a failover step, a region or AZ back. */
    INCIDENT,
    /** A change an operator made: a resize, a deployment. */
    CHANGE,
    /** Auto scaling moved the desired capacity, or a scheduled action set it. */
    SCALING
  }

  /** A shaded stretch [from, to) of the x axis (a region outage). */
  public record Span(double from, double to, String label) {}

  /** A point with its 95 % confidence half-widths (0 for none). */
  public record Point(String label, double x, double xCi, double y, double yCi) {}

  /** A histogram bin [from, to) and its count. */
  public record Bin(double from, double to, double count) {}

  /** An axis of a scatter plot or histogram: its title and unit ({@code $} reads as US$). */
  public record Axis(String title, String unit) {}

  // ------------------------------------------------------------------ timeline

  /**
   * A timeline over {@code seconds} (ticks at round days, or hours under two days): the panels
   * stacked, each with its own linear axis from 0, sharing the time axis; spans shaded and markers
   * drawn across every panel. Each series is a {@code <polyline data-series="name">} with one point
   * per value.
   */
  public static String timeline(
      String id,
      String title,
      double[] seconds,
      List<Panel> panels,
      List<Marker> markers,
      List<Span> spans) {
    return timeline(id, title, seconds, panels, markers, spans, 0, axisEnd(seconds));
  }

  /**
   * Where a time axis over points at {@code seconds} (each the start of an interval as long as the
   * first) ends: the last point's interval's end; 1 without points.
   */
  static double axisEnd(double[] seconds) {
    return seconds.length == 0
        ? 1
        : seconds[seconds.length - 1] + (seconds.length > 1 ? seconds[1] - seconds[0] : 1);
  }

  /**
   * {@link #timeline(String, String, double[], List, List, List)} over the window [{@code from},
   * {@code to}) of a trial (a zoom on an outage): ticks at round hours named by day and time, the
   * window in the chart's {@code data-from} and {@code data-to}.
   */
  public static String timeline(
      String id,
      String title,
      double[] seconds,
      List<Panel> panels,
      List<Marker> markers,
      List<Span> spans,
      double from,
      double to) {
    int panelHeight = 110;
    int gap = 26;
    int top = 34;
    List<String> names = new ArrayList<>();
    List<String> colours = new ArrayList<>();
    // colours by panel and place, so that the same series keeps its colour across timelines
    for (int p = 0; p < panels.size(); p++) {
      List<Svg.Series> series = panels.get(p).series();
      for (int i = 0; i < series.size(); i++) {
        String name = series.get(i).name();
        String unit = panels.get(p).unit();
        names.add(unit.startsWith(name) ? unit : name + " (" + unit + ")");
        // failures in red wherever they are drawn; the palette's red is no other series' colour
        // here
        colours.add(
            name.equals("failed") ? Svg.PALETTE[2] : Svg.PALETTE[(3 * p + i) % Svg.PALETTE.length]);
      }
    }
    int plotBottom = top + panels.size() * (panelHeight + gap) - gap;
    // the markers' kinds in the legend, after the series
    for (Kind kind : Kind.values()) {
      if (markers.stream().anyMatch(m -> m.kind() == kind)) {
        names.add(
            switch (kind) {
              case INCIDENT -> "incident (failure, outage, failover; red line)";
              case CHANGE -> "change (resize, deployment; grey line)";
              case SCALING -> "auto scaling change (tick under the first panel)";
            });
        colours.add(
            switch (kind) {
              case INCIDENT -> INCIDENT_COLOUR;
              case CHANGE -> CHANGE_COLOUR;
              case SCALING -> SCALING_COLOUR;
            });
      }
    }
    int height = plotBottom + 30 + Svg.legendRows(names) * 18 + 8;
    double xMax = to - from;
    StringBuilder b = Svg.open(id, title, height);
    if (from > 0) {
      b.insert(
          b.indexOf(" xmlns="),
          String.format(Locale.ROOT, " data-from=\"%s\" data-to=\"%s\"", num(from), num(to)));
    }
    for (Span s : spans) {
      double x0 = LEFT + (RIGHT - LEFT) * Math.max(0, s.from() - from) / xMax;
      double x1 = LEFT + (RIGHT - LEFT) * Math.min(xMax, s.to() - from) / xMax;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"span\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"#f6d5d3\""
                  + " data-from=\"%s\" data-to=\"%s\"><title>%s: %s to %s</title></rect>",
              num(x0),
              top,
              num(Math.max(1, x1 - x0)),
              plotBottom - top,
              num(s.from()),
              num(s.to()),
              escape(s.label()),
              when(s.from()),
              when(s.to())));
    }
    int k = 0;
    for (int p = 0; p < panels.size(); p++) {
      Panel panel = panels.get(p);
      int pTop = top + p * (panelHeight + gap);
      int pBottom = pTop + panelHeight;
      double yMax = 0;
      for (Svg.Series s : panel.series()) {
        for (double v : s.values()) {
          yMax = Math.max(yMax, v);
        }
      }
      Svg.Scale scale = new Svg.Scale(false, 0, yMax <= 0 ? 1 : yMax * 1.1);
      double[] ticks = panel.whole() ? wholeTicks(scale.max()) : niceTicks(scale.max());
      scale = new Svg.Scale(false, 0, ticks[ticks.length - 1]);
      b.append(
          String.format(
              Locale.ROOT,
              "<g class=\"panel\" data-unit=\"%s\" data-top=\"%d\" data-bottom=\"%d\" data-max=\"%s\">",
              escape(panel.unit()),
              pTop,
              pBottom,
              String.format(Locale.ROOT, "%.6g", scale.max())));
      for (double t : ticks) {
        double y = pBottom - panelHeight * scale.at(t);
        b.append(
            String.format(
                Locale.ROOT,
                "<line class=\"grid\" x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#e3e3e3\"/>",
                LEFT,
                num(y),
                RIGHT,
                num(y)));
        b.append(text(LEFT - 6, y + 4, tickLabel(t, ""), "end"));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
              LEFT,
              pTop,
              LEFT,
              pBottom));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"14\" y=\"%s\" font-size=\"11\" font-family=\"sans-serif\" text-anchor=\"middle\""
                  + " transform=\"rotate(-90 14 %s)\">%s</text>",
              num(pTop + panelHeight / 2.0),
              num(pTop + panelHeight / 2.0),
              escape(panel.unit())));
      for (Svg.Series s : panel.series()) {
        StringBuilder pts = new StringBuilder();
        double[] v = s.values();
        for (int i = 0; i < v.length && i < seconds.length; i++) {
          double px = LEFT + (RIGHT - LEFT) * ((seconds[i] - from) / xMax);
          double py = pBottom - panelHeight * scale.at(v[i]);
          pts.append(num(px)).append(',').append(num(py)).append(' ');
        }
        b.append(
            String.format(
                Locale.ROOT,
                "<polyline class=\"series\" data-series=\"%s\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"1.5\" points=\"%s\"><title>%s (%s)</title></polyline>",
                escape(s.name()),
                colours.get(k++),
                pts.toString().trim(),
                escape(s.name()),
                escape(panel.unit())));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/></g>",
              LEFT,
              pBottom,
              RIGHT,
              pBottom));
    }
    int firstBottom = top + panelHeight;
    // changes and scaling first, so that the incidents' lines are drawn over them
    for (Kind kind : new Kind[] {Kind.SCALING, Kind.CHANGE, Kind.INCIDENT}) {
      for (Marker m : markers) {
        if (m.kind() != kind) {
          continue;
        }
        double x = LEFT + (RIGHT - LEFT) * Math.max(0, Math.min(xMax, m.x() - from)) / xMax;
        String what =
            String.format(Locale.ROOT, "<title>%s: %s</title></g>", when(m.x()), escape(m.label()));
        String head =
            String.format(
                Locale.ROOT,
                "<g class=\"marker %s\" data-x=\"%s\">",
                kind.name().toLowerCase(Locale.ROOT),
                num(m.x()));
        b.append(head)
            .append(
                switch (kind) {
                  case INCIDENT ->
                      String.format(
                          Locale.ROOT,
                          "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\""
                              + " stroke-dasharray=\"3,2\" stroke-width=\"1\"/>"
                              + "<path d=\"M%s,%d l-4,-6 h8 z\" fill=\"%s\"/>",
                          num(x),
                          top,
                          num(x),
                          plotBottom,
                          INCIDENT_COLOUR,
                          num(x),
                          top,
                          INCIDENT_COLOUR);
                  case CHANGE ->
                      String.format(
                          Locale.ROOT,
                          "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\""
                              + " stroke-dasharray=\"6,3\" stroke-width=\"1\"/>",
                          num(x),
                          top,
                          num(x),
                          plotBottom,
                          CHANGE_COLOUR);
                  case SCALING ->
                      // a short tick rising from the first panel's axis, 6 px: it marks, it does
                      // not hide
                      String.format(
                          Locale.ROOT,
                          "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\""
                              + " stroke-width=\"1\"/>",
                          num(x),
                          firstBottom,
                          num(x),
                          firstBottom - 6,
                          SCALING_COLOUR);
                })
            .append(what);
      }
    }
    if (from > 0) {
      windowTicks(b, from, to, plotBottom);
    } else {
      timeTicks(b, xMax, plotBottom, LEFT, RIGHT);
    }
    Svg.legend(b, names, colours, plotBottom + 30);
    return b.append("</svg>").toString();
  }

  /** Round ticks from 0 to at least {@code max} for counts: whole steps (no 0.2 instances). */
  static double[] wholeTicks(double max) {
    double[] t = niceTicks(max);
    if (t.length > 1 && t[1] >= 1) {
      return t;
    }
    int n = Math.max(1, (int) Math.ceil(max - 1e-9));
    double[] whole = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      whole[i] = i;
    }
    return whole;
  }

  /** Round ticks from 0 to at least {@code max}: steps of 1, 2 or 5 times a power of ten. */
  static double[] niceTicks(double max) {
    double raw = max / 4;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
    int n = (int) Math.ceil(max / step - 1e-9);
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      t[i] = i * step;
    }
    return t;
  }

  /**
   * Ticks under a time axis from {@code left} to {@code right}: round days (hours on a horizon
   * under two days); the last one right-aligned, so that it is not clipped.
   */
  static void timeTicks(StringBuilder b, double xMax, int bottom, int left, int right) {
    double unitSeconds = xMax >= 2 * 86400 ? 86400 : 3600;
    String unitName = unitSeconds == 86400 ? "day" : "hour";
    double span = xMax / unitSeconds;
    double raw = span / 6;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
    for (double t = 0; t <= span + 1e-9; t += step) {
      double px = left + (right - left) * (t / span);
      String anchor = px > right - 30 ? "end" : "middle";
      b.append(
          text(anchor.equals("end") ? right : px, bottom + 16, unitName + " " + plain(t), anchor));
    }
  }

  /**
   * Ticks under a window's time axis at round hours (1, 2, 3, 6 or 12 apart, four to eight of
   * them), each the time of day, the day added where it changes: {@code day 10 02:00}, {@code
   * 04:00}.
   */
  static void windowTicks(StringBuilder b, double from, double to, int bottom) {
    double hours = (to - from) / 3600;
    int step = 1;
    for (int s : new int[] {1, 2, 3, 6, 12, 24}) {
      step = s;
      if (hours / s <= 8) {
        break;
      }
    }
    long first = (long) Math.ceil(from / (step * 3600.0));
    long lastDay = -1;
    for (long k = first; k * step * 3600.0 <= to + 1e-6; k++) {
      double t = k * step * 3600.0;
      double px = LEFT + (RIGHT - LEFT) * (t - from) / (to - from);
      long day = (long) (t / 86400);
      String label = when(t);
      if (day == lastDay) {
        label = label.substring(label.indexOf(' ', 4) + 1);
      }
      lastDay = day;
      String anchor = px > RIGHT - 40 ? "end" : px < LEFT + 40 ? "start" : "middle";
      b.append(text(px, bottom + 16, label, anchor).replace("<text ", "<text class=\"tick\" "));
    }
  }

  /** A simulated time as a reader says it: {@code day 3 14:20}. */
  static String when(double seconds) {
    long s = Math.round(seconds);
    return String.format(
        Locale.ROOT, "day %d %02d:%02d", s / 86400, (s % 86400) / 3600, (s % 3600) / 60);
  }

  private static String plain(double v) {
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3f", v))
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * The labels of an axis' ticks: each as {@link #tickLabel}, unless two would read the same (ticks
   * $1 190, $1 195, $1 200 all read $1.2k); then all in full with the fewest decimals (up to 3)
   * that tell them apart.
   */
  static List<String> tickLabels(List<Double> ticks, String unit) {
    List<String> short_ = ticks.stream().map(t -> tickLabel(t, unit)).toList();
    if (new java.util.HashSet<>(short_).size() == short_.size()) {
      return short_;
    }
    List<String> full = short_;
    for (int decimals = 0; decimals <= 3; decimals++) {
      String f = "%,." + decimals + "f";
      full =
          ticks.stream()
              .map(t -> (unit.equals("$") ? "$" : "") + String.format(Locale.ROOT, f, t))
              .toList();
      double scale = Math.pow(10, decimals);
      boolean exact =
          ticks.stream().allMatch(t -> Math.abs(Math.rint(t * scale) - t * scale) < 1e-6);
      if (exact && new java.util.HashSet<>(full).size() == full.size()) {
        break;
      }
    }
    return full;
  }

  /** A tick's label: a round value reads 1, 2, 5 (not 1.00); large ones 1.2k. */
  static String tickLabel(double t, String unit) {
    String v =
        t == Math.rint(t) && Math.abs(t) < 1000
            ? String.format(Locale.ROOT, "%.0f", t)
            : Svg.tick(t);
    return unit.equals("$") ? "$" + v : v;
  }

  // ------------------------------------------------------------------ scatter

  /**
   * A scatter plot: each point a dot with its label and its 95 % confidence whiskers; both axes
   * logarithmic when their values span two decades or more (then a value at or below the axis'
   * minimum sits on the axis). With {@code connect}, a line joins the points in the given order (a
   * Pareto front). Each dot is a {@code <circle class="point" data-x data-y>}.
   */
  public static String scatter(
      String id, String title, List<Point> points, Axis x, Axis y, boolean connect) {
    int top = 34;
    int plotHeight = 300;
    int bottom = top + plotHeight;
    int left = LEFT + 10;
    int right = RIGHT - 90;
    double[] xs = new double[points.size() * 2];
    double[] ys = new double[points.size() * 2];
    double[] xLows = new double[points.size()];
    double[] yLows = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      xs[2 * i] = p.x();
      xs[2 * i + 1] = p.x() + p.xCi();
      ys[2 * i] = p.y();
      ys[2 * i + 1] = p.y() + p.yCi();
      xLows[i] = p.x() - p.xCi();
      yLows[i] = p.y() - p.yCi();
    }
    Svg.Scale sx = scatterScale(xs, xLows);
    Svg.Scale sy = scatterScale(ys, yLows);
    int height = bottom + 48;
    StringBuilder b = Svg.open(id, title, height);
    frame(b, sx, sy, new int[] {left, right, top, bottom}, true, x, y);
    double[][] at = new double[points.size()][];
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      at[i] =
          new double[] {
            left + (right - left) * sx.at(p.x()), bottom - plotHeight * sy.at(p.y()),
          };
    }
    if (connect && points.size() > 1) {
      StringBuilder pts = new StringBuilder();
      for (double[] a : at) {
        pts.append(num(a[0])).append(',').append(num(a[1])).append(' ');
      }
      b.append(
              "<polyline class=\"front\" fill=\"none\" stroke=\"#999\" stroke-width=\"1.5\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
    }
    List<double[]> placed = new ArrayList<>();
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      double px = at[i][0];
      double py = at[i][1];
      String colour = Svg.PALETTE[i % Svg.PALETTE.length];
      StringBuilder whiskers = new StringBuilder();
      if (p.xCi() > 0) {
        double lo = left + (right - left) * sx.at(p.x() - p.xCi());
        double hi = left + (right - left) * sx.at(p.x() + p.xCi());
        whiskers.append(String.format(Locale.ROOT, "M%s,%s H%s ", num(lo), num(py), num(hi)));
      }
      if (p.yCi() > 0) {
        double lo = bottom - plotHeight * sy.at(p.y() - p.yCi());
        double hi = bottom - plotHeight * sy.at(p.y() + p.yCi());
        whiskers.append(String.format(Locale.ROOT, "M%s,%s V%s", num(px), num(lo), num(hi)));
      }
      if (!whiskers.isEmpty()) {
        b.append(
            String.format(
                "<path class=\"ci\" d=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>",
                whiskers.toString().trim(), colour));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"point\" cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\" data-x=\"%s\""
                  + " data-y=\"%s\" data-label=\"%s\"><title>%s: %s %s, %s %s (± 95 %% CI)</title>"
                  + "</circle>",
              num(px),
              num(py),
              colour,
              String.format(Locale.ROOT, "%.6g", p.x()),
              String.format(Locale.ROOT, "%.6g", p.y()),
              escape(p.label()),
              escape(p.label()),
              escape(x.title()),
              Svg.meanAndCi(p.x(), p.xCi(), x.unit()),
              escape(y.title()),
              Svg.meanAndCi(p.y(), p.yCi(), y.unit())));
      double[] box = labelPlace(p.label(), i, placed, at, left, right + 90, top, bottom);
      placed.add(box);
      if (box[4] > 0) {
        // moved away from its dot: a leader line from the dot's edge to the label's nearest point
        double nx = Math.max(box[0], Math.min(px, box[2]));
        double ny = Math.max(box[1], Math.min(py, box[3]));
        double d = Math.hypot(nx - px, ny - py);
        labels.append(
            String.format(
                Locale.ROOT,
                "<line class=\"leader\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\""
                    + " stroke-width=\"1\"/>",
                num(px + 6 * (nx - px) / d),
                num(py + 6 * (ny - py) / d),
                num(nx),
                num(ny),
                colour));
      }
      labels.append(
          String.format(
              Locale.ROOT,
              "<text class=\"point-label\" x=\"%s\" y=\"%s\" font-size=\"12\" font-family=\"sans-serif\""
                  + " text-anchor=\"start\" data-label=\"%s\" data-box=\"%s %s %s %s\">%s</text>",
              num(box[0]),
              num(box[3] - 3),
              escape(p.label()),
              num(box[0]),
              num(box[1]),
              num(box[2]),
              num(box[3]),
              escape(p.label())));
    }
    // the labels over every dot, whisker and line
    b.append(labels);
    return b.append("</svg>").toString();
  }

  /** Radius of a scatter dot, and the clearance a label keeps from any dot. */
  static final double DOT = 5;

  static final double CLEARANCE = 3;

  /**
   * Where the label of dot {@code own} goes: the nearest slot around its dot (at {@code
   * dots[own]}), trying right, left, above and below it, then the diagonals, then the same
   * directions further away, whose box stays in the image, overlaps no label placed before and no
   * dot (with a clearance), and is nearer its own dot than any other dot, so that it cannot be read
   * as another's. When no slot is free, the one overlapping least. Returns the label's box x0, y0,
   * x1, y1 and how far it was moved out (0: next to its dot; more: draw a leader line).
   */
  static double[] labelPlace(
      String label,
      int own,
      List<double[]> placed,
      double[][] dots,
      double minX,
      double maxX,
      double minY,
      double maxY) {
    double w = Diagram.textWidth(label, 12);
    double h = 14;
    double px = dots[own][0];
    double py = dots[own][1];
    double[] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int ring = 0; ring <= 10; ring++) {
      double g = DOT + CLEARANCE + 1 + 12 * ring;
      // x0, y0 of the box: right, left, above, below, then the four diagonals
      double[][] candidates = {
        {px + g, py - h / 2},
        {px - g - w, py - h / 2},
        {px - w / 2, py - g - h},
        {px - w / 2, py + g},
        {px + g * 0.7, py - g * 0.7 - h},
        {px + g * 0.7, py + g * 0.7},
        {px - g * 0.7 - w, py - g * 0.7 - h},
        {px - g * 0.7 - w, py + g * 0.7},
      };
      for (double[] c : candidates) {
        double[] box = {c[0], c[1], c[0] + w, c[1] + h, ring};
        double cost = 0;
        for (double[] o : placed) {
          cost += overlap(box, o);
        }
        double ownDistance = distance(box, px, py);
        for (int k = 0; k < dots.length; k++) {
          if (k == own) {
            continue;
          }
          double[] d = dots[k];
          double r = DOT + CLEARANCE;
          cost += overlap(box, new double[] {d[0] - r, d[1] - r, d[0] + r, d[1] + r});
          // a clear margin: what is measured in the browser differs from the estimate a little;
          // a point at the same place as this one (two stages with the same figures) cannot be
          // told apart by any slot
          boolean samePlace = Math.abs(d[0] - px) < 1 && Math.abs(d[1] - py) < 1;
          if (!samePlace && distance(box, d[0], d[1]) <= ownDistance + 6) {
            cost += 1; // nearer another dot: it would read as that one's label
          }
        }
        // leaving the image is worse than touching another label
        cost +=
            Math.max(0, minX - box[0]) * h * 10
                + Math.max(0, box[2] - maxX) * h * 10
                + Math.max(0, minY - box[1]) * w * 10
                + Math.max(0, box[3] - maxY) * w * 10;
        if (cost == 0) {
          return box;
        }
        if (cost < bestCost) {
          best = box;
          bestCost = cost;
        }
      }
    }
    return best;
  }

  /** How far the point (x, y) is from the box x0, y0, x1, y1 (0 inside it). */
  static double distance(double[] box, double x, double y) {
    double dx = Math.max(0, Math.max(box[0] - x, x - box[2]));
    double dy = Math.max(0, Math.max(box[1] - y, y - box[3]));
    return Math.hypot(dx, dy);
  }

  /** The area two boxes (x0, y0, x1, y1) share. */
  static double overlap(double[] a, double[] b) {
    double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    return w > 0 && h > 0 ? w * h : 0;
  }

  private static double openEnd(double from) {
    return from > 0 ? from * 1.5 : 1;
  }

  /**
   * The frame of a scatter plot or histogram: tick labels under the x axis (with grid lines when
   * {@code xGrid}), grid lines and labels along the y axis, both axis lines and their titles.
   *
   * @param box left, right, top and bottom of the plot area
   */
  private static void frame(
      StringBuilder b, Svg.Scale sx, Svg.Scale sy, int[] box, boolean xGrid, Axis x, Axis y) {
    int left = box[0];
    int right = box[1];
    int top = box[2];
    int bottom = box[3];
    List<String> xLabels = tickLabels(sx.ticks(), x.unit());
    List<String> yLabels = tickLabels(sy.ticks(), y.unit());
    int xi = 0;
    int yi = 0;
    for (double t : sx.ticks()) {
      double px = left + (right - left) * sx.at(t);
      if (xGrid) {
        b.append(
            String.format(
                Locale.ROOT,
                "<line class=\"grid\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#e3e3e3\"/>",
                num(px),
                top,
                num(px),
                bottom));
      }
      b.append(text(px, bottom + 16, xLabels.get(xi++), "middle"));
    }
    for (double t : sy.ticks()) {
      double py = bottom - (bottom - top) * sy.at(t);
      b.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#e3e3e3\"/>",
              left,
              num(py),
              right,
              num(py)));
      b.append(text(left - 6, py + 4, yLabels.get(yi++), "end"));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<path class=\"axis\" d=\"M%d,%d V%d H%d\" stroke=\"#999\" fill=\"none\"/>",
            left,
            top,
            bottom,
            right));
    b.append(text((left + right) / 2.0, bottom + 34, axisTitle(x, sx), "middle"));
    double mid = (top + bottom) / 2.0;
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%s\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %s)\">%s</text>",
            num(mid),
            num(mid),
            escape(axisTitle(y, sy))));
  }

  /** A logarithmic scale over whole decades around the positive values. */
  static Svg.Scale logScale(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double v : values) {
      if (v > 0 && Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (max <= 0) {
      return new Svg.Scale(false, 0, 1);
    }
    double lo = Math.pow(10, Math.floor(Math.log10(min)));
    double hi = Math.pow(10, Math.ceil(Math.log10(max)));
    return new Svg.Scale(true, lo, hi > lo ? hi : lo * 10);
  }

  /**
   * A log scale keeps its decades; a linear one gets 10 % headroom, so dots are not on the edge.
   */
  /**
   * A scatter plot's linear axis: from zero when zero is near the data, else around the data (round
   * ticks a little beyond the lowest whisker and the highest), so that designs costing $330 to $340
   * a month are not squashed into the top thirtieth of an axis from $0. Log axes as {@link
   * Svg.Scale#of}.
   */
  static Svg.Scale scatterScale(double[] values, double[] lows) {
    Svg.Scale s = Svg.Scale.of(values);
    if (s.log()) {
      return s;
    }
    double lo = Double.POSITIVE_INFINITY;
    for (double v : lows) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
      }
    }
    double hi = s.max();
    if (!(lo > 0) || lo < hi / 2) {
      return padded(s); // zero is near enough: the data fill more than half the axis from zero
    }
    double span = Math.max(hi - lo, hi * 1e-3);
    double step = niceTicks(span * 1.2)[1];
    double min = Math.max(0, Math.floor((lo - span * 0.1) / step) * step);
    double max = Math.ceil((hi + span * 0.1) / step) * step;
    return new Svg.Scale(false, min, max);
  }

  private static Svg.Scale padded(Svg.Scale s) {
    if (s.log()) {
      return s;
    }
    double[] t = niceTicks(s.max() * 1.1);
    return new Svg.Scale(false, 0, t[t.length - 1]);
  }

  private static String axisTitle(Axis a, Svg.Scale s) {
    String unit = a.unit().equals("$") ? "US$" : a.unit();
    return a.title() + (unit.isEmpty() ? "" : ", " + unit) + (s.log() ? " (log scale)" : "");
  }

  // ------------------------------------------------------------------ histogram

  /**
   * A histogram: each bin a bar from its lower to its upper bound, as tall as its count; the x axis
   * logarithmic when the bounds span two decades or more (latency buckets are log-spaced, so the
   * bars then have equal widths). Markers are drawn as labelled vertical lines. Each bar is a
   * {@code <rect class="bin" data-from data-to data-count>}.
   */
  public static String histogram(
      String id,
      String title,
      List<Bin> bins,
      Axis x,
      boolean logX,
      String countUnit,
      List<Marker> markers) {
    int plotHeight = 150;
    int left = LEFT;
    int right = RIGHT;
    List<Double> bounds = new ArrayList<>();
    double maxCount = 0;
    for (Bin bin : bins) {
      bounds.add(bin.from());
      // an open last bin is drawn half again as wide as its lower bound
      bounds.add(Double.isFinite(bin.to()) ? bin.to() : openEnd(bin.from()));
      maxCount = Math.max(maxCount, bin.count());
    }
    for (Marker m : markers) {
      bounds.add(m.x());
    }
    double[] all = bounds.stream().mapToDouble(Double::doubleValue).toArray();
    Svg.Scale sx = logX ? logScale(all) : Svg.Scale.of(all);
    if (!sx.log()) {
      // a linear axis ends at a round value, so that the last bar ends under a labelled tick
      double[] xTicks = niceTicks(sx.max());
      sx = new Svg.Scale(false, 0, xTicks[xTicks.length - 1]);
    }
    double[] yTicks = niceTicks(maxCount <= 0 ? 1 : maxCount);
    Svg.Scale sy = new Svg.Scale(false, 0, yTicks[yTicks.length - 1]);
    // the markers' labels in rows above the plot, each row's labels apart (p50, p99 and p99.9 can
    // be a few pixels apart), so that no label covers another or a bar
    List<double[]> labelBoxes = new ArrayList<>();
    List<List<double[]>> rows = new ArrayList<>();
    for (Marker m : markers) {
      double px = left + (right - left) * sx.at(m.x());
      String label = m.label() + " " + Svg.withUnit(m.x(), x.unit());
      double w = Diagram.textWidth(label, 12);
      boolean flip = px + 4 + w > right + 16;
      double x0 = flip ? px - 4 - w : px + 4;
      double[] box = {x0, 0, x0 + w, 0};
      int row = 0;
      while (row < rows.size()
          && rows.get(row).stream().anyMatch(o -> box[0] < o[2] + 8 && o[0] < box[2] + 8)) {
        row++;
      }
      if (row == rows.size()) {
        rows.add(new ArrayList<>());
      }
      rows.get(row).add(box);
      box[1] = row;
      labelBoxes.add(box);
    }
    int top = 34 + 14 * rows.size();
    int bottom = top + plotHeight;
    StringBuilder b = Svg.open(id, title, bottom + 48);
    frame(b, sx, sy, new int[] {left, right, top, bottom}, false, x, new Axis(countUnit, ""));
    for (Bin bin : bins) {
      double to = Double.isFinite(bin.to()) ? bin.to() : openEnd(bin.from());
      double x0 = left + (right - left) * sx.at(bin.from());
      double x1 = left + (right - left) * sx.at(to);
      double h = plotHeight * sy.at(bin.count());
      b.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bin\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\""
                  + " data-from=\"%s\" data-to=\"%s\" data-count=\"%s\"><title>%s to %s: %s %s</title></rect>",
              num(x0),
              num(bottom - h),
              num(Math.max(1, x1 - x0)),
              num(h),
              Svg.PALETTE[0],
              String.format(Locale.ROOT, "%.6g", bin.from()),
              String.format(Locale.ROOT, "%.6g", bin.to()),
              String.format(Locale.ROOT, "%.6g", bin.count()),
              Svg.withUnit(bin.from(), x.unit()),
              Double.isFinite(bin.to()) ? Svg.withUnit(bin.to(), x.unit()) : "more",
              Svg.human(bin.count()),
              escape(countUnit)));
    }
    for (int k = 0; k < markers.size(); k++) {
      Marker m = markers.get(k);
      double[] box = labelBoxes.get(k);
      double px = left + (right - left) * sx.at(m.x());
      double labelY = 30 + 14 * box[1];
      b.append(
          String.format(
              Locale.ROOT,
              "<g class=\"marker\" data-x=\"%s\"><line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%d\""
                  + " stroke=\"#b3261e\" stroke-dasharray=\"3,2\"/>",
              String.format(Locale.ROOT, "%.6g", m.x()),
              num(px),
              num(labelY - 10),
              num(px),
              bottom));
      String label = m.label() + " " + Svg.withUnit(m.x(), x.unit());
      boolean flip = box[0] < px;
      b.append(
              text(flip ? px - 4 : px + 4, labelY, label, flip ? "end" : "start")
                  .replace("<text ", "<text class=\"marker-label\" "))
          .append("</g>");
    }
    return b.append("</svg>").toString();
  }
}
