package dev.archsim.core.run;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Complete a run once all its shards are recorded: exactly one caller wins the aggregation claim,
 * merges every shard result and stores the final result. A claim whose holder died is taken over
 * once its lease has expired. A run FAILED by dead-lettered shards completes the same way once they
 * have been redriven and recorded. A result the store cannot hold fails the run for good with that
 * reason (a retry would merge the same result).
 */
public final class CompleteRun {
  private final RunStore store;
  private final ScenarioCache scenarios;
  private final Clock clock;
  private final Supplier<String> ids;
  private final Duration lease;
  private volatile RunFollowUp followUp = RunFollowUp.NONE;

  public CompleteRun(
      RunStore store, ScenarioCodec codec, Clock clock, Supplier<String> ids, Duration lease) {
    this.store = store;
    this.scenarios = new ScenarioCache(codec);
    this.clock = clock;
    this.ids = ids;
    this.lease = lease;
  }

  /**
   * @return true when this call completed the run
   */
  public boolean tryComplete(String runId) {
    Optional<RunRecord> found = store.find(runId);
    if (found.isEmpty()) {
      return false;
    }
    RunRecord run = found.get();
    Instant now = clock.instant();
    if (!run.takesShards() || run.completedShards() < run.totalShards()) {
      return false;
    }
    if (run.status() == RunStatus.AGGREGATING
        && run.claimExpiresAt() != null
        && !run.claimExpiresAt().isBefore(now)) {
      return false;
    }
    String token = ids.get();
    if (!store.tryClaimAggregation(runId, token, now, now.plus(lease))) {
      return false;
    }
    Scenario scenario = scenarios.of(run);
    List<StageAccumulator> perStage = new ArrayList<>();
    for (int i = 0; i < scenario.stages().size(); i++) {
      perStage.add(StageAccumulator.empty(i));
    }
    for (String json : store.shardResults(runId)) {
      StageAccumulator shard = ResultCodec.readAccumulator(json);
      perStage.set(shard.stage(), perStage.get(shard.stage()).merge(shard));
    }
    String result = ResultCodec.writeSummary(RunSummary.of(scenario, perStage));
    try {
      boolean completed = store.complete(runId, token, result, clock.instant());
      if (completed) {
        followUp.ended(run);
      }
      return completed;
    } catch (ResultTooLargeException e) {
      // the same shards always merge into the same result: no retry or redrive can store it
      store.fail(
          runId,
          "the run's result cannot be stored: "
              + e.getMessage()
              + "; run fewer stages or shorter descriptions",
          clock.instant());
      return false;
    }
  }

  /** Who is told of each run this completes (an optimisation waiting for its evaluation). */
  public CompleteRun followedBy(RunFollowUp followUp) {
    this.followUp = followUp;
    return this;
  }

  ScenarioCache scenarios() {
    return scenarios;
  }
}
