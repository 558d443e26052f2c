package dev.archsim.core.run;

/** Life of a run: QUEUED → AGGREGATING → COMPLETED, or FAILED from any non-terminal state. */
public enum RunStatus {
  QUEUED,
  AGGREGATING,
  COMPLETED,
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }
}
