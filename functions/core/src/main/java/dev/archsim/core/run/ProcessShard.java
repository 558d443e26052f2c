package dev.archsim.core.run;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Simulator;
import java.time.Clock;
import java.util.Optional;

/**
 * Process one shard: simulate its trials, record the result once (a redelivered message changes
 * nothing), then try to complete the run in case this was the last shard.
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
    boolean recorded =
        store.recordShard(
            task.runId(), task.shardIndex(), ResultCodec.writeAccumulator(result), clock.instant());
    completeRun.tryComplete(task.runId());
    return recorded ? Outcome.RECORDED : Outcome.DUPLICATE;
  }
}
