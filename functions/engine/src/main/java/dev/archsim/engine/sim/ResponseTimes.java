package dev.archsim.engine.sim;

import dev.archsim.engine.result.LatencyHistogram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The response times of a trial's served requests: how many were served, the sum of their latencies
 * (for the mean) and the latency histogram's mass, summed per latency mass first ({@link Pending})
 * and added to the histogram at once ({@link #flush}). Sums are doubles in a fixed order, so
 * deterministic.
 */
final class ResponseTimes {
  private static final int CACHE_LIMIT = 4096;

  private final double[] mass = new double[LatencyHistogram.SIZE];
  private double servedRequests;
  private double latencySumMs;
  private final Map<MassKey, Pending> exponentials = new HashMap<>();

  /**
   * A per-request latency mass and the requests of this trial not yet added to the histogram with
   * it: the same queue recurs at many steps (the same time of another day, the same fleet), so its
   * requests are summed first and its mass added once ({@link #flush}), which keeps a step's cost
   * independent of how wide the latency distribution is.
   */
  static final class Pending {
    final LatencyMass mass;
    double requests;
    boolean listed;

    Pending(LatencyMass mass) {
      this.mass = mass;
    }
  }

  private final List<Pending> pending = new ArrayList<>();

  /** {@code requests} more served with {@code p}'s latency mass. */
  void add(Pending p, double requests) {
    if (!p.listed) {
      p.listed = true;
      pending.add(p);
    }
    p.requests += requests;
  }

  /** Adds the requests summed per mass to the histogram; before dropping masses and at the end. */
  void flush() {
    for (Pending p : pending) {
      double[] m = p.mass.values();
      double w = p.requests;
      for (int i = p.mass.from(); i < p.mass.to(); i++) {
        mass[i] += w * m[i];
      }
      p.requests = 0;
      p.listed = false;
    }
    pending.clear();
  }

  private record MassKey(double lambda, double speed, double offsetMs) {
    @Override
    public int hashCode() {
      return SharedQueues.mix(
          SharedQueues.mix(Double.doubleToLongBits(lambda), Double.doubleToLongBits(speed)),
          Double.doubleToLongBits(offsetMs));
    }

    /** Field by field, as the generated equals compares (3 % of ten-million-users' samples). */
    @Override
    public boolean equals(Object o) {
      return o instanceof MassKey k
          && Double.doubleToLongBits(k.lambda) == Double.doubleToLongBits(lambda)
          && Double.doubleToLongBits(k.speed) == Double.doubleToLongBits(speed)
          && Double.doubleToLongBits(k.offsetMs) == Double.doubleToLongBits(offsetMs);
    }
  }

  /** {@code count} requests served in {@code offsetMs} plus an exponential time of mean meanMs. */
  void servedExponential(double count, double offsetMs, double meanMs) {
    if (count <= 0) {
      return;
    }
    servedRequests += count;
    latencySumMs += count * (offsetMs + meanMs);
    MassKey key = new MassKey(meanMs, 0, offsetMs);
    Pending perRequest = exponentials.get(key);
    if (perRequest == null) {
      if (exponentials.size() > CACHE_LIMIT) {
        flush();
        exponentials.clear();
      }
      double rate = 1000.0 / Math.max(meanMs, 1e-6);
      double[] m = new double[LatencyHistogram.SIZE];
      LatencyHistogram.addDistribution(m, 1.0, offsetMs, 1.0, t -> 1 - Math.exp(-rate * t));
      perRequest = new Pending(LatencyMass.of(m));
      exponentials.put(key, perRequest);
    }
    add(perRequest, count);
  }

  /** {@code count} more requests served. */
  void served(double count) {
    servedRequests += count;
  }

  /** Adds {@code ms}, the latencies of requests counted by {@link #served}, to the sum. */
  void latency(double ms) {
    latencySumMs += ms;
  }

  /** Requests served so far. */
  double served() {
    return servedRequests;
  }

  /** The mean latency of the requests served so far; 0 when none was. */
  double meanLatencyMs() {
    return servedRequests > 0 ? latencySumMs / servedRequests : 0.0;
  }

  /** The histogram's mass added so far (flush first). */
  double massTotal() {
    double total = 0;
    for (double m : mass) {
      total += m;
    }
    return total;
  }

  /** The histogram rounded to whole requests summing to {@code served} (flush first). */
  long[] histogram(long served) {
    return LatencyHistogram.roundTo(mass, served);
  }
}
