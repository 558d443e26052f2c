package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.sim.RandomStreams;
import dev.archsim.engine.validate.CatalogRules;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import java.util.Locale;

/**
 * Disaster recovery, around the request path: what happens when the primary region is lost. One of
 * four strategies (backup and restore, pilot light, warm standby, active-active) recovers in a
 * secondary region: the loss is detected by Route 53 health checks, someone (or, active-active,
 * nobody) decides to fail over, the secondary is made ready as the strategy does it, and the
 * clients move over one TTL (at once with Global Accelerator). The recovery time and data-loss
 * window follow from these mechanics. Its costs are the secondary's: standby instances, the
 * database replica or the backups, the health checks, the cross-region replication, Global
 * Accelerator.
 */
public final class DisasterRecoveryComponent implements Component<DisasterRecovery> {
  /** UNSOURCED assumption: bytes replicated across regions per database write. */
  public static final double BYTES_PER_WRITE = 1024;

  /** Route 53 health checks billed with a DR strategy: one per region's endpoint. */
  static final int HEALTH_CHECKS = 2;

  @Override
  public String section() {
    return "dr";
  }

  @Override
  public DisasterRecovery config(Architecture a) {
    return a.dr();
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
  }

  /** The primary's state and the secondary's: two units for the estimate. */
  @Override
  public double stateUnits(DisasterRecovery d) {
    return 2;
  }

