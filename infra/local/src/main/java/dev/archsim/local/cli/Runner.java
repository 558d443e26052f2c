package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.LocalPipeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Runs a scenario document through the local pipeline and returns the finished run. */
final class Runner {
  private Runner() {}

  /** How long a run goes before {@code archsim run} says how to cancel it. */
  static final Duration SLOW = Duration.ofSeconds(10);

  /** The caller every local run belongs to. */
  static final String OWNER = "local";

  /**
   * How a run is made: the command line's overrides of the scenario's trials and seed, the local
   * pipeline's size, where events, progress and hints go, and the limits.
   *
   * @param trials trials per stage, overriding {@code run.trials} (null: the scenario's)
   * @param seed overriding {@code run.seed} (null: the scenario's)
   * @param workers worker threads
   * @param trialsPerShard trials per shard (the result does not depend on it)
   * @param events where RunCompleted/RunFailed events are printed
   * @param progress where the progress bar is drawn (null: no progress bar)
   * @param expectedTrials trials × stages, for the progress bar (0: no progress bar)
   * @param trialListener told of every finished trial (may be {@link SimulationListener#NONE})
   * @param hints when the run is still going after {@code slowAfter}, says here (when not null) how
   *     far it is and that Ctrl-C cancels it
   * @param limits what the scenario may ask for, the work budget included (checked once the
   *     overrides are applied)
   * @param shardTimeLimit how long a shard may simulate before it stops itself; null for no limit
   */
  record Options(
      Integer trials,
      Long seed,
      int workers,
      int trialsPerShard,
      PrintWriter events,
      PrintWriter progress,
      long expectedTrials,
      SimulationListener trialListener,
      PrintWriter hints,
      Duration slowAfter,
      Limits limits,
      Duration shardTimeLimit) {

    /**
     * The scenario's trials and seed on every core, 25 trials per shard, no events, progress or
     * hints, the default limits and no shard time limit.
     */
    static Options defaults() {
      return new Options(
          null,
          null,
          Runtime.getRuntime().availableProcessors(),
          25,
          new PrintWriter(java.io.Writer.nullWriter()),
          null,
          0,
          SimulationListener.NONE,
          null,
          SLOW,
          Limits.DEFAULT,
          null);
    }

    Options withTrials(Integer n) {
      Copy c = new Copy(this);
      c.trials = n;
      return c.options();
    }

    Options withSeed(Long s) {
      Copy c = new Copy(this);
      c.seed = s;
      return c.options();
    }

    Options withWorkers(int threads, int perShard) {
      Copy c = new Copy(this);
      c.workers = threads;
      c.trialsPerShard = perShard;
      return c.options();
    }

    Options withEvents(PrintWriter out) {
      Copy c = new Copy(this);
      c.events = out;
      return c.options();
    }

    /** A progress bar on {@code out} (null: none) over {@code expected} trials. */
    Options withProgress(PrintWriter out, long expected) {
      Copy c = new Copy(this);
      c.progress = out;
      c.expectedTrials = expected;
      return c.options();
    }

    Options withTrialListener(SimulationListener listener) {
      Copy c = new Copy(this);
      c.trialListener = listener;
      return c.options();
    }

    /** The hint on {@code out} (null: none) once the run has gone on for {@code after}. */
    Options withHints(PrintWriter out, Duration after) {
      Copy c = new Copy(this);
      c.hints = out;
      c.slowAfter = after;
      return c.options();
    }

    Options withLimits(Limits l) {
      Copy c = new Copy(this);
      c.limits = l;
      return c.options();
    }

    Options withShardTimeLimit(Duration limit) {
      Copy c = new Copy(this);
      c.shardTimeLimit = limit;
      return c.options();
    }

    /** The fields of an {@link Options}, to change some and build the copy. */
    private static final class Copy {
      Integer trials;
      Long seed;
      int workers;
      int trialsPerShard;
      PrintWriter events;
      PrintWriter progress;
      long expectedTrials;
      SimulationListener trialListener;
      PrintWriter hints;
      Duration slowAfter;
      Limits limits;
      Duration shardTimeLimit;

      Copy(Options o) {
        trials = o.trials;
        seed = o.seed;
        workers = o.workers;
        trialsPerShard = o.trialsPerShard;
        events = o.events;
        progress = o.progress;
        expectedTrials = o.expectedTrials;
        trialListener = o.trialListener;
        hints = o.hints;
        slowAfter = o.slowAfter;
        limits = o.limits;
        shardTimeLimit = o.shardTimeLimit;
      }

      Options options() {
        return new Options(
            trials,
            seed,
            workers,
            trialsPerShard,
            events,
            progress,
            expectedTrials,
            trialListener,
            hints,
            slowAfter,
            limits,
            shardTimeLimit);
      }
    }
  }

