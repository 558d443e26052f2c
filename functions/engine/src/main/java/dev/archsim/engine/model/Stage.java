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

  /** The same stage with its own faults (null: the scenario's). */
  public Stage withFaults(Faults newFaults) {
    return new Stage(name, description, workload, architecture, newFaults);
  }

  /** The same stage with its own workload (null: the scenario's). */
  public Stage withWorkload(Workload newWorkload) {
    return new Stage(name, description, newWorkload, architecture, faults);
  }

  public Stage withArchitecture(Architecture newArchitecture) {
    return new Stage(name, description, workload, newArchitecture, faults);
  }
}
