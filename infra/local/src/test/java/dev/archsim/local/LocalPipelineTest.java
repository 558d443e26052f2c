package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.DeadLetterShard;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunNotFoundException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.local.adapters.ConsoleCompletionPublisher;
import dev.archsim.local.adapters.InMemoryRunStore;
import dev.archsim.local.adapters.InMemoryShardParking;
import dev.archsim.local.adapters.LocalPipeline;
import dev.archsim.local.adapters.ThreadPoolShardQueue;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The run use cases end to end on the embedded adapters. */
class LocalPipelineTest {
  static final String SCENARIO =
      """
      {"version": 1, "name": "pipeline", "run": {"horizon": "P3D", "step": "PT10M", "trials": 10, "seed": 7},
       "workload": {"requestsPerSecond": 20, "pattern": {"type": "daily", "peakFactor": 1.5},
                    "profile": {"cpuMsPerRequest": 30}},
       "faults": {"instance": {"mtbfHours": 48, "recovery": {"type": "manual", "mttrMinutes": 45}}},
       "stages": [
         {"name": "eips", "architecture": {"region": "us-east-1", "azs": ["us-east-1a"],
           "entry": {"type": "elastic-ip"}, "compute": {"instanceType": "m5.large", "countPerAz": 2}}},
         {"name": "alb", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
           "entry": {"type": "alb"}, "compute": {"instanceType": "m5.large", "countPerAz": 1}}}
       ]}
      """;

  private static SubmitRun.Settings perShard(int trials) {
    return new SubmitRun.Settings(trials, Duration.ofDays(1), 1000);
  }

  private static RunRecord runToEnd(int trialsPerShard, StringWriter events) {
    try (LocalPipeline p =
        new LocalPipeline(
            2,
            perShard(trialsPerShard),
            new ConsoleCompletionPublisher(new PrintWriter(events)),
            SimulationListener.NONE)) {
      SubmitRun.Submitted s =
          p.submitRun().submit(new SubmitRun.Request("alice", SCENARIO, null, null, null));
      assertThat(s.shards()).isEqualTo(2 * ((10 + trialsPerShard - 1) / trialsPerShard));
      RunRecord done = p.awaitTerminal(s.runId());
      // the store shows the run ended before its status listeners publish it (awaitTerminal may
      // read it in between): wait, bounded, for the event before the pipeline closes
      until(() -> !events.toString().isEmpty());
      return done;
    }
  }

  /**
   * Waits, bounded by minutes, until {@code done} holds; what it waited for is asserted afterwards,
   * so a deadline passed fails there with the state as it is.
   */
  static void until(java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }

  @Test
  void aRunCompletesWithTheMergeOfEveryTrialAndPublishesOnce() {
    StringWriter events = new StringWriter();
    RunRecord done = runToEnd(3, events);
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.completedShards()).isEqualTo(done.totalShards()).isEqualTo(8);

    Scenario scenario = new ScenarioCodec().parseJson(SCENARIO).orThrow();
    Simulator sim = new Simulator();
    List<StageAccumulator> direct =
        List.of(
            sim.simulate(scenario, new Shard(0, 0, 0, 10)),
            sim.simulate(scenario, new Shard(1, 1, 0, 10)));
    assertThat(done.resultJson())
        .isEqualTo(ResultCodec.writeSummary(RunSummary.of(scenario, direct)));

