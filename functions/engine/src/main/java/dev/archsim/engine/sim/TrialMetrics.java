package dev.archsim.engine.sim;

import dev.archsim.engine.result.Metric;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's counters (summed: the cache's hits, the queue's messages sent) and peaks (the largest
 * value seen: the queue's backlog), by typed {@link Metric}, as the result reports them (by {@link
 * Metric#name()}, rounded to whole numbers). Each value is held in place (no boxed value per
 * update): components count and peak at every step.
 */
final class TrialMetrics {
  private final Map<Metric, double[]> counters = new HashMap<>();
  private final Map<Metric, double[]> peaks = new HashMap<>();

  /** Adds {@code v} to the counter {@code m} when positive. */
  void count(Metric m, double v) {
    if (v > 0) {
      double[] sum = counters.get(m);
      if (sum == null) {
        counters.put(m, new double[] {v});
      } else {
        sum[0] += v;
      }
    }
  }

  /** Raises the peak {@code m} to {@code v}. */
  void peak(Metric m, double v) {
    double[] max = peaks.get(m);
    if (max == null) {
      peaks.put(m, new double[] {v});
    } else {
      max[0] = Math.max(max[0], v);
    }
  }

  /** The counter {@code m} so far, unrounded (0 when nothing was counted). */
  double counter(Metric m) {
    double[] sum = counters.get(m);
    return sum == null ? 0.0 : sum[0];
  }

  /** The counters by name, rounded. */
  TreeMap<String, Long> counters() {
    return rounded(counters);
  }

  /** The peaks by name, rounded. */
  TreeMap<String, Long> peaks() {
    return rounded(peaks);
  }

  /**
   * By name: two metrics have one name only if they are equal (a figure has no dot, so the name's
   * last dot parts the tier from the figure).
   */
  private static TreeMap<String, Long> rounded(Map<Metric, double[]> values) {
    TreeMap<String, Long> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k.name(), Math.round(v[0])));
    return m;
  }
}
