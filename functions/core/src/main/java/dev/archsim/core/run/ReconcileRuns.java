package dev.archsim.core.run;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.ShardPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Supplier;

/**
 * Finds runs that nothing will move any more and moves them: run on a schedule (an EventBridge
 * schedule on AWS, a thread locally). For each run still QUEUED, RUNNING or AGGREGATING and older
 * than {@link Settings#enqueueGrace}:
 *
 * <ul>
 *   <li>every shard recorded but no result (the worker that recorded the last shard died before
 *       completing, and no message is left to retry it; or the aggregation's lease expired): the
 *       run is completed here ({@link CompleteRun#tryComplete});
 *   <li>never enqueued (no {@link SubmitRun#ENQUEUED} mark: the submission died or the queue
 *       refused some of its shards): every shard is enqueued from the stored scenario (shards
 *       delivered already are duplicates, recorded once); a run that still cannot be enqueued after
 *       {@link Settings#enqueueGiveUp} is failed with the queue's error;
 *   <li>shards missing longer than the queue keeps a message ({@link Settings#messageRetention}
 *       after their last enqueueing): their messages are gone, so the missing shards are enqueued
 *       again, once; missing again after another retention, the run is failed with which shards and
 *       why.
 * </ul>
 *
 * Every action is idempotent (a run completed, enqueued or failed by a concurrent reconciler or
 * worker is left as it is), so two reconcilers at once do no harm.
 */
public final class ReconcileRuns {
  /**
   * The run's mark each time the reconciler re-enqueues its missing shards: this, '@', the time.
   */
  public static final String REQUEUED_MARK = "requeued@";

  /** How many times missing shards are enqueued again before the run is failed. */
  public static final int MAX_REQUEUES = 1;

  /**
   * @param enqueueGrace how long a submission may still be enqueueing ({@link
   *     SubmitRun#ENQUEUE_GRACE})
   * @param enqueueGiveUp how long after its creation a run that cannot be enqueued is failed
   * @param messageRetention how long the shard queue keeps a message (the template's 4 days)
   * @param trialsPerShard as the runs were split (the API's setting)
   * @param runsPerPass the most runs one pass examines (oldest first)
   */
  public record Settings(
      Duration enqueueGrace,
      Duration enqueueGiveUp,
      Duration messageRetention,
      int trialsPerShard,
      int runsPerPass) {}

  /**
   * What one pass did; {@link #stuck} is the number of runs it had to move, {@code errors} the runs
   * it could not reconcile this time (the store or queue failed: the next pass tries again).
   */
  public record Report(
      int examined, int completed, int enqueued, int requeued, int failed, int errors) {
    public int stuck() {
      return completed + enqueued + requeued + failed;
    }
  }

  private final RunStore store;
  private final ShardQueue queue;
  private final CompleteRun completeRun;
  private final ScenarioCodec codec;
  private final Clock clock;
  private final Settings settings;

  public ReconcileRuns(
      RunStore store,
      ShardQueue queue,
      CompleteRun completeRun,
      ScenarioCodec codec,
      Clock clock,
      Settings settings) {
    this.store = store;
    this.queue = queue;
    this.completeRun = completeRun;
    this.codec = codec;
    this.clock = clock;
    this.settings = settings;
  }

  /** One pass over the open runs older than the grace period. */
  public Report reconcile() {
    Instant now = clock.instant();
    int examined = 0;
    int completed = 0;
    int enqueued = 0;
    int requeued = 0;
    int failed = 0;
    int errors = 0;
    for (RunRecord run :
        store.openRuns(now.minus(settings.enqueueGrace()), settings.runsPerPass())) {
      examined++;
      Action action;
      try {
        action = reconcile(run, now);
      } catch (RuntimeException e) {
        errors++;
        continue;
      }
      switch (action) {
        case COMPLETED -> completed++;
        case ENQUEUED -> enqueued++;
        case REQUEUED -> requeued++;
        case FAILED -> failed++;
        case NOTHING -> {}
      }
    }
    return new Report(examined, completed, enqueued, requeued, failed, errors);
  }

  /** What the reconciler did to a run. */
  public enum Action {
    NOTHING,
    COMPLETED,
    ENQUEUED,
    REQUEUED,
    FAILED
  }

