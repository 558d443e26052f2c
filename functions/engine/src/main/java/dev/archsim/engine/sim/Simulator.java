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
    StageAccumulator acc = StageAccumulator.empty(shard.stage());
    for (int trial = shard.fromTrial(); trial < shard.toTrial(); trial++) {
      TrialOutcome outcome = runTrial(scenario, shard.stage(), trial);
      acc = acc.merge(StageAccumulator.ofTrial(shard.stage(), outcome, scenario.objectives()));
    }
    return acc;
  }

  public TrialOutcome runTrial(Scenario scenario, int stage, int trial) {
    var rng = RandomStreams.forTrial(scenario.run().seed(), stage, trial);
    TrialOutcome outcome =
        dev.archsim.engine.catalog.Catalog.withPricing(
            scenario.pricing(),
            () ->
                scenario.run().mode() == dev.archsim.engine.model.RunSettings.Mode.REQUESTS
                    ? RequestSimulation.run(scenario, stage, trial, rng, listener)
                    : new TrialSimulation(scenario, stage, trial, rng, listener).run());
    listener.trialFinished(stage, outcome);
    return outcome;
  }
}
