package dev.archsim.engine.sim;

import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.TrialOutcome;

/**
 * Runs shards of a scenario. {@code simulate(scenario, shard)} is a pure function of its inputs:
 * the same shard always gives the same accumulator.
 */
public final class Simulator {
  private final SimulationListener listener;

  public Simulator(SimulationListener listener) {
    this.listener = listener;
  }

  public Simulator() {
    this(SimulationListener.NONE);
  }

  public StageAccumulator simulate(Scenario scenario, Shard shard) {
    return simulate(scenario, shard, Deadline.NONE).result();
  }

  /**
   * Simulates the shard's trials in order until they are done or the deadline passes, whichever
   * comes first: between trials and inside a trial the clock is read, and a trial the deadline
   * interrupts is dropped. The trials that finished are exactly those of a run without a deadline.
   */
  public ShardRun simulate(Scenario scenario, Shard shard, Deadline deadline) {
    StageAccumulator acc = StageAccumulator.empty(shard.stage());
    int done = 0;
    for (int trial = shard.fromTrial(); trial < shard.toTrial(); trial++) {
      if (deadline.passed()) {
        return new ShardRun(shard, acc, done, true);
      }
      TrialOutcome outcome;
      try {
        outcome = runTrial(scenario, shard.stage(), trial, deadline);
      } catch (Deadline.Passed e) {
        return new ShardRun(shard, acc, done, true);
      }
      acc = acc.merge(StageAccumulator.ofTrial(shard.stage(), outcome, scenario.objectives()));
      done++;
    }
    return new ShardRun(shard, acc, done, false);
  }

  public TrialOutcome runTrial(Scenario scenario, int stage, int trial) {
    return runTrial(scenario, stage, trial, Deadline.NONE);
  }

  private TrialOutcome runTrial(Scenario scenario, int stage, int trial, Deadline deadline) {
    var rng = RandomStreams.forTrial(scenario.run().seed(), scenario.stageNumber(stage), trial);
    TrialOutcome outcome =
        dev.archsim.engine.catalog.Catalog.withPricing(
            scenario.pricing(),
            () ->
                scenario.run().mode() == dev.archsim.engine.model.RunSettings.Mode.REQUESTS
                    ? RequestSimulation.run(scenario, stage, trial, rng, listener, deadline)
                    : new TrialSimulation(scenario, stage, trial, rng, listener)
                        .until(deadline)
                        .run());
    listener.trialFinished(stage, outcome);
    return outcome;
  }
}
