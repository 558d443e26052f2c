package dev.archsim.engine.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's counters (summed: {@code cache.hits}, {@code queue.sent}) and peaks (the largest value
 * seen: {@code queue.maxBacklog}), by name, as the result reports them (rounded to whole numbers).
 */
final class TrialMetrics {
  private final Map<String, Double> counters = new HashMap<>();
  private final Map<String, Double> peaks = new HashMap<>();

  /** Adds {@code v} to the counter {@code key} when positive. */
  void count(String key, double v) {
    if (v > 0) {
      counters.merge(key, v, Double::sum);
    }
  }

  /** Raises the peak {@code key} to {@code v}. */
  void peak(String key, double v) {
    peaks.merge(key, v, Math::max);
  }

  /** The counter {@code key} so far, unrounded (0 when nothing was counted). */
  double counter(String key) {
    return counters.getOrDefault(key, 0.0);
  }

  TreeMap<String, Long> counters() {
    TreeMap<String, Long> m = new TreeMap<>();
    counters.forEach((k, v) -> m.put(k, Math.round(v)));
    return m;
  }

  TreeMap<String, Long> peaks() {
    TreeMap<String, Long> m = new TreeMap<>();
    peaks.forEach((k, v) -> m.put(k, Math.round(v)));
    return m;
  }
}
