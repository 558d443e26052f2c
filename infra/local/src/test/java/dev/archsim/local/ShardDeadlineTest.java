package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.ShardDeadlineException;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Deadline;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.InMemoryRunStore;
import dev.archsim.local.adapters.LocalPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A shard that reaches its deadline stops itself, records nothing, and says why. */
class ShardDeadlineTest {

  /** A thousand instances failing every 36 s for a year: hours a trial, over the work budget. */
  static final String ENDLESS =
      """
      {"version": 1, "name": "endless", "run": {"horizon": "P365D", "trials": 2},
       "workload": {"requestsPerSecond": 50, "profile": {"cpuMsPerRequest": 20}},
       "faults": {"instance": {"mtbfHours": 0.01, "recovery": {"type": "manual", "mttrMinutes": 1}}},
       "stages": [{"name": "fleet", "architecture": {"region": "us-east-1",
         "azs": ["us-east-1a", "us-east-1b"], "entry": {"type": "alb"},
         "compute": {"instanceType": "m5.large", "countPerAz": 500}}}]}
      """;

  @Test
  void aShardPastItsDeadlineFailsAloneWithItsReasonAndIsNotRecorded() {
    InMemoryRunStore store = new InMemoryRunStore();
    List<ShardTask> queued = new ArrayList<>();
    new SubmitRun(
            store,
            queued::addAll,
            new ScenarioCodec(),
            Clock.systemUTC(),
            () -> "run-d",
            new SubmitRun.Settings(5, Duration.ofDays(1), 100))
        .submit(new SubmitRun.Request("alice", LocalPipelineTest.SCENARIO, null, null, null));
    ProcessShard process = Workers.processShard(store);
    AtomicInteger started = new AtomicInteger();
    // the second shard starts with its deadline already gone
    ProcessShard.Batch batch =
        process.processAll(
            queued.subList(0, 2),
            () -> true,
            () ->
                started.incrementAndGet() == 2
                    ? Deadline.after(Duration.ZERO)
                    : Deadline.after(Duration.ofHours(1)));
    assertThat(batch.done()).containsOnlyKeys(queued.get(0));
    assertThat(batch.failed()).containsOnlyKeys(queued.get(1));
    assertThat(batch.failed().get(queued.get(1)))
        .isInstanceOf(ShardDeadlineException.class)
        .hasMessageContaining("stopped at its deadline after 0 of 5 trials");
    assertThat(store.find("run-d").orElseThrow().completedShards()).isEqualTo(1);
  }

  @Test
  @Timeout(120)
  void aLocalRunWhoseShardOutlivesTheLimitFailsWithTheReason() {
    StringWriter events = new StringWriter();
    try (LocalPipeline pipeline =
        new LocalPipeline(
            2,
            new SubmitRun.Settings(1, Duration.ofDays(1), 100),
            new ConsoleCompletionPublisher(new PrintWriter(events)),
            SimulationListener.NONE,
            Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY),
            Duration.ofMillis(300))) {
      SubmitRun.Submitted s =
          pipeline.submitRun().submit(new SubmitRun.Request("local", ENDLESS, null, null, null));
      RunRecord done = pipeline.awaitTerminal(s.runId());
      assertThat(done.status()).isEqualTo(RunStatus.FAILED);
      assertThat(done.failureReason()).contains("stopped at its deadline after 0 of 1 trials");
    }
  }

  @Test
  void theSameRunIsRefusedUnderTheDefaultBudget() {
    try (LocalPipeline pipeline =
        new LocalPipeline(
            1,
            SubmitRun.Settings.DEFAULT,
            new ConsoleCompletionPublisher(new PrintWriter(new StringWriter())),
            SimulationListener.NONE)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  pipeline
                      .submitRun()
                      .submit(new SubmitRun.Request("local", ENDLESS, null, null, null)))
          .hasMessageContaining("$.faults.instance.mtbfHours")
          .hasMessageContaining("work units");
    }
  }
}
