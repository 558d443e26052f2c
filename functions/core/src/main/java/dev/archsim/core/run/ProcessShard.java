package dev.archsim.core.run;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Deadline;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.ShardRun;
import dev.archsim.engine.sim.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Process one shard: simulate its trials, record the result once (a redelivered message changes
 * nothing), then, when this was the last shard or a redelivery, try to complete the run. A run
 * FAILED by dead-lettered shards still takes shards, so redriving them after a fix completes it.
 */
public final class ProcessShard {
  /** The bundled scenario {@link #warmUp} simulates. */
  public static final String WARM_UP_SCENARIO = "/warm-up/scenario.json";

  /** What happened to the message. */
  public enum Outcome {
    RECORDED,
    DUPLICATE,
    SKIPPED
  }

  /** How long a batch simulates a run's shards before it asks again whether the run takes them. */
  static final long RECHECK_NANOS = 5_000_000_000L;

  private final RunStore store;
  private final Simulator simulator;
  private final CompleteRun completeRun;
  private final Clock clock;

  /** How long one shard may simulate when the caller gives no deadline; null for no limit. */
  private final Duration shardTimeLimit;

  public ProcessShard(RunStore store, Simulator simulator, CompleteRun completeRun, Clock clock) {
    this(store, simulator, completeRun, clock, null);
  }

  /**
   * @param shardTimeLimit how long one shard may simulate before it stops itself (a local worker's
   *     limit; a Lambda worker passes its remaining time instead); null for no limit
   */
  public ProcessShard(
      RunStore store,
      Simulator simulator,
      CompleteRun completeRun,
      Clock clock,
      Duration shardTimeLimit) {
    this.store = store;
    this.simulator = simulator;
    this.completeRun = completeRun;
    this.clock = clock;
    this.shardTimeLimit = shardTimeLimit;
  }

  /** What became of one task of a batch, and the time it took (simulating and its recording). */
  public record Done(Outcome outcome, long millis) {}

  /**
   * What became of a batch: the tasks done, and those that failed with the error (their messages
   * are to be retried).
   */
  public record Batch(Map<ShardTask, Done> done, Map<ShardTask, RuntimeException> failed) {}

  /**
   * Processes one task; the error that stopped it is thrown.
   *
   * @see #processAll
   */
  public Outcome process(ShardTask task) {
    Batch batch = processAll(List.of(task), ALWAYS);
    RuntimeException failed = batch.failed().get(task);
    if (failed != null) {
      throw failed;
    }
    return batch.done().get(task).outcome();
  }

  /**
   * Processes a batch of tasks (an SQS event of several messages): simulates each, then records the
   * results of each run together ({@link RunStore#recordShards}: one transaction on DynamoDB), then
   * tries to complete a run whose last shard was among them or that had a redelivered one. A task
   * whose simulation throws fails alone; when recording the batch fails, its shards are recorded
   * one by one, so only a shard that cannot be recorded fails; a failed completion fails the tasks
   * that could complete it, so their redelivery tries again.
   *
   * <p>A worker that has the run's scenario cached reads only the run's small item first ({@link
   * RunStore#takesShards}), and again before each shard once a batch has simulated the run for
   * {@link #RECHECK_NANOS}, so a cancelled run's shards not simulated yet are skipped; the shards'
   * write is conditioned on the run still taking shards, so a run closed meanwhile records nothing.
   * An open run costs one write per batch. A shard whose simulation dies with an {@link Error} (out
   * of memory, stack overflow) fails alone, as any exception does ({@link ShardFailedException}).
   *
   * @param timeLeft asked before each simulation; once false, the remaining tasks are not started
   *     and fail (their messages come back), so a batch never outlives its function
   */
  public Batch processAll(List<ShardTask> tasks, BooleanSupplier timeLeft) {
    return processAll(
        tasks,
        timeLeft,
        new Supplier<Deadline>() {
          @Override
          public Deadline get() {
            return shardTimeLimit == null ? Deadline.NONE : Deadline.after(shardTimeLimit);
          }
        });
  }

