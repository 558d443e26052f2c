package dev.archsim.engine.component;

/**
 * The stage around the request path rather than on it (disaster recovery): where the users are
 * served when the primary region is lost. The engine keeps the primary region's state and its
 * incident (lost, back, the recovery time and data-loss window it records); this stage says how the
 * loss is detected, when and how fast the clients move to the other region, what that region runs
 * meanwhile, and bills it. The engine serves the requests it sends there on that region's
 * instances, with the users' round trips to it.
 */
public interface RegionFailover extends PathStage {
  /**
   * What a failover does about one loss of the primary region.
   *
   * @param detectedAt when the health checks declare the region down
   * @param restoredAt when every client is served by the other region at its full capacity: the
   *     region's recovery ends then (or when the region is back, if sooner)
   * @param rpoSeconds the window of writes lost (the replication lag or the time since the last
   *     backup)
   */
  record Plan(double detectedAt, double restoredAt, double rpoSeconds) {}

  /** The primary region is lost now: draws and schedules the failover's moments. */
  Plan primaryLost(double now);

  /** The primary region is back now: a planned failback, the clients return without failures. */
  void primaryBack(double now);

  /** The region the clients move to. */
  String region();

  /**
   * Share of the requests reaching the origin that go to {@link #region()} at {@code t}: the users
   * served there all along (active-active) and the primary's clients that have moved.
   */
  double movedShare(double t);

  /**
   * Share of the users of user region {@code i} (an index into the workload's users) that reach
   * {@link #region()} at {@code t}, given {@code progress}, the share of the primary's own clients
   * that have moved ({@link #switchProgress}).
   */
  double usersThere(int i, double progress);

  /** Share of the primary's own clients that have moved by {@code t}, in [0, 1]. */
  double switchProgress(double t);

  /** Whether {@link #region()} takes traffic at {@code t}. */
  boolean ready(double t);

  /** Instances of the compute tier {@link #region()} runs at {@code t}. */
  int instances(double t);
}
