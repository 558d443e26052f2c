package dev.archsim.engine.sim;

/** Time-weighted in-service instance counts of a trial. */
final class CountStats {
  double weightedSum;
  double seconds;
  int min = Integer.MAX_VALUE;
  int max;
  int last;

  void observe(int inService, double dt) {
    last = inService;
    weightedSum += inService * dt;
    seconds += dt;
    min = Math.min(min, inService);
    max = Math.max(max, inService);
  }

  /**
   * A fractional count (a Lambda consumer's concurrent batches over a step): its exact
   * time-weighted share of the mean; the fewest counted whole below it and the most whole above it
   * (to within 1e-9 of rounding noise), so fewest ≤ mean ≤ most.
   */
  void observe(double units, double dt) {
    int below = (int) Math.floor(units + 1e-9);
    last = below;
    weightedSum += units * dt;
    seconds += dt;
    min = Math.min(min, below);
    max = Math.max(max, (int) Math.ceil(units - 1e-9));
  }

  double mean() {
    return seconds > 0 ? weightedSum / seconds : 0;
  }
}
