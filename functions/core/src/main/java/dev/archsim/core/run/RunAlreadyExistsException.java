package dev.archsim.core.run;

/** A run with this id exists already. */
public class RunAlreadyExistsException extends RuntimeException {
  public RunAlreadyExistsException(String runId) {
    super("run " + runId + " exists already");
  }
}
