package dev.archsim.engine.findings;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import java.util.ArrayList;
import java.util.List;

/** Findings and Well-Architected checks of the edge and disaster recovery across the stage. */
final class DataTierFindings {
  private DataTierFindings() {}

  static List<Finding> findings(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    Database db = a.database();
    List<Finding> out = new ArrayList<>();
    if (a.dr() == null && (db != null || a.cdn() != null)) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "medium",
              "region:" + a.region(),
              "everything runs in one region: a region outage is a full outage (no DR strategy)"));
    }
    return out;
  }

  static List<PillarCheck> checks(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    Database db = a.database();
    List<PillarCheck> out = new ArrayList<>();
    if (db != null || a.cdn() != null || a.dr() != null) {
      out.add(
          new PillarCheck(
              "performance efficiency", "static content served at the edge", a.cdn() != null));
      out.add(
          new PillarCheck(
              "reliability", "a recovery plan for the loss of a region", a.dr() != null));
    }
    return out;
  }
}
