package dev.archsim.core.run;

/**
 * Publish RunCompleted / RunFailed when a run's status changes to a terminal one. Fed by the run
 * table's change stream (or the in-memory store's listener), so each transition publishes once.
 */
public final class PublishRunOutcome {
  private final CompletionPublisher publisher;

  public PublishRunOutcome(CompletionPublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * @return true when an event was published for this change
   */
  public boolean onChange(RunStatus before, RunRecord after) {
    if (after == null || !after.status().isTerminal() || after.status() == before) {
      return false;
    }
    if (dev.archsim.core.optimize.RunOptimization.parentOf(after).isPresent()) {
      return false; // an optimisation's evaluation: its caller follows the optimisation
    }
    publisher.publish(RunEvent.of(after));
    return true;
  }
}
