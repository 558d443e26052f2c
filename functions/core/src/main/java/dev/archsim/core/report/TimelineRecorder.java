package dev.archsim.core.report;

import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.SimulationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the traffic samples, gauges and infrastructure events of chosen trials, the samples
 * averaged into at most {@code points} equal time buckets so a month of one-minute steps becomes a
 * chart, not a data dump.
 */
public final class TimelineRecorder implements SimulationListener {
  /** Markers kept per trial: a chart stays readable, and memory bounded, with frequent failures. */
  static final int MAX_EVENTS = 200;

  private static final int IN_SERVICE = 1;
  private static final int OFFERED = 2;
  private static final int FAILED = 3;
  private static final int THROTTLED = 4;
  private static final int SECONDARY = 5;
  private static final int BACKLOG = 6;
  private static final int CONCURRENCY = 7;
  private static final int WORKERS = 8;
  private static final int CONSUMER = 9;
  private static final int OLDEST = 10;
  private static final int ROWS = 11;

  private final Map<String, String> wanted = new HashMap<>();
  private final Map<String, double[][]> buckets = new HashMap<>();
  private final Map<String, double[][]> fine = new HashMap<>();
  private final Map<String, List<Charts.Marker>> events = new HashMap<>();
  private final Map<String, List<Charts.Span>> outages = new HashMap<>();
  private final Map<String, Double> outageSince = new HashMap<>();
  private final Map<String, Integer> lastInService = new HashMap<>();

  /** Per trial, the AZs down and since when; then the AZ outages over, from outage to return. */
  private final Map<String, Map<String, Double>> azDownSince = new HashMap<>();

  private final Map<String, List<Charts.Span>> azOutages = new HashMap<>();
  private final double horizon;
  private final int points;

  /**
   * Buckets of the fine record a zoom is cut from: a minute each, at most {@link #MAX_FINE} (a
   * bounded 1.8 MB a trial (11 rows) whatever the horizon; 2 minutes 10 s a bucket over 30 days).
   */
  private final int finePoints;

  static final int MAX_FINE = 20_000;

  /** Time either side of the outage a zoom shows. */
  static final double ZOOM_MARGIN = 3600;

  /** Points of a zoom, at most. */
  static final int ZOOM_POINTS = 120;

  public TimelineRecorder(double horizonSeconds, int points) {
    this.horizon = horizonSeconds;
    this.points = points;
    this.finePoints = (int) Math.max(points, Math.min(MAX_FINE, Math.ceil(horizonSeconds / 60)));
  }

  public void want(int stage, long trial, String label) {
    wanted.put(stage + "/" + trial, label);
  }

  @Override
  public boolean wantsSamples(int stage, long trial) {
    return wanted.containsKey(stage + "/" + trial);
  }

  /**
   * An event, marked by its kind: auto scaling, a change an operator made (a resize, a rolling
   * deployment's step), or an incident (a failure, an outage, a failover's moment, a zone or region
   * back).
   */
  @Override
  public synchronized void infrastructureEvent(
      int stage, long trial, double seconds, InfrastructureEvent e) {
    Charts.Kind kind =
        switch (e) {
          case InfrastructureEvent.DesiredCapacityChanged c -> Charts.Kind.SCALING;
          case InfrastructureEvent.ScheduledActionApplied a -> Charts.Kind.SCALING;
          case InfrastructureEvent.ResizeStarted r -> Charts.Kind.CHANGE;
          case InfrastructureEvent.WorkerResizeStarted r -> Charts.Kind.CHANGE;
          case InfrastructureEvent.Deployment d -> Charts.Kind.CHANGE;
          default -> Charts.Kind.INCIDENT;
        };
    mark(stage, trial, new Charts.Marker(seconds, e.description(), kind));
    String key = stage + "/" + trial;
    if (wanted.containsKey(key)) {
      if (e instanceof InfrastructureEvent.AzOutage o) {
        azDownSince.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(o.az(), seconds);
      } else if (e instanceof InfrastructureEvent.AzBack b) {
        Double since = azDownSince.getOrDefault(key, Map.of()).get(b.az());
        if (since != null) {
          azDownSince.get(key).remove(b.az());
          azOutages
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(azSpan(b.az(), since, seconds));
        }
      }
    }
  }

