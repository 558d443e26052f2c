package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.RandomStreams;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Disaster recovery, around the request path: what happens when the primary region is lost. One of
 * four strategies (backup and restore, pilot light, warm standby, active-active) recovers in a
 * secondary region: the loss is detected by Route 53 health checks, someone (or, active-active,
 * nobody) decides to fail over, the secondary is made ready as the strategy does it, and the
 * clients move over one TTL (at once with Global Accelerator). The recovery time and data-loss
 * window follow from these mechanics. Its costs are the secondary's: standby instances, the
 * backups, the health checks, Global Accelerator; the database stage bills its standby copy and the
 * cross-region replication of the writes.
 */
public final class DisasterRecoveryComponent implements Component<DisasterRecovery> {
  /** Route 53 health checks billed with a DR strategy: one per region's endpoint. */
  static final int HEALTH_CHECKS = 2;

  /** At most this many regions besides the primary (the schema's {@code maxItems}). */
  public static final int MAX_REGIONS = 16;

  @Override
  public String section() {
    return "dr";
  }

  /**
   * The strategy's defaults for the fields left out: the standby share (warm standby, active-
   * active), the decision and provisioning times, the restore time (backup and restore). An unknown
   * strategy (refused by the schema) reads as no DR.
   */
  @Override
  public DisasterRecovery read(Section s) {
    Strategy strategy = strategyOf(s.text("strategy", ""));
    if (strategy == null) {
      return null;
    }
    double standby =
        switch (strategy) {
          case WARM_STANDBY -> Defaults.WARM_STANDBY_SHARE;
          case ACTIVE_ACTIVE -> Defaults.ACTIVE_ACTIVE_SHARE;
          default -> 0.0;
        };
    List<String> regions = s.texts("regions");
    String secondary = s.text("secondaryRegion", regions.isEmpty() ? null : regions.get(0));
    return new DisasterRecovery(
        strategy,
        secondary,
        s.number("standbyShare", standby),
        s.number("healthCheckIntervalSeconds", Defaults.DR_HEALTH_CHECK_INTERVAL_SECONDS),
        s.integer("failureThreshold", Defaults.DR_FAILURE_THRESHOLD),
        s.number("ttlSeconds", Defaults.DR_TTL_SECONDS),
        s.bool("globalAccelerator", Defaults.GLOBAL_ACCELERATOR),
        s.number("decisionMinutes", strategy.defaultDecisionMinutes()),
        s.number("provisionMinutes", strategy.defaultProvisionMinutes()),
        s.number(
            "restoreMinutes",
            strategy == Strategy.BACKUP_RESTORE ? Defaults.BACKUP_RESTORE_MINUTES : 0),
        s.number("backupIntervalHours", Defaults.BACKUP_INTERVAL_HOURS),
        s.number("replicationLagSeconds", Defaults.REPLICATION_LAG_SECONDS),
        s.number("bootSeconds", Defaults.DR_BOOT_SECONDS),
        s.number("dataGb", Defaults.DR_DATA_GB),
        regions);
  }

  private static Strategy strategyOf(String id) {
    for (Strategy st : Strategy.values()) {
      if (st.id().equals(id)) {
        return st;
      }
    }
    return null;
  }

  @Override
  public void rules(DisasterRecovery d, Architecture a, String path, List<Violation> out) {
    if (d.secondaryRegion() == null) {
      out.add(Violation.error(path + ".secondaryRegion", "a DR strategy needs a secondary region"));
    } else if (d.secondaryRegion().equals(a.region())) {
      out.add(
          Violation.error(
              path + ".secondaryRegion", "must differ from the primary region " + a.region()));
    } else if (CatalogRules.region(d.secondaryRegion(), path + ".secondaryRegion", out)
        && a.compute() != null) {
      CatalogRules.priced(
          d.secondaryRegion(), a.compute().instanceType(), path + ".secondaryRegion", out);
    }
    if (d.healthCheckIntervalSeconds() != 10 && d.healthCheckIntervalSeconds() != 30) {
      out.add(
          Violation.error(
              path + ".healthCheckIntervalSeconds",
              "must be 10 or 30; found " + d.healthCheckIntervalSeconds()));
    }
    if (d.failureThreshold() < 1 || d.failureThreshold() > 10) {
      out.add(
          Violation.error(
              path + ".failureThreshold", "must be in [1, 10]; found " + d.failureThreshold()));
    }
    Ranges.nonNegative(d.ttlSeconds(), path + ".ttlSeconds", out);
    Ranges.nonNegative(d.decisionMinutes(), path + ".decisionMinutes", out);
    Ranges.nonNegative(d.provisionMinutes(), path + ".provisionMinutes", out);
    Ranges.nonNegative(d.restoreMinutes(), path + ".restoreMinutes", out);
    Ranges.positive(d.backupIntervalHours(), path + ".backupIntervalHours", out);
    Ranges.nonNegative(d.replicationLagSeconds(), path + ".replicationLagSeconds", out);
    Ranges.nonNegative(d.bootSeconds(), path + ".bootSeconds", out);
    Ranges.nonNegative(d.dataGb(), path + ".dataGb", out);
    Ranges.unit(d.standbyShare(), path + ".standbyShare", out);
    if (d.strategy() == Strategy.WARM_STANDBY && d.standbyShare() <= 0) {
      out.add(
          Violation.error(
              path + ".standbyShare", "a warm standby runs some capacity: must be above 0"));
    }
    if (d.multiRegion()) {
      regionRules(d, a, path, out);
    }
  }

