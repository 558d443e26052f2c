package dev.archsim.core.run;

import dev.archsim.engine.sim.ShardRun;

/**
 * A shard stopped itself at its deadline before its last trial: nothing of it is recorded, and its
 * message fails with this reason (after its retries, the run fails with it).
 */
public final class ShardDeadlineException extends RuntimeException {
  private final ShardRun run;

  public ShardDeadlineException(ShardRun run) {
    super(
        "shard "
            + run.shard().index()
            + " stopped at its deadline after "
            + run.trialsDone()
            + " of "
            + run.shard().trials()
            + " trials: the worker's time ran out; fewer trials per shard, or a scenario with"
            + " less work, fits");
    this.run = run;
  }

  public ShardRun run() {
    return run;
  }
}
