package dev.archsim.engine.findings;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * What can be seen of a stage without simulating it: single points of failure, quota breaches,
 * security posture, load against capacity, and the Well-Architected checklist (the lens seed 003
 * ends with).
 */
public final class StaticAnalyzer {
  private StaticAnalyzer() {}

  public static List<Finding> analyze(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    List<Finding> out = new ArrayList<>();
    Architecture a = stage.architecture();
    for (Components.Present<?> c : Components.in(a, Components.listed())) {
      c.findings(scenario, stage, out);
    }
    Components.findings(Components.aroundThePath(), scenario, stage, out);
    return List.copyOf(out);
  }

  /**
   * The findings of a stage that has been simulated: the static ones ({@link #analyze(Scenario,
   * int)}), then those that read its bill ({@link Components.Present#billFindings}).
   */
  public static List<Finding> analyze(Scenario scenario, int stageIndex, Bill bill) {
    Stage stage = scenario.stage(stageIndex);
    List<Finding> out = new ArrayList<>(analyze(scenario, stageIndex));
    List<Components.Present<?>> present =
        new ArrayList<>(Components.in(stage.architecture(), Components.listed()));
    present.addAll(Components.in(stage.architecture(), Components.aroundThePath()));
    for (Components.Present<?> c : present) {
      c.billFindings(scenario, stage, bill, out);
    }
    return List.copyOf(out);
  }

  /** The Well-Architected checklist of a stage, five pillars. */
  public static List<PillarCheck> wellArchitected(Scenario scenario, int stageIndex) {
    Stage stage = scenario.stage(stageIndex);
    List<PillarCheck> out = new ArrayList<>();
    Architecture a = stage.architecture();
    Components.checks(Components.listed(), scenario, stage, out);
    out.addAll(DataTierFindings.checks(scenario, stage));
    Components.checks(Components.aroundThePath(), a, out);
    return List.copyOf(out);
  }
}
