package dev.archsim.core.run;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The run state machine as one table: each change a store makes to a run, the statuses it applies
 * from and the status it leads to. {@code InMemoryRunStore} tests a run against it; {@code
 * DynamoDbRunStore} turns the same rows into its condition expressions, so both stores move runs
 * alike (the run-store contract checks it).
 *
 * <pre>
 * change             from                                   to
 * RECORD_SHARD       QUEUED, RUNNING | FAILED by dead shards RUNNING | (stays FAILED)
 * CLAIM_AGGREGATION  QUEUED, RUNNING | FAILED by dead shards AGGREGATING
 * TAKE_OVER_AGGREGATION AGGREGATING (lease expired, or the holder's retry) AGGREGATING
 * COMPLETE           AGGREGATING (the claim's holder)        COMPLETED
 * FAIL               QUEUED, RUNNING, AGGREGATING            FAILED
 * FAIL_SHARD         QUEUED, RUNNING, AGGREGATING | FAILED by dead shards   FAILED (+ the dead shard)
 * CANCEL             QUEUED, RUNNING, AGGREGATING | FAILED by dead shards   CANCELLED
 * </pre>
 *
 * A run FAILED by dead-lettered shards ({@link RunRecord#redrivable()}) keeps taking shards, so
 * redriving them completes it; every other terminal status is final. Claiming and completing an
 * aggregation also need every shard recorded and the claim's token or an expired lease: conditions
 * on the run's fields rather than its status, which each store states in its own terms.
 */
public enum RunTransition {
  RECORD_SHARD(
      EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING), RunStatus.RUNNING, RunStatus.FAILED),
  CLAIM_AGGREGATION(
      EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING),
      RunStatus.AGGREGATING,
      RunStatus.AGGREGATING),
  TAKE_OVER_AGGREGATION(EnumSet.of(RunStatus.AGGREGATING), RunStatus.AGGREGATING, null),
  COMPLETE(EnumSet.of(RunStatus.AGGREGATING), RunStatus.COMPLETED, null),
  FAIL(
      EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.AGGREGATING),
      RunStatus.FAILED,
      null),
  FAIL_SHARD(
      EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.AGGREGATING),
      RunStatus.FAILED,
      RunStatus.FAILED),
  CANCEL(
      EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.AGGREGATING),
      RunStatus.CANCELLED,
      RunStatus.CANCELLED);

  private final Set<RunStatus> from;
  private final RunStatus to;
  private final RunStatus redrivableTo;

  RunTransition(Set<RunStatus> from, RunStatus to, RunStatus redrivableTo) {
    this.from = Collections.unmodifiableSet(from);
    this.to = to;
    this.redrivableTo = redrivableTo;
  }

  /**
   * The statuses this change applies from (besides a redrivable FAILED run, see {@link
   * #fromRedrivable}).
   */
  public Set<RunStatus> from() {
    return from;
  }

  /** The status a run in {@link #from} takes. */
  public RunStatus to() {
    return to;
  }

  /** Whether this change applies to a run FAILED by dead-lettered shards. */
  public boolean fromRedrivable() {
    return redrivableTo != null;
  }

  /** Whether the change applies to {@code run}. */
  public boolean allows(RunRecord run) {
    return from.contains(run.status()) || (fromRedrivable() && run.redrivable());
  }

  /** The status {@code run} has after the change (which must be {@link #allows allowed}). */
  public RunStatus next(RunRecord run) {
    if (from.contains(run.status())) {
      return to;
    }
    if (fromRedrivable() && run.redrivable()) {
      return redrivableTo;
    }
    throw new IllegalStateException(this + " does not apply to a " + run.status() + " run");
  }
}
