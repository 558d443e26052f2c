package dev.archsim.core.run;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Simulator;
import java.time.Clock;
import java.util.Optional;

/**
 * Process one shard: simulate its trials, record the result once (a redelivered message changes
 * nothing), then, when this was the last shard or a redelivery, try to complete the run. A run
 * FAILED by dead-lettered shards still takes shards, so redriving them after a fix completes it.
 */
public final class ProcessShard {
  /** What happened to the message. */
  public enum Outcome {
    RECORDED,
    DUPLICATE,
    SKIPPED
  }

  private final RunStore store;
  private final Simulator simulator;
  private final CompleteRun completeRun;
  private final Clock clock;

  public ProcessShard(RunStore store, Simulator simulator, CompleteRun completeRun, Clock clock) {
    this.store = store;
    this.simulator = simulator;
    this.completeRun = completeRun;
    this.clock = clock;
  }

  /**
   * A worker that has the run's scenario cached does not read the run first: the shard's write is
   * conditioned on the run still taking shards, so a finished or failed run costs at most one
   * wasted simulation per worker, and an open run one write per shard.
   */
  public Outcome process(ShardTask task) {
    Scenario scenario = completeRun.scenarios().cached(task.runId());
    if (scenario == null) {
      Optional<RunRecord> found = store.find(task.runId());
      if (found.isEmpty() || !found.get().takesShards()) {
        return Outcome.SKIPPED; // expired, deleted, finished or failed for good: nothing to do
      }
      scenario = completeRun.scenarios().of(found.get());
    }
    StageAccumulator result = simulator.simulate(scenario, task.shard());
    RunStore.Recorded recorded =
        store.recordShard(
            task.runId(), task.shardIndex(), ResultCodec.writeAccumulator(result), clock.instant());
    if (recorded.mayCompleteRun()) {
      // the last shard, or a redelivery whose first worker may have died before completing
      completeRun.tryComplete(task.runId());
    }
    return switch (recorded) {
      case RECORDED, RECORDED_LAST -> Outcome.RECORDED;
      case DUPLICATE -> Outcome.DUPLICATE;
      case CLOSED -> Outcome.SKIPPED;
    };
  }
}
