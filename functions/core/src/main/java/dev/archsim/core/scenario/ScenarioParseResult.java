package dev.archsim.core.scenario;

import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import java.util.Optional;

/**
 * A parsed scenario, or why not. {@code violations} holds every problem found: errors when the
 * scenario was rejected, warnings (e.g. an Elastic IP quota breach) when it was accepted.
 */
public record ScenarioParseResult(Optional<Scenario> scenario, List<Violation> violations) {
  public ScenarioParseResult {
    violations = List.copyOf(violations);
  }

  static ScenarioParseResult accepted(Scenario scenario, List<Violation> warnings) {
    return new ScenarioParseResult(Optional.of(scenario), warnings);
  }

  static ScenarioParseResult rejected(List<Violation> violations) {
    return new ScenarioParseResult(Optional.empty(), violations);
  }

  public boolean isValid() {
    return scenario.isPresent();
  }

  public List<Violation> errors() {
    return ofKind(true);
  }

  public List<Violation> warnings() {
    return ofKind(false);
  }

  /** The errors or the warnings, in order (a loop: a lambda's class is spun at its first call). */
  private List<Violation> ofKind(boolean errors) {
    List<Violation> out = new java.util.ArrayList<>();
    for (Violation v : violations) {
      if (v.isError() == errors) {
        out.add(v);
      }
    }
    return java.util.Collections.unmodifiableList(out);
  }

  /** The scenario, or a {@link ScenarioRejectedException} listing every error. */
  public Scenario orThrow() {
    return scenario.orElseThrow(() -> new ScenarioRejectedException(errors()));
  }
}
