package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.run.Fingerprints;
import dev.archsim.core.run.IdempotencyKeyMismatchException;
import dev.archsim.core.run.ResultTooLargeException;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunFollowUp;
import dev.archsim.core.run.RunNotFoundException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueException;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Optimisations on the run pipeline: the search of {@link Optimizer}, its candidate evaluations
 * fanned out as runs of shards through the same {@link RunStore}, {@link ShardQueue} and workers as
 * any run, so each shard is recorded exactly once as a run's are.
 *
 * <p>An optimisation advances by <em>steps</em> ({@link #step}), each on a worker: a step takes the
 * search again from the start, deterministically (the same seed, the same figures), with an
 * evaluator that reads each evaluation it is asked for from its run: an evaluation is the run of
 * one design's trials {@code [from, to)} (one stage, so the designs share their random numbers),
 * its id a name-based UUID of the optimisation, the design and the trials. When every evaluation of
 * a batch is recorded the search goes on; at the first batch that is not, the step creates the
 * missing runs, enqueues their shards and stops. A run that completes (or fails) hands its
 * optimisation's next step to a worker ({@link #runEnded}); the step that finds every figure there
 * stores the answer. Steps run twice or at once do no harm: the runs' ids are fixed by what they
 * evaluate, a run is created once, a shard recorded once, and the answer stored only while the
 * optimisation is open.
 *
 * <p>An evaluation's runs belong to the optimisation (their owner is {@code optimization:ID}), not
 * to its caller: they are not listed among the caller's runs and publish no RunCompleted.
 */
public final class RunOptimization {
  /** The owner of an optimisation's evaluation runs begins with this, then its id. */
  public static final String OWNER_PREFIX = "optimization:";

  /** Completed evaluations a process keeps read, so a step does not read them again. */
  static final int CACHED_EVALUATIONS = 4_096;

  /**
   * @param retention how long an optimisation and its runs are kept
   * @param maxBudget the most trials one optimisation may be given
   * @param maxWork the work budget of one optimisation: its trial budget × the trial cost of the
   *     stage it varies
   */
  public record Settings(Duration retention, long maxBudget, double maxWork) {}

  /**
   * The accepted optimisation; {@code created} is false when a retry with the same idempotency key
   * found the one its first request created.
   */
  public record Submitted(
      String id, OptimizationPlan plan, List<Violation> warnings, boolean created) {
    public Submitted(String id, OptimizationPlan plan, List<Violation> warnings) {
      this(id, plan, warnings, true);
    }
  }

  private final RunStore runs;
  private final ShardQueue shards;
  private final OptimizationStore store;
  private final OptimizationSteps steps;
  private final ScenarioCodec codec;
  private final Clock clock;
  private final Supplier<String> ids;
  private final Settings settings;
  private final Map<String, StageAccumulator> recorded =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StageAccumulator> eldest) {
          return size() > CACHED_EVALUATIONS;
        }
      };

  public RunOptimization(
      RunStore runs,
      ShardQueue shards,
      OptimizationStore store,
      OptimizationSteps steps,
      ScenarioCodec codec,
      Clock clock,
      Supplier<String> ids,
      Settings settings) {
    this.runs = runs;
    this.shards = shards;
    this.store = store;
    this.steps = steps;
    this.codec = codec;
    this.clock = clock;
    this.ids = ids;
    this.settings = settings;
  }

  /**
   * Checks the scenario, its design space and the options in one pass, stores the optimisation and
   * hands its first step to a worker.
   *
   * @param where how an option is named to the caller ({@code trials} → {@code ?trials})
   * @throws ScenarioRejectedException with every problem
   */
  public Submitted submit(
      String owner,
      JsonNode document,
      OptimizationPlan.Options options,
      UnaryOperator<String> where) {
    return submit(owner, document, options, where, null, null);
  }

  /**
   * The same under an idempotency key: the optimisation's id derives from the owner and the key, so
   * a retry of the same request (same {@code requestHash}) answers the optimisation the first one
   * created ({@link Submitted#created} false), and asks for its first step again if the first
   * request may have died before it did.
   *
   * @param idempotencyKey null for none
   * @param requestHash the request's fingerprint, stored with a keyed optimisation and compared on
   *     its retries
   * @throws IdempotencyKeyMismatchException when the key's optimisation was created by another
   *     request or is another owner's
   */
  public Submitted submit(
      String owner,
      JsonNode document,
      OptimizationPlan.Options options,
      UnaryOperator<String> where,
      String idempotencyKey,
      String requestHash) {
    OptimizationPlan.Reading reading =
        OptimizationPlan.read(
            codec, document, options, where, settings.maxBudget(), settings.maxWork(), 1);
    if (reading.plan().isEmpty() || reading.problems().stream().anyMatch(Violation::isError)) {
      throw new ScenarioRejectedException(reading.problems());
    }
    return submit(owner, reading.plan().get(), reading.problems(), idempotencyKey, requestHash);
  }

  /** The id of the optimisation an owner creates under an idempotency key. */
  public static String idFor(String owner, String idempotencyKey) {
    return Fingerprints.uuid("optimization", owner, idempotencyKey).toString();
  }

  /**
   * Stores an optimisation its caller has read and checked itself (the command line, with its own
   * bounds) and hands its first step to a worker.
   */
  public Submitted submit(String owner, OptimizationPlan plan, List<Violation> warnings) {
    return submit(owner, plan, warnings, null, null);
  }

  private Submitted submit(
      String owner,
      OptimizationPlan plan,
      List<Violation> warnings,
      String idempotencyKey,
      String requestHash) {
    boolean keyed = idempotencyKey != null;
    String id = keyed ? idFor(owner, idempotencyKey) : ids.get();
    Instant now = clock.instant();
    try {
      store.create(
          OptimizationRecord.queued(
              id,
              owner,
              now,
              now.plus(settings.retention()),
              plan.toJson(),
              plan.settings().budgetTrials(),
              keyed ? requestHash : null));
    } catch (RunAlreadyExistsException e) {
      if (!keyed) {
        throw e;
      }
      OptimizationRecord existing = store.find(id).orElseThrow(() -> e);
      if (!existing.owner().equals(owner)) {
        throw new IdempotencyKeyMismatchException(
            IdempotencyKeyMismatchException.Reason.OTHER_OWNER,
            "the Idempotency-Key cannot be used: choose another key");
      }
      if (existing.requestHash() != null && !existing.requestHash().equals(requestHash)) {
        throw new IdempotencyKeyMismatchException(
            IdempotencyKeyMismatchException.Reason.OTHER_REQUEST,
            "the Idempotency-Key '"
                + idempotencyKey
                + "' was first used with another request (body or query) for optimization "
                + id
                + ": send that request again to get it, or use a new key for a new optimization");
      }
      if (existing.status() == RunStatus.QUEUED
          && existing.createdAt().plus(SubmitRun.ENQUEUE_GRACE).isBefore(now)) {
        firstStep(id); // the first request may have died before asking for it
      }
      return new Submitted(id, plan, warnings, false);
    }
    firstStep(id);
    return new Submitted(id, plan, warnings, true);
  }

  /**
   * Asks for the first step. If the queue refuses it the optimisation is stored and accepted all
   * the same: {@link ReconcileOptimizations} asks for it once the optimisation has been idle (as
   * does a retry with the same idempotency key), so a caller is never told 500 about an
   * optimisation that exists.
   */
  private void firstStep(String id) {
    try {
      steps.enqueue(id);
    } catch (ShardQueueException e) {
      // rolled forward by the reconciler
    }
  }

  /** Every problem {@link #submit} would refuse, without storing anything. */
  public List<Violation> check(
      JsonNode document, OptimizationPlan.Options options, UnaryOperator<String> where) {
    return OptimizationPlan.read(
            codec, document, options, where, settings.maxBudget(), settings.maxWork(), 1)
        .problems();
  }

  /** The optimisation, if it is the caller's. @throws RunNotFoundException otherwise */
  public OptimizationRecord get(String owner, String id) {
    return store
        .find(id)
        .filter(o -> o.owner().equals(owner))
        .orElseThrow(() -> new RunNotFoundException(id));
  }

  /**
   * Cancels the optimisation: CANCELLED at once, and a step cancels the evaluation runs still
   * going. Cancelling a cancelled one answers it as it is.
   *
   * @throws RunNotFoundException when it is not the caller's
   * @throws FinishedException when it COMPLETED or FAILED first
   */
  public OptimizationRecord cancel(String owner, String id) {
    get(owner, id);
    if (store.cancel(id, clock.instant())) {
      steps.enqueue(id);
    }
    OptimizationRecord after = get(owner, id);
    if (after.status() != RunStatus.CANCELLED) {
      throw new FinishedException(after);
    }
    return after;
  }

  /** The optimisation ended before it could be cancelled. */
  public static final class FinishedException extends RuntimeException {
    public FinishedException(OptimizationRecord o) {
      super(
          "optimization "
              + o.id()
              + " is "
              + o.status()
              + "; only a QUEUED or RUNNING optimization can be cancelled");
    }
  }

  /** The optimisation a run evaluates, if it is an evaluation run. */
  public static Optional<String> parentOf(RunRecord run) {
    return run.owner().startsWith(OWNER_PREFIX)
        ? Optional.of(run.owner().substring(OWNER_PREFIX.length()))
        : Optional.empty();
  }

  /** The follow-up of the workers: an evaluation run ended, so its optimisation steps. */
  public RunFollowUp followUp() {
    return followUp(steps);
  }

  /** The same on {@code steps} alone (a worker that builds the rest only when a step comes). */
  public static RunFollowUp followUp(OptimizationSteps steps) {
    return run -> parentOf(run).ifPresent(steps::enqueue);
  }

  /** An optimisation whose step keeps failing (its message dead-lettered) fails with the reason. */
  public boolean stepFailed(String id, String why) {
    return store.fail(id, "its step failed: " + why, clock.instant());
  }

  /**
   * One step (see the class comment): nothing for an optimisation that is absent or finished; for a
   * cancelled one, cancels its evaluation runs still going.
   */
  public void step(String id) {
    Optional<OptimizationRecord> found = store.find(id);
    if (found.isEmpty()) {
      return;
    }
    OptimizationRecord o = found.get();
    if (o.status().isTerminal() && o.status() != RunStatus.CANCELLED) {
      return;
    }
    Known known = known(o);
    OptimizationPlan plan = known.plan();
    FromRuns evaluations = new FromRuns(o, plan, o.status() == RunStatus.CANCELLED);
    Optimizer.Result result;
    try {
      result =
          new Optimizer(codec, new Simulator(), known.validity(), known.prices())
              .optimize(plan.tree(), plan.scenario(), plan.space(), plan.settings(), evaluations);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null
          && !(cause instanceof Evaluations.Pending)
          && !(cause instanceof EvaluationFailed)) {
        cause = cause.getCause();
      }
      if (cause instanceof Evaluations.Pending) {
        if (o.status() != RunStatus.CANCELLED) {
          store.progress(
              id,
              evaluations.trialsDone,
              new Waiting(evaluations.shardTrials(), evaluations.waiting).toJson(),
              clock.instant());
        }
        return;
      }
      if (cause instanceof EvaluationFailed f) {
        store.fail(id, f.getMessage(), clock.instant());
        return;
      }
      throw e;
    }
    if (o.status() == RunStatus.CANCELLED) {
      return;
    }
    String answer =
        OptimizationTable.render(result, plan.scenario().objectives())
            + (plan.pareto() ? OptimizationTable.pareto(result) : "");
    String report = OptimizationReport.render(plan.scenario().name(), result, answer);
    try {
      store.complete(
          id,
          result.trialsUsed(),
          OptimizationViews.result(
              result,
              plan,
              answer,
              OptimizationTable.markdown(result, plan.scenario().objectives(), plan.pareto()),
              report),
          clock.instant());
    } catch (ResultTooLargeException e) {
      store.fail(
          id,
          "the answer cannot be stored: " + e.getMessage() + "; search a smaller space",
          clock.instant());
    }
  }

  /** Optimisations whose plan and designs' validity a process keeps. */
  static final int CACHED_PLANS = 16;

  /**
   * An optimisation's plan read from its request, and what is known of its designs' validity and
   * prices.
   */
  private record Known(
      OptimizationPlan plan, Map<Integer, String> validity, Optimizer.Prices prices) {}

  private final Map<String, Known> known =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
          return size() > CACHED_PLANS;
        }
      };

  /**
   * The optimisation's plan and its designs' validity, kept by this process: every step takes the
   * search again over the same designs, and would otherwise parse its request, and parse and
   * validate each design it meets, again (racing over 1 000 designs: 1 001 parses a step).
   */
  private Known known(OptimizationRecord o) {
    synchronized (known) {
      Known k = known.get(o.id());
      if (k == null) {
        k =
            new Known(
                OptimizationPlan.fromJson(codec, o.requestJson()),
                new java.util.concurrent.ConcurrentHashMap<>(),
                new Optimizer.Prices());
        known.put(o.id(), k);
      }
      return k;
    }
  }

  /** An evaluation run failed (a shard dead-lettered) or was cancelled: the search cannot go on. */
  static final class EvaluationFailed extends RuntimeException {
    EvaluationFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The id of the run evaluating trials {@code [from, to)} of design {@code index}. */
  static String runIdOf(String optimizationId, int index, int from, int to) {
    return Fingerprints.uuid(
            "evaluation",
            optimizationId,
            Integer.toString(index),
            Integer.toString(from),
            Integer.toString(to))
        .toString();
  }

  /** Evaluations read from their runs; the missing ones created and enqueued. */
  private final class FromRuns implements Evaluations {
    private final OptimizationRecord optimization;
    private final OptimizationPlan plan;
    private final boolean cancelling;
    long trialsDone;
    final List<Waiting.Evaluation> waiting = new ArrayList<>();

    FromRuns(OptimizationRecord optimization, OptimizationPlan plan, boolean cancelling) {
      this.optimization = optimization;
      this.plan = plan;
      this.cancelling = cancelling;
    }

    @Override
    public List<StageAccumulator> evaluate(List<Request> requests) {
      List<StageAccumulator> out = new ArrayList<>();
      List<ShardTask> toEnqueue = new ArrayList<>();
      List<String> created = new ArrayList<>();
      int pending = 0;
      waiting.clear();
      for (Request r : requests) {
        if (r.to() <= r.from()) {
          // no trials (racing asks for none more of a design already at its full trials): nothing
          // to simulate, and a run of no shards would wait for the reconciler to complete it
          out.add(StageAccumulator.empty(0));
          continue;
        }
        String runId = runIdOf(optimization.id(), r.design().index(), r.from(), r.to());
        StageAccumulator known;
        synchronized (recorded) {
          known = recorded.get(runId);
        }
        if (known != null) {
          out.add(known);
          trialsDone += r.to() - r.from();
          continue;
        }
        Optional<RunRecord> run = runs.find(runId);
        if (run.isPresent() && run.get().status() == RunStatus.COMPLETED) {
          StageAccumulator acc = StageAccumulator.empty(0);
          for (String json : runs.shardResults(runId)) {
            acc = acc.merge(ResultCodec.readAccumulator(json));
          }
          synchronized (recorded) {
            recorded.put(runId, acc);
          }
          out.add(acc);
          trialsDone += r.to() - r.from();
          continue;
        }
        pending++;
        waiting.add(new Waiting.Evaluation(r.design().index(), r.from(), r.to()));
        if (cancelling) {
          run.filter(RunRecord::open).ifPresent(x -> runs.cancel(runId, clock.instant()));
          continue;
        }
        if (run.isPresent() && run.get().status().isTerminal()) {
          throw new EvaluationFailed(
              "design #"
                  + (r.design().index() + 1)
                  + " ("
                  + r.design().label()
                  + "), trials "
                  + r.from()
                  + "–"
                  + r.to()
                  + ": its evaluation run "
                  + runId
                  + " is "
                  + run.get().status()
                  + (run.get().failureReason() == null ? "" : ": " + run.get().failureReason()));
        }
        if (run.isPresent()) {
          if (!runs.marks(runId).contains(SubmitRun.ENQUEUED)) {
            // a step died between storing it and enqueueing, or is enqueueing it now: enqueue
            // again (a shard delivered twice is recorded once)
            toEnqueue.addAll(tasks(runId, r));
            created.add(runId);
          }
          continue;
        }
        List<ShardTask> tasks = tasks(runId, r);
        Instant now = clock.instant();
        try {
          runs.create(
              RunRecord.queued(
                  runId,
                  OWNER_PREFIX + optimization.id(),
                  tasks.size(),
                  now,
                  optimization.expiresAt() != null
                      ? optimization.expiresAt()
                      : now.plus(settings.retention()),
                  r.document().get().toString(),
                  null));
        } catch (RunAlreadyExistsException e) {
          continue; // a step running at once created it
        }
        toEnqueue.addAll(tasks);
        created.add(runId);
      }
      if (!toEnqueue.isEmpty()) {
        shards.enqueue(toEnqueue);
        created.forEach(id -> runs.mark(id, SubmitRun.ENQUEUED));
      }
      if (pending > 0) {
        throw new Pending(pending);
      }
      return out;
    }

    /** The trials of an evaluation run's shard: the screen's, so each step's trials are whole. */
    int shardTrials() {
      return Math.max(1, plan.settings().screenTrials());
    }

    /** The shards of an evaluation. */
    private List<ShardTask> tasks(String runId, Request r) {
      return Waiting.shards(runId, r.from(), r.to(), shardTrials());
    }
  }
}
