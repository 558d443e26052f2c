package dev.archsim.local.adapters;

import dev.archsim.core.optimize.OptimizationSteps;
import dev.archsim.core.optimize.ReconcileOptimizations;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.CancelRun;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunFollowUp;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.ShardFailedException;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The run pipeline on embedded adapters: the same use cases as on AWS, with an in-memory store, a
 * thread-pool queue sized to the cores and a publisher of your choice. Status changes feed the
 * publisher the way the DynamoDB stream feeds the notifier. A thread runs the reconcilers ({@link
 * ReconcileRuns}, then {@link ReconcileOptimizations}) every {@link #RECONCILE_EVERY}, as an
 * EventBridge schedule does on AWS.
 */
public final class LocalPipeline implements AutoCloseable {
  private final InMemoryRunStore store = new InMemoryRunStore();
  private final InMemoryShardParking parking = new InMemoryShardParking();
  private final ThreadPoolShardQueue queue;
  private final SubmitRun submit;
  private final GetRun get;
  private final CancelRun cancel;
  private final Map<String, CompletableFuture<RunRecord>> finished = new ConcurrentHashMap<>();
  private final ReconcileRuns reconciler;
  private final Thread reconciling;

  /**
   * The optimisations' part of the pipeline (their store, the step thread, the use case and its
   * reconciler), built on first use: {@code archsim run} never needs it, and it is a thread and
   * some fifteen classes to load before the first trial.
   */
  private record Optimizing(
      InMemoryOptimizationStore store,
      LocalOptimizationSteps steps,
      RunOptimization optimizations,
      RunFollowUp followUp,
      ReconcileOptimizations reconciler) {}

  private final java.util.function.Supplier<Optimizing> buildOptimizing;
  private volatile Optimizing optimizing;

  /** How often the reconciler thread looks for stuck runs. */
  public static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);

  public LocalPipeline(
      int workers,
      SubmitRun.Settings settings,
      CompletionPublisher publisher,
      SimulationListener listener) {
    this(workers, settings, publisher, listener, Limits.DEFAULT, null);
  }

  /**
   * @param limits what a submitted scenario may ask for, the work budget included
   * @param shardTimeLimit how long one shard may simulate before it stops itself and fails (its run
   *     fails after the retries); null for no limit
   */
  public LocalPipeline(
      int workers,
      SubmitRun.Settings settings,
      CompletionPublisher publisher,
      SimulationListener listener,
      Limits limits,
      Duration shardTimeLimit) {
    this(workers, settings, publisher, listener, limits, shardTimeLimit, null);
  }

  /**
   * @param stepsVia how an optimisation's steps reach the step thread (the thread's own queue given
   *     to it; a test may lose some on the way, as a lost message would); null: directly
   */
  public LocalPipeline(
      int workers,
      SubmitRun.Settings settings,
      CompletionPublisher publisher,
      SimulationListener listener,
      Limits limits,
      Duration shardTimeLimit,
      java.util.function.UnaryOperator<OptimizationSteps> stepsVia) {
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = ScenarioCodec.of(limits);
    CompleteRun complete = new CompleteRun(store, codec, clock, RANDOM_IDS, Duration.ofMinutes(5));
    ProcessShard process =
        new ProcessShard(store, new Simulator(listener), complete, clock, shardTimeLimit);
    DeadLetterShard deadLetter = new DeadLetterShard(store, parking, clock);
    PublishRunOutcome publish = new PublishRunOutcome(publisher);
    // named classes rather than lambdas here and below: a run builds one pipeline, and each
    // lambda's class would be spun at run time before its first trial (start-up work)
    store.onStatusChange(
        new BiConsumer<>() {
          @Override
          public void accept(RunStatus before, RunRecord after) {
            publish.onChange(before, after);
            // only for a caller already waiting (awaitTerminal checks the store itself), so a
            // long-lived pipeline keeps no record of the runs it finished
            CompletableFuture<RunRecord> waiting = finished.get(after.runId());
            if (after.status().isTerminal() && waiting != null) {
              waiting.complete(after);
            }
          }
        });
    this.queue =
        new ThreadPoolShardQueue(
            workers,
            new Consumer<>() {
              @Override
              public void accept(ShardTask task) {
                process.process(task);
              }
            },
            new BiConsumer<>() {
              @Override
              public void accept(ShardTask task, Throwable error) {
                deadLetter.handle(
                    task, "failed 3 times: " + ShardFailedException.of(error).getMessage());
              }
            },
            3);
    this.submit = new SubmitRun(store, queue, codec, clock, RANDOM_IDS, settings, complete);
    this.buildOptimizing =
        new java.util.function.Supplier<>() {
          @Override
          public Optimizing get() {
            InMemoryOptimizationStore optimizationStore = new InMemoryOptimizationStore();
            RunOptimization[] self = new RunOptimization[1];
            LocalOptimizationSteps steps =
                new LocalOptimizationSteps(
                    id -> self[0].step(id),
                    (id, error) ->
                        optimizationStore.fail(
                            id,
                            "a step failed 3 times: " + ShardFailedException.of(error).getMessage(),
                            clock.instant()),
                    3);
            OptimizationSteps delivered = stepsVia == null ? steps : stepsVia.apply(steps);
            RunOptimization optimizations =
                new RunOptimization(
                    store,
                    queue,
                    optimizationStore,
                    delivered,
                    codec,
                    clock,
                    () -> UUID.randomUUID().toString(),
                    new RunOptimization.Settings(
                        settings.retention(), OPTIMIZATION_MAX_BUDGET, limits.maxWork()));
            self[0] = optimizations;
            return new Optimizing(
                optimizationStore,
                steps,
                optimizations,
                optimizations.followUp(),
                new ReconcileOptimizations(
                    optimizationStore,
                    store,
                    delivered,
                    reconciler(),
                    clock,
                    ReconcileOptimizations.Settings.DEFAULT));
          }
        };
    // a run is an optimisation's evaluation only once an optimisation exists
    RunFollowUp followUp =
        new RunFollowUp() {
          @Override
          public void ended(RunRecord run) {
            Optimizing o = optimizing;
            if (o != null) {
              o.followUp().ended(run);
            }
          }
        };
    complete.followedBy(followUp);
    deadLetter.followedBy(followUp);
    this.get = new GetRun(store);
    this.cancel = new CancelRun(store, clock);
    this.reconciler =
        new ReconcileRuns(
            store,
            queue,
            complete,
            codec,
            clock,
            new ReconcileRuns.Settings(
                SubmitRun.ENQUEUE_GRACE,
                Duration.ofHours(1),
                settings.retention(),
                settings.trialsPerShard(),
                100));
    // a thread of its own that sleeps between passes: a scheduled executor is some twenty more
    // classes to load at every start, for a pass a short run never reaches
    this.reconciling =
        new Thread("archsim-reconciler") {
          @Override
          public void run() {
            try {
              while (true) {
                Thread.sleep(RECONCILE_EVERY.toMillis());
                reconcileOnce();
              }
            } catch (InterruptedException e) {
              // closed
            }
          }
        };
    reconciling.setDaemon(true);
    reconciling.start();
  }

  /** One pass of the reconcilers (the runs', then the optimisations' once they exist). */
  private void reconcileOnce() {
    try {
      reconciler.reconcile();
      Optimizing o = optimizing;
      if (o != null) {
        o.reconciler().reconcile();
      }
    } catch (RuntimeException e) {
      // the next pass tries again
    }
  }

  /** Random UUIDs, the runs' ids. */
  private static final java.util.function.Supplier<String> RANDOM_IDS =
      new java.util.function.Supplier<>() {
        @Override
        public String get() {
          return UUID.randomUUID().toString();
        }
      };

  /** The most trials one optimisation may be given (what the command line's default allows). */
  public static final long OPTIMIZATION_MAX_BUDGET = 200_000;

  /** Optimisations on this pipeline: their evaluations are runs of its store, queue and workers. */
  public RunOptimization optimizations() {
    return optimizing().optimizations();
  }

  public InMemoryOptimizationStore optimizationStore() {
    return optimizing().store();
  }

  /** The optimisations' reconciler the pipeline's thread runs after {@link #reconciler}. */
  public ReconcileOptimizations optimizationReconciler() {
    return optimizing().reconciler();
  }

  /**
   * Whether the optimisations' part (its step thread among it) has been built: by a call of one of
   * the three above, never by runs alone.
   */
  public boolean optimizingBuilt() {
    return optimizing != null;
  }

  private Optimizing optimizing() {
    Optimizing o = optimizing;
    if (o == null) {
      synchronized (this) {
        o = optimizing;
        if (o == null) {
          o = buildOptimizing.get();
          optimizing = o;
        }
      }
    }
    return o;
  }

  /** The runs' reconciler the pipeline's thread runs. */
  public ReconcileRuns reconciler() {
    return reconciler;
  }

  public CancelRun cancelRun() {
    return cancel;
  }

  public SubmitRun submitRun() {
    return submit;
  }

  public GetRun getRun() {
    return get;
  }

  public InMemoryRunStore store() {
    return store;
  }

  /** Waits for the run to reach COMPLETED, FAILED or CANCELLED and returns it. */
  public RunRecord awaitTerminal(String runId) {
    return future(runId).join();
  }

  /** Waits up to {@code timeout} for the run to end; empty when it is still going. */
  public java.util.Optional<RunRecord> awaitTerminal(String runId, Duration timeout) {
    try {
      return java.util.Optional.of(
          future(runId).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for run " + runId, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private CompletableFuture<RunRecord> future(String runId) {
    CompletableFuture<RunRecord> f = finished.get(runId);
    if (f == null) {
      CompletableFuture<RunRecord> made = new CompletableFuture<>();
      f = finished.putIfAbsent(runId, made);
      if (f == null) {
        f = made;
      }
    }
    RunRecord now = store.find(runId).orElse(null);
    if (now != null && now.status().isTerminal()) {
      f.complete(now);
    }
    return f;
  }

  @Override
  public void close() {
    reconciling.interrupt();
    Optimizing o = optimizing;
    if (o != null) {
      o.steps().close();
    }
    queue.close();
  }
}
