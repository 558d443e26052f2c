package dev.archsim.core.run;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

  /** The bundled scenario {@link #warmUp} simulates. */
  public static final String WARM_UP_SCENARIO = "/warm-up/scenario.json";

  /**
   * Takes a shard's whole path once, on a run that does not exist, so that a function initialised
   * ahead of its first event (a SnapStart snapshot, provisioned concurrency) has loaded and linked
   * every class that path needs and opened its connections: reads the run (absent), parses and
   * simulates one trial of a bundled scenario, encodes and merges its result, and tries to record
   * it, which the store refuses because the run does not exist. Nothing is written.
   *
   * @return what recording answered: {@link RunStore.Recorded#CLOSED}
   */
  public RunStore.Recorded warmUp() {
    String runId = "warm-up-" + UUID.randomUUID();
    store.find(runId);
    String json;
    try (InputStream in = ProcessShard.class.getResourceAsStream(WARM_UP_SCENARIO)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WARM_UP_SCENARIO, e);
    }
    Scenario scenario =
        completeRun
            .scenarios()
            .of(RunRecord.queued(runId, "warm-up", 1, clock.instant(), null, json, null));
    StageAccumulator result = simulator.simulate(scenario, new Shard(0, 0, 0, 1));
    String encoded = ResultCodec.writeAccumulator(result);
    StageAccumulator merged = StageAccumulator.empty(0).merge(ResultCodec.readAccumulator(encoded));
    ResultCodec.writeSummary(RunSummary.of(scenario, List.of(merged)));
    completeRun.scenarios().forget(runId);
    return store.recordShard(runId, 0, encoded, clock.instant());
  }
}
