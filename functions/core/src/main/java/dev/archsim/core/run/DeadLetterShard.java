package dev.archsim.core.run;

import java.time.Clock;

/**
 * A shard that kept failing reached the dead-letter queue: park it for a redrive, then mark its run
 * FAILED with the reason, keeping the run open to that shard ({@link RunStore#failShard}). Parking
 * comes first, so a handler dying in between parks the shard twice (a redriven duplicate changes
 * nothing) rather than failing a run whose shard is nowhere.
 */
public final class DeadLetterShard {
  private final RunStore store;
  private final ShardParking parking;
  private final Clock clock;
  private volatile RunFollowUp followUp = RunFollowUp.NONE;

  public DeadLetterShard(RunStore store, ShardParking parking, Clock clock) {
    this.store = store;
    this.parking = parking;
    this.clock = clock;
  }

  /**
   * @param why what happened to the shard (e.g. "failed 3 times: …")
   * @return true when the run was marked FAILED (or had this shard added to its dead shards) now
   */
  public boolean handle(ShardTask task, String why) {
    String reason =
        "shard "
            + task.shardIndex()
            + " went to the dead-letter queue ("
            + why
            + "); redriving it after a fix completes the run";
    parking.park(task, reason);
    boolean failed = store.failShard(task.runId(), task.shardIndex(), reason, clock.instant());
    if (failed) {
      store.find(task.runId()).ifPresent(followUp::ended);
    }
    return failed;
  }

  /** Who is told of each run this fails (an optimisation waiting for its evaluation). */
  public DeadLetterShard followedBy(RunFollowUp followUp) {
    this.followUp = followUp;
    return this;
  }
}
