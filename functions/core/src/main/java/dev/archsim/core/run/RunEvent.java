package dev.archsim.core.run;

import java.time.Instant;

/**
 * Published when a run reaches a terminal state.
 *
 * @param type {@code RunCompleted} or {@code RunFailed}
 * @param reason why it failed (null when completed)
 */
public record RunEvent(
    String type, String runId, String owner, RunStatus status, Instant at, String reason) {
  public static final String COMPLETED = "RunCompleted";
  public static final String FAILED = "RunFailed";

  public static RunEvent of(RunRecord run) {
    return new RunEvent(
        run.status() == RunStatus.COMPLETED ? COMPLETED : FAILED,
        run.runId(),
        run.owner(),
        run.status(),
        run.updatedAt(),
        run.failureReason());
  }
}
