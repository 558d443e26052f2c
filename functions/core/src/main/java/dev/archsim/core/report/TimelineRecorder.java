package dev.archsim.core.report;

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
  private static final int ROWS = 8;

  private final Map<String, String> wanted = new HashMap<>();
  private final Map<String, double[][]> buckets = new HashMap<>();
  private final Map<String, List<Charts.Marker>> events = new HashMap<>();
  private final Map<String, List<Charts.Span>> outages = new HashMap<>();
  private final Map<String, Double> outageSince = new HashMap<>();
  private final Map<String, Integer> lastInService = new HashMap<>();
  private final double horizon;
  private final int points;

  public TimelineRecorder(double horizonSeconds, int points) {
    this.horizon = horizonSeconds;
    this.points = points;
  }

  public void want(int stage, long trial, String label) {
    wanted.put(stage + "/" + trial, label);
  }

  @Override
  public boolean wantsSamples(int stage, long trial) {
    return wanted.containsKey(stage + "/" + trial);
  }

  @Override
  public synchronized void infrastructureEvent(
      int stage, long trial, double seconds, String description) {
    String key = stage + "/" + trial;
    if (wanted.containsKey(key)) {
      List<Charts.Marker> list = events.computeIfAbsent(key, k -> new ArrayList<>());
      if (list.size() < MAX_EVENTS) {
        list.add(new Charts.Marker(seconds, description));
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

  /** Adds {@code value} × the overlap of [from, to) with each bucket to row {@code row}. */
  private void add(String key, double from, double to, int row, double value) {
    double[][] b = buckets.computeIfAbsent(key, k -> new double[ROWS][points]);
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
    return new Timeline(
        stage,
        trial,
        wanted.getOrDefault(key, "trial " + trial),
        t,
        avg[IN_SERVICE],
        avg[CONCURRENCY],
        avg[OFFERED],
        avg[FAILED],
        avg[THROTTLED],
        avg[SECONDARY],
        avg[BACKLOG],
        events.getOrDefault(key, List.of()),
        spans);
  }
}
