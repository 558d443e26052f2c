package dev.archsim.engine.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's counters (summed: {@code cache.hits}, {@code queue.sent}) and peaks (the largest value
 * seen: {@code queue.maxBacklog}), by name, as the result reports them (rounded to whole numbers).
 * Each value is held in place (no boxed value per update): components count and peak at every step.
 */
final class TrialMetrics {
  private final Map<String, double[]> counters = new HashMap<>();
  private final Map<String, double[]> peaks = new HashMap<>();

  /** Adds {@code v} to the counter {@code key} when positive. */
  void count(String key, double v) {
    if (v > 0) {
      double[] sum = counters.get(key);
      if (sum == null) {
        counters.put(key, new double[] {v});
      } else {
        sum[0] += v;
      }
    }
  }

  /** Raises the peak {@code key} to {@code v}. */
  void peak(String key, double v) {
    double[] max = peaks.get(key);
    if (max == null) {
      peaks.put(key, new double[] {v});
    } else {
      max[0] = Math.max(max[0], v);
    }
  }

  /** The counter {@code key} so far, unrounded (0 when nothing was counted). */
  double counter(String key) {
    double[] sum = counters.get(key);
    return sum == null ? 0.0 : sum[0];
  }

  TreeMap<String, Long> counters() {
    return rounded(counters);
  }

  TreeMap<String, Long> peaks() {
    return rounded(peaks);
  }

  private static TreeMap<String, Long> rounded(Map<String, double[]> values) {
    TreeMap<String, Long> m = new TreeMap<>();
    values.forEach((k, v) -> m.put(k, Math.round(v[0])));
    return m;
  }
}
