package dev.archsim.engine.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's bill: dollars by line (component), the one ledger every part of the engine adds to
 * (instances and load balancer in {@link Billing}, the tiers around compute, functions, the
 * components' stages). Each line sums in the order the trial adds to it.
 */
final class CostLedger {
  private final Map<String, Double> usd = new HashMap<>();

  /** Adds {@code dollars} to the line {@code component} when positive. */
  void add(String component, double dollars) {
    if (dollars > 0) {
      usd.merge(component, dollars, Double::sum);
    }
  }

  /** Every line scaled by {@code monthScale} (horizon to a 730-hour month), in micro-dollars. */
  TreeMap<String, Long> monthlyMicroUsd(double monthScale) {
    TreeMap<String, Long> out = new TreeMap<>();
    usd.forEach((k, v) -> out.put(k, Math.round(v * monthScale * 1e6)));
    return out;
  }
}
