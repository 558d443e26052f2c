package dev.archsim.core.optimize;

import dev.archsim.core.run.RunStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * An optimisation as stored: who owns it, what it searches (its request: the scenario with its
 * design space and the search's settings), how far it got and its answer.
 *
 * @param status QUEUED until its first evaluations are asked for, RUNNING, then COMPLETED, FAILED
 *     or CANCELLED (never AGGREGATING)
 * @param requestJson {@link OptimizationPlan#toJson}: the scenario and the settings
 * @param trialsDone trials of the search recorded so far (its progress against {@code
 *     budgetTrials})
 * @param resultJson the answer, once COMPLETED ({@link OptimizationViews#result})
 * @param requestHash the fingerprint of the HTTP request that created it under an {@code
 *     Idempotency-Key}; null without a key
 * @param waitingJson the evaluations its last step waits for ({@link Waiting#toJson}); null before
 *     its first step
 */
public record OptimizationRecord(
    String id,
    String owner,
    RunStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    String requestJson,
    long trialsDone,
    long budgetTrials,
    String resultJson,
    String failureReason,
    String requestHash,
    String waitingJson) {

  public OptimizationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(status, "status");
    if (status == RunStatus.AGGREGATING) {
      throw new IllegalArgumentException("an optimisation is never AGGREGATING");
    }
  }

  public static OptimizationRecord queued(
      String id, String owner, Instant now, Instant expiresAt, String requestJson, long budget) {
    return queued(id, owner, now, expiresAt, requestJson, budget, null);
  }

  /** A new optimisation created under an idempotency key, with its request's fingerprint. */
  public static OptimizationRecord queued(
      String id,
      String owner,
      Instant now,
      Instant expiresAt,
      String requestJson,
      long budget,
      String requestHash) {
    return new OptimizationRecord(
        id,
        owner,
        RunStatus.QUEUED,
        now,
        now,
        expiresAt,
        requestJson,
        0,
        budget,
        null,
        null,
        requestHash,
        null);
  }

  /** Whether it is QUEUED or RUNNING: steps still move it, and the reconciler watches it. */
  public boolean open() {
    return !status.isTerminal();
  }
}