  /** Rules of active-active over three or more regions ({@code regions}). */
  private static void regionRules(
      DisasterRecovery d, Architecture a, String path, List<Violation> out) {
    if (d.strategy() != Strategy.ACTIVE_ACTIVE) {
      out.add(
          Violation.error(
              path + ".regions",
              "more than one region besides the primary needs strategy active-active; "
                  + d.strategy().id()
                  + " recovers in one secondary region (secondaryRegion)"));
    }
    if (d.secondaryRegion() != null && !d.secondaryRegion().equals(d.regions().get(0))) {
      out.add(
          Violation.error(
              path + ".secondaryRegion",
              "with regions, the secondary region is the first of them ("
                  + d.regions().get(0)
                  + "); found "
                  + d.secondaryRegion()));
    }
    for (int i = 1; i < d.regions().size(); i++) {
      String r = d.regions().get(i);
      String rp = path + ".regions[" + i + "]";
      if (r.equals(a.region())) {
        out.add(Violation.error(rp, "must differ from the primary region " + a.region()));
      } else if (CatalogRules.region(r, rp, out) && a.compute() != null) {
        CatalogRules.priced(r, a.compute().instanceType(), rp, out);
      }
    }
    if (d.standbyShare() <= 0) {
      out.add(
          Violation.error(
              path + ".standbyShare",
              "each region of an active-active set runs some capacity: must be above 0"));
    }
  }

  @Override
  public void bounds(DisasterRecovery d, String path, List<Violation> out) {
    Ranges.atMost(d.regions().size(), MAX_REGIONS, path + ".regions", "regions", out);
  }

  /** The primary's state and each other region's (two at least, as for two regions). */
  @Override
  public double stateUnits(DisasterRecovery d) {
    return Math.max(2, 1 + d.regions().size());
  }

  @Override
  public void prices(DisasterRecovery d, Architecture a, PriceList out) {
    String second = d.secondaryRegion();
    if (second == null) {
      return;
    }
    if (a.compute() != null) {
      for (String region : d.regions()) {
        out.instances(a.compute().instanceType(), region, "DR standby");
      }
    }
    Database db = a.database();
    if (d.strategy() == Strategy.BACKUP_RESTORE) {
      out.uses("rds.backup.gb-month", second);
    } else {
      String standby = db == null ? null : DatabaseComponent.standbyPriceKey(db);
      if (standby != null) {
        for (String region : d.regions()) {
          out.uses(standby, region);
        }
      }
      out.uses("route53.health-check.month", "us-east-1");
      if (db != null) {
        out.uses("cross-region.gb", a.region());
      }
    }
    if (d.globalAccelerator()) {
      out.uses("global-accelerator.hour", "us-east-1");
    }
  }

  /**
   * Over three or more regions: whether the others carry the daily peak when the one whose loss
   * leaves the least capacity is lost (N+1 regional capacity).
   */
  @Override
  public void findings(DisasterRecovery d, Scenario scenario, Stage stage, List<Finding> out) {
    RegionalCapacity c = RegionalCapacity.of(d, scenario, stage);
    if (c != null && !c.survivesOneLoss()) {
      out.add(
          new Finding(
              "reliability",
              "high",
              "dr:active-active",
              String.format(
                  Locale.ROOT,
                  "not N+1 across regions: losing %s sends %.0f %% of the users to %s, whose %d"
                      + " instances are short of the %.1f its share of the daily peak needs at"
                      + " full CPU; each region besides the primary needs a standbyShare of at"
                      + " least %.2f",
                  c.lost(),
                  100 * c.usersShare(),
                  c.to(),
                  c.has(),
                  c.needs(),
                  c.standbyShareNeeded())));
    }
  }

  /**
   * The regions of an active-active set against the daily peak, one region lost: latency routing
   * sends the lost region's users to their next nearest region, so one survivor may get more than
   * its share. In instances of the compute tier at full CPU; each region besides the primary runs
   * its fixed share of the primary's instances and nothing scales during the event (static
   * stability).
   *
   * @param lost the region whose loss overloads another the most
   * @param to the region that then gets more than it can carry (or the most loaded one)
   * @param usersShare the share of the users {@code to} then serves
   * @param has the instances {@code to} runs
   * @param needs the instances its share of the daily peak needs at full CPU
   * @param standbyShareNeeded the share of the primary's instances each other region must run to
   *     carry its share after any one loss
   */
  public record RegionalCapacity(
      String lost, String to, double usersShare, int has, double needs, double standbyShareNeeded) {
    /** Whether every region carries its share of the daily peak after any one loss (N+1). */
    public boolean survivesOneLoss() {
      return needs <= has;
    }

    /** Null unless the stage spreads an EC2 tier over three or more regions. */
    public static RegionalCapacity of(DisasterRecovery d, Scenario scenario, Stage stage) {
      Architecture a = stage.architecture();
      Workload w = scenario.workloadOf(stage);
      if (!d.multiRegion() || a.compute() == null || w == null) {
        return null;
      }
      var type = Catalog.instanceType(a.compute().instanceType()).orElse(null);
      if (type == null) {
        return null;
      }
      double offEdge =
          a.cdn() == null
              ? 0
              : w.profile().staticFraction() * (a.cdn().s3Origin() ? 1 : a.cdn().hitRatio());
      double peakFactor = w.pattern().maxFactor(0, scenario.run().horizonSeconds());
      double peak =
          w.requestsPerSecond()
              * peakFactor
              * (1 - offEdge)
              * w.profile().cpuMsPerRequest()
              / 1000.0
              / type.vcpuCapacity();
      String[] names = new String[1 + d.regions().size()];
      names[0] = a.region();
      for (int r = 1; r < names.length; r++) {
        names[r] = d.regions().get(r - 1);
      }
      int primary = primaryCapacity(a);
      int each = regionInstances(d, a);
      List<Workload.Users> users =
          w.users().isEmpty() ? List.of(new Workload.Users(a.region(), 1)) : w.users();
      RegionalCapacity worst = null;
      double neededShare = 0;
      for (int lost = 0; lost < names.length; lost++) {
        double[] share = new double[names.length];
        for (Workload.Users u : users) {
          for (int r : byNearness(u.region(), names)) {
            if (r != lost) {
              share[r] += u.share();
              break;
            }
          }
        }
        for (int r = 0; r < names.length; r++) {
          if (r == lost) {
            continue;
          }
          int has = r == 0 ? primary : each;
          double needs = peak * share[r];
          if (r > 0 && primary > 0) {
            neededShare = Math.max(neededShare, needs / primary);
          }
          if (worst == null || needs / Math.max(1, has) > worst.needs / Math.max(1, worst.has)) {
            worst = new RegionalCapacity(names[lost], names[r], share[r], has, needs, 0);
          }
        }
      }
      return new RegionalCapacity(
          worst.lost, worst.to, worst.usersShare, worst.has, worst.needs, neededShare);
    }
  }

