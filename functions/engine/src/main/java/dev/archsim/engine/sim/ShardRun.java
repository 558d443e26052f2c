package dev.archsim.engine.sim;

import dev.archsim.engine.result.StageAccumulator;

/**
 * What simulating a shard under a {@link Deadline} gave: the merged result of the trials that
 * finished and, when the deadline passed first, that it stopped there. A stopped shard's result
 * holds only its first {@code trialsDone} trials: it is not the shard's result and must not be
 * recorded as one.
 *
 * @param trialsDone trials finished, from the shard's first
 * @param stoppedAtDeadline the deadline passed before the last trial finished
 */
public record ShardRun(
    Shard shard, StageAccumulator result, int trialsDone, boolean stoppedAtDeadline) {

  /** True when every trial of the shard finished. */
  public boolean complete() {
    return !stoppedAtDeadline;
  }
}
