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

  double mean() {
    return seconds > 0 ? weightedSum / seconds : 0;
  }
}
