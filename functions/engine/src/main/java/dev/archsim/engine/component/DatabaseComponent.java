package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The database at the end of the request path, of each kind AWS offers a web stack: RDS (single-AZ
 * or Multi-AZ, with read replicas), Aurora (a writer and replicas on a shared cluster volume) and
 * DynamoDB (on demand or provisioned, global tables). RDS Proxy shortens failovers; a global
 * database replicates its writes to another region. The kinds' trial stages are {@link DbCluster}
 * and {@link DynamoDbTable}.
 */
public final class DatabaseComponent implements Component<Database> {
  /** Aurora Serverless v2 capacity, per ACU-hour. */
  public static final String AURORA_SERVERLESS_V2_ACU_HOUR = "aurora.serverless-v2.acu-hour";

  /** RDS and Aurora allow up to 15 read replicas. */
  public static final int MAX_READ_REPLICAS = 15;

  /** UNSOURCED assumption: bytes replicated across regions per database write. */
  public static final double BYTES_PER_WRITE = 1024;

  /** RDS Proxy: "reduce failover times by up to 66%" (AWS-FACTS §8), taken at its best. */
  public static final double PROXY_FAILOVER_FACTOR = 0.34;

  @Override
  public List<String> priceKeys() {
    return List.of(AURORA_SERVERLESS_V2_ACU_HOUR);
  }

  @Override
  public String section() {
    return "database";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return Database.DEFAULTS.entries();
  }

  @Override
  public Database read(Section d) {
    Database.Engine engine = Database.Engine.fromId(d.text("engine", "rds"));
    Section serverless = d.has("serverless") ? d.object("serverless") : null;
    Section cap = d.has("capacity") ? d.object("capacity") : null;
    return new Database(
        engine,
        d.text("instanceClass", serverless != null ? Database.ServerlessV2.INSTANCE_CLASS : null),
        d.bool("multiAz", Database.DEFAULT_MULTI_AZ),
        d.integer("readReplicas", Database.DEFAULT_READ_REPLICAS),
        d.number("replicaLagSeconds", Database.DEFAULT_REPLICA_LAG_SECONDS),
        d.bool("proxy", Database.DEFAULT_PROXY),
        d.text("primaryAz"),
        d.number("queriesPerSecondPerVcpu", Database.DEFAULT_QUERIES_PER_SECOND_PER_VCPU),
        d.number(
            "queryMs",
            engine == Database.Engine.DYNAMODB
                ? Database.DEFAULT_DYNAMODB_QUERY_MS
                : Database.DEFAULT_RDS_QUERY_MS),
        cap == null
            ? null
            : new Database.DynamoCapacity(
                !"provisioned".equals(cap.text("mode", "")),
                cap.number("readUnits", 0),
                cap.number("writeUnits", 0)),
        d.bool("global", Database.DEFAULT_GLOBAL),
        d.number("promotionMinutes"),
        d.number("storageGb", Database.DEFAULT_STORAGE_GB),
        serverless == null
            ? null
            : new Database.ServerlessV2(
                serverless.number("minAcu", 0), serverless.number("maxAcu", 0)));
  }