    List<RunEvent> published = events.toString().lines().map(MessageCodec::runEvent).toList();
    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(RunEvent.COMPLETED);
              assertThat(e.runId()).isEqualTo(done.runId());
              assertThat(e.owner()).isEqualTo("alice");
            });
  }

  @Test
  void runsAloneNeverBuildTheOptimisationsPart() {
    try (LocalPipeline p =
        new LocalPipeline(
            2,
            perShard(5),
            new ConsoleCompletionPublisher(new PrintWriter(new StringWriter())),
            SimulationListener.NONE)) {
      SubmitRun.Submitted s =
          p.submitRun().submit(new SubmitRun.Request("alice", SCENARIO, null, null, null));
      assertThat(p.awaitTerminal(s.runId()).status()).isEqualTo(RunStatus.COMPLETED);
      p.reconciler().reconcile();
      assertThat(p.optimizingBuilt()).isFalse();
      // built on first use, once: the store, the use case and the reconciler belong together
      assertThat(p.optimizationStore()).isSameAs(p.optimizationStore());
      assertThat(p.optimizingBuilt()).isTrue();
      assertThat(p.optimizations()).isSameAs(p.optimizations());
      assertThat(p.optimizationReconciler()).isSameAs(p.optimizationReconciler());
    }
  }

  @Test
  void theResultDoesNotDependOnTheShardSize() {
    String a = runToEnd(1, new StringWriter()).resultJson();
    String b = runToEnd(4, new StringWriter()).resultJson();
    String c = runToEnd(10, new StringWriter()).resultJson();
    assertThat(a).isEqualTo(b).isEqualTo(c);
  }

  @Test
  void aRedeliveredShardChangesNothing() {
    InMemoryRunStore store = new InMemoryRunStore();
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    CompleteRun complete =
        new CompleteRun(
            store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(1));
    ProcessShard process = new ProcessShard(store, new Simulator(), complete, clock);
    List<ShardTask> queued = new java.util.ArrayList<>();
    SubmitRun submit =
        new SubmitRun(store, queued::addAll, codec, clock, () -> "run-1", perShard(5));
    submit.submit(new SubmitRun.Request("alice", SCENARIO, null, null, null));
    assertThat(queued).hasSize(4);
    assertThat(process.process(queued.get(0))).isEqualTo(ProcessShard.Outcome.RECORDED);
    assertThat(process.process(queued.get(0))).isEqualTo(ProcessShard.Outcome.DUPLICATE);
    assertThat(store.find("run-1").orElseThrow().completedShards()).isEqualTo(1);
    for (ShardTask t : queued) {
      process.process(t);
    }
    RunRecord done = store.find("run-1").orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    String result = done.resultJson();
    // a worker with the scenario cached reads the run's item first: a finished run is skipped
    // without a simulation
    assertThat(process.process(queued.get(2))).isEqualTo(ProcessShard.Outcome.SKIPPED);
    // a fresh worker reads the finished run and does not simulate
    ProcessShard fresh =
        new ProcessShard(
            store,
            new Simulator(),
            new CompleteRun(
                store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(1)),
            clock);
    assertThat(fresh.process(queued.get(2))).isEqualTo(ProcessShard.Outcome.SKIPPED);
    assertThat(store.find("run-1").orElseThrow().resultJson()).isEqualTo(result);
    assertThat(store.find("run-1").orElseThrow().completedShards()).isEqualTo(4);
  }

  @Test
  void theSameIdempotencyKeyGivesTheSameRunAndOnlyItsOwnerSeesIt() {
    try (LocalPipeline p = new LocalPipeline(2, perShard(5), e -> {}, SimulationListener.NONE)) {
      SubmitRun.Submitted first =
          p.submitRun().submit(new SubmitRun.Request("alice", SCENARIO, "k-1", null, null));
      SubmitRun.Submitted again =
          p.submitRun().submit(new SubmitRun.Request("alice", SCENARIO, "k-1", null, null));
      SubmitRun.Submitted bobs =
          p.submitRun().submit(new SubmitRun.Request("bob", SCENARIO, "k-1", null, null));
      assertThat(again.runId()).isEqualTo(first.runId());
      assertThat(first.created()).isTrue();
      assertThat(again.created()).isFalse();
      assertThat(bobs.runId()).isNotEqualTo(first.runId());
      assertThat(p.getRun().get("alice", first.runId()).owner()).isEqualTo("alice");
      assertThatThrownBy(() -> p.getRun().get("bob", first.runId()))
          .isInstanceOf(RunNotFoundException.class);
      p.awaitTerminal(first.runId());
      p.awaitTerminal(bobs.runId());
    }
  }

  @Test
  void aDeadLetteredShardFailsTheRunAndItsRedriveAfterAFixCompletesIt() {
    InMemoryRunStore store = new InMemoryRunStore();
    StringWriter events = new StringWriter();
    var publish =
        new dev.archsim.core.run.PublishRunOutcome(
            new ConsoleCompletionPublisher(new PrintWriter(events)));
    store.onStatusChange(publish::onChange);
    Clock clock = Clock.systemUTC();
    ScenarioCodec codec = new ScenarioCodec();
    ProcessShard process =
        new ProcessShard(
            store,
            new Simulator(),
            new CompleteRun(
                store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(5)),
            clock);
    InMemoryShardParking parking = new InMemoryShardParking();
    DeadLetterShard deadLetter = new DeadLetterShard(store, parking, clock);
    AtomicBoolean broken = new AtomicBoolean(true);
    List<ShardTask> queued = new java.util.ArrayList<>();
    new SubmitRun(store, queued::addAll, codec, clock, () -> "run-p", perShard(5))
        .submit(new SubmitRun.Request("alice", SCENARIO, null, null, null));
    java.util.function.Consumer<ShardTask> worker =
        t -> {
          if (broken.get() && t.shardIndex() == 1) {
            throw new IllegalStateException("poison shard " + t.shardIndex());
          }
          process.process(t);
        };
    try (var queue =
        new ThreadPoolShardQueue(
            1, worker, (t, e) -> deadLetter.handle(t, "failed 3 times: " + e.getMessage()), 3)) {
      queue.enqueue(queued);
      // every shard delivered before the queue closes (closing stops the workers after 10 s, which
      // a loaded machine can take): the poison one parked and its run failed, the others recorded
      until(
          () -> {
            RunRecord r = store.find("run-p").orElseThrow();
            return r.status() == RunStatus.FAILED
                && r.completedShards() == 3
                && parking.parked().size() == 1;
          });
    }
    RunRecord failed = store.find("run-p").orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.failureReason())
        .isEqualTo(
            "shard 1 went to the dead-letter queue (failed 3 times: poison shard 1);"
                + " redriving it after a fix completes the run");
    assertThat(failed.deadShards()).containsExactly(1);
    assertThat(failed.completedShards()).isEqualTo(3); // the shards after it were kept
    assertThat(parking.parked()).containsExactly(queued.get(1));

    broken.set(false); // the fix
    try (var queue = new ThreadPoolShardQueue(1, worker, (t, e) -> {}, 3)) {
      assertThat(parking.redriveTo(queue)).isEqualTo(1);
      // FAILED until the redriven shard is recorded
      until(() -> store.find("run-p").orElseThrow().status() == RunStatus.COMPLETED);
    }
    RunRecord done = store.find("run-p").orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.failureReason()).isNull();
    assertThat(done.resultJson()).isEqualTo(runToEnd(5, new StringWriter()).resultJson());
    assertThat(events.toString().lines().map(MessageCodec::runEvent).map(RunEvent::type))
        .containsExactly(RunEvent.FAILED, RunEvent.COMPLETED);
  }

  @Test
  void anInvalidScenarioIsRejectedWithEveryProblemBeforeAnythingIsStored() {
    InMemoryRunStore store = new InMemoryRunStore();
    List<ShardTask> queued = new java.util.ArrayList<>();
    SubmitRun submit =
        new SubmitRun(
            store, queued::addAll, new ScenarioCodec(), Clock.systemUTC(), () -> "r", perShard(5));
    String bad =
        SCENARIO
            .replace("\"m5.large\", \"countPerAz\": 2", "\"m9.giant\", \"countPerAz\": 2")
            .replace("\"trials\": 10", "\"trials\": 0");
    assertThatThrownBy(() -> submit.submit(new SubmitRun.Request("alice", bad, null, null, null)))
        .isInstanceOfSatisfying(
            ScenarioRejectedException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.path())
                    .contains("$.run.trials", "$.stages[0].architecture.compute.instanceType"));
    assertThat(store.find("r")).isEmpty();
    assertThat(queued).isEmpty();
  }

  @Test
  void anOutOfMemoryErrorInAShardFailsTheRunWithItsReasonInsteadOfLeavingItQueued() {
    SimulationListener oom =
        new SimulationListener() {
          @Override
          public void trialFinished(int stage, dev.archsim.engine.result.TrialOutcome outcome) {
            if (stage == 1) {
              throw new OutOfMemoryError("Java heap space");
            }
          }
        };
    RunRecord done =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofMinutes(5),
            () -> {
              try (LocalPipeline p = new LocalPipeline(2, perShard(5), e -> {}, oom)) {
                SubmitRun.Submitted s =
                    p.submitRun()
                        .submit(new SubmitRun.Request("alice", SCENARIO, null, null, null));
                return p.awaitTerminal(s.runId());
              }
            });
    assertThat(done.status()).isEqualTo(RunStatus.FAILED);
    assertThat(done.failureReason())
        .contains("failed 3 times")
        .contains("java.lang.OutOfMemoryError: Java heap space");
    assertThat(done.deadShards()).isNotEmpty();
  }

  @Test
  void aOneShardRunSubmittedBehindABigRunFinishesFirst() throws Exception {
    java.util.concurrent.CountDownLatch bigStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch smallSubmitted = new java.util.concurrent.CountDownLatch(1);
    SimulationListener holdFirstTrial =
        new SimulationListener() {
          @Override
          public void trialFinished(int stage, dev.archsim.engine.result.TrialOutcome outcome) {
            if (bigStarted.getCount() > 0) {
              bigStarted.countDown();
              try {
                smallSubmitted.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    // the big run's progress is read when the small run's completion is published, on the one
    // worker thread, so what the test sees does not depend on how fast it polls
    java.util.concurrent.atomic.AtomicReference<LocalPipeline> pipeline =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<String> bigId =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<String> smallId =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CompletableFuture<RunRecord> bigWhenSmallDone =
        new java.util.concurrent.CompletableFuture<>();
    CompletionPublisher snapshot =
        event -> {
          if (event.runId().equals(smallId.get())) {
            bigWhenSmallDone.complete(pipeline.get().store().find(bigId.get()).orElseThrow());
          }
        };
    try (LocalPipeline p =
        new LocalPipeline(
            1, new SubmitRun.Settings(1, Duration.ofDays(1), 1000), snapshot, holdFirstTrial)) {
      pipeline.set(p);
      bigId.set(
          p.submitRun().submit(new SubmitRun.Request("alice", SCENARIO, null, 40, null)).runId());
      bigStarted.await();
      smallId.set(
          p.submitRun().submit(new SubmitRun.Request("bob", SCENARIO, null, 1, null)).runId());
      smallSubmitted.countDown();
      RunRecord smallDone = p.awaitTerminal(smallId.get());
      assertThat(smallDone.status()).isEqualTo(RunStatus.COMPLETED);
      RunRecord bigThen = bigWhenSmallDone.get(3, java.util.concurrent.TimeUnit.MINUTES);
      // one worker, the runs taking turns: the big run's 40 shards are far from done
      assertThat(bigThen.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(bigThen.completedShards()).isLessThanOrEqualTo(3);
      assertThat(p.awaitTerminal(bigId.get()).status()).isEqualTo(RunStatus.COMPLETED);
    }
  }
}
