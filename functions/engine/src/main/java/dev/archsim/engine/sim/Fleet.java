package dev.archsim.engine.sim;

import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.result.FailureCause;
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
final class Fleet extends ZonedFleet implements Topology {
  private final Entry.LoadBalancer lb;
  private final ComputeTier tier;

  /** The container service whose tasks the fleet runs, or null for EC2 instances. */
  private final EcsService service;

  private final Serving serving;
  private final Billing billing;
  private final RollingResize resize;
  private final FleetRouting routing;

  /**
   * The stage's compute {@code tier} (the tasks of the container {@code service}, if not null)
   * behind {@code lb}, its instances served by {@code serving} and billed by {@code billing}; its
   * group may scale on the {@code backlog} of the stage's queue; sticky sessions are {@code
   * profile}'s users'.
   */
  Fleet(
      FleetTrial trial,
      Entry.LoadBalancer lb,
      ComputeTier tier,
      EcsService service,
      Serving serving,
      Billing billing,
      QueueBacklog backlog,
      RequestProfile profile) {
    super(
        trial,
        lb.healthCheck(),
        tier.autoScaling(),
        backlog,
        tier.purchase() == null ? null : tier.purchase().spot(),
        new StickySessions(profile, trial.metrics(), serving, lb.stickySessions()),
        lb.deregistrationDelaySeconds());
    this.lb = lb;
    this.tier = tier;
    this.service = service;
    this.serving = serving;
    this.billing = billing;
    this.resize = new RollingResize(this, serving::setType);
    this.routing =
        new FleetRouting(serving, lb, zones.all, group, sessions, this::nothingRoutedCause);
  }

  @Override
  Metric.Tier figures() {
    return service != null ? Metric.Tier.ECS : Metric.Tier.COMPUTE;
  }

  @Override
  public void start() {
    start(tier.placement(), serving.initialCredits(), true);
  }

  // ---------------------------------------------------------------- hooks of the shared mechanics

  @Override
  void minimumCharge(double seconds) {
    billing.minimumCharge(seconds);
  }

  @Override
  double launchCredits() {
    return serving.launchCredits();
  }

  @Override
  void azLost(int az, double now) {
    trial.incidents().incident();
  }

  @Override
  void azDetected(double lostAt, double at) {
    trial.incidents().detected(lostAt, at);
  }

  @Override
  void afterHealthy(double now) {
    resize.next(now);
  }

  // ---------------------------------------------------------------- rolling deployments

  @Override
  public void deploy(int minimumHealthyPercent, int maximumPercent, double now) {
    if (group == null || deployments.active()) {
      return;
    }
    int[] bounds =
        EcsComponent.deploymentBounds(
            group.desired(),
            minimumHealthyPercent,
            maximumPercent,
            service != null && service.eks());
    deployments.start(bounds[0], bounds[1], now);
  }

  @Override
  public void resize(Faults.Resize r, double now) {
    trial.log().note(now, new InfrastructureEvent.ResizeStarted(r.toInstanceType()));
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

  private FailureCause nothingRoutedCause() {
    if (resize.active()) {
      return FailureCause.RESIZE_DOWNTIME;
    }
    for (FleetZone z : zones.all) {
      if (z.out) {
        return FailureCause.AZ_OUTAGE;
      }
    }
    return FailureCause.NO_CAPACITY;
  }

  @Override
  public CountStats countStats() {
    return routing.stats();
  }
}
