package dev.archsim.core.optimize;

import dev.archsim.core.result.ObjectiveText;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.LostMessages;
import dev.archsim.engine.result.StageAccumulator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * A design's figures after some trials, with 95 % confidence intervals, judged against the
 * objectives. A design <em>meets</em> the objectives only when every one holds at the confidence
 * level: the lower bound of the availability interval at or above the target, and the upper bounds
 * of the cost (budget), the p99 (latency target), the mean recovery time and data loss (RTO and
 * RPO) and the messages lost per million (lost-messages objective) within theirs. It <em>fails</em>
 * as soon as an objective is missed even at the favourable end of its interval. The trial is the
 * unit of randomness (requests within a trial are exact probability mass, not samples), so every
 * interval is over trials: normal intervals of the mean for availability and cost; for the p99, the
 * merged histogram's p99 ± the interval of the mean of the per-trial p99s; for RTO and RPO, the
 * ratio estimator's interval of the mean over recoveries (see decision 050).
 *
 * @param p99Ci95 half-width of the p99's interval (infinite with fewer than two trials with a p99;
 *     NaN when the trials carry no per-trial p99s: no latency objective was set)
 * @param rtoCi95 half-width of the mean recovery time's interval, likewise (NaN without recoveries)
 * @param rpoCi95 half-width of the mean data loss's interval, likewise
 * @param lostPerMillion messages lost per million sent to the stage's queue (NaN when none was
 *     sent; see {@link LostMessages})
 * @param lostCi95 half-width of its interval over trials, likewise (NaN without the objective)
 */
