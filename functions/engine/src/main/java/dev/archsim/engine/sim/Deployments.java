package dev.archsim.engine.sim;

import dev.archsim.engine.result.Metric;

/**
 * A fleet's rolling deployments ({@link RollingDeployment}): the one under way, whose new units are
 * launched in the AZ with the fewest live instances and whose old units are taken out of service
 * (drained, stopped) from the AZ with the most; the fleet's Auto Scaling group does not reconcile
 * the count meanwhile, and takes it back once the deployment is done.
 */
final class Deployments implements RollingDeployment.Units {
  private final ZonedFleet fleet;

  /** The rolling deployment under way, or null. */
  private RollingDeployment underWay;

  Deployments(ZonedFleet fleet) {
    this.fleet = fleet;
  }

  /**
   * A rolling deployment replaces every unit now, keeping at least {@code minHealthy} units healthy
   * and at most {@code maxRunning} running or starting; nothing without a group or while one is
   * under way.
   */
  void start(int minHealthy, int maxRunning, double now) {
    AutoScalingGroup group = fleet.group;
    if (group == null || active()) {
      return;
    }
    underWay = new RollingDeployment(this, group.desired(), fleet.live(), minHealthy, maxRunning);
    fleet.trial.metrics().count(fleet.figures().metric(Metric.FleetFigure.DEPLOYMENTS), 1);
    underWay.step(now);
  }

  /** True while a rolling deployment is under way. */
  boolean active() {
    return underWay != null && !underWay.done();
  }

  /**
   * An instance passed its health checks: the deployment moves on. True when it has just ended (the
   * group reconciles the count again).
   */
  boolean healthy(double now) {
    if (underWay == null) {
      return false;
    }
    underWay.healthy(now);
    if (underWay.done()) {
      underWay = null;
      return true;
    }
    return false;
  }

  /** The deployment under way, if any, is abandoned (an AZ was lost under it). */
  void abandon(double now) {
    if (active()) {
      underWay.abandon(now);
    }
  }

  @Override
  public void launch(double at) {
    FleetZone z = fleet.zones.emptiest();
    if (z != null) {
      fleet.launches.launch(z, at, Double.NaN);
    }
  }

  @Override
  public void stop(double at) {
    FleetZone z = fleet.zones.fullest();
    if (z != null && z.inService > 0) {
      fleet.terminate(z, at);
    }
  }

  @Override
  public void note(double at, InfrastructureEvent.Deployment what) {
    fleet.noteDeployment(at, what);
  }
}
