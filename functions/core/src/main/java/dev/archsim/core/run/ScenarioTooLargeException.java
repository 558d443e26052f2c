package dev.archsim.core.run;

/** The run store cannot hold the scenario (a client mistake: the API answers 413). */
public class ScenarioTooLargeException extends RuntimeException {
  public ScenarioTooLargeException(String message) {
    super(message);
  }
}
