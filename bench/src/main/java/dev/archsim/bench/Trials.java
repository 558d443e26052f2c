package dev.archsim.bench;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;

/** What the JMH benchmarks measure: one trial of one stage of a scenario read from its JSON. */
final class Trials {
  private Trials() {}

  /** The scenario of {@code json}, which must be valid. */
  static Scenario parse(String json) {
    return ScenarioCodec.shared().parseJson(json).orThrow();
  }

  /** Trial 0 of stage {@code stage} of {@code s}. */
  static StageAccumulator one(Scenario s, int stage) {
    return new Simulator().simulate(s, new Shard(0, stage, 0, 1));
  }
}
