package dev.archsim.engine.findings;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import java.util.ArrayList;
import java.util.List;

/** The Well-Architected check of the edge across the stage (static content at the edge). */
final class DataTierFindings {
  private DataTierFindings() {}

  static List<PillarCheck> checks(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    Database db = a.database();
    List<PillarCheck> out = new ArrayList<>();
    if (db != null || a.cdn() != null || a.dr() != null) {
      out.add(
          new PillarCheck(
              "performance efficiency", "static content served at the edge", a.cdn() != null));
    }
    return out;
  }
}
