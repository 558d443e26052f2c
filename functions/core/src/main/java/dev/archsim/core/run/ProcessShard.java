package dev.archsim.core.run;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Simulator;
import java.time.Clock;
import java.util.Optional;

/**
 * Process one shard: simulate its trials, record the result once (a redelivered message changes
 * nothing), then, when this was the last shard or a redelivery, try to complete the run.
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

  public Outcome process(ShardTask task) {
    Optional<RunRecord> found = store.find(task.runId());
    if (found.isEmpty() || found.get().status().isTerminal()) {
      return Outcome.SKIPPED; // expired, deleted or already finished: nothing left to do
    }
    RunRecord run = found.get();
    StageAccumulator result = simulator.simulate(completeRun.scenarios().of(run), task.shard());
    RunStore.Recorded recorded =
        store.recordShard(
            task.runId(), task.shardIndex(), ResultCodec.writeAccumulator(result), clock.instant());
    if (recorded.mayCompleteRun()) {
      // the last shard, or a redelivery whose first worker may have died before completing
      completeRun.tryComplete(task.runId());
    }
    return recorded == RunStore.Recorded.DUPLICATE ? Outcome.DUPLICATE : Outcome.RECORDED;
  }
}
