package dev.archsim.core.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where runs and shard results live. Every write is conditional, so concurrent and redelivered
 * workers cannot double-count or overwrite each other; the conditions are part of the contract and
 * both adapters pass the same contract test suite.
 */
public interface RunStore {
  /** The failure reason a cancelled run carries (and its RunCancelled event). */
  String CANCELLED_REASON = "cancelled by its owner";

  /**
   * Stores a new run.
   *
   * @throws RunAlreadyExistsException when the id is taken
   * @throws ScenarioTooLargeException when the store cannot hold the run's scenario
   */
  void create(RunRecord run);

  Optional<RunRecord> find(String runId);

  /** What recording a shard did. */
  enum Recorded {
    /** Recorded now; other shards of the run are still missing. */
    RECORDED,
    /** Recorded now, and it was the last one missing: every shard of the run is recorded. */
    RECORDED_LAST,
    /** It had been recorded before (a redelivery): nothing changed. */
    DUPLICATE,
    /**
     * The run is no longer taking shards (finished, failed for another reason than dead-lettered
     * shards, expired or unknown): nothing changed.
     */
    CLOSED;

    /** Whether the run may be complete now, so the caller should try to complete it. */
    public boolean mayCompleteRun() {
      return this == RECORDED_LAST || this == DUPLICATE;
    }
  }

  /**
   * Atomically stores a shard's result and adds one to the run's completed count, only if that
   * shard has no result yet and the run takes shards ({@link RunTransition#RECORD_SHARD}): QUEUED
   * or RUNNING (a QUEUED run turns RUNNING), or FAILED by dead-lettered shards ({@link
   * RunRecord#redrivable()}), so that the shards still in flight when a shard is dead-lettered are
   * kept for its redrive. Tells the caller whether the run's last shard was just recorded, so that
   * only the last shard (or a redelivery) reads the run again to complete it.
   */
  Recorded recordShard(String runId, int shardIndex, String resultJson, Instant now);

  /** A shard's result to record. */
  record ShardResult(int shardIndex, String resultJson) {}

  /**
   * Records several shards of one run, each with the semantics of {@link #recordShard}: stored with
   * its count at most once, only while the run takes shards. An adapter may write them together
   * (DynamoDB: one transaction for the batch, so a worker's batch of messages costs one write).
   *
   * @param totalShards the run's number of shards, as read with the run: lets the store tell the
   *     run's last shard without reading the run again
   * @param shards distinct shard indexes
   * @return what recording did to each shard, by shard index; exactly one shard is {@link
   *     Recorded#RECORDED_LAST} when the batch recorded the run's last missing shard
   */
  default Map<Integer, Recorded> recordShards(
      String runId, int totalShards, List<ShardResult> shards, Instant now) {
    Map<Integer, Recorded> out = new LinkedHashMap<>();
    for (ShardResult s : shards) {
      out.put(s.shardIndex(), recordShard(runId, s.shardIndex(), s.resultJson(), now));
    }
    return out;
  }

  /** Every recorded shard result of the run, in shard index order. */
  List<String> shardResults(String runId);

  /** The indexes of the run's recorded shards (for the reconciler: which ones are missing). */
  java.util.SortedSet<Integer> recordedShards(String runId);

  /**
   * Claims the aggregation of a run whose shards are all recorded: succeeds when the run is QUEUED,
   * RUNNING, redrivable (FAILED by dead-lettered shards that have all been recorded since: the
   * failure reason is cleared), or AGGREGATING with a lease that expired before {@code now} (its
   * holder died). Claiming again with the token that holds the claim succeeds (and renews the
   * lease): a claim whose answer was lost and is retried must not read as taken by another worker,
   * or nobody would complete the run before its lease expired.
   */
  boolean tryClaimAggregation(String runId, String claimToken, Instant now, Instant leaseUntil);

  /**
   * Stores the final result (compressed) and COMPLETED, if {@code claimToken} still holds the
   * claim.
   *
   * @throws ResultTooLargeException when the store cannot hold the result even compressed: nothing
   *     is written, and trying again cannot succeed
   */
  boolean complete(String runId, String claimToken, String resultJson, Instant now);

  /**
   * Marks the run CANCELLED ({@link RunTransition#CANCEL}) with {@link #CANCELLED_REASON}: it takes
   * no shard any more, so the shards not simulated yet are skipped.
   *
   * @return true when the run was cancelled now; false when it is absent, or terminal already
   *     (CANCELLED included: the caller reads the run to tell)
   */
  boolean cancel(String runId, Instant now);

  /**
   * Whether a worker still has something to do with the run's shards ({@link
   * RunRecord#takesShards()}: QUEUED, RUNNING, AGGREGATING or FAILED by dead-lettered shards): read
   * before a shard is simulated, so a cancelled, completed or failed run's shards are skipped.
   * Cheaper than {@link #find}: the scenario is not read. False for an unknown run.
   */
  boolean takesShards(String runId);

  /**
   * The runs still QUEUED, RUNNING or AGGREGATING that were created before {@code createdBefore},
   * oldest first, at most {@code limit}, for the reconciler; their {@link RunRecord#scenarioJson()}
   * and {@link RunRecord#resultJson()} are not read (null).
   */
  List<RunRecord> openRuns(Instant createdBefore, int limit);

  /**
   * Marks a non-terminal run FAILED with a reason, for good. @return false when already terminal or
   * absent
   */
  boolean fail(String runId, String reason, Instant now);

  /**
   * Marks the run FAILED because shard {@code shardIndex} went to the dead-letter queue, and adds
   * the shard to the run's {@link RunRecord#deadShards()}: the run keeps taking shards, so that
   * redriving the shard after a fix completes it. Applies to a non-terminal or redrivable run (a
   * second dead shard adds itself and replaces the reason; the status stays FAILED).
   *
   * @return false when the run is absent, COMPLETED, or FAILED for good
   */
  boolean failShard(String runId, int shardIndex, String reason, Instant now);

  /**
   * The marks left on the run by steps that must not be repeated ({@link SubmitRun#ENQUEUED} once
   * its shards are on the queue, {@link EachTargetOnce#mark} once a terminal event reached a
   * target); empty for an unknown run.
   */
  Set<String> marks(String runId);

  /** Leaves a mark on the run (idempotent); ignored for an unknown run. */
  void mark(String runId, String mark);
}