  @Override
  public void rules(Database d, Architecture a, String path, List<Violation> out) {
    if (d.serverlessV2() || Database.ServerlessV2.INSTANCE_CLASS.equals(d.instanceClass())) {
      serverlessRules(d, path, out);
    }
    if (d.relational()) {
      if (!d.serverlessV2()
          && !Database.ServerlessV2.INSTANCE_CLASS.equals(d.instanceClass())
          && CatalogRules.dbClass(d.instanceClass(), path + ".instanceClass", out)
          && d.engine() == Database.Engine.AURORA
          && !Services.dbClass(d.instanceClass()).get().aurora()) {
        out.add(
            Violation.error(path + ".instanceClass", "Aurora does not offer " + d.instanceClass()));
      }
      if (d.readReplicas() < 0 || d.readReplicas() > MAX_READ_REPLICAS) {
        out.add(
            Violation.error(
                path + ".readReplicas",
                "must be in [0, " + MAX_READ_REPLICAS + "]; found " + d.readReplicas()));
      }
      Ranges.positive(d.queriesPerSecondPerVcpu(), path + ".queriesPerSecondPerVcpu", out);
      if (d.capacity() != null) {
        out.add(
            Violation.error(
                path + ".capacity",
                "capacity modes are DynamoDB's; " + d.engine().id() + " has none"));
      }
      if (d.promotionMinutes() != null) {
        Ranges.positive(d.promotionMinutes(), path + ".promotionMinutes", out);
        if (d.readReplicas() == 0) {
          out.add(
              Violation.error(
                  path + ".promotionMinutes", "promotion needs at least one read replica"));
        }
      }
      if (d.primaryAz() != null && !a.azs().contains(d.primaryAz())) {
        out.add(
            Violation.error(
                path + ".primaryAz", "'" + d.primaryAz() + "' is not one of the stage's AZs"));
      }
      if (d.engine() == Database.Engine.AURORA && d.multiAz() && d.readReplicas() == 0) {
        out.add(
            Violation.error(
                path + ".multiAz",
                "Aurora fails over to a replica: Multi-AZ needs readReplicas ≥ 1"));
      }
    } else {
      if (d.readReplicas() != 0) {
        out.add(
            Violation.error(
                path + ".readReplicas",
                "DynamoDB has no read replicas (it replicates across AZs itself)"));
      }
      if (d.instanceClass() != null) {
        out.add(Violation.error(path + ".instanceClass", "DynamoDB has no instance class"));
      }
      if (d.multiAz()) {
        out.add(
            Violation.warning(path + ".multiAz", "DynamoDB is always replicated across three AZs"));
      }
      if (d.proxy()) {
        out.add(Violation.error(path + ".proxy", "RDS Proxy fronts RDS and Aurora, not DynamoDB"));
      }
      if (d.capacity() != null && !d.capacity().onDemand()) {
        Ranges.positive(d.capacity().readUnits(), path + ".capacity.readUnits", out);
        Ranges.positive(d.capacity().writeUnits(), path + ".capacity.writeUnits", out);
      }
    }
    Ranges.nonNegative(d.replicaLagSeconds(), path + ".replicaLagSeconds", out);
    Ranges.nonNegative(d.storageGb(), path + ".storageGb", out);
    Ranges.positive(d.queryMs(), path + ".queryMs", out);
  }

  /** Aurora Serverless v2: an Aurora cluster of db.serverless instances with a capacity range. */
  private static void serverlessRules(Database d, String path, List<Violation> out) {
    Database.ServerlessV2 v = d.serverless();
    if (v == null) {
      out.add(
          Violation.error(
              path + ".serverless",
              "db.serverless instances need the cluster's capacity range: serverless"
                  + " {minAcu, maxAcu}"));
      return;
    }
    if (d.engine() != Database.Engine.AURORA) {
      out.add(
          Violation.error(
              path + ".serverless",
              "Aurora Serverless v2 is an Aurora capacity range; engine is " + d.engine().id()));
    }
    if (d.instanceClass() != null
        && !Database.ServerlessV2.INSTANCE_CLASS.equals(d.instanceClass())) {
      out.add(
          Violation.error(
              path + ".instanceClass",
              "Aurora Serverless v2 instances are "
                  + Database.ServerlessV2.INSTANCE_CLASS
                  + "; found "
                  + d.instanceClass()));
    }
    double max = Database.ServerlessV2.MAX_ACU;
    if (!(v.minAcu() == 0 || (v.minAcu() >= 0.5 && v.minAcu() <= max)) || !halfStep(v.minAcu())) {
      out.add(
          Violation.error(
              path + ".serverless.minAcu",
              "must be 0 (auto-pause) or 0.5 to 256 ACU in steps of 0.5; found " + v.minAcu()));
    }
    if (!(v.maxAcu() >= 1 && v.maxAcu() <= max) || !halfStep(v.maxAcu())) {
      out.add(
          Violation.error(
              path + ".serverless.maxAcu",
              "must be 1 to 256 ACU in steps of 0.5; found " + v.maxAcu()));
    }
    if (v.minAcu() > v.maxAcu()) {
      out.add(
          Violation.error(
              path + ".serverless.minAcu",
              "the minimum "
                  + Numbers.plain(v.minAcu())
                  + " ACU is above the maximum "
                  + Numbers.plain(v.maxAcu())));
    }
    if (d.proxy()) {
      out.add(
          Violation.error(
              path + ".proxy",
              "RDS Proxy in front of Aurora Serverless v2 is billed per ACU, which archsim does"
                  + " not price; drop proxy or use a provisioned class"));
    }
  }

