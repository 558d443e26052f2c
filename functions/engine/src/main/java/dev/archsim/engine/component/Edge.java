package dev.archsim.engine.component;

/**
 * The first stage of the request path, at the edge near the users (CloudFront): it answers a share
 * of the static requests itself and sends the rest on to the origin.
 */
public interface Edge extends PathStage {
  /**
   * Serves what it can of {@code staticRate} static requests per second over a step of {@code dt}
   * seconds and returns the static rate that goes on to the compute tier.
   *
   * @param originRegion the region the origin is served from now (the primary, or the secondary
   *     after a failover), null when no region serves it
   */
  double serveStatic(double staticRate, double dt, String originRegion);
}
