package dev.archsim.local.library;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads scenarios of the library (events/scenarios) and simulates them stage by stage. */
public final class Library {
  private Library() {}

  static Scenario load(String file) throws IOException {
    return new ScenarioCodec()
        .parseJson(Files.readString(Path.of("../../events/scenarios").resolve(file)))
        .orThrow();
  }

  /** Every stage of {@code s}, its {@code trials} first trials in one shard each. */
  static List<StageAccumulator> accumulators(Scenario s, int trials) {
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      accs.add(new Simulator().simulate(s, new Shard(i, i, 0, trials)));
    }
    return accs;
  }

  /** The summaries of every stage of {@code s}, all its trials. */
  public static List<StageSummary> simulate(Scenario s) {
    return RunSummary.of(s, accumulators(s, s.run().trials())).stages();
  }

  /** The scenario reduced to the given stages. */
  static Scenario withStages(Scenario s, List<Stage> stages) {
    return new Scenario(
        s.version(),
        s.name(),
        s.description(),
        s.run(),
        s.objectives(),
        s.workload(),
        s.faults(),
        stages);
  }

  static double perTrial(StageSummary s, String counter) {
    return s.countersPerTrial().getOrDefault(counter, 0.0);
  }

  static double cost(StageSummary s, String component) {
    Double v = s.costByComponentUsd().get(component);
    if (v == null) {
      throw new AssertionError(
          "no cost component '" + component + "' in " + s.costByComponentUsd().keySet());
    }
    return v;
  }
}
