package dev.archsim.engine.model;

import java.util.Objects;

/**
 * One evolution step of the architecture, simulated on its own and compared with the previous.
 * {@code workload} and {@code faults} are null when the stage inherits the scenario's.
 */
public record Stage(
    String name, String description, Workload workload, Architecture architecture, Faults faults) {
  public Stage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    description = description == null ? "" : description;
  }
}
