package dev.archsim.core.run;

import dev.archsim.engine.sim.Shard;

/** One shard of a run, as a queue message. */
public record ShardTask(String runId, int shardIndex, int stage, int fromTrial, int toTrial) {
  public Shard shard() {
    return new Shard(shardIndex, stage, fromTrial, toTrial);
  }

  public static ShardTask of(String runId, Shard s) {
    return new ShardTask(runId, s.index(), s.stage(), s.fromTrial(), s.toTrial());
  }
}
