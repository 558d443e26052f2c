package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.optimize.OptimizationPlan;
import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.ReconcileOptimizations;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.optimize.Waiting;
import dev.archsim.core.run.CompleteRun;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.InMemoryOptimizationStore;
import dev.archsim.local.adapters.InMemoryRunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The optimisations' reconciler on the embedded stores, with a clock the test moves and a queue
 * that keeps what it is given (a message the test does not hand to a worker is lost): it leaves an
 * optimisation alone while its evaluations are being simulated, enqueues again the shards whose
 * messages expired, fails an evaluation whose shards expired twice, and asks for the step of an
 * optimisation whose evaluations have all ended.
 */
class ReconcileOptimizationsTest {
  static final Duration RETENTION = Duration.ofDays(4);

  final ReconcileRunsTest.Manual clock = new ReconcileRunsTest.Manual();
  final InMemoryRunStore runs = new InMemoryRunStore();
  final InMemoryOptimizationStore store = new InMemoryOptimizationStore();
  final ScenarioCodec codec = new ScenarioCodec();
  final List<ShardTask> queued = new ArrayList<>();
  final ShardQueue queue = queued::addAll;

  /** The steps asked for (none is taken unless the test takes it). */
  final List<String> steps = new ArrayList<>();

  final CompleteRun complete =
      new CompleteRun(
          runs, codec, clock, () -> UUID.randomUUID().toString(), Duration.ofMinutes(5));
  final ProcessShard process = new ProcessShard(runs, new Simulator(), complete, clock);
  final RunOptimization optimizations =
      new RunOptimization(
          runs,
          queue,
          store,
          steps::add,
          codec,
          clock,
          () -> UUID.randomUUID().toString(),
          new RunOptimization.Settings(Duration.ofDays(30), 200_000, Double.MAX_VALUE));
  final ReconcileRuns runReconciler =
      new ReconcileRuns(
          runs,
          queue,
          complete,
          codec,
          clock,
          new ReconcileRuns.Settings(
              SubmitRun.ENQUEUE_GRACE, Duration.ofHours(1), RETENTION, 3, 100));
  final ReconcileOptimizations reconciler =
      new ReconcileOptimizations(
          store,
          runs,
          steps::add,
          runReconciler,
          clock,
          new ReconcileOptimizations.Settings(Duration.ofMinutes(5), 100));

  {
    complete.followedBy(optimizations.followUp());
  }

  /** Racing over 15 designs, 20 trials, a screen of 2: the first step asks for 15 runs. */
  String submitAndTakeFirstStep() {
    OptimizationPlan plan =
        OptimizationPlan.read(
                codec,
                OptimizationPipelineTest.read(
                    OptimizationPipelineTest.fleet(OptimizationPipelineTest.FIFTEEN, 20)),
                new OptimizationPlan.Options("racing", 20, 2, null, null, null, null),
                n -> n,
                200_000,
                Double.MAX_VALUE,
                1)
            .plan()
            .orElseThrow();
    String id = optimizations.submit("alice", plan, List.of()).id();
    assertThat(steps).containsExactly(id);
    steps.clear();
    optimizations.step(id);
    return id;
  }

  void process(List<ShardTask> tasks) {
    tasks.forEach(process::process);
  }

  @Test
  void anOptimizationWhoseEvaluationsAreStillBeingSimulatedIsLeftAlone() {
    String id = submitAndTakeFirstStep();
    OptimizationRecord o = store.find(id).orElseThrow();
    assertThat(o.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(Waiting.fromJson(o.waitingJson()).evaluations()).hasSize(15);
    assertThat(queued).hasSize(15);

    assertThat(reconciler.reconcile().examined()).as("a step just ran").isZero();
    clock.pass(Duration.ofMinutes(10));
    ReconcileOptimizations.Report r = reconciler.reconcile();
    assertThat(r.examined()).isEqualTo(1);
    assertThat(r.stuck()).as("its 15 evaluations are on the queue").isZero();
    assertThat(steps).isEmpty();
  }

  @Test
  void expiredShardsAreEnqueuedAgainThenTheEvaluationFailsAndTheOptimizationWithIt() {
    String id = submitAndTakeFirstStep();
    List<ShardTask> first = List.copyOf(queued);
    queued.clear(); // every message lost
    clock.pass(Duration.ofDays(1));
    assertThat(reconciler.reconcile().stuck()).as("the messages may still be queued").isZero();

    clock.pass(RETENTION);
    ReconcileOptimizations.Report r = reconciler.reconcile();
    assertThat(r.requeued()).isEqualTo(15);
    assertThat(r.redriven()).isZero();
    assertThat(queued).containsExactlyInAnyOrderElementsOf(first);

    // 14 are simulated this time, one is lost again
    List<ShardTask> again = List.copyOf(queued);
    queued.clear();
    process(again.subList(0, 14));
    assertThat(steps).as("each completed evaluation asks for a step").hasSize(14);
    steps.clear(); // and those are lost too
    clock.pass(RETENTION.plusMinutes(1));
    r = reconciler.reconcile();
    assertThat(r.failed()).isEqualTo(1);
    assertThat(runs.find(again.get(14).runId()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);

    // next pass: nothing is going any more, so the step is asked for, and it fails the search
    r = reconciler.reconcile();
    assertThat(r.redriven()).isEqualTo(1);
    assertThat(steps).containsExactly(id);
    optimizations.step(id);
    OptimizationRecord failed = store.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.failureReason()).contains(again.get(14).runId()).contains("never recorded");
    assertThat(reconciler.reconcile().examined()).isZero();
  }

  @Test
  void anOptimizationWhoseStepWasLostAfterItsEvaluationsEndedIsSteppedAgain() {
    String id = submitAndTakeFirstStep();
    process(List.copyOf(queued));
    queued.clear();
    assertThat(steps).hasSize(15);
    steps.clear(); // every step message lost
    assertThat(store.find(id).orElseThrow().trialsDone()).isZero();

    clock.pass(Duration.ofMinutes(6));
    ReconcileOptimizations.Report r = reconciler.reconcile();
    assertThat(r.redriven()).isEqualTo(1);
    assertThat(steps).containsExactly(id);
    optimizations.step(id);
    // the search went on: its screen is recorded (15 designs × 2 trials) and it waits for the race
    OptimizationRecord o = store.find(id).orElseThrow();
    assertThat(o.trialsDone()).isEqualTo(30);
    assertThat(queued).isNotEmpty();
    assertThat(reconciler.reconcile().examined()).as("a step just ran").isZero();
  }

  @Test
  void anOptimizationWhoseFirstStepWasLostIsSteppedOnceIdle() {
    OptimizationPlan plan =
        OptimizationPlan.read(
                codec,
                OptimizationPipelineTest.read(
                    OptimizationPipelineTest.fleet(OptimizationPipelineTest.FIFTEEN, 20)),
                OptimizationPlan.Options.DEFAULTS,
                n -> n,
                200_000,
                Double.MAX_VALUE,
                1)
            .plan()
            .orElseThrow();
    String id = optimizations.submit("alice", plan, List.of()).id();
    steps.clear(); // lost
    clock.pass(Duration.ofMinutes(4));
    assertThat(reconciler.reconcile().examined()).isZero();
    clock.pass(Duration.ofMinutes(2));
    assertThat(reconciler.reconcile().redriven()).isEqualTo(1);
    assertThat(steps).containsExactly(id);
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
  }
}
