package dev.archsim.engine.component;

import java.util.List;

/**
 * The stage around the request path rather than on it (disaster recovery): which region serves the
 * users, and where they go when a region is lost. Regions are numbered 0 for the primary (the
 * stage's own, simulated in full by the engine) and 1.. for the others ({@link #regions()}). The
 * engine keeps each region's state and its incident (lost, back, the recovery time and data-loss
 * window it records); this stage says how a loss is detected, when and how fast the clients move,
 * what the other regions run meanwhile, and bills them. The engine serves the requests it sends to
 * another region on that region's instances, with the users' round trips to it, and fails those
 * sent to a region that is down.
 */
public interface RegionFailover extends PathStage {
  /**
   * What a failover does about one loss of a region.
   *
   * @param detectedAt when the health checks declare the region down; NaN for a loss that takes
   *     nothing the users are served from ({@link #unnoticed})
   * @param restoredAt when every client is served elsewhere at full capacity: the region's recovery
   *     ends then (or when the region is back, if sooner); infinite while the failover cannot
   *     complete (its target region is down too: {@link #restoredAt(int)} says when it can)
   * @param rpoSeconds the window of writes lost (the replication lag or the time since the last
   *     backup)
   */
  record Plan(double detectedAt, double restoredAt, double rpoSeconds) {
    /**
     * The loss of a region no user is served from (a standby region while the primary serves): no
     * incident, though the stage has no failover target until it is back.
     */
    public static Plan unnoticed() {
      return new Plan(Double.NaN, Double.NaN, Double.NaN);
    }

    /** True when the loss is an incident: users are served from the lost region. */
    public boolean incident() {
      return !Double.isNaN(detectedAt);
    }
  }

  /** The regions besides the primary, region 1 first. */
  List<String> regions();

  /** Region {@code r} is lost now: draws and schedules the failover's moments. */
  Plan lost(int r, double now);

  /** Region {@code r} is back now: a planned failback, the clients return without failures. */
  void back(int r, double now);

  /**
   * When the clients of region {@code r}, lost and not back, are all served elsewhere at full
   * capacity as things stand now (in the past: already); infinite while that cannot happen (every
   * region they could go to is down). Asked again each time another region is lost or back.
   */
  double restoredAt(int r);

  /**
   * Share of the requests reaching the origin that are sent to region {@code r} ≥ 1 at {@code t}
   * (served there, or failed while it is down); the rest go to the primary.
   */
  double movedShare(int r, double t);

  /**
   * Share of the users of user region {@code i} (an index into the workload's users, or the
   * primary's region when it lists none) sent to region {@code r} at {@code t}.
   */
  double usersAt(int r, int i, double t);

  /** Whether region {@code r} ≥ 1 takes traffic at {@code t}. */
  boolean ready(int r, double t);

  /** Instances of the compute tier region {@code r} ≥ 1 runs at {@code t}. */
  int instances(int r, double t);

  /**
   * The regions that keep a standby copy of the database (a replica, the writes replicated to
   * them): the engine has the database's stage bill each ({@link DataStore#standbyIn}).
   */
  List<String> databaseStandbys();
}