  private Action reconcile(RunRecord run, Instant now) {
    if (run.completedShards() >= run.totalShards()) {
      boolean leaseHeld =
          run.status() == RunStatus.AGGREGATING
              && run.claimExpiresAt() != null
              && !run.claimExpiresAt().isBefore(now);
      if (leaseHeld) {
        return Action.NOTHING; // being merged now
      }
      return completeRun.tryComplete(run.runId()) ? Action.COMPLETED : Action.NOTHING;
    }
    if (dev.archsim.core.optimize.RunOptimization.parentOf(run).isPresent()) {
      return Action.NOTHING; // an optimisation's evaluation: its steps enqueue its shards
    }
    Set<String> marks = store.marks(run.runId());
    if (!marks.contains(SubmitRun.ENQUEUED)) {
      return enqueueAll(run, now);
    }
    return requeueExpired(
        run,
        marks,
        now,
        () -> {
          List<Shard> shards = plan(run);
          return shards == null
              ? null
              : shards.stream().map(s -> ShardTask.of(run.runId(), s)).toList();
        });
  }

  /**
   * For an open run that the reconciler does not enqueue itself (an optimisation's evaluation,
   * whose shards its optimisation knows): once {@link Settings#messageRetention} has passed since
   * its shards were last enqueued, enqueues the ones still missing again, or fails the run after
   * {@link #MAX_REQUEUES}, as for any run.
   *
   * @param shards every shard of the run
   */
  public Action requeueExpired(RunRecord run, List<ShardTask> shards, Instant now) {
    return requeueExpired(run, store.marks(run.runId()), now, () -> shards);
  }

  private Action requeueExpired(
      RunRecord run, Set<String> marks, Instant now, Supplier<List<ShardTask>> plan) {
    List<Instant> requeues = new ArrayList<>();
    for (String m : marks) {
      if (m.startsWith(REQUEUED_MARK)) {
        requeues.add(Instant.parse(m.substring(REQUEUED_MARK.length())));
      }
    }
    Instant lastEnqueued = requeues.stream().max(Instant::compareTo).orElse(run.createdAt());
    if (lastEnqueued == null || lastEnqueued.plus(settings.messageRetention()).isAfter(now)) {
      return Action.NOTHING; // its messages may still be on the queue
    }
    List<ShardTask> all = plan.get();
    if (all == null) {
      return Action.FAILED;
    }
    SortedSet<Integer> recorded = store.recordedShards(run.runId());
    List<ShardTask> missing = all.stream().filter(t -> !recorded.contains(t.shardIndex())).toList();
    if (missing.isEmpty()) {
      return Action.NOTHING; // recorded since it was listed
    }
    if (requeues.size() >= MAX_REQUEUES) {
      return fail(
          run,
          missing.size()
              + " shard(s) (first: "
              + missing.get(0).shardIndex()
              + ") were never recorded: their messages expired from the queue twice after "
              + settings.messageRetention().toHours()
              + " h; submit the run again",
          now);
    }
    queue.enqueue(missing);
    store.mark(run.runId(), REQUEUED_MARK + now);
    return Action.REQUEUED;
  }

  /** A run whose shards never all reached the queue: all of them, from the stored scenario. */
  private Action enqueueAll(RunRecord run, Instant now) {
    List<Shard> shards = plan(run);
    if (shards == null) {
      return Action.FAILED;
    }
    try {
      queue.enqueue(shards.stream().map(s -> ShardTask.of(run.runId(), s)).toList());
    } catch (ShardQueueException e) {
      if (run.createdAt() != null && run.createdAt().plus(settings.enqueueGiveUp()).isBefore(now)) {
        return fail(
            run,
            "its shards could not be enqueued for "
                + settings.enqueueGiveUp().toMinutes()
                + " minutes: "
                + e.getMessage(),
            now);
      }
      return Action.NOTHING; // the next pass tries again
    }
    store.mark(run.runId(), SubmitRun.ENQUEUED);
    return Action.ENQUEUED;
  }

  /** The run's shards from its stored scenario; null (and the run failed) if they changed. */
  private List<Shard> plan(RunRecord listed) {
    RunRecord run = store.find(listed.runId()).orElse(null);
    if (run == null || run.scenarioJson() == null) {
      return null;
    }
    Scenario scenario = run.scenario(codec).orThrow();
    List<Shard> shards = ShardPlan.split(scenario, settings.trialsPerShard());
    if (shards.size() != run.totalShards()) {
      fail(
          run,
          "its shards must be enqueued again but the shard size has changed since ("
              + shards.size()
              + " shards now, "
              + run.totalShards()
              + " then): submit it again",
          clock.instant());
      return null;
    }
    return shards;
  }

  private Action fail(RunRecord run, String reason, Instant now) {
    store.fail(run.runId(), reason, now);
    return Action.FAILED;
  }
}
