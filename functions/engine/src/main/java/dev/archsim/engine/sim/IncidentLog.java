package dev.archsim.engine.sim;

import dev.archsim.engine.result.RecoveryTally;

/**
 * A trial's incidents and how long they took: each incident as it opens ({@link #incident}), the
 * time from a failure to its detection ({@link #detected}) and to its recovery ({@link
 * #recovered}), as the result reports them. A failure of unknown time (NaN: an instance already
 * down at a steady start) counts neither.
 */
final class IncidentLog {
  private long incidents;
  private long detections;
  private double detectionSecondsSum;
  private long recoveries;
  private double recoverySecondsSum;
  private double maxRecoverySeconds;
  private RecoveryTally tally = RecoveryTally.EMPTY;

  /** An incident opens: something the users may notice failed. */
  void incident() {
    incidents++;
  }

  /** What failed at {@code failedAt} was detected at {@code at}. */
  void detected(double failedAt, double at) {
    if (!Double.isNaN(failedAt)) {
      detections++;
      detectionSecondsSum += at - failedAt;
    }
  }

  /** What failed at {@code failedAt} was back at {@code at}. */
  void recovered(double failedAt, double at) {
    if (!Double.isNaN(failedAt)) {
      recoveries++;
      double d = at - failedAt;
      recoverySecondsSum += d;
      maxRecoverySeconds = Math.max(maxRecoverySeconds, d);
    }
  }

  /**
   * The service was restored after {@code seconds} (the recovery time) losing the writes of the
   * last {@code rpoSeconds} (NaN: no writes at risk).
   */
  void tally(double seconds, double rpoSeconds) {
    tally = tally.plus(seconds, rpoSeconds);
  }

  /** The service's recoveries tallied so far. */
  RecoveryTally tally() {
    return tally;
  }

  long incidents() {
    return incidents;
  }

  long detections() {
    return detections;
  }

  double detectionSecondsSum() {
    return detectionSecondsSum;
  }

  long recoveries() {
    return recoveries;
  }

  double recoverySecondsSum() {
    return recoverySecondsSum;
  }

  double maxRecoverySeconds() {
    return maxRecoverySeconds;
  }
}
