package dev.archsim.core.run;

/**
 * Told when a run ends by a worker's hand (completed, or failed by a dead-lettered shard), so that
 * what waits for it (an optimisation whose evaluation it is) takes its next step.
 */
@FunctionalInterface
public interface RunFollowUp {
  RunFollowUp NONE = run -> {};

  void ended(RunRecord run);
}