public record Judgement(
    long trials,
    double costMean,
    double costCi95,
    double availabilityMean,
    double availabilityCi95,
    double p99Ms,
    double p99Ci95,
    double rtoMeanSeconds,
    double rtoCi95,
    double rpoMeanSeconds,
    double rpoCi95,
    double lostPerMillion,
    double lostCi95) {

  /** Two-sided 95 % normal quantile, as every interval of the results uses. */
  static final double Z95 = 1.959964;

  /** Figures without lost messages (no queue). */
  public Judgement(
      long trials,
      double costMean,
      double costCi95,
      double availabilityMean,
      double availabilityCi95,
      double p99Ms,
      double p99Ci95,
      double rtoMeanSeconds,
      double rtoCi95,
      double rpoMeanSeconds,
      double rpoCi95) {
    this(
        trials,
        costMean,
        costCi95,
        availabilityMean,
        availabilityCi95,
        p99Ms,
        p99Ci95,
        rtoMeanSeconds,
        rtoCi95,
        rpoMeanSeconds,
        rpoCi95,
        Double.NaN,
        Double.NaN);
  }

  /** Figures with exact p99, RTO and RPO (no interval): constructed cases and charts. */
  public Judgement(
      long trials,
      double costMean,
      double costCi95,
      double availabilityMean,
      double availabilityCi95,
      double p99Ms,
      double rtoMeanSeconds,
      double rpoMeanSeconds) {
    this(
        trials,
        costMean,
        costCi95,
        availabilityMean,
        availabilityCi95,
        p99Ms,
        0,
        rtoMeanSeconds,
        0,
        rpoMeanSeconds,
        0);
  }

  static Judgement of(StageAccumulator acc) {
    Map<String, Long> c = acc.counters();
    double rto = acc.recovery().rtoEvents() == 0 ? Double.NaN : acc.recovery().meanRtoSeconds();
    double rpo = acc.recovery().rpoEvents() == 0 ? Double.NaN : acc.recovery().meanRpoSeconds();
    return new Judgement(
        acc.trials(),
        acc.monthlyCostMicroUsd().mean(1e6),
        ci(acc.monthlyCostMicroUsd().ci95HalfWidth(1e6), acc.trials()),
        acc.availabilityPpb().mean(1e9),
        ci(acc.availabilityPpb().ci95HalfWidth(1e9), acc.trials()),
        LatencyHistogram.percentileMs(acc.histogram(), 0.99),
        p99HalfWidth(c),
        rto,
        ratioHalfWidth(c, "rto", acc.trials(), acc.recovery().rtoEvents(), rto),
        rpo,
        ratioHalfWidth(c, "rpo", acc.trials(), acc.recovery().rpoEvents(), rpo),
        LostMessages.perMillion(c),
        LostMessages.ci95HalfWidth(c));
  }

  /**
   * Half-width of the interval of the mean of the per-trial p99s ({@link
   * StageAccumulator#P99_SUM}): the merged p99's spread over trials when the trials' latency
   * distributions differ by a shift (decision 050).
   */
  static double p99HalfWidth(Map<String, Long> c) {
    Long n = c.get(StageAccumulator.P99_TRIALS);
    if (n == null) {
      return Double.NaN;
    }
    if (n < 2) {
      return Double.POSITIVE_INFINITY;
    }
    BigInteger sum = BigInteger.valueOf(c.getOrDefault(StageAccumulator.P99_SUM, 0L));
    BigInteger squares = BigInteger.valueOf(c.getOrDefault(StageAccumulator.P99_SQUARES, 0L));
    BigInteger bn = BigInteger.valueOf(n);
    // (n Σx² − (Σx)²) / (n (n − 1)), exact, in tenths of a millisecond squared
    double variance =
        new BigDecimal(bn.multiply(squares).subtract(sum.multiply(sum)))
                .divide(
                    new BigDecimal(bn.multiply(bn.subtract(BigInteger.ONE))), MathContext.DECIMAL64)
                .doubleValue()
            / 100;
    return Z95 * Math.sqrt(Math.max(0, variance) / n);
  }

  /**
   * Half-width of the interval of a mean over recoveries, R = Σx / Σy over trials (x a trial's
   * summed recovery time, y its recoveries): the ratio estimator's variance Σ(x − R y)² / ((n − 1)
   * n ȳ²), from the per-trial sums of {@link StageAccumulator#RECOVERY_SQUARES}.
   */
  static double ratioHalfWidth(
      Map<String, Long> c, String which, long trials, long events, double mean) {
    Long xx = c.get(StageAccumulator.RECOVERY_SQUARES + which);
    if (events == 0 || xx == null) {
      return Double.NaN;
    }
    if (trials < 2) {
      return Double.POSITIVE_INFINITY;
    }
    double xy = c.getOrDefault(StageAccumulator.RECOVERY_CROSS + which, 0L);
    double yy = c.getOrDefault(StageAccumulator.RECOVERY_EVENT_SQUARES + which, 0L);
    double residual = Math.max(0, xx - 2 * mean * xy + mean * mean * yy);
    double perTrial = (double) events / trials;
    double variance = residual / ((trials - 1) * (double) trials * perTrial * perTrial);
    return Z95 * Math.sqrt(variance);
  }

  /** With one trial there is no interval: treat it as unbounded so nothing is decided on it. */
  private static double ci(double halfWidth, long trials) {
    return trials < 2 || Double.isNaN(halfWidth) ? Double.POSITIVE_INFINITY : halfWidth;
  }

  public double availabilityLow() {
    return Math.max(0, availabilityMean - availabilityCi95);
  }

  public double availabilityHigh() {
    return Math.min(1, availabilityMean + availabilityCi95);
  }

  public double costLow() {
    return Math.max(0, costMean - costCi95);
  }

  public double costHigh() {
    return costMean + costCi95;
  }

  /** The p99's bounds: the merged p99 ± its half-width (the point when there is none). */
  public double p99Low() {
    return low(p99Ms, p99Ci95);
  }

  public double p99High() {
    return high(p99Ms, p99Ci95);
  }

  public double rtoLow() {
    return low(rtoMeanSeconds, rtoCi95);
  }

  public double rtoHigh() {
    return high(rtoMeanSeconds, rtoCi95);
  }

  public double rpoLow() {
    return low(rpoMeanSeconds, rpoCi95);
  }

  public double rpoHigh() {
    return high(rpoMeanSeconds, rpoCi95);
  }

  public double lostLow() {
    return low(lostPerMillion, lostCi95);
  }

  public double lostHigh() {
    return high(lostPerMillion, lostCi95);
  }

  /** A figure's lower bound, never below zero: the point less its half-width, if it has one. */
  private static double low(double point, double halfWidth) {
    return Math.max(0, point - width(halfWidth));
  }

  /** A figure's upper bound: the point plus its half-width, if it has one. */
  private static double high(double point, double halfWidth) {
    return point + width(halfWidth);
  }

  /**
   * An objective that less of is better, judged on a mean and its interval: the RTO, the RPO and
   * the lost messages, each missed at an end of the interval in the same words.
   *
   * @param what the figure ("mean recovery")
   * @param objective what its target is called ("RTO")
   * @param unit the figure with its unit
   */
  private record Limit(
      String what,
      double mean,
      double low,
      double high,
      String objective,
      Double target,
      DoubleFunction<String> unit) {

    /** Why the figure misses its target at the favourable (low) or unfavourable (high) end. */
    Optional<String> missedAt(boolean favourable) {
      double bound = favourable ? low : high;
      if (target == null || !(bound > target)) {
        return Optional.empty();
      }
      return Optional.of(
          String.format(
              Locale.ROOT,
              "%s %s (%s bound %s) over the %s %s by %s",
              what,
              unit.apply(mean),
              favourable ? "lower" : "upper",
              unit.apply(bound),
              objective,
              unit.apply(target),
              unit.apply(bound - target)));
    }
  }

  /** The RTO, RPO and lost-messages objectives of {@code o} on these figures. */
  private List<Limit> limits(Objectives o) {
    DoubleFunction<String> seconds = v -> String.format(Locale.ROOT, "%.0f s", v);
    return List.of(
        new Limit(
            "mean recovery", rtoMeanSeconds, rtoLow(), rtoHigh(), "RTO", o.rtoSeconds(), seconds),
        new Limit(
            "mean data loss", rpoMeanSeconds, rpoLow(), rpoHigh(), "RPO", o.rpoSeconds(), seconds),
        new Limit(
            "lost messages",
            lostPerMillion,
            lostLow(),
            lostHigh(),
            "target",
            o.lostMessagesPerMillion(),
            v -> ObjectiveText.perMillion(v) + " per million"));
  }

  /** The first of the limits missed at that end of its interval. */
  private Optional<String> limitMissed(Objectives o, boolean favourable) {
    for (Limit l : limits(o)) {
      Optional<String> missed = l.missedAt(favourable);
      if (missed.isPresent()) {
        return missed;
      }
    }
    return Optional.empty();
  }

  /** No per-trial figures (NaN): the point value stands for the bound. */
  private static double width(double halfWidth) {
    return Double.isNaN(halfWidth) ? 0 : halfWidth;
  }

  /** Why the design misses an objective even at the favourable end of its interval, if it does. */
  public Optional<String> surelyFails(Objectives o) {
    if (o.availability() != null && availabilityHigh() < o.availability()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "availability %s (upper bound %s) below the target %s by %.3f pp",
              pct(availabilityMean),
              pct(availabilityHigh()),
              pct(o.availability()),
              (o.availability() - availabilityHigh()) * 100));
    }
    if (o.latencyP99Ms() != null && (Double.isNaN(p99Ms) || p99Low() > o.latencyP99Ms())) {
      return Optional.of(
          Double.isNaN(p99Ms)
              ? "p99: no request was served"
              : String.format(
                  Locale.ROOT,
                  "p99 %.0f ms (lower bound %.0f ms) above the target %.0f ms by %.0f ms",
                  p99Ms,
                  p99Low(),
                  o.latencyP99Ms(),
                  p99Low() - o.latencyP99Ms()));
    }
    if (o.monthlyBudgetUsd() != null && costLow() > o.monthlyBudgetUsd()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "cost $%.2f (lower bound $%.2f) over the budget $%.2f by $%.2f",
              costMean,
              costLow(),
              o.monthlyBudgetUsd(),
              costLow() - o.monthlyBudgetUsd()));
    }
    return limitMissed(o, true);
  }

  /** Why the objectives are not shown to hold at the confidence level, if they are not. */
  public Optional<String> notShown(Objectives o) {
    Optional<String> fails = surelyFails(o);
    if (fails.isPresent()) {
      return fails;
    }
    if (o.availability() != null && availabilityLow() < o.availability()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "availability lower bound %s below the target %s by %.3f pp (mean %s)",
              pct(availabilityLow()),
              pct(o.availability()),
              (o.availability() - availabilityLow()) * 100,
              pct(availabilityMean)));
    }
    if (o.latencyP99Ms() != null && p99High() > o.latencyP99Ms()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "p99 upper bound %.0f ms above the target %.0f ms by %.0f ms (p99 %.0f ms)",
              p99High(),
              o.latencyP99Ms(),
              p99High() - o.latencyP99Ms(),
              p99Ms));
    }
    if (o.monthlyBudgetUsd() != null && costHigh() > o.monthlyBudgetUsd()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "cost upper bound $%.2f over the budget $%.2f by $%.2f",
              costHigh(),
              o.monthlyBudgetUsd(),
              costHigh() - o.monthlyBudgetUsd()));
    }
    return limitMissed(o, false);
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.3f %%", fraction * 100);
  }
}
