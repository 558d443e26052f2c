package dev.archsim.engine.sim;

/** A per-request histogram mass and the range of buckets that hold any. */
record LatencyMass(double[] values, int from, int to) {
  static LatencyMass of(double[] m) {
    int from = 0;
    while (from < m.length && m[from] == 0) {
      from++;
    }
    int to = m.length;
    while (to > from && m[to - 1] == 0) {
      to--;
    }
    return new LatencyMass(m, from, to);
  }
}
