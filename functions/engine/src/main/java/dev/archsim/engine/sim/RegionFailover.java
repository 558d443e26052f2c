package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;

/**
 * The primary region and its disaster recovery in one trial: a region outage, its detection by
 * Route 53 health checks, the decision, the secondary made ready as the strategy does it (backup
 * and restore, pilot light, warm standby, active-active), the clients moving over one TTL (at once
 * with Global Accelerator), the failback when the region returns, and the recovery time and
 * data-loss window this gives. Without a DR strategy a region outage is an outage until the region
 * returns.
 */
final class RegionFailover {
  /**
   * Where a closed recovery goes: its duration and its data-loss window (NaN: no writes at risk).
   */
  interface Recovered {
    void recovered(double seconds, double rpoSeconds);
  }

  private final TrialSimulation sim;
  private final DisasterRecovery dr;
  private final boolean writesAtRisk;
  private final Recovered recovered;
  private final int primaryCapacity;
  private final double nearerSecondaryShare;
  private final boolean[] nearerSecondary;
  private double backupPhaseSeconds;

  private boolean primaryUp = true;
  private double regionDownAt = Double.NaN;
  private double switchAt = Double.NaN;
  private double readyAt = Double.NaN;
  private double fullAt = Double.NaN;
  private boolean recoveryOpen;
  private double pendingRpo = Double.NaN;

  /**
   * Draws the phase of the backup schedule (backup and restore) from the trial's stream.
   *
   * @param userRegions where the users are, with their {@code userShares}: under active-active the
   *     users nearer to the secondary region are served there all along
   */
  RegionFailover(
      TrialSimulation sim,
      String[] userRegions,
      double[] userShares,
      boolean writesAtRisk,
      Recovered recovered) {
    this.sim = sim;
    Architecture arch = sim.arch;
    this.dr = arch.dr();
    this.writesAtRisk = writesAtRisk;
    this.recovered = recovered;
    if (arch.compute() != null) {
      var g = arch.compute().autoScaling();
      primaryCapacity = g != null ? g.desired() : arch.compute().totalInstances();
    } else {
      primaryCapacity = 0;
    }
    double nearer = 0;
    nearerSecondary = new boolean[userRegions.length];
    if (dr != null && dr.strategy() == Strategy.ACTIVE_ACTIVE) {
      for (int i = 0; i < userRegions.length; i++) {
        if (Services.roundTripMs(userRegions[i], dr.secondaryRegion())
            < Services.roundTripMs(userRegions[i], arch.region())) {
          nearer += userShares[i];
          nearerSecondary[i] = true;
        }
      }
    }
    this.nearerSecondaryShare = nearer;
    if (dr != null && dr.strategy() == Strategy.BACKUP_RESTORE) {
      backupPhaseSeconds = sim.rng.nextDouble() * dr.backupIntervalHours() * 3600;
    }
  }

  boolean primaryUp() {
    return primaryUp;
  }

  /** True while clients are moving or the primary is down (the traffic must be stepped). */
  boolean varies() {
    return !Double.isNaN(switchAt) || !primaryUp;
  }

  /** Whether user region {@code i} is served by the secondary region all along (active-active). */
  boolean nearerSecondary(int i) {
    return nearerSecondary[i];
  }

  /** Whether the secondary region takes traffic at {@code t}. */
  boolean secondaryReady(double t) {
    return primaryUp || (!Double.isNaN(readyAt) && t >= readyAt);
  }

  /** Closes a recovery still running at the horizon, counted as is. */
  void finish(double horizon) {
    if (recoveryOpen) {
      recoveryOpen = false;
      recovered.recovered(horizon - regionDownAt, writesAtRisk ? pendingRpo : Double.NaN);
    }
  }

