package dev.archsim.core.report;

import dev.archsim.engine.sim.SimulationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the traffic samples of chosen trials, averaged into at most {@code points} equal time
 * buckets so a month of one-minute steps becomes a chart, not a data dump.
 */
public final class TimelineRecorder implements SimulationListener {
  private final Map<String, String> wanted = new HashMap<>();
  private final Map<String, double[][]> buckets = new HashMap<>();
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
  public synchronized void sample(
      int stage,
      long trial,
      double from,
      double to,
      int inService,
      double offeredPerSecond,
      double failedPerSecond) {
    double[][] b = buckets.computeIfAbsent(stage + "/" + trial, k -> new double[4][points]);
    double width = horizon / points;
    double a = from;
    while (a < to) {
      int i = Math.min(points - 1, (int) (a / width));
      double end = Math.min(to, (i + 1) * width);
      double dt = end - a;
      if (dt <= 0) {
        break;
      }
      b[0][i] += dt;
      b[1][i] += inService * dt;
      b[2][i] += offeredPerSecond * dt;
      b[3][i] += failedPerSecond * dt;
      a = end;
    }
  }

  /** The recorded timeline of a trial (time-weighted averages per bucket). */
  public Timeline timeline(int stage, long trial) {
    String key = stage + "/" + trial;
    double[][] b = buckets.getOrDefault(key, new double[4][points]);
    List<double[]> rows = new ArrayList<>();
    double width = horizon / points;
    double[] t = new double[points];
    double[] n = new double[points];
    double[] o = new double[points];
    double[] f = new double[points];
    for (int i = 0; i < points; i++) {
      double w = b[0][i] > 0 ? b[0][i] : 1;
      t[i] = i * width;
      n[i] = b[1][i] / w;
      o[i] = b[2][i] / w;
      f[i] = b[3][i] / w;
    }
    rows.add(t);
    return new Timeline(stage, trial, wanted.getOrDefault(key, "trial " + trial), t, n, o, f);
  }
}
