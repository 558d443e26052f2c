package dev.archsim.core.optimize;

import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.StageAccumulator;
import java.util.Locale;
import java.util.Optional;

/**
 * A design's figures after some trials, with 95 % confidence intervals, judged against the
 * objectives. A design <em>meets</em> the objectives only when they hold at the confidence level:
 * the lower bound of the availability interval at or above the target, the upper bound of the cost
 * interval within the budget, the p99 of the merged latency histogram within its target and the
 * mean recovery time and data loss within RTO and RPO. It <em>fails</em> as soon as an objective is
 * missed even at the favourable end of its interval.
 */
public record Judgement(
    long trials,
    double costMean,
    double costCi95,
    double availabilityMean,
    double availabilityCi95,
    double p99Ms,
    double rtoMeanSeconds,
    double rpoMeanSeconds) {

  static Judgement of(StageAccumulator acc) {
    return new Judgement(
        acc.trials(),
        acc.monthlyCostMicroUsd().mean(1e6),
        ci(acc.monthlyCostMicroUsd().ci95HalfWidth(1e6), acc.trials()),
        acc.availabilityPpb().mean(1e9),
        ci(acc.availabilityPpb().ci95HalfWidth(1e9), acc.trials()),
        LatencyHistogram.percentileMs(acc.histogram(), 0.99),
        acc.recovery().rtoEvents() == 0 ? Double.NaN : acc.recovery().meanRtoSeconds(),
        acc.recovery().rpoEvents() == 0 ? Double.NaN : acc.recovery().meanRpoSeconds());
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
    if (o.latencyP99Ms() != null && !(p99Ms <= o.latencyP99Ms())) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "p99 %.0f ms above the target %.0f ms by %.0f ms",
              p99Ms,
              o.latencyP99Ms(),
              p99Ms - o.latencyP99Ms()));
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
    return Optional.empty();
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
    if (o.monthlyBudgetUsd() != null && costHigh() > o.monthlyBudgetUsd()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "cost upper bound $%.2f over the budget $%.2f by $%.2f",
              costHigh(),
              o.monthlyBudgetUsd(),
              costHigh() - o.monthlyBudgetUsd()));
    }
    if (o.rtoSeconds() != null && rtoMeanSeconds > o.rtoSeconds()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "mean recovery %.0f s over the RTO %.0f s by %.0f s",
              rtoMeanSeconds,
              o.rtoSeconds(),
              rtoMeanSeconds - o.rtoSeconds()));
    }
    if (o.rpoSeconds() != null && rpoMeanSeconds > o.rpoSeconds()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "mean data loss %.0f s over the RPO %.0f s by %.0f s",
              rpoMeanSeconds,
              o.rpoSeconds(),
              rpoMeanSeconds - o.rpoSeconds()));
    }
    return Optional.empty();
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.3f %%", fraction * 100);
  }
}
