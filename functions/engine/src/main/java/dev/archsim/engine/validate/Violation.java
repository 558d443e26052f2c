package dev.archsim.engine.validate;

/**
 * One problem in a scenario: where (a JSON path such as {@code $.stages[0].architecture.azs}), what
 * is wrong, and whether it rejects the scenario ({@link Severity#ERROR}) or is a lesson the user
 * may want to see ({@link Severity#WARNING}).
 */
public record Violation(String path, String message, Severity severity) {

  public static Violation error(String path, String message) {
    return new Violation(path, message, Severity.ERROR);
  }

  public static Violation warning(String path, String message) {
    return new Violation(path, message, Severity.WARNING);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }

  /** Rejects, or only warns. */
  public enum Severity {
    ERROR,
    WARNING
  }
}