  private static boolean halfStep(double acu) {
    double twice = acu / Database.ServerlessV2.STEP_ACU;
    return twice == Math.rint(twice);
  }

  @Override
  public double stateUnits(Database d) {
    return Math.max(0, d.readReplicas());
  }

  @Override
  public List<String> faultTypes() {
    return List.of("db-failure");
  }

  @Override
  public Faults.ScheduledFault readFault(Section s) {
    return new Faults.DatabaseFailure(s.duration("at", Duration.ZERO));
  }

  @Override
  public boolean owns(Faults.ScheduledFault f) {
    return f instanceof Faults.DatabaseFailure;
  }

  @Override
  public void faultRules(Faults.ScheduledFault f, Database d, String path, List<Violation> out) {
    if (d == null || !d.relational()) {
      out.add(
          Violation.error(path, "a database failure needs an RDS or Aurora database in the stage"));
    }
  }

  @Override
  public String describe(Faults.ScheduledFault f) {
    return "database writer fails";
  }

  @Override
  public void prices(Database db, Architecture a, PriceList out) {
    String region = a.region();
    if (db.serverlessV2()) {
      out.uses(AURORA_SERVERLESS_V2_ACU_HOUR, region);
      out.uses("rds.storage.aurora.gb-month", region);
      out.uses("rds.aurora.io-request", region);
    } else if (db.relational()) {
      boolean aurora = db.engine() == Database.Engine.AURORA;
      out.uses(Services.dbKey(db.instanceClass(), aurora), region);
      out.uses(aurora ? "rds.storage.aurora.gb-month" : "rds.storage.gb-month", region);
      if (aurora) {
        out.uses("rds.aurora.io-request", region);
      }
      if (db.proxy()) {
        out.uses("rds-proxy.vcpu-hour", region);
      }
    } else if (db.capacity() == null || db.capacity().onDemand()) {
      out.uses("dynamodb.read-request-unit", region);
      out.uses("dynamodb.write-request-unit", region);
      out.uses("dynamodb.storage.gb-month", region);
    } else {
      out.uses("dynamodb.rcu-hour", region);
      out.uses("dynamodb.wcu-hour", region);
      out.uses("dynamodb.storage.gb-month", region);
    }
    if (db.global()) {
      out.uses("cross-region.gb", region);
    }
  }

  /**
   * The price-book key of the standby replica a DR region keeps of a relational database (null for
   * DynamoDB, which keeps none).
   */
  public static String standbyPriceKey(Database db) {
    if (!db.relational()) {
      return null;
    }
    if (db.serverlessV2()) {
      return AURORA_SERVERLESS_V2_ACU_HOUR;
    }
    return Services.dbKey(db.instanceClass(), db.engine() == Database.Engine.AURORA);
  }

  /** True when the database survives the loss of its writer's AZ without waiting for it. */
  private static boolean survivesAz(Database db) {
    return !db.relational()
        || (db.engine() == Database.Engine.AURORA ? db.readReplicas() > 0 : db.multiAz());
  }

