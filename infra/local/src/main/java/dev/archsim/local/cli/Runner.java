package dev.archsim.local.cli;

import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.LocalPipeline;
import java.io.PrintWriter;
import java.time.Duration;

/** Runs a scenario document through the local pipeline and returns the finished run. */
final class Runner {
  private Runner() {}

  /** How long a run goes before {@code archsim run} says how to cancel it. */
  static final Duration SLOW = Duration.ofSeconds(10);

  /** The caller every local run belongs to. */
  static final String OWNER = "local";

  /**
   * @param expectedTrials trials × stages, for the progress bar (0: no progress bar)
   * @param trials a listener told of every finished trial (may be {@link SimulationListener#NONE})
   */
  static RunRecord run(
      String scenarioJson,
      Integer trialCount,
      Long seed,
      int workers,
      int trialsPerShard,
      PrintWriter events,
      PrintWriter progressOut,
      long expectedTrials,
      SimulationListener trials) {
    return run(
        scenarioJson,
        trialCount,
        seed,
        workers,
        trialsPerShard,
        events,
        progressOut,
        expectedTrials,
        trials,
        null,
        SLOW,
        Limits.DEFAULT,
        null);
  }

  /**
   * The same; when the run is still going after {@code slowAfter}, says on {@code hints} (when not
   * null) how far it is and that Ctrl-C cancels it. While it runs, Ctrl-C cancels the run (the
   * RunCancelled event is printed with {@code --events}) before the command exits.
   *
   * @param limits what the scenario may ask for, the work budget included (checked once the
   *     overrides are applied)
   * @param shardTimeLimit how long a shard may simulate before it stops itself; null for no limit
   */
  static RunRecord run(
      String scenarioJson,
      Integer trialCount,
      Long seed,
      int workers,
      int trialsPerShard,
      PrintWriter events,
      PrintWriter progressOut,
      long expectedTrials,
      SimulationListener trials,
      PrintWriter hints,
      Duration slowAfter,
      Limits limits,
      Duration shardTimeLimit) {
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
        new SubmitRun.Settings(trialsPerShard, Duration.ofDays(1), Integer.MAX_VALUE);
    try (LocalPipeline pipeline =
        new LocalPipeline(
            workers,
            settings,
            new ConsoleCompletionPublisher(events),
            listener,
            limits,
            shardTimeLimit)) {
      SubmitRun.Submitted submitted =
          pipeline
              .submitRun()
              .submit(new SubmitRun.Request(OWNER, scenarioJson, null, trialCount, seed));
      String runId = submitted.runId();
      Thread cancelOnExit = new Thread(() -> cancel(pipeline, runId), "archsim-cancel-on-exit");
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