  /** The primary region is lost: detection, the decision, the secondary made ready, DNS moved. */
  void down(double now) {
    if (!primaryUp) {
      return;
    }
    primaryUp = false;
    regionDownAt = now;
    sim.incidents++;
    recoveryOpen = true;
    pendingRpo = Double.NaN;
    if (dr == null) {
      return;
    }
    double detected =
        now
            + HealthChecks.route53Unhealthy(
                dr.healthCheckIntervalSeconds(), dr.failureThreshold(), sim.rng.nextDouble());
    sim.recordDetection(now, detected);
    double decided = detected + dr.decisionMinutes() * 60;
    double boot = dr.bootSeconds();
    switch (dr.strategy()) {
      case BACKUP_RESTORE -> {
        readyAt = decided + dr.provisionMinutes() * 60 + dr.restoreMinutes() * 60;
        switchAt = readyAt;
        fullAt = readyAt;
        double sinceBackup = ((now - backupPhaseSeconds) % (dr.backupIntervalHours() * 3600));
        if (sinceBackup < 0) {
          sinceBackup += dr.backupIntervalHours() * 3600;
        }
        pendingRpo = sinceBackup;
      }
      case PILOT_LIGHT -> {
        // the database replica is promoted while the compute tier is launched
        readyAt = decided + Math.max(boot, 60);
        switchAt = readyAt;
        fullAt = readyAt;
        pendingRpo = RandomStreams.exponential(sim.rng, dr.replicationLagSeconds());
      }
      case WARM_STANDBY -> {
        readyAt = decided;
        switchAt = decided;
        fullAt = decided + (standbyCarriesAll() ? 0 : boot);
        pendingRpo = RandomStreams.exponential(sim.rng, dr.replicationLagSeconds());
      }
      case ACTIVE_ACTIVE -> {
        readyAt = now;
        switchAt = detected;
        fullAt = detected + (standbyCarriesAll() ? 0 : boot);
        pendingRpo = RandomStreams.exponential(sim.rng, dr.replicationLagSeconds());
      }
    }
    double done = Math.max(fullAt, switchAt + switchSeconds());
    scheduleFailoverSteps(now);
    sim.at(done, () -> closeRegionRecovery(done, true));
  }

  /**
   * The failover's moments as events: the secondary ready, clients starting to move, every client
   * moved (one TTL later), the secondary at full capacity. The traffic is integrated between
   * events, so none of them is rounded to a step boundary, and the clients' linear move lies within
   * its own segments, where the moved share's mean is its value at the segment's middle: the result
   * does not depend on the step.
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
        sim.at(
            t,
            () -> {
              if (!primaryUp && regionDownAt == downAt) {
                sim.note(t, w);
              }
            });
      }
    }
  }

  /** The secondary already runs at least the primary's fleet: nothing to boot on failover. */
  private boolean standbyCarriesAll() {
    return Math.ceil(dr.standbyShare() * primaryCapacity) >= primaryCapacity;
  }

  /** The primary region is back: a planned failback, clients return without failures. */
  void up(double now) {
    if (primaryUp) {
      return;
    }
    primaryUp = true;
    if (recoveryOpen) {
      closeRegionRecovery(now, false);
    }
    // planned failback: clients return to the primary without failures
    switchAt = Double.NaN;
    readyAt = Double.NaN;
    fullAt = Double.NaN;
    regionDownAt = Double.NaN;
  }

  private void closeRegionRecovery(double now, boolean failedOver) {
    if (!recoveryOpen) {
      return;
    }
    recoveryOpen = false;
    sim.recordRecovery(regionDownAt, now);
    double rpo = failedOver && writesAtRisk ? pendingRpo : (writesAtRisk ? 0 : Double.NaN);
    recovered.recovered(now - regionDownAt, rpo);
  }

  private double switchSeconds() {
    return dr.globalAccelerator() ? 0 : dr.ttlSeconds();
  }

  /** Share of the primary's own clients that have moved to the secondary region by t. */
  double switchProgress(double t) {
    if (primaryUp || dr == null || Double.isNaN(switchAt) || t < switchAt) {
      return 0;
    }
    double ttl = switchSeconds();
    return ttl <= 0 ? 1 : Math.min(1, (t - switchAt) / ttl);
  }

  /**
   * Share of the clients that now reach the secondary region: the users nearer to it under
   * active-active (none otherwise), plus the primary's own clients that have moved.
   */
  double movedShare(double t) {
    return nearerSecondaryShare + (1 - nearerSecondaryShare) * switchProgress(t);
  }

  /** Instances the secondary region runs at time t. */
  int secondaryInstances(double t) {
    if (dr == null) {
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
}