  @Override
  public void prices(DisasterRecovery d, Architecture a, PriceList out) {
    String second = d.secondaryRegion();
    if (second == null) {
      return;
    }
    if (a.compute() != null) {
      out.instances(a.compute().instanceType(), second, "DR standby");
    }
    Database db = a.database();
    if (d.strategy() == Strategy.BACKUP_RESTORE) {
      out.uses("rds.backup.gb-month", second);
    } else {
      if (db != null && db.relational()) {
        out.uses(Services.dbKey(db.instanceClass(), db.engine() == Database.Engine.AURORA), second);
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

  /** With a strategy, nothing to say beyond its simulated recovery time and data loss. */
  @Override
  public void findings(DisasterRecovery d, Scenario scenario, Stage stage, List<Finding> out) {}

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
  }

  @Override
  public void checksWithout(Architecture a, List<PillarCheck> out) {
    if (a.database() != null || a.cdn() != null) {
      out.add(new PillarCheck("reliability", "a recovery plan for the loss of a region", false));
    }
  }

  @Override
  public List<String> explain(DisasterRecovery d, Architecture a, Workload w) {
    return List.of(
        String.format(Locale.ROOT, "DR: %s to %s", d.strategy().id(), d.secondaryRegion()));
  }

  @Override
  public RegionFailover stage(DisasterRecovery d, TrialContext trial) {
    return new Failover(d, trial);
  }

  /**
   * The secondary region in one trial: after a loss of the primary, detection by Route 53 health
   * checks, the decision, the secondary made ready as the strategy does it, the clients moving over
   * one TTL (at once with Global Accelerator), the failback when the primary returns.
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
    private double regionDownAt = Double.NaN;
    private double switchAt = Double.NaN;
    private double readyAt = Double.NaN;
    private double fullAt = Double.NaN;

    /**
     * Draws the phase of the backup schedule (backup and restore) from the trial's stream. Under
     * active-active the users nearer to the secondary region are served there all along.
     */
    Failover(DisasterRecovery dr, TrialContext trial) {
      this.dr = dr;
      this.trial = trial;
      this.arch = trial.architecture();
      if (arch.compute() != null) {
        var g = arch.compute().autoScaling();
        primaryCapacity = g != null ? g.desired() : arch.compute().totalInstances();
      } else {
        primaryCapacity = 0;
      }
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
    public String region() {
      return dr.secondaryRegion();
    }

    /** True while clients are moving or the primary is down (the traffic must be stepped). */
    @Override
    public boolean varies() {
      return !Double.isNaN(switchAt) || !primaryUp;
    }

    @Override
    public boolean ready(double t) {
      return primaryUp || (!Double.isNaN(readyAt) && t >= readyAt);
    }

    @Override
    public Plan primaryLost(double now) {
      primaryUp = false;
      regionDownAt = now;
      double detected =
          now + trial.route53Unhealthy(dr.healthCheckIntervalSeconds(), dr.failureThreshold());
      double decided = detected + dr.decisionMinutes() * 60;
      double boot = dr.bootSeconds();
      double rpo;
      switch (dr.strategy()) {
        case BACKUP_RESTORE -> {
          readyAt = decided + dr.provisionMinutes() * 60 + dr.restoreMinutes() * 60;
          switchAt = readyAt;
          fullAt = readyAt;
          double sinceBackup = ((now - backupPhaseSeconds) % (dr.backupIntervalHours() * 3600));
          if (sinceBackup < 0) {
            sinceBackup += dr.backupIntervalHours() * 3600;
          }
          rpo = sinceBackup;
        }
        case PILOT_LIGHT -> {
          // the database replica is promoted while the compute tier is launched
          readyAt = decided + Math.max(boot, 60);
          switchAt = readyAt;
          fullAt = readyAt;
          rpo = RandomStreams.exponential(trial.random(), dr.replicationLagSeconds());
        }
        case WARM_STANDBY -> {
          readyAt = decided;
          switchAt = decided;
          fullAt = decided + (standbyCarriesAll() ? 0 : boot);
          rpo = RandomStreams.exponential(trial.random(), dr.replicationLagSeconds());
        }
        case ACTIVE_ACTIVE -> {
          readyAt = now;
          switchAt = detected;
          fullAt = detected + (standbyCarriesAll() ? 0 : boot);
          rpo = RandomStreams.exponential(trial.random(), dr.replicationLagSeconds());
        }
        default -> throw new IllegalStateException(dr.strategy().id());
      }
      double done = Math.max(fullAt, switchAt + switchSeconds());
      scheduleFailoverSteps(now);
      return new Plan(detected, done, rpo);
    }

    /**
     * The failover's moments as events: the secondary ready, clients starting to move, every client
     * moved (one TTL later), the secondary at full capacity. The traffic is integrated between
     * events, so none of them is rounded to a step boundary, and the clients' linear move lies
     * within its own segments, where the moved share's mean is its value at the segment's middle:
     * the result does not depend on the step.
     */
    private void scheduleFailoverSteps(double downAt) {
      String to = dr.secondaryRegion();
      double[] times = {readyAt, switchAt, switchAt + switchSeconds(), fullAt};
      String[] what = {
        "secondary region " + to + " ready",
        "clients start moving to " + to,
        "every client moved to " + to,
        "secondary region " + to + " at full capacity"
      };
      for (int i = 0; i < times.length; i++) {
        double t = times[i];
        String w = what[i];
        if (t > downAt && (i == 0 || t != times[i - 1])) {
          trial.at(
              t,
              () -> {
                if (!primaryUp && regionDownAt == downAt) {
                  trial.note(t, w);
                }
              });
        }
      }
    }

    /** The secondary already runs at least the primary's fleet: nothing to boot on failover. */
    private boolean standbyCarriesAll() {
      return Math.ceil(dr.standbyShare() * primaryCapacity) >= primaryCapacity;
    }

    @Override
    public void primaryBack(double now) {
      primaryUp = true;
      switchAt = Double.NaN;
      readyAt = Double.NaN;
      fullAt = Double.NaN;
      regionDownAt = Double.NaN;
    }

    private double switchSeconds() {
      return dr.globalAccelerator() ? 0 : dr.ttlSeconds();
    }

    @Override
    public double switchProgress(double t) {
      if (primaryUp || Double.isNaN(switchAt) || t < switchAt) {
        return 0;
      }
      double ttl = switchSeconds();
      return ttl <= 0 ? 1 : Math.min(1, (t - switchAt) / ttl);
    }

    @Override
    public double movedShare(double t) {
      return nearerSecondaryShare + (1 - nearerSecondaryShare) * switchProgress(t);
    }

    @Override
    public double usersThere(int i, double progress) {
      return nearerSecondary[i] ? 1 : progress;
    }

    @Override
    public int instances(double t) {
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
     * The secondary's costs over the step from {@code a}: its instances, the backups or the
     * database replica, the health checks, the cross-region replication of the writes (unless the
     * database is global and bills it), Global Accelerator.
     */
    @Override
    public void bill(double a, double dt, double offeredRate) {
      String region = dr.secondaryRegion();
      Database db = arch.database();
      if (arch.compute() != null) {
        int n = instances(a);
        if (n > 0) {
          double hourly = Catalog.onDemandUsd(region, arch.compute().instanceType());
          trial.cost(
              "dr:" + region + " ec2 " + arch.compute().instanceType(), n * dt / 3600 * hourly);
        }
      }
      if (dr.strategy() == Strategy.BACKUP_RESTORE) {
        trial.cost(
            "dr:" + region + " backups",
            dr.dataGb()
                * dt
                / Numbers.SECONDS_PER_MONTH
                * Services.usd("rds.backup.gb-month", region));
      } else if (db != null && db.relational()) {
        trial.cost(
            "dr:" + region + " " + db.engine().id() + " replica " + db.instanceClass(),
            dt
                / 3600
                * Services.dbHourly(
                    Services.dbClass(db.instanceClass()).orElseThrow().name(),
                    db.engine() == Database.Engine.AURORA,
                    region));
      }
      if (dr.strategy() != Strategy.BACKUP_RESTORE) {
        trial.cost(
            "route53 health checks",
            HEALTH_CHECKS
                * dt
                / Numbers.SECONDS_PER_MONTH
                * Services.usd("route53.health-check.month", "us-east-1"));
        if (db != null && !db.global()) {
          double writesPerSecond =
              trial.workload().requestsPerSecond() * trial.profile().dbWritesPerRequest();
          trial.cost(
              "cross-region replication",
              writesPerSecond
                  * dt
                  * BYTES_PER_WRITE
                  / 1e9
                  * Services.usd("cross-region.gb", arch.region()));
        }
      }
      if (dr.globalAccelerator()) {
        trial.cost(
            "global accelerator", dt / 3600 * Services.usd("global-accelerator.hour", "us-east-1"));
      }
    }
  }
}
