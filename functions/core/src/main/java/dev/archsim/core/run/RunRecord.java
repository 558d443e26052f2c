package dev.archsim.core.run;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.core.scenario.ScenarioParseResult;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A run as stored: who owns it, its scenario, progress, the aggregation claim and the result.
 *
 * @param scenarioJson the scenario document as the user wrote it (as JSON); runs stored before the
 *     overrides were kept beside it hold it with the overrides written in
 * @param claimToken who holds the aggregation claim (null when unclaimed)
 * @param claimExpiresAt when that claim's lease runs out
 * @param expiresAt when the store may delete the run (DynamoDB TTL)
 * @param deadShards the shards that went to the dead-letter queue: a run FAILED by them still takes
 *     shards, and completes when they are redriven after a fix
 * @param requestHash the fingerprint of the request that created the run under its idempotency key
 *     ({@code sha256:} and hex; null without a key, and for runs stored before it was kept): a
 *     retry with the same key must carry the same request
 * @param overrides what the caller changed in the document's scenario ({@code --trials}, {@code
 *     --stage}, the API's {@code trials} and {@code seed}), applied to the model by every process
 *     that parses the document ({@link #scenario}); {@link ScenarioOverrides#NONE} when none, and
 *     for runs stored before they were kept
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
    String idempotencyKey,
    SortedSet<Integer> deadShards,
    String requestHash,
    ScenarioOverrides overrides) {

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(status, "status");
    deadShards =
        deadShards == null || deadShards.isEmpty()
            ? Collections.emptySortedSet()
            : Collections.unmodifiableSortedSet(new TreeSet<>(deadShards));
    overrides = overrides == null ? ScenarioOverrides.NONE : overrides;
  }

  /**
   * The scenario the run simulates: its stored document parsed as accepted ({@link
   * ScenarioCodec#parseAccepted(String, ScenarioOverrides)}) with its overrides applied, each stage
   * keeping its place in the file, so every process that parses it draws the same trials.
   */
  public ScenarioParseResult scenario(ScenarioCodec codec) {
    return codec.parseAccepted(scenarioJson, overrides);
  }

  /** FAILED only because shards were dead-lettered: redriving them completes the run. */
  public boolean redrivable() {
    return status == RunStatus.FAILED && !deadShards.isEmpty();
  }

  /**
   * Whether a worker still has something to do with the run's shards: record them (QUEUED, RUNNING,
   * redrivable: {@link RunTransition#RECORD_SHARD}) or, for a redelivery, take its aggregation over
   * (AGGREGATING).
   */
  public boolean takesShards() {
    return RunTransition.RECORD_SHARD.allows(this)
        || RunTransition.TAKE_OVER_AGGREGATION.from().contains(status);
  }

  /** Whether the run is QUEUED, RUNNING or AGGREGATING: the reconciler watches it. */
  public boolean open() {
    return !status.isTerminal();
  }

  /** The same run with this scenario and result (the stores keep both beside the run). */
  public RunRecord withTexts(String scenario, String result) {
    return new RunRecord(
        runId,
        owner,
        status,
        totalShards,
        completedShards,
        createdAt,
        updatedAt,
        expiresAt,
        scenario,
        result,
        failureReason,
        claimToken,
        claimExpiresAt,
        idempotencyKey,
        deadShards,
        requestHash,
        overrides);
  }

  public static RunRecord queued(
      String runId,
      String owner,
      int totalShards,
      Instant now,
      Instant expiresAt,
      String scenarioJson,
      String idempotencyKey) {
    return queued(runId, owner, totalShards, now, expiresAt, scenarioJson, idempotencyKey, null);
  }

  /** A new run created under {@code idempotencyKey} by the request {@code requestHash}. */
  public static RunRecord queued(
      String runId,
      String owner,
      int totalShards,
      Instant now,
      Instant expiresAt,
      String scenarioJson,
      String idempotencyKey,
      String requestHash) {
    return queued(
        runId,
        owner,
        totalShards,
        now,
        expiresAt,
        scenarioJson,
        idempotencyKey,
        requestHash,
        ScenarioOverrides.NONE);
  }

  /** The same, for the scenario of {@code scenarioJson} with {@code overrides} applied. */
  public static RunRecord queued(
      String runId,
      String owner,
      int totalShards,
      Instant now,
      Instant expiresAt,
      String scenarioJson,
      String idempotencyKey,
      String requestHash,
      ScenarioOverrides overrides) {
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
        idempotencyKey,
        null,
        requestHash,
        overrides);
  }
}
