package dev.archsim.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A whole scenario: run settings, objectives and one or more evolution stages. Each stage is a
 * complete architecture with its workload and faults; the scenario-level workload and faults are
 * the defaults a stage inherits when it does not give its own.
 */
public record Scenario(
    int version,
    String name,
    String description,
    RunSettings run,
    Objectives objectives,
    Workload workload,
    Faults faults,
    List<Stage> stages,
    Pricing pricing) {

  public static final int CURRENT_VERSION = 1;

  public Scenario {
    Objects.requireNonNull(run, "run");
    objectives = objectives == null ? Objectives.NONE : objectives;
    stages = List.copyOf(stages);
    description = description == null ? "" : description;
    pricing = pricing == null ? Pricing.NONE : pricing;
  }

  /** A scenario with the price book's prices (no private prices or discount). */
  public Scenario(
      int version,
      String name,
      String description,
      RunSettings run,
      Objectives objectives,
      Workload workload,
      Faults faults,
      List<Stage> stages) {
    this(version, name, description, run, objectives, workload, faults, stages, Pricing.NONE);
  }

  public Stage stage(int index) {
    return stages.get(index);
  }

  /** The stage's workload, or the scenario's default when the stage has none (null if neither). */
  public Workload workloadOf(Stage stage) {
    return stage.workload() != null ? stage.workload() : workload;
  }

  /** The stage's faults, or the scenario's default, or none. */
  public Faults faultsOf(Stage stage) {
    if (stage.faults() != null) {
      return stage.faults();
    }
    return faults != null ? faults : Faults.NONE;
  }

  /** The same scenario with other run settings (trials, seed overrides from the CLI or API). */
  public Scenario withRun(RunSettings newRun) {
    return new Scenario(
        version, name, description, newRun, objectives, workload, faults, stages, pricing);
  }

  /** The same scenario with other stages. */
  public Scenario withStages(List<Stage> newStages) {
    return new Scenario(
        version, name, description, run, objectives, workload, faults, newStages, pricing);
  }

  /** The same scenario with only the stages named, in the scenario's order. */
  public Scenario onlyStages(java.util.Collection<String> names) {
    return withStages(stages.stream().filter(s -> names.contains(s.name())).toList());
  }

  /** The same scenario with other default faults for the stages that have none. */
  public Scenario withFaults(Faults newFaults) {
    return new Scenario(
        version, name, description, run, objectives, workload, newFaults, stages, pricing);
  }

  public Scenario withObjectives(Objectives newObjectives) {
    return new Scenario(
        version, name, description, run, newObjectives, workload, faults, stages, pricing);
  }

  public Scenario withPricing(Pricing newPricing) {
    return new Scenario(
        version, name, description, run, objectives, workload, faults, stages, newPricing);
  }
}