  /**
   * Keeps {@link #MAX_EVENTS} markers of each kind, so that a busy Auto Scaling group cannot crowd
   * the incidents out.
   */
  private void mark(int stage, long trial, Charts.Marker m) {
    String key = stage + "/" + trial;
    if (wanted.containsKey(key)) {
      List<Charts.Marker> list = events.computeIfAbsent(key, k -> new ArrayList<>());
      if (list.stream().filter(x -> x.kind() == m.kind()).count() < MAX_EVENTS) {
        list.add(m);
      }
    }
  }

  @Override
  public synchronized void sample(
      int stage,
      long trial,
      double from,
      double to,
      int inService,
      double offeredPerSecond,
      double failedPerSecond) {
    add(stage + "/" + trial, from, to, 0, 1);
    add(stage + "/" + trial, from, to, IN_SERVICE, inService);
    lastInService.put(stage + "/" + trial, inService);
    add(stage + "/" + trial, from, to, OFFERED, offeredPerSecond);
    add(stage + "/" + trial, from, to, FAILED, failedPerSecond);
  }

  @Override
  public synchronized void gauges(int stage, long trial, double from, double to, Gauges g) {
    String key = stage + "/" + trial;
    add(key, from, to, THROTTLED, g.throttledPerSecond());
    add(key, from, to, SECONDARY, g.secondaryInService());
    add(key, from, to, BACKLOG, g.queueBacklog());
    add(key, from, to, WORKERS, g.workersInService());
    add(key, from, to, CONSUMER, g.consumerConcurrency());
    add(key, from, to, OLDEST, g.oldestMessageAgeSeconds());
    if (!Double.isNaN(g.concurrency())) {
      add(key, from, to, CONCURRENCY, g.concurrency());
    }
    if (!g.primaryRegionUp()) {
      // the primary region's instances serve nothing while the region is down
      add(key, from, to, IN_SERVICE, -lastInService.getOrDefault(key, 0));
    }
    Double since = outageSince.get(key);
    if (!g.primaryRegionUp() && since == null) {
      outageSince.put(key, from);
    } else if (g.primaryRegionUp() && since != null) {
      outageSince.remove(key);
      outages.computeIfAbsent(key, k -> new ArrayList<>()).add(span(since, from));
    }
  }

  private static Charts.Span span(double from, double to) {
    return new Charts.Span(from, to, "primary region down");
  }

  /**
   * Adds {@code value} × the overlap of [from, to) with each bucket to row {@code row}, in the
   * chart's buckets and the fine ones.
   */
  private void add(String key, double from, double to, int row, double value) {
    add(buckets.computeIfAbsent(key, k -> new double[ROWS][points]), points, from, to, row, value);
    add(
        fine.computeIfAbsent(key, k -> new double[ROWS][finePoints]),
        finePoints,
        from,
        to,
        row,
        value);
  }

  private void add(double[][] b, int points, double from, double to, int row, double value) {
    double width = horizon / points;
    double a = from;
    while (a < to) {
      int i = Math.min(points - 1, (int) (a / width));
      double end = Math.min(to, (i + 1) * width);
      double dt = end - a;
      if (dt <= 0) {
        break;
      }
      b[row][i] += value * dt;
      a = end;
    }
  }

  /** The recorded timeline of a trial (time-weighted averages per bucket). */
  public synchronized Timeline timeline(int stage, long trial) {
    String key = stage + "/" + trial;
    double[][] b = buckets.getOrDefault(key, new double[ROWS][points]);
    double width = horizon / points;
    double[] t = new double[points];
    double[][] avg = new double[ROWS][points];
    for (int i = 0; i < points; i++) {
      double w = b[0][i] > 0 ? b[0][i] : 1;
      t[i] = i * width;
      for (int r = 1; r < ROWS; r++) {
        avg[r][i] = b[r][i] / w;
      }
    }
    List<Charts.Span> spans = new ArrayList<>(outages.getOrDefault(key, List.of()));
    if (outageSince.containsKey(key)) {
      spans.add(span(outageSince.get(key), horizon));
    }
    List<Charts.Marker> marks = events.getOrDefault(key, List.of());
    double[][] f = fine.remove(key);
    List<Timeline> zooms = new ArrayList<>();
    if (f != null) {
      String label = wanted.getOrDefault(key, "");
      List<Charts.Span> azs = new ArrayList<>(azOutages.getOrDefault(key, List.of()));
      new java.util.TreeMap<>(azDownSince.getOrDefault(key, Map.of()))
          .forEach((az, since) -> azs.add(azSpan(az, since, horizon)));
      Charts.Span region = longest(spans);
      Timeline onRegion =
          region == null
              ? null
              : zoom(
                  stage,
                  trial,
                  label + ", zoomed on its longest region outage",
                  f,
                  marks,
                  region,
                  spans);
      if (onRegion != null) {
        zooms.add(onRegion);
      }
      Charts.Span az = longest(azs);
      if (az != null
          && (onRegion == null || az.from() < onRegion.seconds()[0] || az.to() > onRegion.end())) {
        List<Charts.Span> shaded = new ArrayList<>(spans);
        shaded.add(az);
        Timeline onAz =
            zoom(
                stage,
                trial,
                label + ", zoomed on its longest AZ outage (" + az.label() + ")",
                f,
                marks,
                az,
                shaded);
        if (onAz != null) {
          zooms.add(onAz);
        }
      }
    }
    return timeline(
        stage, trial, wanted.getOrDefault(key, "trial " + trial), t, avg, marks, spans, zooms);
  }

