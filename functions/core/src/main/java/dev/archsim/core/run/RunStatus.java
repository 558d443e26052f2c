package dev.archsim.core.run;

/**
 * Life of a run: QUEUED → RUNNING (its first shard is recorded) → AGGREGATING → COMPLETED; FAILED
 * or CANCELLED from any non-terminal state. Which change is allowed from where is one table, {@link
 * RunTransition}, that every store applies.
 */
public enum RunStatus {
  QUEUED,
  RUNNING,
  AGGREGATING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
