package dev.archsim.core.run;

/** No such run, or not one the caller may see. */
public class RunNotFoundException extends RuntimeException {
  public RunNotFoundException(String runId) {
    super("run " + runId + " not found");
  }
}
