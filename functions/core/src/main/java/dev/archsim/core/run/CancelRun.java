package dev.archsim.core.run;

import java.time.Clock;

/**
 * Cancel a run (its owner's {@code DELETE /runs/{id}}): the run turns CANCELLED, its shards not
 * simulated yet are skipped by the workers, and RunCancelled is published. Idempotent: cancelling a
 * cancelled run answers the run as it is.
 */
public final class CancelRun {
  private final RunStore store;
  private final GetRun get;
  private final Clock clock;

  public CancelRun(RunStore store, Clock clock) {
    this.store = store;
    this.get = new GetRun(store);
    this.clock = clock;
  }

  /**
   * @return the run, CANCELLED
   * @throws RunNotFoundException when the run is not the caller's
   * @throws RunFinishedException when it COMPLETED or FAILED for good before it could be cancelled
   */
  public RunRecord cancel(String owner, String runId) {
    get.get(owner, runId);
    store.cancel(runId, clock.instant());
    RunRecord after = get.get(owner, runId);
    if (after.status() != RunStatus.CANCELLED) {
      throw new RunFinishedException(after);
    }
    return after;
  }

  /** The run ended before it could be cancelled. */
  public static final class RunFinishedException extends RuntimeException {
    private final transient RunRecord run;

    public RunFinishedException(RunRecord run) {
      super(
          "run "
              + run.runId()
              + " is "
              + run.status()
              + "; only a QUEUED, RUNNING or AGGREGATING run can be cancelled");
      this.run = run;
    }

    public RunRecord run() {
      return run;
    }
  }
}
