package dev.archsim.core.run;

import java.time.Instant;

/**
 * Published when a run reaches a terminal state.
 *
 * @param type {@code RunCompleted}, {@code RunFailed} or {@code RunCancelled}
 * @param reason why it failed or was cancelled (null when completed)
 */
public record RunEvent(
    String type, String runId, String owner, RunStatus status, Instant at, String reason) {
  public static final String COMPLETED = "RunCompleted";
  public static final String FAILED = "RunFailed";

  /**
   * Published when the owner cancels a run: whoever waits for the run's end (a RunCompleted or
   * RunFailed subscriber) is told it will not come.
   */
  public static final String CANCELLED = "RunCancelled";

  public static RunEvent of(RunRecord run) {
    return new RunEvent(
        switch (run.status()) {
          case COMPLETED -> COMPLETED;
          case CANCELLED -> CANCELLED;
          default -> FAILED;
        },
        run.runId(),
        run.owner(),
        run.status(),
        run.updatedAt(),
        run.failureReason());
  }
}
