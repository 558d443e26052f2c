package dev.archsim.core.run;

import java.time.Instant;
import java.util.Objects;

/**
 * A run as stored: who owns it, its scenario, progress, the aggregation claim and the result.
 *
 * @param claimToken who holds the aggregation claim (null when unclaimed)
 * @param claimExpiresAt when that claim's lease runs out
 * @param expiresAt when the store may delete the run (DynamoDB TTL)
 */
public record RunRecord(
    String runId,
    String owner,
    RunStatus status,
    int totalShards,
    int completedShards,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    String scenarioJson,
    String resultJson,
    String failureReason,
    String claimToken,
    Instant claimExpiresAt,
    String idempotencyKey) {

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(status, "status");
  }

  public static RunRecord queued(
      String runId,
      String owner,
      int totalShards,
      Instant now,
      Instant expiresAt,
      String scenarioJson,
      String idempotencyKey) {
    return new RunRecord(
        runId,
        owner,
        RunStatus.QUEUED,
        totalShards,
        0,
        now,
        now,
        expiresAt,
        scenarioJson,
        null,
        null,
        null,
        null,
        idempotencyKey);
  }
}