  /** An AZ's outage from {@code from} to its return at {@code to}, as a shaded span. */
  private static Charts.Span azSpan(String az, double from, double to) {
    return new Charts.Span(from, to, "AZ " + az + " down");
  }

  /** The longest of {@code spans} (the first of equals), null when there is none. */
  private static Charts.Span longest(List<Charts.Span> spans) {
    Charts.Span best = null;
    for (Charts.Span s : spans) {
      if (best == null || s.to() - s.from() > best.to() - best.from()) {
        best = s;
      }
    }
    return best;
  }

  /**
   * The trial around {@code outage} (the primary region's longest outage, or an AZ's from its
   * outage to its return), an hour either side, from the fine buckets, with {@code shaded} shaded;
   * null when the window is a tenth of the horizon or more (readable on the whole axis).
   */
  private Timeline zoom(
      int stage,
      long trial,
      String label,
      double[][] f,
      List<Charts.Marker> marks,
      Charts.Span outage,
      List<Charts.Span> shaded) {
    double from = outage.from();
    double to = outage.to();
    double width = horizon / finePoints;
    int i0 = (int) Math.max(0, Math.floor((from - ZOOM_MARGIN) / width));
    int i1 = (int) Math.min(finePoints, Math.ceil((to + ZOOM_MARGIN) / width));
    if ((i1 - i0) * width >= horizon / 10 || i1 <= i0) {
      return null;
    }
    int per = Math.max(1, (int) Math.ceil((i1 - i0) / (double) ZOOM_POINTS));
    int n = (i1 - i0 + per - 1) / per;
    i1 = Math.min(finePoints, i0 + n * per);
    n = (i1 - i0 + per - 1) / per;
    double[] t = new double[n];
    double[][] avg = new double[ROWS][n];
    for (int p = 0; p < n; p++) {
      double[] sum = new double[ROWS];
      for (int i = i0 + p * per; i < Math.min(i1, i0 + (p + 1) * per); i++) {
        for (int r = 0; r < ROWS; r++) {
          sum[r] += f[r][i];
        }
      }
      double w = sum[0] > 0 ? sum[0] : 1;
      t[p] = (i0 + p * per) * width;
      for (int r = 1; r < ROWS; r++) {
        avg[r][p] = sum[r] / w;
      }
    }
    double start = t[0];
    double end = (i0 + n * per) * width;
    return timeline(
        stage,
        trial,
        label,
        t,
        avg,
        marks.stream().filter(m -> m.x() >= start && m.x() <= end).toList(),
        shaded.stream()
            .filter(s -> s.to() > start && s.from() < end)
            .map(s -> new Charts.Span(Math.max(start, s.from()), Math.min(end, s.to()), s.label()))
            .toList(),
        List.of());
  }

  /** A timeline of the recorder's rows averaged per point ({@code avg[row][point]}). */
  private static Timeline timeline(
      int stage,
      long trial,
      String label,
      double[] t,
      double[][] avg,
      List<Charts.Marker> marks,
      List<Charts.Span> spans,
      List<Timeline> zooms) {
    return new Timeline(
        stage,
        trial,
        label,
        t,
        avg[IN_SERVICE],
        avg[CONCURRENCY],
        avg[OFFERED],
        avg[FAILED],
        avg[THROTTLED],
        avg[SECONDARY],
        avg[BACKLOG],
        avg[WORKERS],
        avg[CONSUMER],
        avg[OLDEST],
        marks,
        spans,
        zooms);
  }
}
