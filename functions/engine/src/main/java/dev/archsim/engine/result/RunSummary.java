package dev.archsim.engine.result;

import dev.archsim.engine.model.Scenario;
import java.util.ArrayList;
import java.util.List;

/** The merged result of a whole run: one summary per stage and what each stage bought. */
public record RunSummary(
    String scenario,
    long seed,
    int trials,
    List<StageSummary> stages,
    List<Comparison> comparisons) {

  /** What changed from one stage to the next. Deltas are {@code to − from}. */
  public record Comparison(
      String from,
      String to,
      double availabilityDelta,
      long failedRequestsDelta,
      double latencyP99DeltaMs,
      double monthlyCostDeltaUsd) {}

  /** Summarises merged accumulators, one per stage, in stage order. */
  public static RunSummary of(Scenario scenario, List<StageAccumulator> perStage) {
    List<StageSummary> stages = new ArrayList<>();
    for (StageAccumulator acc : perStage) {
      stages.add(StageSummary.of(scenario, acc));
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 1; i < stages.size(); i++) {
      StageSummary a = stages.get(i - 1);
      StageSummary b = stages.get(i);
      comparisons.add(
          new Comparison(
              a.name(),
              b.name(),
              b.availabilityMean() - a.availabilityMean(),
              b.requestsFailed() - a.requestsFailed(),
              b.latencyP99Ms() - a.latencyP99Ms(),
              b.monthlyCostUsd() - a.monthlyCostUsd()));
    }
    return new RunSummary(
        scenario.name(),
        scenario.run().seed(),
        scenario.run().trials(),
        List.copyOf(stages),
        List.copyOf(comparisons));
  }
}