  /**
   * Time left, always. Named classes and loops rather than lambdas on a shard's path: each lambda's
   * class is spun at its first call, start-up work the first shard of every process pays.
   */
  private static final BooleanSupplier ALWAYS =
      new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
          return true;
        }
      };

  /**
   * Like {@link #processAll(List, BooleanSupplier)}, each shard simulating until the deadline
   * {@code deadline} gives when it starts: a shard that reaches it stops itself and fails with a
   * {@link ShardDeadlineException} (nothing of it is recorded).
   */
  public Batch processAll(
      List<ShardTask> tasks, BooleanSupplier timeLeft, Supplier<Deadline> deadline) {
    Map<ShardTask, Done> done = new LinkedHashMap<>();
    Map<ShardTask, RuntimeException> failed = new LinkedHashMap<>();
    Map<String, List<ShardTask>> byRun = new LinkedHashMap<>();
    for (ShardTask t : tasks) {
      List<ShardTask> ofRun = byRun.get(t.runId());
      if (ofRun == null) {
        ofRun = new ArrayList<>();
        byRun.put(t.runId(), ofRun);
      }
      ofRun.add(t);
    }
    for (Map.Entry<String, List<ShardTask>> run : byRun.entrySet()) {
      processRun(run.getKey(), run.getValue(), timeLeft, deadline, done, failed);
    }
    return new Batch(done, failed);
  }

  private void processRun(
      String runId,
      List<ShardTask> tasks,
      BooleanSupplier timeLeft,
      Supplier<Deadline> deadline,
      Map<ShardTask, Done> done,
      Map<ShardTask, RuntimeException> failed) {
    long t0 = System.nanoTime();
    ScenarioCache.Entry entry;
    try {
      entry = completeRun.scenarios().cached(runId);
      if (entry != null && !store.takesShards(runId)) {
        // cancelled, finished or failed for good since the scenario was cached
        completeRun.scenarios().forget(runId);
        entry = null;
        skip(tasks, t0, done);
        return;
      }
      if (entry == null) {
        Optional<RunRecord> found = store.find(runId);
        if (found.isEmpty() || !found.get().takesShards()) {
          // expired, deleted, cancelled, finished or failed for good: nothing to do
          skip(tasks, t0, done);
          return;
        }
        entry = completeRun.scenarios().entry(found.get());
      }
    } catch (RuntimeException | Error e) {
      RuntimeException error = ShardFailedException.of(e);
      for (ShardTask t : tasks) {
        failed.put(t, error);
      }
      return;
    }
    // simulate each shard once (a batch may carry the same message twice)
    Map<Integer, ShardTask> first = new LinkedHashMap<>();
    List<RunStore.ShardResult> results = new ArrayList<>();
    Map<ShardTask, Long> simulated = new HashMap<>();
    long checked = System.nanoTime();
    for (ShardTask t : tasks) {
      if (first.containsKey(t.shardIndex()) || done.containsKey(t)) {
        continue;
      }
      if (System.nanoTime() - checked > RECHECK_NANOS) {
        // a long batch asks again before each shard, so a run cancelled meanwhile stops here
        checked = System.nanoTime();
        try {
          if (!store.takesShards(runId)) {
            completeRun.scenarios().forget(runId);
            skip(tasks.subList(tasks.indexOf(t), tasks.size()), checked, done);
            break;
          }
        } catch (RuntimeException e) {
          // the write's own condition still refuses a closed run: simulate on
        }
      }
      if (!timeLeft.getAsBoolean()) {
        failed.put(
            t, new IllegalStateException("not started: the invocation is running out of time"));
        continue;
      }
      long s0 = System.nanoTime();
      try {
        ShardRun run = simulator.simulate(entry.scenario(), t.shard(), deadline.get());
        if (run.stoppedAtDeadline()) {
          failed.put(t, new ShardDeadlineException(run));
          continue;
        }
        StageAccumulator result = run.result();
        results.add(new RunStore.ShardResult(t.shardIndex(), ResultCodec.writeAccumulator(result)));
        first.put(t.shardIndex(), t);
        simulated.put(t, System.nanoTime() - s0);
      } catch (RuntimeException | Error e) {
        // an OutOfMemoryError or StackOverflowError in one shard fails that shard alone
        failed.put(t, ShardFailedException.of(e));
      }
    }
    if (results.isEmpty()) {
      return;
    }

    long r0 = System.nanoTime();
    Map<Integer, RunStore.Recorded> recorded = new HashMap<>();
    Map<Integer, RuntimeException> unrecorded = new HashMap<>();
    try {
      recorded.putAll(store.recordShards(runId, entry.totalShards(), results, clock.instant()));
    } catch (RuntimeException | Error e) {
      if (results.size() == 1) {
        unrecorded.put(results.get(0).shardIndex(), ShardFailedException.of(e));
      } else {
        // one shard must not take its batch-mates down with it: record them one by one
        for (RunStore.ShardResult one : results) {
          try {
            recorded.putAll(
                store.recordShards(runId, entry.totalShards(), List.of(one), clock.instant()));
          } catch (RuntimeException | Error alone) {
            unrecorded.put(one.shardIndex(), ShardFailedException.of(alone));
          }
        }
      }
    }
    boolean mayComplete = false;
    for (RunStore.Recorded r : recorded.values()) {
      mayComplete |= r.mayCompleteRun();
    }
    RuntimeException completion = null;
    if (mayComplete) {
      // the last shard, or a redelivery whose first worker may have died before completing
      try {
        completeRun.tryComplete(runId);
      } catch (RuntimeException | Error e) {
        completion = ShardFailedException.of(e);
      }
    }
    long share = (System.nanoTime() - r0) / results.size();
    for (ShardTask t : tasks) {
      ShardTask original = first.get(t.shardIndex());
      if (original == null) {
        continue; // not simulated: already in failed or skipped
      }
      RuntimeException recording = unrecorded.get(t.shardIndex());
      if (recording != null) {
        failed.put(t, recording);
        continue;
      }
      RunStore.Recorded r =
          original == t ? recorded.get(t.shardIndex()) : RunStore.Recorded.DUPLICATE;
      if (completion != null && r.mayCompleteRun()) {
        failed.put(t, completion);
        continue;
      }
      long millis = (simulated.getOrDefault(t, 0L) + share) / 1_000_000;
      done.put(
          t,
          new Done(
              switch (r) {
                case RECORDED, RECORDED_LAST -> Outcome.RECORDED;
                case DUPLICATE -> Outcome.DUPLICATE;
                case CLOSED -> Outcome.SKIPPED;
              },
              millis));
    }
  }

  /** A run that takes no shard: its tasks are done, SKIPPED, without a simulation. */
  private static void skip(List<ShardTask> tasks, long t0, Map<ShardTask, Done> done) {
    long millis = (System.nanoTime() - t0) / 1_000_000;
    for (ShardTask t : tasks) {
      done.putIfAbsent(t, new Done(Outcome.SKIPPED, millis));
    }
  }

  /**
   * Takes a shard's whole path once, on a run that does not exist, so that a function initialised
   * ahead of its first event (a SnapStart snapshot, provisioned concurrency) has loaded and linked
   * every class that path needs and opened its connections: reads the run (absent), parses a
   * bundled scenario whose stages, taken from the library, use every tier of the engine, simulates
   * one trial of each stage, encodes and merges the results, and tries to record one, which the
   * store refuses because the run does not exist. Nothing is written.
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
    // one trial of every stage: the stages between them use every tier of the engine
    List<StageAccumulator> merged = new ArrayList<>();
    String first = null;
    for (int stage = 0; stage < scenario.stages().size(); stage++) {
      String encoded =
          ResultCodec.writeAccumulator(simulator.simulate(scenario, new Shard(0, stage, 0, 1)));
      merged.add(StageAccumulator.empty(stage).merge(ResultCodec.readAccumulator(encoded)));
      first = first == null ? encoded : first;
    }
    ResultCodec.writeSummary(RunSummary.of(scenario, merged));
    completeRun.scenarios().forget(runId);
    return store.recordShard(runId, 0, first, clock.instant());
  }
}
