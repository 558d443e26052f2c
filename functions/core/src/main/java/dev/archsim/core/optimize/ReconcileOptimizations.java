package dev.archsim.core.optimize;

import dev.archsim.core.run.ReconcileRuns;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.SubmitRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds optimisations that nothing will advance any more and advances them: run on the same
 * schedule as the runs' reconciler ({@link ReconcileRuns}: an EventBridge schedule on AWS, a thread
 * locally). An optimisation advances only by steps, and a step is asked for when one of its
 * evaluation runs ends; if that message is lost (the queue refused it after the run was stored
 * COMPLETED, the worker died between the two, or the step failed past its retries before it could
 * say so), the optimisation would stay RUNNING for ever. For each optimisation still open whose
 * last step is older than {@link Settings#idle}:
 *
 * <ul>
 *   <li>every evaluation its last step waits for ({@link Waiting}) has ended, is gone, or was never
 *       enqueued (or it never took a step): its step was lost, so one is asked for again;
 *   <li>an evaluation still open whose shards' messages have outlived the queue's retention: its
 *       missing shards are enqueued again, once, then the run is failed ({@link
 *       ReconcileRuns#requeueExpired}; the failure reaches the optimisation at its next step).
 * </ul>
 *
 * A step is idempotent (it takes the search again from the start over what is recorded; runs,
 * shards and the answer are written once), so a step asked for twice, or by two reconcilers at
 * once, does no harm: the answer is the one the lost step would have given.
 */
public final class ReconcileOptimizations {

  /**
   * @param idle how long an optimisation goes without a step before it is looked at (longer than a
   *     step takes)
   * @param perPass the most optimisations one pass looks at (oldest first)
   */
  public record Settings(Duration idle, int perPass) {
    /** Five minutes, 100 a pass. */
    public static final Settings DEFAULT = new Settings(Duration.ofMinutes(5), 100);
  }

  /**
   * What one pass did: {@code redriven} optimisations had their step asked for again, {@code
   * requeued} evaluation runs their expired shards enqueued again, {@code failed} evaluation runs
   * were failed; {@code errors} optimisations could not be looked at this time (the next pass tries
   * again).
   */
  public record Report(int examined, int redriven, int requeued, int failed, int errors) {
    /** The optimisations or evaluations it had to move. */
    public int stuck() {
      return redriven + requeued + failed;
    }
  }

  private final OptimizationStore store;
  private final RunStore runs;
  private final OptimizationSteps steps;
  private final ReconcileRuns runReconciler;
  private final Clock clock;
  private final Settings settings;

  /**
   * @param runReconciler re-enqueues an evaluation's expired shards as it does any run's
   */
  public ReconcileOptimizations(
      OptimizationStore store,
      RunStore runs,
      OptimizationSteps steps,
      ReconcileRuns runReconciler,
      Clock clock,
      Settings settings) {
    this.store = store;
    this.runs = runs;
    this.steps = steps;
    this.runReconciler = runReconciler;
    this.clock = clock;
    this.settings = settings;
  }

  /** One pass over the open optimisations without a step for {@link Settings#idle}. */
  public Report reconcile() {
    Instant now = clock.instant();
    int examined = 0;
    int redriven = 0;
    int requeued = 0;
    int failed = 0;
    int errors = 0;
    for (OptimizationRecord o : store.idle(now.minus(settings.idle()), settings.perPass())) {
      examined++;
      try {
        Waiting waiting = Waiting.fromJson(o.waitingJson());
        boolean stillGoing = false;
        for (Waiting.Evaluation e : waiting.evaluations()) {
          String runId = e.runId(o.id());
          Optional<RunRecord> run = runs.find(runId);
          if (run.isEmpty() || !run.get().open()) {
            continue; // ended (or gone): the step reads it
          }
          if (!runs.marks(runId).contains(SubmitRun.ENQUEUED)) {
            continue; // never enqueued: the step enqueues it
          }
          stillGoing = true;
          switch (runReconciler.requeueExpired(run.get(), waiting.shards(runId, e), now)) {
            case REQUEUED -> requeued++;
            case FAILED -> failed++;
            default -> {}
          }
        }
        if (!stillGoing) {
          steps.enqueue(o.id());
          redriven++;
        }
      } catch (RuntimeException e) {
        errors++;
      }
    }
    return new Report(examined, redriven, requeued, failed, errors);
  }
}
