package dev.archsim.core.result;

import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.SimulationListener;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * B − A of one figure over paired trials, with a 95 % confidence interval from the spread of the
 * per-trial differences (Student's t). Trial t of A and trial t of B draw from the same random
 * stream (same seed, stage index and trial index): common random numbers, so what the two
 * architectures share cancels in the difference and the interval is narrower than comparing two
 * independent means.
 */
public record PairedDifference(
    int n,
    double a,
    double b,
    double mean,
    double halfWidth,
    double largest,
    double resolution,
    Presence presence) {
  /**
   * Which side has the figure in some trial: a stage without a queue has no lost messages, one that
   * served no request no p99.
   */
  public enum Presence {
    BOTH,
    ONLY_A,
    ONLY_B,
    NEITHER
  }

  /** The figures compare reads of each trial. */
  public enum Figure {
    AVAILABILITY("availability", "pp", 1e-6),
    FAILED("failed req./trial", "", 1),
    P99("p99 ms (trial mean)", "ms", 0.1),
    COST("$/month", "$", 0.01),
    /**
     * Messages the stage's queue lost (deleted at the end of retention) per million it took, the
     * lost-messages objective's figure in each trial; NaN in a trial that sent none.
     */
    LOST_MESSAGES("lost msgs/million", "", 0.001);

    public final String label;
    public final String unit;

    /**
     * The smallest difference compare shows (0.0001 pp of availability, a request, 0.1 ms, a cent,
     * 0.001 lost messages per million), in the figure's own terms.
     */
    public final double resolution;

    Figure(String label, String unit, double resolution) {
      this.label = label;
      this.unit = unit;
      this.resolution = resolution;
    }

    /** The figure's name in JSON (compare's {@code bMinusA}). */
    public String key() {
      return switch (this) {
        case AVAILABILITY -> "availability";
        case FAILED -> "failedRequestsPerTrial";
        case P99 -> "latencyP99MsTrialMean";
        case COST -> "monthlyCostUsd";
        case LOST_MESSAGES -> "lostMessagesPerMillion";
      };
    }

    public double of(TrialOutcome t) {
      return switch (this) {
        case AVAILABILITY -> t.availabilityPpb() / 1e9;
        case FAILED -> t.failed();
        case P99 -> LatencyHistogram.percentileMs(t.histogram(), 0.99);
        case COST ->
            t.monthlyCostMicroUsd().values().stream().mapToLong(Long::longValue).sum() / 1e6;
        case LOST_MESSAGES -> dev.archsim.engine.result.LostMessages.perMillion(t.counters());
      };
    }

    /**
     * Whether compare shows the figure (as a row, in JSON as a key): not where neither side has it
     * in any trial, such as lost messages where neither stage has a queue.
     */
    public boolean shown(PairedDifference d) {
      return d.presence() != Presence.NEITHER;
    }
  }

  public static PairedDifference of(double[] a, double[] b) {
    return of(a, b, 0);
  }

  /**
   * B − A of paired trials; a difference below half of {@code resolution} (the smallest one shown)
   * in every trial is said to be so, not called noise: a p99 moved by a nanosecond prints as +0.0 ±
   * 0.0.
   */
  public static PairedDifference of(double[] a, double[] b, double resolution) {
    int n = Math.min(a.length, b.length);
    double sa = 0;
    double sb = 0;
    double sd = 0;
    double largest = 0;
    int used = 0;
    boolean inA = false;
    boolean inB = false;
    for (int i = 0; i < n; i++) {
      inA |= !Double.isNaN(a[i]);
      inB |= !Double.isNaN(b[i]);
      if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
        continue; // e.g. no request served in a trial: no p99
      }
      sa += a[i];
      sb += b[i];
      sd += b[i] - a[i];
      largest = Math.max(largest, Math.abs(b[i] - a[i]));
      used++;
    }
    Presence presence =
        inA && inB
            ? Presence.BOTH
            : inA ? Presence.ONLY_A : inB ? Presence.ONLY_B : Presence.NEITHER;
    if (used == 0) {
      return new PairedDifference(
          0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, resolution, presence);
    }
    double mean = sd / used;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        double d = b[i] - a[i] - mean;
        ss += d * d;
      }
    }
    double half = used < 2 ? Double.NaN : studentT975(used - 1) * Math.sqrt(ss / (used - 1) / used);
    return new PairedDifference(
        used, sa / used, sb / used, mean, half, largest, resolution, presence);
  }

  public double low() {
    return mean - halfWidth;
  }

  public double high() {
    return mean + halfWidth;
  }

  /**
   * Whether the interval excludes zero: B differs from A beyond trial-to-trial noise. Identical
   * trials (no spread, no difference) are not distinguishable; with fewer than two trials nothing
   * can be said.
   */
  public boolean distinguishable() {
    if (Double.isNaN(halfWidth)) {
      return false;
    }
    return low() > 0 || high() < 0;
  }

  /** What the interval says. */
  public enum Verdict {
    NEITHER_HAS_IT("neither has this figure"),
    ONLY_A_HAS_IT("only A has this figure"),
    ONLY_B_HAS_IT("only B has this figure"),
    TOO_FEW_TRIALS("too few trials to tell"),
    IDENTICAL("identical in every trial"),
    BELOW_PRECISION("the same to the precision shown in every trial"),
    NOISE("not distinguishable from noise"),
    DIFFERS("differs");

    public final String text;

    Verdict(String text) {
      this.text = text;
    }
  }

  public Verdict verdict() {
    switch (presence) {
      case NEITHER -> {
        return Verdict.NEITHER_HAS_IT;
      }
      case ONLY_A -> {
        return Verdict.ONLY_A_HAS_IT;
      }
      case ONLY_B -> {
        return Verdict.ONLY_B_HAS_IT;
      }
      case BOTH -> {}
    }
    if (n > 0 && mean == 0 && halfWidth == 0) {
      return Verdict.IDENTICAL;
    }
    if (Double.isNaN(halfWidth)) {
      return Verdict.TOO_FEW_TRIALS;
    }
    if (largest < resolution / 2) {
      return Verdict.BELOW_PRECISION;
    }
    return distinguishable() ? Verdict.DIFFERS : Verdict.NOISE;
  }

  /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom. */
  public static double studentT975(int df) {
    double[] table = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010,
      2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
      2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423
    };
    if (df <= table.length) {
      return table[df - 1];
    }
    // Cornish–Fisher expansion around the normal quantile: within 1e-4 of the exact value from 30
    // on
    double z = 1.959964;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    return z
        + (z3 + z) / (4.0 * df)
        + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
  }

  /** Records every finished trial's figures, by stage and trial index. */
  public static final class Recorder implements SimulationListener {
    final Map<Integer, SortedMap<Long, double[]>> byStage = new ConcurrentHashMap<>();

    @Override
    public void trialFinished(int stage, TrialOutcome outcome) {
      double[] f = new double[Figure.values().length];
      for (Figure x : Figure.values()) {
        f[x.ordinal()] = x.of(outcome);
      }
      byStage.computeIfAbsent(stage, s -> new ConcurrentSkipListMap<>()).put(outcome.trial(), f);
    }

    /** The figure of the trials both recorders saw for the stages, in trial order. */
    public static double[][] paired(Recorder a, int stageA, Recorder b, int stageB, Figure figure) {
      SortedMap<Long, double[]> x = a.byStage.getOrDefault(stageA, new ConcurrentSkipListMap<>());
      SortedMap<Long, double[]> y = b.byStage.getOrDefault(stageB, new ConcurrentSkipListMap<>());
      double[] ra =
          x.keySet().stream()
              .filter(y::containsKey)
              .mapToDouble(t -> x.get(t)[figure.ordinal()])
              .toArray();
      double[] rb =
          x.keySet().stream()
              .filter(y::containsKey)
              .mapToDouble(t -> y.get(t)[figure.ordinal()])
              .toArray();
      return new double[][] {ra, rb};
    }
  }
}