  /** Without one, a stage with state or an edge has a single region to lose. */
  @Override
  public void findingsWithout(Scenario scenario, Stage stage, List<Finding> out) {
    Architecture a = stage.architecture();
    if (a.database() != null || a.cdn() != null) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "medium",
              "region:" + a.region(),
              "everything runs in one region: a region outage is a full outage (no DR strategy)"));
    }
  }

  @Override
  public void checks(DisasterRecovery d, Architecture a, List<PillarCheck> out) {
    out.add(new PillarCheck("reliability", "a recovery plan for the loss of a region", true));
    if (d.multiRegion()) {
      out.add(
          new PillarCheck(
              "reliability",
              "users are served from their nearest healthy region (latency records with health"
                  + " checks over three or more regions)",
              true));
    }
  }

  @Override
  public void checksWithout(Architecture a, List<PillarCheck> out) {
    if (a.database() != null || a.cdn() != null) {
      out.add(new PillarCheck("reliability", "a recovery plan for the loss of a region", false));
    }
  }

  @Override
  public List<String> explain(DisasterRecovery d, Architecture a, Workload w) {
    if (!d.multiRegion()) {
      return List.of(
          String.format(Locale.ROOT, "DR: %s to %s", d.strategy().id(), d.secondaryRegion()));
    }
    String[] names = new String[1 + d.regions().size()];
    names[0] = a.region();
    for (int r = 1; r < names.length; r++) {
      names[r] = d.regions().get(r - 1);
    }
    double[] nearest = new double[names.length];
    if (w == null || w.users().isEmpty()) {
      nearest[0] = 1;
    } else {
      for (Workload.Users u : w.users()) {
        nearest[byNearness(u.region(), names)[0]] += u.share();
      }
    }
    List<String> out = new java.util.ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "DR: active-active over %s: users to their nearest healthy region (Route 53 latency"
                + " records, health checks every %s s × %d, %s)",
            String.join(", ", names),
            Numbers.plain(d.healthCheckIntervalSeconds()),
            d.failureThreshold(),
            d.globalAccelerator()
                ? "Global Accelerator"
                : "TTL " + Numbers.plain(d.ttlSeconds()) + " s"));
    for (int r = 0; r < names.length; r++) {
      String runs =
          a.compute() == null
              ? "Lambda"
              : (r == 0 ? primaryCapacity(a) : regionInstances(d, a))
                  + " × "
                  + a.compute().instanceType();
      out.add(
          String.format(
              Locale.ROOT,
              "  %s%s: %s, nearest for %.0f %% of the users",
              names[r],
              r == 0 ? " (primary)" : "",
              runs,
              100 * nearest[r]));
    }
    return out;
  }

  /**
   * Route 53 (or Global Accelerator) on the path in front of the regions; in each other region the
   * standby (or active) compute, reached by failover (or routed to when nearest), and the
   * database's copy there, replicated from the primary. Over several regions with users placed by
   * region, the users are drawn by region, each with the region nearest to them.
   */
  @Override
  public List<DiagramNode> diagram(DisasterRecovery dr, Architecture a, Workload w) {
    List<String> regions = diagramRegionNames(dr, a);
    boolean byRegion = usersByRegion(dr, w);
    List<DiagramNode> out = new ArrayList<>();
    if (byRegion) {
      for (Workload.Users u : w.users()) {
        String nearest = nearest(u.region(), regions);
        List<String> d = new ArrayList<>();
        d.add(u.region());
        d.add(DiagramNode.percent(u.share()) + " of users");
        if (nearest != null && !nearest.equals(u.region())) {
          d.add("nearest region " + nearest);
        }
        out.add(
            DiagramNode.of(
                    DiagramNode.Place.USERS,
                    "users@" + u.region(),
                    DiagramNode.USERS,
                    DiagramNode.Lane.OUTSIDE,
                    "Users",
                    d)
                .onThePath());
      }
    }
    boolean activeActive = dr.strategy() == DisasterRecovery.Strategy.ACTIVE_ACTIVE;
    List<String> dns = new ArrayList<>();
    dns.add(activeActive ? "latency records" : "failover records");
    dns.add(
        "health checks "
            + Numbers.plain(dr.healthCheckIntervalSeconds())
            + " s × "
            + dr.failureThreshold());
    if (!dr.globalAccelerator()) {
      dns.add("TTL " + Numbers.plain(dr.ttlSeconds()) + " s");
    }
    out.add(
        DiagramNode.of(
                DiagramNode.Place.DNS,
                DIAGRAM_DNS,
                DiagramNode.DNS,
                DiagramNode.Lane.OUTSIDE,
                dr.globalAccelerator() ? "Global Accelerator" : "Route 53",
                dns)
            .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
            .onThePath());
    Database db = a.database();
    for (int r = 1; r < regions.size(); r++) {
      String region = regions.get(r);
      double nearestShare = byRegion ? nearestShare(w, regions, r) : -1;
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.REGIONS,
                  "dr@" + region,
                  DiagramNode.COMPUTE,
                  DiagramNode.Lane.MID,
                  standbyTitle(dr),
                  standbyDetails(dr, a, nearestShare))
              .inRegion(region)
              .from(
                  DIAGRAM_DNS, activeActive ? DiagramNode.Kind.ROUTED : DiagramNode.Kind.FAILOVER));
      if (db != null) {
        boolean backups = dr.strategy() == DisasterRecovery.Strategy.BACKUP_RESTORE;
        out.add(
            DiagramNode.of(
                    DiagramNode.Place.REGIONS,
                    "dr-db@" + region,
                    DiagramNode.DATABASE,
                    DiagramNode.Lane.MID,
                    backups
                        ? "Backups"
                        : db.engine() == Database.Engine.DYNAMODB
                            ? "DynamoDB replica"
                            : "Replica database",
                    List.of(
                        backups
                            ? "every " + Numbers.plain(dr.backupIntervalHours()) + " h"
                            : "lag " + Numbers.plain(dr.replicationLagSeconds()) + " s"))
                .inRegion(region)
                .from(DatabaseComponent.DIAGRAM_KEY, DiagramNode.Kind.REPLICATION));
      }
    }
    return out;
  }

  /**
   * Each other region with its strategy ("DR, pilot-light", "active-active"); with the users drawn
   * by region, the stage's own region with the share of the users it is nearest for.
   */
  @Override
  public List<DiagramNode.Region> diagramRegions(DisasterRecovery dr, Architecture a, Workload w) {
    List<String> regions = diagramRegionNames(dr, a);
    List<DiagramNode.Region> out = new ArrayList<>();
    for (int r = 1; r < regions.size(); r++) {
      out.add(
          new DiagramNode.Region(
              regions.get(r),
              dr.strategy() == DisasterRecovery.Strategy.ACTIVE_ACTIVE
                  ? "active-active"
                  : "DR, " + dr.strategy().id()));
    }
    if (usersByRegion(dr, w)) {
      out.add(
          new DiagramNode.Region(
              a.region(),
              "nearest for " + DiagramNode.percent(nearestShare(w, regions, 0)) + " of users"));
    }
    return out;
  }

  /** Route 53's (or Global Accelerator's) box, which the other regions are reached from. */
  private static final String DIAGRAM_DNS = "dr-dns";

  /** The stage's region, then the others. */
  private static List<String> diagramRegionNames(DisasterRecovery dr, Architecture a) {
    List<String> regions = new ArrayList<>();
    regions.add(a.region());
    regions.addAll(dr.regions());
    return regions;
  }

  private static boolean usersByRegion(DisasterRecovery dr, Workload w) {
    return dr.multiRegion() && w != null && !w.users().isEmpty();
  }

  /**
   * The region (of {@code regions}) nearest to users near {@code from} ({@link #byNearness}), null
   * when a round trip is unknown.
   */
  static String nearest(String from, List<String> regions) {
    try {
      return regions.get(byNearness(from, regions.toArray(String[]::new))[0]);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  private static double nearestShare(Workload w, List<String> regions, int r) {
    double s = 0;
    for (Workload.Users u : w.users()) {
      if (regions.get(r).equals(nearest(u.region(), regions))) {
        s += u.share();
      }
    }
    return s;
  }

  private static String standbyTitle(DisasterRecovery dr) {
    return switch (dr.strategy()) {
      case BACKUP_RESTORE -> "Restore from backup";
      case PILOT_LIGHT -> "Pilot light";
      case WARM_STANDBY -> "Warm standby";
      case ACTIVE_ACTIVE -> "Active";
    };
  }

  private static List<String> standbyDetails(
      DisasterRecovery dr, Architecture a, double nearestShare) {
    List<String> d = new ArrayList<>();
    ComputeTier c = a.compute();
    switch (dr.strategy()) {
      case BACKUP_RESTORE ->
          d.add(
              "provisioned in "
                  + Numbers.plain(dr.provisionMinutes() + dr.restoreMinutes())
                  + " min");
      case PILOT_LIGHT -> d.add("compute off, boots on failover");
      case WARM_STANDBY, ACTIVE_ACTIVE -> {
        if (c == null) {
          d.add("Lambda");
        } else if (dr.multiRegion()) {
          int primary = c.autoScaling() != null ? c.autoScaling().desired() : c.totalInstances();
          int k = Math.max(1, (int) Math.ceil(dr.standbyShare() * primary));
          d.add(k + " × " + c.instanceType());
        } else {
          d.add(DiagramNode.percent(dr.standbyShare()) + " capacity");
        }
      }
    }
    if (nearestShare >= 0) {
      d.add("nearest for " + DiagramNode.percent(nearestShare) + " of users");
    }
    return d;
  }

  @Override
  public RegionFailover stage(DisasterRecovery d, TrialContext trial) {
    return d.multiRegion() ? new NearestHealthy(d, trial) : new Failover(d, trial);
  }

  /**
   * The secondary region in one trial: after a loss of the primary, detection by Route 53 health
   * checks, the decision, the secondary made ready as the strategy does it, the clients moving over
   * one TTL (at once with Global Accelerator), the failback when the primary returns. The secondary
   * can be lost too: while it is down the primary has no failover target (a failover under way
   * starts again from its return), the users it serves fail (active-active: those nearer to it move
   * to the primary once Route 53 declares it unhealthy), and its instances are not billed.
   */
  static final class Failover implements RegionFailover {
    private final DisasterRecovery dr;
    private final TrialContext trial;
    private final Architecture arch;
    private final int primaryCapacity;
    private final double nearerSecondaryShare;
    private final boolean[] nearerSecondary;
    private double backupPhaseSeconds;

    private boolean primaryUp = true;
    private double primaryBackAt = 0;
    private double detectedAt = Double.NaN;
    private double decidedAt = Double.NaN;
    private double switchAt = Double.NaN;
    private double readyAt = Double.NaN;
    private double fullAt = Double.NaN;
    // the failover's moments planned so far: a note of a superseded plan is dropped
    private int plans;

    // the secondary: up or not, and when the users served there start moving to the primary
    // after its loss (active-active)
    private boolean secondaryUp = true;
    private double awayAt = Double.NaN;
    private int secondaryLosses;

    // the secondary's prices and bill lines, looked up and written once per trial, not per step
    private final String ec2Line;
    private final double ec2Hourly;
    private final String backupsLine;
    private final double backupGbMonthUsd;
    private final double healthCheckMonthUsd;
    private final double acceleratorHourUsd;

    /**
     * Draws the phase of the backup schedule (backup and restore) from the trial's stream. Under
     * active-active the users nearer to the secondary region are served there all along.
     */
    Failover(DisasterRecovery dr, TrialContext trial) {
      this.dr = dr;
      this.trial = trial;
      this.arch = trial.architecture();
      primaryCapacity = primaryCapacity(arch);
      String region = dr.secondaryRegion();
      dev.archsim.engine.model.ComputeTier compute = arch.compute();
      this.ec2Line = compute == null ? null : "dr:" + region + " ec2 " + compute.instanceType();
      this.ec2Hourly = compute == null ? 0 : Catalog.onDemandUsd(region, compute.instanceType());
      this.backupsLine = "dr:" + region + " backups";
      this.backupGbMonthUsd = Services.usd("rds.backup.gb-month", region);
      this.healthCheckMonthUsd = Services.usd("route53.health-check.month", "us-east-1");
      this.acceleratorHourUsd = Services.usd("global-accelerator.hour", "us-east-1");
      List<Workload.Users> users = trial.workload().users();
      double nearer = 0;
      nearerSecondary = new boolean[Math.max(1, users.size())];
      if (dr.strategy() == Strategy.ACTIVE_ACTIVE) {
        for (int i = 0; i < users.size(); i++) {
          String from = users.get(i).region();
          if (Services.roundTripMs(from, dr.secondaryRegion())
              < Services.roundTripMs(from, arch.region())) {
            nearer += users.get(i).share();
            nearerSecondary[i] = true;
          }
        }
      }
      this.nearerSecondaryShare = nearer;
      if (dr.strategy() == Strategy.BACKUP_RESTORE) {
        backupPhaseSeconds = trial.random().nextDouble() * dr.backupIntervalHours() * 3600;
      }
    }

    @Override
    public List<String> regions() {
      return List.of(dr.secondaryRegion());
    }

    /** Every strategy but backup and restore keeps a replica in the secondary region. */
    @Override
    public List<String> databaseStandbys() {
      return dr.strategy() == Strategy.BACKUP_RESTORE ? List.of() : regions();
    }

    @Override
    public Plan lost(int r, double now) {
      return switch (r) {
        case 0 -> primaryLost(now);
        case 1 -> secondaryLost(now);
        default ->
            throw new IllegalArgumentException("a two-region DR strategy has no region " + r);
      };
    }

    @Override
    public void back(int r, double now) {
      if (r == 0) {
        primaryBack(now);
      } else {
        secondaryBack(now);
      }
    }

    /**
     * The primary's recovery ends when every client is served by the secondary at full capacity,
     * never while the secondary is down; the secondary's when the primary serves its users (active-
     * active: once those nearer to it have moved).
     */
    @Override
    public double restoredAt(int r) {
      if (r == 0) {
        return secondaryUp
            ? Math.max(fullAt, switchAt + switchSeconds())
            : Double.POSITIVE_INFINITY;
      }
      if (!primaryUp) {
        return Double.POSITIVE_INFINITY;
      }
      return Double.isNaN(awayAt)
          ? primaryBackAt
          : Math.max(primaryBackAt, awayAt + switchSeconds());
    }

    /** True while clients are moving or a region is down (the traffic must be stepped). */
    @Override
    public boolean varies() {
      return !Double.isNaN(switchAt) || !primaryUp || !Double.isNaN(awayAt);
    }

    @Override
    public boolean ready(int r, double t) {
      return secondaryUp && (primaryUp || (!Double.isNaN(readyAt) && t >= readyAt));
    }

    private Plan primaryLost(double now) {
      primaryUp = false;
      detectedAt =
          now + trial.route53Unhealthy(dr.healthCheckIntervalSeconds(), dr.failureThreshold());
      decidedAt = detectedAt + dr.decisionMinutes() * 60;
      plan(now);
      double rpo;
      if (dr.strategy() == Strategy.BACKUP_RESTORE) {
        double sinceBackup = ((now - backupPhaseSeconds) % (dr.backupIntervalHours() * 3600));
        if (sinceBackup < 0) {
          sinceBackup += dr.backupIntervalHours() * 3600;
        }
        rpo = sinceBackup;
      } else {
        rpo = RandomStreams.exponential(trial.random(), dr.replicationLagSeconds());
      }
      return new Plan(detectedAt, restoredAt(0), rpo);
    }

    /**
     * Sets the failover's moments when the secondary runs from {@code readyFrom} (the primary's
     * loss, or the secondary's return if it was down then): what the strategy does after the
     * decision starts at the later of the two. Backup and restore creates the stack and restores
     * the snapshot, pilot light promotes the replica while the fleet boots, warm standby switches
     * and scales up, active-active switches once the loss is detected and the secondary runs.
     */
    private void plan(double readyFrom) {
      double start = Math.max(decidedAt, readyFrom);
      double boot = dr.bootSeconds();
      switch (dr.strategy()) {
        case BACKUP_RESTORE -> {
          readyAt = start + dr.provisionMinutes() * 60 + dr.restoreMinutes() * 60;
          switchAt = readyAt;
          fullAt = readyAt;
        }
        case PILOT_LIGHT -> {
          // the database replica is promoted while the compute tier is launched
          readyAt = start + Math.max(boot, 60);
          switchAt = readyAt;
          fullAt = readyAt;
        }
        case WARM_STANDBY -> {
          readyAt = start;
          switchAt = start;
          fullAt = start + (standbyCarriesAll() ? 0 : boot);
        }
        case ACTIVE_ACTIVE -> {
          readyAt = readyFrom;
          switchAt = Math.max(detectedAt, readyFrom);
          fullAt = switchAt + (standbyCarriesAll() ? 0 : boot);
        }
      }
      plans++;
      scheduleFailoverSteps(readyFrom);
    }

    /**
     * The failover's moments as events: the secondary ready, clients starting to move, every client
     * moved (one TTL later), the secondary at full capacity. The traffic is integrated between
     * events, so none of them is rounded to a step boundary, and the clients' linear move lies
     * within its own segments, where the moved share's mean is its value at the segment's middle:
     * the result does not depend on the step.
     */
    private void scheduleFailoverSteps(double from) {
      String to = dr.secondaryRegion();
      double[] times = {readyAt, switchAt, switchAt + switchSeconds(), fullAt};
      InfrastructureEvent[] what = {
        new InfrastructureEvent.SecondaryReady(to),
        new InfrastructureEvent.ClientsMoving(to),
        new InfrastructureEvent.ClientsMoved(to),
        new InfrastructureEvent.SecondaryAtFullCapacity(to)
      };
      int plan = plans;
      for (int i = 0; i < times.length; i++) {
        double t = times[i];
        InfrastructureEvent w = what[i];
        if (t > from && (i == 0 || t != times[i - 1])) {
          trial.at(
              t,
              () -> {
                if (!primaryUp && secondaryUp && plans == plan) {
                  trial.note(t, w);
                }
              });
        }
      }
    }

    /**
     * The secondary is lost. The users it serves (active-active: those nearer to it; after a
     * failover: the primary's) fail until Route 53 declares it unhealthy and their clients move to
     * the primary over one TTL, or until the primary is back; serving nobody, its loss is no
     * incident. The writes are the primary's, so none is lost with it.
     */
    private Plan secondaryLost(double now) {
      boolean serves = nearerSecondaryShare > 0 || (!primaryUp && switchProgress(now) > 0);
      secondaryUp = false;
      if (!serves) {
        trial.note(now, new InfrastructureEvent.SecondaryLostUnused(dr.secondaryRegion()));
        return Plan.unnoticed();
      }
      double detected =
          now + trial.route53Unhealthy(dr.healthCheckIntervalSeconds(), dr.failureThreshold());
      if (nearerSecondaryShare > 0) {
        // the moments are events, so the traffic's segments end there (the move is linear within)
        awayAt = detected;
        int loss = ++secondaryLosses;
        String name = dr.secondaryRegion();
        noteWhileSecondaryLost(
            loss, detected, new InfrastructureEvent.RegionDeclaredUnhealthy(name));
        if (switchSeconds() > 0) {
          noteWhileSecondaryLost(
              loss,
              detected + switchSeconds(),
              new InfrastructureEvent.RegionUsersMoved(name, true));
        }
      }
      return new Plan(detected, restoredAt(1), 0);
    }

    /** Reports a moment of loss {@code loss} of the secondary, if it is still under way then. */
    private void noteWhileSecondaryLost(int loss, double t, InfrastructureEvent what) {
      trial.at(
          t,
          () -> {
            if (!secondaryUp && secondaryLosses == loss) {
              trial.note(t, what);
            }
          });
    }

    /**
     * The secondary is back: its users return; a failover that waited for it starts again from now
     * (or from its decision, if later).
     */
    private void secondaryBack(double now) {
      secondaryUp = true;
      awayAt = Double.NaN;
      if (!primaryUp) {
        plan(now);
      }
    }

    /** The secondary already runs at least the primary's fleet: nothing to boot on failover. */
    private boolean standbyCarriesAll() {
      return Math.ceil(dr.standbyShare() * primaryCapacity) >= primaryCapacity;
    }

    private void primaryBack(double now) {
      primaryUp = true;
      primaryBackAt = now;
      switchAt = Double.NaN;
      readyAt = Double.NaN;
      fullAt = Double.NaN;
      plans++;
    }

    private double switchSeconds() {
      return dr.globalAccelerator() ? 0 : dr.ttlSeconds();
    }

    /**
     * Share of the users served in the secondary (active-active) whose clients have moved to the
     * primary by {@code t} since its loss, in [0, 1].
     */
    private double awayProgress(double t) {
      if (secondaryUp || Double.isNaN(awayAt) || t < awayAt) {
        return 0;
      }
      double ttl = switchSeconds();
      return ttl <= 0 ? 1 : Math.min(1, (t - awayAt) / ttl);
    }

    /** Share of the primary's own clients that have moved by {@code t}, in [0, 1]. */
    private double switchProgress(double t) {
      if (primaryUp || Double.isNaN(switchAt) || t < switchAt) {
        return 0;
      }
      double ttl = switchSeconds();
      return ttl <= 0 ? 1 : Math.min(1, (t - switchAt) / ttl);
    }

    @Override
    public double movedShare(int r, double t) {
      return nearerSecondaryShare * (1 - awayProgress(t))
          + (1 - nearerSecondaryShare) * switchProgress(t);
    }

    /**
     * Users nearer to the secondary are served there all along under active-active (until it is
     * lost and their clients move away); the others move with the primary's clients.
     */
    @Override
    public double usersAt(int r, int i, double t) {
      double there = nearerSecondary[i] ? 1 - awayProgress(t) : switchProgress(t);
      return r == 0 ? 1 - there : there;
    }

    @Override
    public int instances(int r, double t) {
      if (!secondaryUp) {
        return 0;
      }
      int standby =
          switch (dr.strategy()) {
            case WARM_STANDBY, ACTIVE_ACTIVE ->
                Math.max(1, (int) Math.ceil(dr.standbyShare() * primaryCapacity));
            default -> 0;
          };
      if (!primaryUp && !Double.isNaN(fullAt) && t >= fullAt) {
        return Math.max(standby, primaryCapacity);
      }
      if (!primaryUp && !Double.isNaN(readyAt) && t >= readyAt && standby == 0) {
        return primaryCapacity;
      }
      return standby;
    }

    /**
     * The secondary's costs over the step from {@code a}: its instances, the backups, the health
     * checks, Global Accelerator (the database's standby and the replication of its writes are the
     * database stage's, {@link #databaseStandbys}).
     */
    @Override
    public void bill(double a, double dt, double offeredRate) {
      if (ec2Line != null) {
        int n = instances(1, a);
        if (n > 0) {
          trial.cost(ec2Line, n * dt / 3600 * ec2Hourly);
        }
      }
      if (dr.strategy() == Strategy.BACKUP_RESTORE) {
        trial.cost(backupsLine, dr.dataGb() * dt / Numbers.SECONDS_PER_MONTH * backupGbMonthUsd);
      }
      if (dr.strategy() != Strategy.BACKUP_RESTORE) {
        trial.cost(
            "route53 health checks",
            HEALTH_CHECKS * dt / Numbers.SECONDS_PER_MONTH * healthCheckMonthUsd);
      }
      if (dr.globalAccelerator()) {
        trial.cost("global accelerator", dt / 3600 * acceleratorHourUsd);
      }
    }
  }

  /** Instances each region besides the primary runs: its share of the primary's, at least one. */
  static int regionInstances(DisasterRecovery d, Architecture a) {
    return Math.max(1, (int) Math.ceil(d.standbyShare() * primaryCapacity(a)));
  }

  /** The primary's instances (the Auto Scaling group's desired count), 0 for Lambda. */
  static int primaryCapacity(Architecture a) {
    if (a.compute() == null) {
      return 0;
    }
    var g = a.compute().autoScaling();
    return g != null ? g.desired() : a.compute().totalInstances();
  }

  /**
   * Every region in order of nearness to the users of {@code from}: the primary (index 0) and the
   * others (1..), by round trip, ties to the lower index.
   */
  static Integer[] byNearness(String from, String[] regions) {
    Integer[] order = new Integer[regions.length];
    for (int r = 0; r < order.length; r++) {
      order[r] = r;
    }
    java.util.Arrays.sort(
        order,
        java.util.Comparator.comparingDouble((Integer r) -> Services.roundTripMs(from, regions[r]))
            .thenComparingInt(r -> r));
    return order;
  }

  /**
   * Active-active over three or more regions in one trial: Route 53 latency records with health
   * checks send each user region to its nearest healthy region. A lost region is declared down by
   * its health check; from then its users' clients move to their next nearest healthy region over
   * one TTL (at once with Global Accelerator), and the requests still sent to it fail. Each region
   * besides the primary runs its fixed share of the primary's instances (statically stable: no
   * scaling during the event); when a region is back its users return without failures.
   */
  static final class NearestHealthy implements RegionFailover {
    private final DisasterRecovery dr;
    private final TrialContext trial;
    private final Architecture arch;
    private final String[] names;
    private final int perRegion;
    private final double[] userShares;
    private final Integer[][] nearness;
    private final boolean[] up;
    private final double[] switchAt;
    private final int[] losses;

    NearestHealthy(DisasterRecovery dr, TrialContext trial) {
      this.dr = dr;
      this.trial = trial;
      this.arch = trial.architecture();
      names = new String[1 + dr.regions().size()];
      names[0] = arch.region();
      for (int r = 1; r < names.length; r++) {
        names[r] = dr.regions().get(r - 1);
      }
      perRegion = regionInstances(dr, arch);
      List<Workload.Users> users = trial.workload().users();
      String[] from =
          users.isEmpty()
              ? new String[] {arch.region()}
              : users.stream().map(Workload.Users::region).toArray(String[]::new);
      userShares =
          users.isEmpty()
              ? new double[] {1}
              : users.stream().mapToDouble(Workload.Users::share).toArray();
      nearness = new Integer[from.length][];
      for (int i = 0; i < from.length; i++) {
        nearness[i] = byNearness(from[i], names);
      }
      up = new boolean[names.length];
      java.util.Arrays.fill(up, true);
      switchAt = new double[names.length];
      java.util.Arrays.fill(switchAt, Double.NaN);
      losses = new int[names.length];
    }

    @Override
    public List<String> regions() {
      return dr.regions();
    }

    /** True while a region is down: shares move with its clients, or fail until it is back. */
    @Override
    public boolean varies() {
      for (boolean u : up) {
        if (!u) {
          return true;
        }
      }
      return false;
    }

    /** Every region keeps a copy of the database (a replica, the writes replicated to it). */
    @Override
    public List<String> databaseStandbys() {
      return dr.regions();
    }

    @Override
    public Plan lost(int r, double now) {
      up[r] = false;
      losses[r]++;
      double detected =
          now + trial.route53Unhealthy(dr.healthCheckIntervalSeconds(), dr.failureThreshold());
      switchAt[r] = detected;
      double moved = detected + switchSeconds();
      double rpo = RandomStreams.exponential(trial.random(), dr.replicationLagSeconds());
      String name = names[r];
      note(r, detected, new InfrastructureEvent.RegionDeclaredUnhealthy(name));
      if (moved > detected) {
        note(r, moved, new InfrastructureEvent.RegionUsersMoved(name, false));
      }
      return new Plan(detected, moved, rpo);
    }

    /** Reports a moment of the loss of region {@code r} under way, if it still is then. */
    private void note(int r, double t, InfrastructureEvent what) {
      int loss = losses[r];
      trial.at(
          t,
          () -> {
            if (!up[r] && losses[r] == loss) {
              trial.note(t, what);
            }
          });
    }

    @Override
    public void back(int r, double now) {
      up[r] = true;
      switchAt[r] = Double.NaN;
    }

    /** Once its clients have moved (its users' next nearest healthy regions serve them). */
    @Override
    public double restoredAt(int r) {
      return switchAt[r] + switchSeconds();
    }

    private double switchSeconds() {
      return dr.globalAccelerator() ? 0 : dr.ttlSeconds();
    }

    /** Share of a lost region's clients that have moved away by {@code t}. */
    private double progress(int r, double t) {
      if (up[r] || Double.isNaN(switchAt[r]) || t < switchAt[r]) {
        return 0;
      }
      double ttl = switchSeconds();
      return ttl <= 0 ? 1 : Math.min(1, (t - switchAt[r]) / ttl);
    }

    /**
     * Down the user region's list of regions by nearness: a healthy region keeps what reaches it; a
     * lost one keeps the share of clients that have not moved yet (they fail) and passes the others
     * on to the next.
     */
    @Override
    public double usersAt(int r, int i, double t) {
      double mass = 1;
      Integer[] order = nearness[i];
      for (int m = 0; m < order.length && mass > 0; m++) {
        int at = order[m];
        boolean last = m == order.length - 1;
        double stays = up[at] || last ? mass : mass * (1 - progress(at, t));
        if (at == r) {
          return stays;
        }
        mass -= stays;
      }
      return 0;
    }

    @Override
    public double movedShare(int r, double t) {
      double share = 0;
      for (int i = 0; i < userShares.length; i++) {
        share += userShares[i] * usersAt(r, i, t);
      }
      return share;
    }

    @Override
    public boolean ready(int r, double t) {
      return up[r];
    }

    @Override
    public int instances(int r, double t) {
      return up[r] ? perRegion : 0;
    }

    /**
     * Each other region's costs over the step: its instances while it is up, the health checks (one
     * per region), Global Accelerator (each region's database copy is the database stage's, {@link
     * #databaseStandbys}).
     */
    @Override
    public void bill(double a, double dt, double offeredRate) {
      for (int r = 1; r < names.length; r++) {
        String region = names[r];
        if (arch.compute() != null && up[r]) {
          double hourly = Catalog.onDemandUsd(region, arch.compute().instanceType());
          trial.cost(
              "dr:" + region + " ec2 " + arch.compute().instanceType(),
              perRegion * dt / 3600 * hourly);
        }
      }
      trial.cost(
          "route53 health checks",
          names.length
              * dt
              / Numbers.SECONDS_PER_MONTH
              * Services.usd("route53.health-check.month", "us-east-1"));
      if (dr.globalAccelerator()) {
        trial.cost(
            "global accelerator", dt / 3600 * Services.usd("global-accelerator.hour", "us-east-1"));
      }
    }
  }
}
