package dev.archsim.core.optimize;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where optimisations live (their evaluations are runs, in the {@link
 * dev.archsim.core.run.RunStore}). Every change is conditional on the optimisation being open
 * (QUEUED or RUNNING), so a step retried or run twice at once cannot undo a cancel or overwrite an
 * answer; both adapters pass {@code OptimizationStoreContract}.
 */
public interface OptimizationStore {
  /**
   * Stores a new optimisation.
   *
   * @throws dev.archsim.core.run.RunAlreadyExistsException when the id is taken
   * @throws dev.archsim.core.run.ScenarioTooLargeException when the store cannot hold its request
   */
  void create(OptimizationRecord optimization);

  Optional<OptimizationRecord> find(String id);

  /**
   * Records progress: RUNNING with {@code trialsDone}, if open and {@code trialsDone} is not below
   * what is recorded (a late step of an earlier round does not move it back).
   *
   * @return false when absent or terminal
   */
  default boolean progress(String id, long trialsDone, Instant now) {
    return progress(id, trialsDone, null, now);
  }

  /**
   * The same, with the evaluations the step waits for ({@link Waiting#toJson}; null: none), stored
   * under the same condition: a late step of an earlier batch does not replace them.
   */
  boolean progress(String id, long trialsDone, String waitingJson, Instant now);

  /**
   * The optimisations still open (QUEUED or RUNNING) that nothing has changed since {@code
   * quietSince} (their {@link OptimizationRecord#updatedAt} is before it), oldest first (by
   * creation), at most {@code limit}: what the reconciler looks at ({@link
   * ReconcileOptimizations}).
   */
  List<OptimizationRecord> idle(Instant quietSince, int limit);

  /**
   * Stores the answer and COMPLETED, if open.
   *
   * @throws dev.archsim.core.run.ResultTooLargeException when the store cannot hold the answer:
   *     nothing is written
   * @return false when absent or terminal (another step completed it, or it was cancelled)
   */
  boolean complete(String id, long trialsDone, String resultJson, Instant now);

  /** FAILED with the reason, if open. @return false when absent or terminal */
  boolean fail(String id, String reason, Instant now);

  /** CANCELLED, if open. @return false when absent or terminal (cancelled included) */
  boolean cancel(String id, Instant now);
}