  @Override
  public void findings(Database db, Scenario scenario, Stage stage, List<Finding> out) {
    if (!db.relational()) {
      return;
    }
    String c = "database:" + db.engine().id();
    if (!survivesAz(db)) {
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
    if (db.serverlessV2()) {
      serverlessFindings(db, scenario, stage, c, out);
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

  /**
   * The capacity range against the workload: a minimum below what the mean load needs makes every
   * rise from a quiet spell start small (scaling up is the faster the larger the capacity), and a
   * maximum below what the peak needs fails the queries beyond it.
   */
  private static void serverlessFindings(
      Database db, Scenario scenario, Stage stage, String c, List<Finding> out) {
    Workload w = scenario.workloadOf(stage);
    double mean = w.requestsPerSecond();
    double peak = mean * w.pattern().maxFactor(0, scenario.run().horizonSeconds());
    double hit = stage.architecture().cache() == null ? 0 : stage.architecture().cache().hitRatio();
    double reads = w.profile().dbReadsPerRequest() * (1 - hit);
    double writes = w.profile().dbWritesPerRequest();
    if (stage.architecture().queue() != null) {
      writes *= 1 - stage.architecture().queue().share();
    }
    double perRequest =
        db.readReplicas() > 0 ? Math.max(writes, reads / db.readReplicas()) : writes + reads;
    double perAcu = db.queriesPerSecondPerVcpu() / AuroraCapacity.ACUS_PER_VCPU;
    AuroraCapacity unbounded =
        new AuroraCapacity(new Database.ServerlessV2(0, Double.POSITIVE_INFINITY));
    double baseline = unbounded.target(mean * perRequest / perAcu);
    double atPeak = unbounded.target(peak * perRequest / perAcu);
    double min = Math.max(AuroraCapacity.RUNNING_FLOOR_ACU, db.serverless().minAcu());
    if (min < baseline) {
      out.add(
          new Finding(
              "performance",
              "medium",
              c,
              String.format(
                  Locale.ROOT,
                  "Aurora Serverless v2 minimum %s ACU is below the %s ACU the mean load needs: after"
                      + " a quiet spell the capacity starts from %s ACU and takes %.0f s to reach"
                      + " the %s ACU of the peak (it doubles about every %s s), failing the queries"
                      + " beyond it meanwhile; AWS advises a minimum that holds the working set",
                  Numbers.plain(db.serverless().minAcu()),
                  Numbers.plain(baseline),
                  Numbers.plain(min),
                  AuroraCapacity.secondsToScale(min, Math.min(atPeak, db.serverless().maxAcu())),
                  Numbers.plain(Math.min(atPeak, db.serverless().maxAcu())),
                  Numbers.plain(AuroraCapacity.DOUBLING_SECONDS))));
    }
    if (db.serverless().maxAcu() < atPeak) {
      out.add(
          new Finding(
              "performance",
              "high",
              c,
              String.format(
                  Locale.ROOT,
                  "Aurora Serverless v2 maximum %s ACU is below the %s ACU the peak load needs at"
                      + " %.0f %% utilisation: the queries beyond it fail",
                  Numbers.plain(db.serverless().maxAcu()),
                  Numbers.plain(atPeak),
                  100 * AuroraCapacity.TARGET_UTILISATION)));
    }
  }

  @Override
  public void checks(Database db, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "reliability", "the database survives an AZ loss (Multi-AZ)", survivesAz(db)));
    out.add(
        new PillarCheck(
            "performance efficiency",
            "reads are offloaded (cache or read replicas)",
            a.cache() != null || db.readReplicas() > 0 || !db.relational()));
  }

  @Override
  public List<String> explain(Database d, Architecture a, Workload w) {
    if (d.serverlessV2()) {
      return List.of(
          String.format(
              Locale.ROOT,
              "database aurora serverless v2: %s to %s ACU%s, capacity follows the load (doubles"
                  + " about every %s s up, drops %s s after the load falls)",
              Numbers.plain(d.serverless().minAcu()),
              Numbers.plain(d.serverless().maxAcu()),
              d.readReplicas() == 1
                  ? ", 1 read replica"
                  : d.readReplicas() > 1 ? ", " + d.readReplicas() + " read replicas" : "",
              Numbers.plain(AuroraCapacity.DOUBLING_SECONDS),
              Numbers.plain(AuroraCapacity.SCALE_DOWN_DELAY_SECONDS)));
    }
    if (!d.relational()) {
      Database.DynamoCapacity c = d.capacity();
      return List.of(
          String.format(
              Locale.ROOT,
              "database dynamodb: %s, %s GB%s",
              c == null || c.onDemand()
                  ? "on-demand"
                  : "provisioned "
                      + Numbers.plain(c.readUnits())
                      + " RCU / "
                      + Numbers.plain(c.writeUnits())
                      + " WCU",
              Numbers.plain(d.storageGb()),
              d.global() ? ", global table" : ""));
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "database %s%s%s%s%s",
            d.engine().id(),
            d.instanceClass() == null ? "" : " " + d.instanceClass(),
            d.multiAz() ? ", Multi-AZ" : "",
            d.readReplicas() == 1
                ? ", 1 read replica"
                : d.readReplicas() > 1 ? ", " + d.readReplicas() + " read replicas" : "",
            d.proxy() ? ", RDS Proxy" : ""));
  }

