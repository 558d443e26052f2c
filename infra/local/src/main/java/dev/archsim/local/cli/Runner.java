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
      SimulationListener trials,
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
              .submit(new SubmitRun.Request("local", scenarioJson, null, trialCount, seed));
      RunRecord done = pipeline.awaitTerminal(submitted.runId());
      if (progress != null) {
        progress.finish();
      }
      return done;
    }
  }
}
