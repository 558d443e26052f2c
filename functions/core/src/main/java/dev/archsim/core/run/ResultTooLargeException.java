package dev.archsim.core.run;

/**
 * The store cannot hold a run's result, even compressed: completing the run again cannot succeed,
 * so {@link CompleteRun} fails it for good with this reason.
 */
public final class ResultTooLargeException extends RuntimeException {
  public ResultTooLargeException(String message) {
    super(message);
  }
}
