package dev.archsim.worker;

/** What the worker reports per invocation: shards by outcome, their time, failures. */
public interface ShardMetrics {
  /** A shard was handled with {@code outcome} (RECORDED, DUPLICATE, SKIPPED). */
  void shard(String outcome, int trials, long millis);

  /** A message failed and will be retried (or dead-lettered). */
  void failure();

  /** A dead-lettered shard failed its run. */
  void runFailed();

  /**
   * What a reconciler pass did: {@code StuckRuns} (the runs it had to move), and by action. Sent
   * with the next {@link #flush}.
   */
  default void reconciled(dev.archsim.core.run.ReconcileRuns.Report report) {}

  /**
   * What a pass of the optimisations' reconciler did: {@code StuckOptimizations} (the optimisations
   * and evaluations it had to move), and by action. Sent with the next {@link #flush}.
   */
  default void reconciled(dev.archsim.core.optimize.ReconcileOptimizations.Report report) {}

  /** Sends what was recorded during this invocation. */
  void flush();

  /**
   * Loads and exercises what a flush needs without sending anything: called by the warm-up that
   * runs during a SnapStart or provisioned initialisation.
   */
  default void warmUp() {}

  ShardMetrics NONE =
      new ShardMetrics() {
        @Override
        public void shard(String outcome, int trials, long millis) {}

        @Override
        public void failure() {}

        @Override
        public void runFailed() {}

        @Override
        public void flush() {}
      };
}
