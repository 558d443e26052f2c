package dev.archsim.engine.findings;

import java.util.Map;

/**
 * A stage's simulated bill as its findings read it: the mean cost a month (730 hours) of each line
 * and of the whole stage, over the run's trials.
 *
 * @param monthlyUsdByLine each line of the bill (e.g. {@code cloudwatch (log ingestion)}), in USD a
 *     month
 * @param monthlyUsd the whole stage, in USD a month
 */
public record Bill(Map<String, Double> monthlyUsdByLine, double monthlyUsd) {
  /**
   * The share of a stage's bill at which one of its costs dominates it: a third, half as much as
   * everything else together (the logs, the data sent to the internet).
   */
  public static final double DOMINANT_SHARE = 1 / 3.0;

  public Bill {
    monthlyUsdByLine = Map.copyOf(monthlyUsdByLine);
  }

  /** A line of the bill, 0 when the stage has none. */
  public double line(String name) {
    return monthlyUsdByLine.getOrDefault(name, 0.0);
  }

  /** The share of the whole bill {@code usd} makes up (0 for a stage that costs nothing). */
  public double share(double usd) {
    return monthlyUsd > 0 ? usd / monthlyUsd : 0;
  }

  /** True when {@code usd} makes up {@link #DOMINANT_SHARE} of the bill or more. */
  public boolean dominatedBy(double usd) {
    return usd > 0 && share(usd) >= DOMINANT_SHARE;
  }
}
