package dev.archsim.engine.sim;

import dev.archsim.engine.component.RegionFailover;
import java.util.Arrays;
import java.util.List;

/**
 * The regions a stage serves from: 0 the primary, 1.. those of the region failover around the path
 * (none without DR). Per region whether it is up, when it was lost, and its open incident with the
 * plan its recovery ends by; a region lost is an incident until it is back or, with a DR strategy,
 * until the failover is complete ({@link RegionFailover}).
 */
final class Regions {
  private final FleetTrial trial;

  /** The region failover around the path; null without DR. */
  private final RegionFailover failover;

  /** The requests write to the database: a region's loss can lose writes. */
  private final boolean writesAtRisk;

  private final String[] names;
  private final Serving.Unit[] units;
  private final boolean[] up;
  private final double[] downAt;
  private final boolean[] recoveryOpen;
  private final double[] pendingRpo;

  /**
   * The plan each open recovery ends by: a newer plan (another region lost or back) supersedes it.
   */
  private final int[] recoveryPlans;

  private boolean primaryUp = true;

  Regions(FleetTrial trial, String primary, RegionFailover failover, boolean writesAtRisk) {
    this.trial = trial;
    this.failover = failover;
    this.writesAtRisk = writesAtRisk;
    List<String> others = failover == null ? List.of() : failover.regions();
    int regions = 1 + others.size();
    this.names = new String[regions];
    names[0] = primary;
    this.units = new Serving.Unit[regions];
    for (int r = 1; r < regions; r++) {
      names[r] = others.get(r - 1);
      units[r] = new Serving.Unit();
    }
    this.up = new boolean[regions];
    Arrays.fill(up, true);
    this.downAt = new double[regions];
    Arrays.fill(downAt, Double.NaN);
    this.recoveryOpen = new boolean[regions];
    this.pendingRpo = new double[regions];
    Arrays.fill(pendingRpo, Double.NaN);
    this.recoveryPlans = new int[regions];
  }

  /** The stage's regions: the primary first, then those of its region failover (DR). */
  List<String> names() {
    return List.of(names);
  }

  /** How many regions: 1 + those of the failover. */
  int count() {
    return names.length;
  }

  String name(int r) {
    return names[r];
  }

  /** True while region {@code r} is up. */
  boolean up(int r) {
    return up[r];
  }

  /** The serving state of region {@code r} ≥ 1's instances. */
  Serving.Unit unit(int r) {
    return units[r];
  }

  boolean primaryUp() {
    return primaryUp;
  }

  /**
   * A region is lost ({@code null}: the primary): an incident until the region is back or, with a
   * DR strategy, until the failover is complete; no incident when the failover says the loss takes
   * nothing the users are served from (a standby region). Any other region's recovery under way is
   * planned again: this one may have been its failover's target.
   */
  void down(String region, double now) {
    int r = index(region);
    if (r < 0 || !up[r]) {
      return;
    }
    up[r] = false;
    primaryUp = up[0];
    downAt[r] = now;
    trial.log().note(now, new InfrastructureEvent.RegionLost(names[r]));
    if (failover == null) {
      trial.incidents().incident();
      recoveryOpen[r] = true;
      pendingRpo[r] = Double.NaN;
      return;
    }
    RegionFailover.Plan plan = failover.lost(r, now);
    if (plan.incident()) {
      trial.incidents().incident();
      recoveryOpen[r] = true;
      trial.incidents().detected(now, plan.detectedAt());
      pendingRpo[r] = plan.rpoSeconds();
      planRecovery(r, plan.restoredAt(), now);
    }
    planOtherRecoveries(r, now);
  }

  /** A region is back: a planned failback, clients return without failures. */
  void back(String region, double now) {
    int r = index(region);
    if (r < 0 || up[r]) {
      return;
    }
    up[r] = true;
    primaryUp = up[0];
    trial.log().note(now, new InfrastructureEvent.RegionBack(names[r]));
    if (recoveryOpen[r]) {
      closeRecovery(r, now, false);
    }
    downAt[r] = Double.NaN;
    if (failover != null) {
      failover.back(r, now);
      planOtherRecoveries(r, now);
    }
  }

  /**
   * The recovery of lost region {@code r} ends at {@code restoredAt} (at once if that has passed;
   * never while it is infinite: the failover cannot complete yet), superseding its earlier plan.
   */
  private void planRecovery(int r, double restoredAt, double now) {
    int plan = ++recoveryPlans[r];
    if (restoredAt < Double.POSITIVE_INFINITY) {
      double done = Math.max(restoredAt, now);
      trial
          .events()
          .at(
              done,
              () -> {
                if (recoveryPlans[r] == plan) {
                  closeRecovery(r, done, true);
                }
              });
    }
  }

  /** Plans again the recovery of every region still lost but {@code changed}. */
  private void planOtherRecoveries(int changed, double now) {
    for (int q = 0; q < names.length; q++) {
      if (q != changed && !up[q] && recoveryOpen[q]) {
        planRecovery(q, failover.restoredAt(q), now);
      }
    }
  }

  /** The index of a region ({@code null} or the stage's: 0), or -1 when the stage has no such. */
  private int index(String region) {
    if (region == null) {
      return 0;
    }
    for (int r = 0; r < names.length; r++) {
      if (names[r].equals(region)) {
        return r;
      }
    }
    return -1;
  }

  private void closeRecovery(int r, double now, boolean failedOver) {
    if (!recoveryOpen[r]) {
      return;
    }
    recoveryOpen[r] = false;
    trial.incidents().recovered(downAt[r], now);
    double rpo = failedOver && writesAtRisk ? pendingRpo[r] : (writesAtRisk ? 0 : Double.NaN);
    trial.incidents().tally(now - downAt[r], rpo);
  }

  /** Instances the other regions run at time t (0 without disaster recovery). */
  int secondaryInService(double t) {
    int n = 0;
    for (int r = 1; r < names.length; r++) {
      n += failover.instances(r, t);
    }
    return n;
  }

  /** The region the origin's requests go to while the primary is down, or null if none. */
  String movedTo(double mid) {
    for (int r = 1; r < names.length; r++) {
      if (failover.movedShare(r, mid) > 0) {
        return names[r];
      }
    }
    return null;
  }

  /** Closes the recoveries still open at the horizon, counted as they are. */
  void finish(double horizon) {
    for (int r = 0; r < names.length; r++) {
      if (recoveryOpen[r]) {
        recoveryOpen[r] = false;
        trial.incidents().tally(horizon - downAt[r], writesAtRisk ? pendingRpo[r] : Double.NaN);
      }
    }
  }
}
