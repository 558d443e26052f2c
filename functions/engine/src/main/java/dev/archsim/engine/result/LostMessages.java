package dev.archsim.engine.result;

import dev.archsim.engine.component.QueueComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Map;
import java.util.SortedMap;

/**
 * The messages a stage's queue lost, for the {@code lostMessagesPerMillion} objective: those
 * deleted at the end of the retention period without being processed ({@code queue.expired}, the
 * retried ones of a queue without a dead-letter queue among them), per million sent ({@code
 * queue.sent}). Dead-lettered messages are not lost: they wait in the dead-letter queue to be
 * looked at and redriven, and are counted apart ({@code queue.deadLettered}).
 *
 * <p>The figure is the ratio of the totals over every trial, Σ lost / Σ sent × 10⁶, from the
 * queue's own counters (exact integer sums, so any sharding gives it). Its 95 % interval is over
 * trials, the unit of randomness (decision 050): each trial, when the objective is set, also
 * records its own loss in parts per billion, r = lost / sent × 10⁹, and the sums the interval needs
 * (the trials with messages, Σr and Σr², the last split in two counters so that 10⁵ trials of a
 * total loss stay within a long). The ratio estimator's variance Σ(x − R·y)² / ((n − 1) n ȳ²), x a
 * trial's lost and y its sent, becomes Σ(r − R)² / ((n − 1) n) when the trials send about as many
 * messages as each other (the same workload; only an outage of the producers changes it), which is
 * what is computed: 1.96 times its square root (see docs/decisions/058).
 */
public final class LostMessages {
  private LostMessages() {}

  /** Trials that sent messages (1 per trial, summed like every counter). */
  public static final String TRIALS = "objective:lost-trials";

  /** Σ of the trials' losses in parts per billion. */
  public static final String SUM = "objective:lost-sum-ppb";

  /** Σ of their squares, the bits above {@link #SPLIT_BITS}. */
  public static final String SQUARES_HIGH = "objective:lost-squares-ppb-high";

  /** Σ of their squares, the low {@link #SPLIT_BITS} bits. */
  public static final String SQUARES_LOW = "objective:lost-squares-ppb-low";

  /** Trials that met the objective (1 per trial; a trial that sent nothing lost nothing). */
  public static final String MET = "objective:lost-met";

  /**
   * A square of at most 10¹⁸ (ppb²) is split at 2³⁰: the high part is at most 9.4 × 10⁸, the low
   * part under 1.1 × 10⁹, so 10⁵ trials of either stay far within a long.
   */
  static final int SPLIT_BITS = 30;

  private static final double Z95 = 1.959964;

  /** A trial's loss in parts per billion (0 to 10⁹). */
  static long ppb(long lost, long sent) {
    if (sent <= 0 || lost <= 0) {
      return 0;
    }
    return Math.min(
        1_000_000_000L,
        new BigDecimal(lost)
            .multiply(BigDecimal.valueOf(1_000_000_000L))
            .divide(new BigDecimal(sent), 0, java.math.RoundingMode.HALF_EVEN)
            .longValueExact());
  }

  /**
   * Adds a trial's objective counters to its {@code counters} (which hold its queue's figures):
   * whether it met {@code perMillion} and, when it sent messages, its loss and its square.
   */
  static void recordTrial(SortedMap<String, Long> counters, double perMillion) {
    long sent = counters.getOrDefault(QueueComponent.QUEUE_SENT.name(), 0L);
    long lost = counters.getOrDefault(QueueComponent.QUEUE_EXPIRED.name(), 0L);
    if (sent <= 0) {
      counters.put(MET, 1L);
      return;
    }
    long r = ppb(lost, sent);
    counters.put(MET, r <= Math.round(perMillion * 1000) ? 1L : 0L);
    counters.put(TRIALS, 1L);
    counters.put(SUM, r);
    long square = r * r;
    counters.put(SQUARES_HIGH, square >>> SPLIT_BITS);
    counters.put(SQUARES_LOW, square & ((1L << SPLIT_BITS) - 1));
  }

  /** Σ lost / Σ sent × 10⁶ over the trials of {@code counters}; NaN when nothing was sent. */
  public static double perMillion(Map<String, Long> counters) {
    long sent = counters.getOrDefault(QueueComponent.QUEUE_SENT.name(), 0L);
    if (sent <= 0) {
      return Double.NaN;
    }
    long lost = counters.getOrDefault(QueueComponent.QUEUE_EXPIRED.name(), 0L);
    return new BigDecimal(lost)
        .multiply(BigDecimal.valueOf(1_000_000L))
        .divide(new BigDecimal(sent), MathContext.DECIMAL64)
        .doubleValue();
  }

  /** Messages sent a trial, on average. */
  public static double sentPerTrial(Map<String, Long> counters, long trials) {
    return trials == 0
        ? Double.NaN
        : counters.getOrDefault(QueueComponent.QUEUE_SENT.name(), 0L) / (double) trials;
  }

  /**
   * Half-width of the 95 % interval of {@link #perMillion}, per million: NaN when the trials carry
   * no per-trial losses (the objective was not set, or nothing was sent), infinite with fewer than
   * two trials that sent messages (nothing is decided on one).
   */
  public static double ci95HalfWidth(Map<String, Long> counters) {
    Long n = counters.get(TRIALS);
    double mean = perMillion(counters);
    if (n == null || n == 0 || Double.isNaN(mean)) {
      return Double.NaN;
    }
    if (n < 2) {
      return Double.POSITIVE_INFINITY;
    }
    BigDecimal squares =
        new BigDecimal(
            BigInteger.valueOf(counters.getOrDefault(SQUARES_HIGH, 0L))
                .shiftLeft(SPLIT_BITS)
                .add(BigInteger.valueOf(counters.getOrDefault(SQUARES_LOW, 0L))));
    BigDecimal sum = BigDecimal.valueOf(counters.getOrDefault(SUM, 0L));
    BigDecimal r = new BigDecimal(mean * 1000); // the ratio of the totals, in ppb
    BigDecimal bn = BigDecimal.valueOf(n);
    // Σ(r − R)² = Σr² − 2 R Σr + n R²
    double residual =
        squares
            .subtract(r.multiply(sum).multiply(BigDecimal.valueOf(2)))
            .add(bn.multiply(r).multiply(r))
            .doubleValue();
    double variance = Math.max(0, residual) / ((n - 1) * (double) n);
    return Z95 * Math.sqrt(variance) / 1000;
  }
}
