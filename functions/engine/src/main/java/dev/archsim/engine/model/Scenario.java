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
    Pricing pricing,
    List<Integer> stageNumbers) {

  public static final int CURRENT_VERSION = 1;

  /**
   * {@code stageNumbers}: each stage's position in the scenario as written (0 for the first), which
   * keys its trials' random streams, so a stage simulated alone ({@link #onlyStages}) draws what it
   * draws in a run of the whole file; null for the stages in the file's order.
   */
  public Scenario {
    Objects.requireNonNull(run, "run");
    objectives = objectives == null ? Objectives.NONE : objectives;
    stages = List.copyOf(stages);
    description = description == null ? "" : description;
    pricing = pricing == null ? Pricing.NONE : pricing;
    if (stageNumbers == null || stageNumbers.size() != stages.size()) {
      stageNumbers = java.util.stream.IntStream.range(0, stages.size()).boxed().toList();
    } else {
      stageNumbers = List.copyOf(stageNumbers);
    }
  }

  /** A scenario whose stages are in the file's order. */
  public Scenario(
      int version,
      String name,
      String description,
      RunSettings run,
      Objectives objectives,
      Workload workload,
      Faults faults,
      List<Stage> stages,
      Pricing pricing) {
    this(version, name, description, run, objectives, workload, faults, stages, pricing, null);
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

  /** The position in the scenario as written of the stage at {@code index} (its random streams). */
  public int stageNumber(int index) {
    return stageNumbers.get(index);
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
        version,
        name,
        description,
        newRun,
        objectives,
        workload,
        faults,
        stages,
        pricing,
        stageNumbers);
  }

  /** The same scenario with other stages (numbered in their new order). */
  public Scenario withStages(List<Stage> newStages) {
    return new Scenario(
        version, name, description, run, objectives, workload, faults, newStages, pricing);
  }

  /**
   * The same scenario with only the stages named, in the scenario's order, each keeping its number
   * (and so its random streams: the same seed gives a stage the same trials alone as in the file).
   */
  public Scenario onlyStages(java.util.Collection<String> names) {
    List<Stage> kept = new java.util.ArrayList<>();
    List<Integer> numbers = new java.util.ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      if (names.contains(stages.get(i).name())) {
        kept.add(stages.get(i));
        numbers.add(stageNumbers.get(i));
      }
    }
    return new Scenario(
        version, name, description, run, objectives, workload, faults, kept, pricing, numbers);
  }

  /**
   * The same scenario with only the stages at these places in the scenario as written (0 for the
   * first: {@link #stageNumber}), in the scenario's order, each keeping its number. A place no
   * stage has is ignored.
   */
  public Scenario onlyStagesAt(java.util.Collection<Integer> places) {
    List<Stage> kept = new java.util.ArrayList<>();
    List<Integer> numbers = new java.util.ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      if (places.contains(stageNumbers.get(i))) {
        kept.add(stages.get(i));
        numbers.add(stageNumbers.get(i));
      }
    }
    return new Scenario(
        version, name, description, run, objectives, workload, faults, kept, pricing, numbers);
  }

  /** The same scenario with other default faults for the stages that have none. */
  public Scenario withFaults(Faults newFaults) {
    return new Scenario(
        version,
        name,
        description,
        run,
        objectives,
        workload,
        newFaults,
        stages,
        pricing,
        stageNumbers);
  }

  public Scenario withObjectives(Objectives newObjectives) {
    return new Scenario(
        version,
        name,
        description,
        run,
        newObjectives,
        workload,
        faults,
        stages,
        pricing,
        stageNumbers);
  }

  public Scenario withPricing(Pricing newPricing) {
    return new Scenario(
        version,
        name,
        description,
        run,
        objectives,
        workload,
        faults,
        stages,
        newPricing,
        stageNumbers);
  }
}
