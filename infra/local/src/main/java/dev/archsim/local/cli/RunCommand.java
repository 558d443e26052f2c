package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.LocalPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description = "Simulates every stage of a scenario on this machine and prints the comparison.")
final class RunCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml)")
  Path file;

  @Option(names = "--trials", description = "trials per stage (overrides run.trials)")
  Integer trials;

  @Option(names = "--seed", description = "seed of every random stream (overrides run.seed)")
  Long seed;

  @Option(names = "--json", description = "print the merged result as JSON")
  boolean json;

  @Option(names = "--workers", description = "worker threads; default: the number of cores")
  Integer workers;

  @Option(
      names = "--trials-per-shard",
      defaultValue = "25",
      description = "trials per shard; default 25")
  int trialsPerShard;

  @Option(names = "--events", description = "print RunCompleted/RunFailed events on stderr")
  boolean events;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String text = ScenarioFiles.read(file, err);
    if (text == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    ScenarioParseResult parsed = ScenarioFiles.parse(file, text);
    if (!parsed.isValid()) {
      ScenarioFiles.print(parsed.violations(), err);
      return ArchsimCommand.EXIT_INVALID;
    }
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    PrintWriter eventStream = events ? err : new PrintWriter(java.io.Writer.nullWriter());
    SubmitRun.Settings settings =
        new SubmitRun.Settings(trialsPerShard, Duration.ofDays(1), Integer.MAX_VALUE);
    try (LocalPipeline pipeline =
        new LocalPipeline(
            threads,
            settings,
            new ConsoleCompletionPublisher(eventStream),
            SimulationListener.NONE)) {
      SubmitRun.Submitted submitted;
      try {
        submitted =
            pipeline
                .submitRun()
                .submit(
                    new SubmitRun.Request(
                        "local", ScenarioFiles.asJson(file, text), null, trials, seed));
      } catch (ScenarioRejectedException e) {
        ScenarioFiles.print(e.violations(), err);
        return ArchsimCommand.EXIT_INVALID;
      }
      ScenarioFiles.print(submitted.warnings(), err);
      RunRecord done = pipeline.awaitTerminal(submitted.runId());
      if (done.status() != RunStatus.COMPLETED) {
        err.println("archsim: run failed: " + done.failureReason());
        err.flush();
        return ArchsimCommand.EXIT_FAILED;
      }
      if (json) {
        out.println(new ObjectMapper().readTree(done.resultJson()).toPrettyString());
      } else {
        out.print(ResultTable.render(new ObjectMapper().readTree(done.resultJson())));
      }
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }
  }
}
