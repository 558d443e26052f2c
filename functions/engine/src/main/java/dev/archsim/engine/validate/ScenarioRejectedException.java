package dev.archsim.engine.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a scenario has errors; carries every violation, never just the first. */
public class ScenarioRejectedException extends RuntimeException {
  private final List<Violation> violations;

  public ScenarioRejectedException(List<Violation> violations) {
    super(
        "scenario rejected: "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
