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
  /**
   * Each line's running sum, held in place: a step adds to a dozen lines, and a boxed sum per
   * addition (a map merge) was a sixth of a trial's samples in a profile of the DR scenarios.
   */
  private final Map<String, double[]> usd = new HashMap<>();

  /**
   * Adds {@code dollars} to the line {@code component} (a zero charge opens no line). A negative or
   * undefined charge is a defect of the mechanics that made it, not a rounding to hide: it stops
   * the trial, so the invariant "no cost component is negative" can fail where it starts.
   */
  void add(String component, double dollars) {
    if (!(dollars >= 0) || Double.isInfinite(dollars)) {
      throw new IllegalStateException(
          "a charge of " + dollars + " US$ to '" + component + "': charges are finite and >= 0");
    }
    if (dollars > 0) {
      double[] sum = usd.get(component);
      if (sum == null) {
        usd.put(component, new double[] {dollars});
      } else {
        sum[0] += dollars;
      }
    }
  }

  /** Every line scaled by {@code monthScale} (horizon to a 730-hour month), in micro-dollars. */
  TreeMap<String, Long> monthlyMicroUsd(double monthScale) {
    TreeMap<String, Long> out = new TreeMap<>();
    usd.forEach((k, v) -> out.put(k, Math.round(v[0] * monthScale * 1e6)));
    return out;
  }
}
