package dev.archsim.engine.findings;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import java.util.ArrayList;
import java.util.List;

/** Findings and Well-Architected checks of the data tier and the edge. */
final class DataTierFindings {
  private DataTierFindings() {}

  static List<Finding> findings(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    Database db = a.database();
    List<Finding> out = new ArrayList<>();
    if (db != null && db.relational()) {
      String c = "database:" + db.engine().id();
      boolean survivesAz =
          db.engine() == Database.Engine.AURORA ? db.readReplicas() > 0 : db.multiAz();
      if (!survivesAz) {
        out.add(
            new Finding(
                "single-point-of-failure",
                "high",
                c,
                db.engine() == Database.Engine.AURORA
                    ? "Aurora without a replica: a writer failure takes up to 10 minutes to recover"
                    : "single-AZ database: a failure takes ~10 minutes, an AZ outage stops it for"
                        + " the whole outage (Multi-AZ fails over in 60-120 s)"));
      }
      if (db.readReplicas() > 0 && !db.multiAz() && db.engine() == Database.Engine.RDS) {
        out.add(
            new Finding(
                "reliability",
                "medium",
                c,
                "read replicas scale reads but are not a standby: a writer failure needs a manual"
                    + " promotion and loses the replication lag"));
      }
    }
    return out;
  }

  static List<PillarCheck> checks(Scenario scenario, Stage stage) {
    Architecture a = stage.architecture();
    Database db = a.database();
    List<PillarCheck> out = new ArrayList<>();
    if (db != null) {
      boolean survivesAz =
          !db.relational()
              || (db.engine() == Database.Engine.AURORA ? db.readReplicas() > 0 : db.multiAz());
      out.add(
          new PillarCheck(
              "reliability", "the database survives an AZ loss (Multi-AZ)", survivesAz));
      out.add(
          new PillarCheck(
              "performance efficiency",
              "reads are offloaded (cache or read replicas)",
              a.cache() != null || db.readReplicas() > 0 || !db.relational()));
    }
    if (db != null || a.cdn() != null || a.dr() != null) {
      out.add(
          new PillarCheck(
              "performance efficiency", "static content served at the edge", a.cdn() != null));
    }
    return out;
  }
}
