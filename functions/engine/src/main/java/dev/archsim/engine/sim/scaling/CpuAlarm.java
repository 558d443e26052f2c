package dev.archsim.engine.sim.scaling;

/**
 * The CloudWatch alarm of a simple or step scaling policy on average CPU: a minute without data
 * leaves it as it was and fires nothing; a datapoint past the threshold in the policy's direction
 * (above, or below) is a breach and any other ends the run of breaches; it fires once {@code
 * evaluationPeriods} breaches in a row have been seen, and its policy resets it when it acts.
 */
final class CpuAlarm {
  private final boolean above;
  private final double thresholdPercent;
  private final int evaluationPeriods;
  private int breaches;

  CpuAlarm(boolean above, double thresholdPercent, int evaluationPeriods) {
    this.above = above;
    this.thresholdPercent = thresholdPercent;
    this.evaluationPeriods = evaluationPeriods;
  }

  /**
   * Reads minute {@code m}'s datapoint; true when the alarm is in breach for enough periods in a
   * row to act (false for a minute without data).
   */
  boolean breached(MetricPeriod m) {
    if (!m.hasData()) {
      return false;
    }
    double avg = m.cpuPercent();
    boolean breach = above ? avg > thresholdPercent : avg < thresholdPercent;
    breaches = breach ? breaches + 1 : 0;
    return breaches >= evaluationPeriods;
  }

  /** The policy acted: the next action needs {@code evaluationPeriods} new breaches. */
  void reset() {
    breaches = 0;
  }
}