  /**
   * Runs the scenario document through a local pipeline made for it (the document is parsed there,
   * with the options' trials and seed). While it runs, Ctrl-C cancels the run (the RunCancelled
   * event is printed with {@code --events}) before the command exits.
   */
  static RunRecord run(String scenarioJson, Options options) {
    return run(
        new SubmitRun.Request(OWNER, scenarioJson, null, options.trials(), options.seed()),
        null,
        null,
        null,
        null,
        options);
  }

  /**
   * Runs a scenario the command has parsed ({@code asParsed}, the model of {@code document}) with
   * the command line's changes ({@code overrides}, stored with the document as written): nothing
   * parses it again, the pipeline's workers included. The options' trials and seed are not used
   * (they are among the overrides).
   */
  static RunRecord run(
      Scenario asParsed,
      JsonNode document,
      ScenarioOverrides overrides,
      List<Violation> warnings,
      Options options) {
    return run(null, asParsed, document, overrides, warnings, options);
  }

  /**
   * Submits {@code request} when it is not null, else the parsed {@code asParsed} with {@code
   * overrides}. (Plain arguments rather than a function: each lambda's class is spun at its first
   * call, start-up work a short run pays.)
   */
  private static RunRecord run(
      SubmitRun.Request request,
      Scenario asParsed,
      JsonNode document,
      ScenarioOverrides overrides,
      List<Violation> warnings,
      Options options) {
    PrintWriter hints = options.hints();
    Duration slowAfter = options.slowAfter();
    SimulationListener trials = options.trialListener();
    long expectedTrials = options.expectedTrials();
    PrintWriter progressOut = options.progress();
    ProgressBar progress =
        progressOut != null && expectedTrials > 0
            ? new ProgressBar(progressOut, expectedTrials)
            : null;
    SimulationListener listener =
        progress == null
            ? trials
            : new SimulationListener() {
              @Override
              public void trialFinished(int stage, TrialOutcome outcome) {
                progress.trialFinished(stage, outcome);
                trials.trialFinished(stage, outcome);
              }
            };
    SubmitRun.Settings settings =
        new SubmitRun.Settings(options.trialsPerShard(), Duration.ofDays(1), Integer.MAX_VALUE);
    try (LocalPipeline pipeline =
        new LocalPipeline(
            options.workers(),
            settings,
            new ConsoleCompletionPublisher(options.events()),
            listener,
            options.limits(),
            options.shardTimeLimit())) {
      SubmitRun.Submitted submitted =
          request != null
              ? pipeline.submitRun().submit(request)
              : pipeline.submitRun().submitParsed(OWNER, asParsed, document, overrides, warnings);
      String runId = submitted.runId();
      Thread cancelOnExit =
          new Thread("archsim-cancel-on-exit") {
            @Override
            public void run() {
              cancel(pipeline, runId);
            }
          };
      Runtime.getRuntime().addShutdownHook(cancelOnExit);
      RunRecord done;
      try {
        done = pipeline.awaitTerminal(runId, slowAfter).orElse(null);
        if (done == null) {
          if (hints != null) {
            RunRecord now = pipeline.store().find(runId).orElseThrow();
            hints.println(
                "archsim: still running after "
                    + slowAfter.toSeconds()
                    + " s ("
                    + now.completedShards()
                    + " of "
                    + now.totalShards()
                    + " shards done); press Ctrl-C to cancel it");
            hints.flush();
          }
          done = pipeline.awaitTerminal(runId);
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(cancelOnExit);
        } catch (IllegalStateException exiting) {
          // the JVM is shutting down: the hook is cancelling the run
        }
      }
      if (progress != null) {
        progress.finish();
      }
      return done;
    }
  }

  private static void cancel(LocalPipeline pipeline, String runId) {
    try {
      pipeline.cancelRun().cancel(OWNER, runId);
    } catch (RuntimeException finishedMeanwhile) {
      // it ended while the command was exiting
    }
  }
}
