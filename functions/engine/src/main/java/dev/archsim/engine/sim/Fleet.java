package dev.archsim.engine.sim;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.Metric;

/**
 * The compute fleet: instances behind the stage's load balancer with the mechanics every fleet
 * shares ({@link ZonedFleet}: counts by state per AZ, failures, health checks, repair or
 * replacement, the Auto Scaling group, spot capacity, AZ outages, rolling deployments), and what
 * only the compute fleet has: rolling resizes of the trial's serving type ({@link RollingResize}),
 * sticky sessions ({@link StickySessions}) and the internet-facing load balancer's routing ({@link
 * FleetRouting}), its instances served by the trial's {@link Serving}.
 *
 * <p>A failed target keeps receiving its share until the health checks mark it unhealthy (a uniform
 * phase within the interval, then threshold − 1 more intervals, each check timing out); a new or
 * repaired instance needs the healthy threshold of checks before it gets traffic.
 */
final class Fleet extends ZonedFleet implements TrialSimulation.Topology {
  private final Entry.LoadBalancer lb;
  private final RollingResize resize;
  private final FleetRouting routing;

  Fleet(TrialSimulation sim, Entry.LoadBalancer lb) {
    super(
        sim,
        lb.healthCheck(),
        sim.tier.autoScaling(),
        sim.tiers.queueBacklog(),
        sim.tier.purchase() == null ? null : sim.tier.purchase().spot(),
        lb.stickySessions(),
        lb.deregistrationDelaySeconds());
    this.lb = lb;
    this.resize = new RollingResize(this, sim.serving::setType);
    this.routing = new FleetRouting(sim, lb, zones, group, sessions, this::nothingRoutedCause);
  }

  @Override
  Metric.Tier figures() {
    return dev.archsim.engine.component.EcsComponent.of(sim.arch) != null
        ? Metric.Tier.ECS
        : Metric.Tier.COMPUTE;
  }

  FleetZone[] zones() {
    return zones;
  }

  @Override
  public void start() {
    start(sim.tier.placement(), sim.serving.initialCredits(), true);
  }

  // ---------------------------------------------------------------- hooks of the shared mechanics

  @Override
  void minimumCharge(double seconds) {
    sim.billing.minimumCharge(seconds);
  }

  @Override
  double launchCredits() {
    return sim.serving.launchCredits();
  }

  @Override
  void azLost(int az, double now) {
    sim.incidents++;
  }

  @Override
  void azDetected(double lostAt, double at) {
    sim.recordDetection(lostAt, at);
  }

  @Override
  void afterHealthy(double now) {
    resize.next(now);
  }

  // ---------------------------------------------------------------- rolling deployments

  @Override
  public void deploy(int minimumHealthyPercent, int maximumPercent, double now) {
    if (group == null || deploying()) {
      return;
    }
    var service = dev.archsim.engine.component.EcsComponent.of(sim.arch);
    int[] bounds =
        dev.archsim.engine.component.EcsComponent.deploymentBounds(
            group.desired(),
            minimumHealthyPercent,
            maximumPercent,
            service != null && service.eks());
    deployWithin(bounds[0], bounds[1], now);
  }

  @Override
  public void resize(Faults.Resize r, double now) {
    sim.note(now, new InfrastructureEvent.ResizeStarted(r.toInstanceType()));
    resize.start(r, live(), now);
  }

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {
    // behind a load balancer clients resolve the load balancer (alias), not instances
  }

  // ---------------------------------------------------------------- routing

  @Override
  public boolean varies() {
    return group != null;
  }

  @Override
  public boolean stepsOnlyForTheRate() {
    return true; // counts change at events only; the Auto Scaling metric is read at its events
  }

  @Override
  public boolean metricsApart() {
    if (group == null || !group.readsCpuAndRequestsOnly() || lb.stickySessions()) {
      return false;
    }
    routing.feedMetricsApart();
    return true;
  }

  @Override
  public void feedMetrics(double lambda, double dt) {
    routing.feedGroup(lambda, dt);
  }

  @Override
  public double loadPerRate() {
    return routing.loadPerRate();
  }

  @Override
  public double maxStep(double step) {
    return step;
  }

  @Override
  public void route(double a, double b, double lambda) {
    routing.route(a, b, lambda);
  }

  private dev.archsim.engine.result.FailureCause nothingRoutedCause() {
    if (resize.active()) {
      return dev.archsim.engine.result.FailureCause.RESIZE_DOWNTIME;
    }
    for (FleetZone z : zones) {
      if (z.out) {
        return dev.archsim.engine.result.FailureCause.AZ_OUTAGE;
      }
    }
    return dev.archsim.engine.result.FailureCause.NO_CAPACITY;
  }

  @Override
  public TrialSimulation.CountStats countStats() {
    return routing.stats();
  }
}