  /** Its box's key, which the queue's workers and the DR replica's arrows reach. */
  static final String DIAGRAM_KEY = "db";

  /**
   * At the end of the path: DynamoDB centred on the zones; RDS or Aurora in its primary AZ's band,
   * with its Multi-AZ standby in the next AZ and its read replicas in a column of their own, each
   * replicated from it.
   */
  @Override
  public List<DiagramNode> diagram(Database d, Architecture a, Workload w) {
    if (d.engine() == Database.Engine.DYNAMODB) {
      List<String> table = new ArrayList<>();
      var cap = d.capacity();
      if (cap == null || cap.onDemand()) {
        table.add("on-demand");
      } else {
        table.add(
            "provisioned "
                + Numbers.plain(cap.readUnits())
                + " RCU, "
                + Numbers.plain(cap.writeUnits())
                + " WCU");
      }
      table.add(d.global() ? "global table" : "regional table");
      return List.of(
          DiagramNode.of(
                  DiagramNode.Place.DATABASE,
                  DIAGRAM_KEY,
                  DiagramNode.DATABASE,
                  DiagramNode.Lane.MID,
                  "DynamoDB",
                  table)
              .from(DiagramNode.FRONT, DiagramNode.Kind.PATH));
    }
    List<String> azs = a.azs();
    int primary = Math.max(0, d.primaryAz() == null ? 0 : azs.indexOf(d.primaryAz()));
    boolean aurora = d.engine() == Database.Engine.AURORA;
    String engine = aurora ? "Aurora" : "RDS";
    List<String> pd = new ArrayList<>(diagramCapacity(d));
    if (d.proxy()) {
      pd.add("behind RDS Proxy");
    }
    DiagramNode db =
        DiagramNode.of(
                DiagramNode.Place.DATABASE,
                DIAGRAM_KEY,
                DiagramNode.DATABASE,
                DiagramNode.Lane.ZONE,
                engine + (aurora ? " writer" : " primary"),
                pd)
            .inAz(azs.isEmpty() ? null : azs.get(primary));
    List<DiagramNode> others = new ArrayList<>();
    if (d.multiAz() && azs.size() > 1) {
      List<String> sd = new ArrayList<>();
      sd.add(aurora ? "failover target" : "Multi-AZ");
      sd.addAll(diagramCapacity(d));
      others.add(
          DiagramNode.of(
                  DiagramNode.Place.DATABASE,
                  "db-standby",
                  DiagramNode.DATABASE,
                  DiagramNode.Lane.ZONE,
                  engine + (aurora ? " replica" : " standby"),
                  sd)
              .inAz(azs.get((primary + 1) % azs.size())));
      db = db.to("db-standby", DiagramNode.Kind.REPLICATION);
    }
    if (d.readReplicas() > 0) {
      List<String> rd = new ArrayList<>(diagramCapacity(d));
      rd.add("lag " + Numbers.plain(d.replicaLagSeconds()) + " s");
      others.add(
          DiagramNode.of(
              DiagramNode.Place.DATABASE,
              "db-replicas",
              DiagramNode.REPLICAS,
              DiagramNode.Lane.MID,
              DiagramNode.count(d.readReplicas(), "read replica"),
              rd));
      db = db.to("db-replicas", DiagramNode.Kind.REPLICATION);
    }
    List<DiagramNode> out = new ArrayList<>();
    out.add(db.from(DiagramNode.FRONT, DiagramNode.Kind.PATH));
    out.addAll(others);
    return out;
  }

  /** The instance class, or Aurora Serverless v2's capacity range. */
  private static List<String> diagramCapacity(Database d) {
    return d.serverlessV2()
        ? List.of(
            "Serverless v2",
            Numbers.plain(d.serverless().minAcu())
                + "–"
                + Numbers.plain(d.serverless().maxAcu())
                + " ACU")
        : List.of(d.instanceClass());
  }

  @Override
  public DataStore stage(Database d, TrialContext trial) {
    return d.relational() ? new DbCluster(d, trial) : new DynamoDbTable(d, trial);
  }
}
