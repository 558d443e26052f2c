package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueException;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.InMemoryRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reconciler on the embedded store: each kind of stuck run, and the runs it must leave. */
class ReconcileRunsTest {
  /** A clock the test moves. */
  static final class Manual extends Clock {
    Instant now = Instant.parse("2026-11-30T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    void pass(Duration d) {
      now = now.plus(d);
    }
  }

  static final Duration RETENTION = Duration.ofDays(4);

  final Manual clock = new Manual();
  final InMemoryRunStore memory = new InMemoryRunStore();
  final AtomicBoolean claimsDie = new AtomicBoolean();

  /** The store, where a worker dies (throws) when it claims an aggregation while claimsDie. */
  final RunStore store =
      Workers.watched(
          memory,
          (method, args) -> {
            if (method.getName().equals("tryClaimAggregation") && claimsDie.get()) {
              throw new IllegalStateException("worker died before claiming");
            }
          });

  final ScenarioCodec codec = new ScenarioCodec();
  final CompleteRun complete =
      new CompleteRun(
          store, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(5));
  final ProcessShard process = new ProcessShard(store, new Simulator(), complete, clock);

  /** What reached the queue. */
  final List<ShardTask> queued = new ArrayList<>();

  /** Refuses every task after the first {@code accepting} of a call while {@code refusing}. */
  final AtomicInteger accepting = new AtomicInteger(Integer.MAX_VALUE);

  final ShardQueue queue =
      tasks -> {
        int n = Math.min(tasks.size(), accepting.get());
        queued.addAll(tasks.subList(0, n));
        if (n < tasks.size()) {
          throw new ShardQueueException(
              (tasks.size() - n) + " shard message(s) could not be sent: queue unavailable", null);
        }
      };

  final ReconcileRuns reconciler =
      new ReconcileRuns(
          store,
          queue,
          complete,
          codec,
          clock,
          new ReconcileRuns.Settings(
              SubmitRun.ENQUEUE_GRACE, Duration.ofHours(1), RETENTION, 3, 100));

  String submit() {
    return new SubmitRun(
            store,
            queue,
            codec,
            clock,
            () -> UUID.randomUUID().toString(),
            new SubmitRun.Settings(3, Duration.ofDays(30), 100))
        .submit(new SubmitRun.Request("alice", LocalPipelineTest.SCENARIO, null, null, null))
        .runId();
  }

  void processQueued() {
    List<ShardTask> tasks = new ArrayList<>(queued);
    queued.clear();
    for (ShardTask t : tasks) {
      try {
        process.process(t);
      } catch (RuntimeException e) {
        // the message would come back; these tests drop it (as if it expired)
      }
    }
  }

  @Test
  void aRunWhoseLastWorkerDiedBeforeCompletingIsCompleted() {
    String id = submit();
    claimsDie.set(true);
    processQueued();
    RunRecord stuck = memory.find(id).orElseThrow();
    assertThat(stuck.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(stuck.completedShards()).isEqualTo(8);
    claimsDie.set(false);
    assertThat(reconciler.reconcile().stuck()).as("inside the grace period").isZero();
    clock.pass(Duration.ofMinutes(2));
    ReconcileRuns.Report r = reconciler.reconcile();
    assertThat(r.completed()).isEqualTo(1);
    assertThat(r.stuck()).isEqualTo(1);
    assertThat(memory.find(id).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(reconciler.reconcile().examined()).isZero();
  }

  @Test
  void aSubmissionTheQueueRefusedHalfwayIsAcceptedAndEnqueuedByTheReconciler() {
    accepting.set(3);
    String id = submit(); // no exception: the run is stored and accepted
    assertThat(queued).hasSize(3);
    assertThat(memory.marks(id)).doesNotContain(SubmitRun.ENQUEUED);
    accepting.set(Integer.MAX_VALUE);
    clock.pass(Duration.ofSeconds(30));
    assertThat(reconciler.reconcile().enqueued())
        .as("the submission may still be enqueueing")
        .isZero();
    clock.pass(Duration.ofSeconds(31));
    assertThat(reconciler.reconcile().enqueued()).isEqualTo(1);
    assertThat(memory.marks(id)).contains(SubmitRun.ENQUEUED);
    assertThat(queued).hasSize(3 + 8); // every shard again: the first three are duplicates
    processQueued();
    RunRecord done = memory.find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.completedShards()).isEqualTo(8);
    assertThat(reconciler.reconcile().stuck()).isZero();
  }

  @Test
  void aRunThatCannotBeEnqueuedForAnHourFailsWithTheQueuesError() {
    accepting.set(0);
    String id = submit();
    clock.pass(Duration.ofMinutes(5));
    ReconcileRuns.Report tried = reconciler.reconcile();
    assertThat(tried.stuck()).isZero();
    assertThat(memory.find(id).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    clock.pass(Duration.ofHours(1));
    assertThat(reconciler.reconcile().failed()).isEqualTo(1);
    RunRecord failed = memory.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.failureReason())
        .contains("could not be enqueued for 60 minutes")
        .contains("queue unavailable");
    assertThat(failed.redrivable()).isFalse();
  }

  @Test
  void shardsMissingPastTheQueuesRetentionAreEnqueuedAgainOnceThenTheRunFails() {
    String id = submit();
    List<ShardTask> all = new ArrayList<>(queued);
    queued.clear();
    // five shards are recorded; the other three expire from the queue
    for (ShardTask t : all.subList(0, 5)) {
      process.process(t);
    }
    clock.pass(RETENTION.minusMinutes(1));
    assertThat(reconciler.reconcile().stuck()).as("their messages may still be queued").isZero();
    clock.pass(Duration.ofMinutes(2));
    assertThat(reconciler.reconcile().requeued()).isEqualTo(1);
    assertThat(queued).containsExactlyElementsOf(all.subList(5, 8));
    queued.clear(); // and they expire again
    clock.pass(RETENTION.plusMinutes(1));
    assertThat(reconciler.reconcile().failed()).isEqualTo(1);
    RunRecord failed = memory.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.failureReason())
        .contains("3 shard(s) (first: 5) were never recorded")
        .contains("expired from the queue");
  }

  @Test
  void requeuedShardsThatAreRecordedCompleteTheRun() {
    String id = submit();
    List<ShardTask> all = new ArrayList<>(queued);
    queued.clear();
    for (ShardTask t : all.subList(0, 6)) {
      process.process(t);
    }
    clock.pass(RETENTION.plusMinutes(1));
    assertThat(reconciler.reconcile().requeued()).isEqualTo(1);
    processQueued();
    assertThat(memory.find(id).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void healthyRunsAreLeftAlone() {
    String running = submit();
    List<ShardTask> all = new ArrayList<>(queued);
    queued.clear();
    process.process(all.get(0));
    // a run being aggregated under a live lease
    String aggregating = submit();
    queued.clear();
    for (int i = 0; i < 8; i++) {
      memory.recordShard(aggregating, i, "{}", clock.instant());
    }
    memory.tryClaimAggregation(aggregating, "w", clock.instant(), clock.instant().plusSeconds(600));
    clock.pass(Duration.ofMinutes(5));
    ReconcileRuns.Report r = reconciler.reconcile();
    assertThat(r.examined()).isEqualTo(2);
    assertThat(r.stuck()).isZero();
    assertThat(queued).isEmpty();
    assertThat(memory.find(running).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(memory.find(aggregating).orElseThrow().status()).isEqualTo(RunStatus.AGGREGATING);
  }
}
