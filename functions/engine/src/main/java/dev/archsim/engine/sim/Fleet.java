package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;

/**
 * Instances behind a load balancer, kept as counts by state per Availability Zone ({@link
 * FleetZone}): their failures ({@link FailureClock}), detection and registration by the target
 * group's health checks ({@link HealthChecks.Targets}), repair or replacement, AZ outages, and the
 * mechanics it shares with other fleets in types of their own: the Auto Scaling group and its
 * policies ({@link AutoScalingGroup}), spot capacity ({@link SpotCapacity}), rolling resizes
 * ({@link RollingResize}) and sticky sessions ({@link StickySessions}). How requests reach the
 * instances is {@link FleetRouting}.
 *
 * <p>A failed target keeps receiving its share until the health checks mark it unhealthy (a uniform
 * phase within the interval, then threshold − 1 more intervals, each check timing out); a new or
 * repaired instance needs the healthy threshold of checks before it gets traffic.
 */
final class Fleet implements TrialSimulation.Topology, AutoScalingGroup.Instances {
  private static final double STATUS_CHECK_SECONDS = Faults.Replacement.DEFAULT_DETECTION_SECONDS;

  private final TrialSimulation sim;
  private final Entry.LoadBalancer lb;
  private final FleetZone[] zones;
  private final HealthChecks.Targets checks;
  private final AutoScalingGroup group;
  private final SpotCapacity spot;
  private final RollingResize resize;
  private final StickySessions sessions;
  private final FleetRouting routing;

  /** The rolling deployment under way, or null. */
  private RollingDeployment deployment;

  private int rebalancePending;

  Fleet(TrialSimulation sim, Entry.LoadBalancer lb) {
    this.sim = sim;
    this.lb = lb;
    this.zones = new FleetZone[sim.arch.azs().size()];
    for (int i = 0; i < zones.length; i++) {
      zones[i] = new FleetZone(i, new FailureClock(sim));
    }
    this.checks = new HealthChecks.Targets(lb.healthCheck(), sim.rng);
    ComputeTier.AutoScaling asg = sim.tier.autoScaling();
    this.group =
        asg == null ? null : new AutoScalingGroup(sim, asg, this, sim.tiers.queueBacklog());
    ComputeTier.Purchase purchase = sim.tier.purchase();
    this.spot =
        new SpotCapacity(
            sim, purchase == null ? null : purchase.spot(), zones, this::spotInterrupted);
    this.resize = new RollingResize(sim, this);
    this.sessions = new StickySessions(sim, lb.stickySessions());
    this.routing = new FleetRouting(sim, lb, zones, group, sessions, this::nothingRoutedCause);
  }

  FleetZone[] zones() {
    return zones;
  }

  @Override
  public void start() {
    double credits = sim.serving.initialCredits();
    for (FleetZone z : zones) {
      z.inService = sim.tier.placement().getOrDefault(sim.az(z.index), 0);
      z.unit.credits = credits;
    }
    if (spot.used()) {
      int target = spot.target(live());
      for (int i = 0; i < target; i++) {
        largest(false).spot++;
      }
    }
    initialFailures();
    for (FleetZone z : zones) {
      restartFailures(z, 0.0);
    }
    if (group != null) {
      group.start();
    }
    spot.restart(0.0);
  }

  // ---------------------------------------------------------------- instance failures

  /** With a steady initial state, each instance is down at the start with its outage share. */
  private void initialFailures() {
    Faults.InstanceFaults f = sim.faults.instance();
    if (f == null || sim.run.initialState() == RunSettings.InitialState.ALL_HEALTHY) {
      return;
    }
    double mtbf = f.mtbfHours() * 3600.0;
    double outage =
        group != null
            ? checks.unhealthyMean() + group.config().bootSeconds() + checks.healthyMean()
            : switch (f.recovery()) {
              case Faults.ManualRepair m -> m.mttrMinutes() * 60.0;
              case Faults.Replacement r ->
                  checks.unhealthyMean() + r.bootSeconds() + checks.healthyMean();
            };
    for (FleetZone z : zones) {
      int n = z.inService;
      for (int i = 0; i < n; i++) {
        if (sim.rng.nextDouble() < outage / (mtbf + outage)) {
          z.inService--;
          double residual = sim.rng.nextDouble() * outage;
          if (group == null && f.recovery() instanceof Faults.ManualRepair m) {
            z.down++;
            double at = RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0);
            sim.at(at, () -> repaired(z, Double.NaN, at, z.epoch));
          } else {
            z.booting++;
            long epoch = z.epoch;
            sim.at(residual, () -> booted(z, Double.NaN, residual, epoch));
          }
        }
      }
    }
  }

  /** How a failed instance comes back without a group; null: it does not (none configured). */
  private Faults.Recovery recovery() {
    return sim.faults.instance() == null ? null : sim.faults.instance().recovery();
  }

  /** The zone's in-service count changed: its next failure is drawn again. */
  void restartFailures(FleetZone z, double now) {
    z.failures.restart(now, z.inService, at -> fail(z, at));
  }

  @Override
  public void instanceFails(int az, double now) {
    FleetZone z = zones[az];
    if (z.inService == 0) {
      sim.note(now, new InfrastructureEvent.NoInstanceToFail(sim.az(az)));
      return;
    }
    fail(z, now);
  }

  /** One failure of an instance in service, from the failure to its detection and repair. */
  private final class Incident {
    final FleetZone zone;
    final double failedAt;
    final long epoch;
    boolean detected;
    boolean fixed;

    Incident(FleetZone zone, double failedAt) {
      this.zone = zone;
      this.failedAt = failedAt;
      this.epoch = zone.epoch;
    }

    /** The health checks mark the target unhealthy; the group replaces it, or it is repaired. */
    void detect(double at) {
      FleetZone z = zone;
      if (fixed || epoch != z.epoch) {
        return;
      }
      detected = true;
      z.failedUndetected--;
      z.down++;
      sim.recordDetection(failedAt, at);
      if (group != null) {
        double replaceAt =
            "ec2".equals(group.config().healthCheckType())
                ? Math.max(at, failedAt + STATUS_CHECK_SECONDS)
                : at;
        sim.at(replaceAt, () -> replaceFailed(z, failedAt, replaceAt, epoch));
      } else if (recovery() instanceof Faults.Replacement r) {
        double bootedAt = at + r.bootSeconds();
        sim.at(bootedAt, () -> repaired(z, failedAt, bootedAt, epoch));
      }
    }

    /** An operator repaired the instance (without a group, with manual repair). */
    void fix(double at) {
      FleetZone z = zone;
      fixed = true;
      if (!detected && epoch == z.epoch) {
        z.failedUndetected--;
        z.inService++;
        sim.recordRecovery(failedAt, at);
        restartFailures(z, at);
      } else {
        repaired(z, failedAt, at, epoch);
      }
    }
  }

  private void fail(FleetZone z, double now) {
    sim.incidents++;
    sessions.lose(1, 0);
    z.inService--;
    z.failedUndetected++;
    sim.note(now, new InfrastructureEvent.InstanceFailed(sim.az(z.index)));
    Incident incident = new Incident(z, now);
    double detectAt = now + checks.unhealthyDelay();
    sim.at(detectAt, () -> incident.detect(detectAt));
    if (group == null && recovery() instanceof Faults.ManualRepair m) {
      double at = now + RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0);
      sim.at(at, () -> incident.fix(at));
    }
    restartFailures(z, now);
  }

  /** A repaired or rebooted instance (in {@code down}) starts its health checks. */
  private void repaired(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    z.down--;
    z.registering++;
    double at = now + checks.healthyDelay();
    long e = z.epoch;
    sim.at(at, () -> healthy(z, failedAt, at, e));
  }

  /** The Auto Scaling group terminates a failed instance and launches a replacement. */
  private void replaceFailed(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    z.down--;
    spot.dropOne(z);
    reconcile(now, failedAt);
  }

  // ---------------------------------------------------------------- launches and terminations

  private void launch(FleetZone z, double now, double failedAt) {
    sim.settleTraffic(now);
    ComputeTier.AutoScaling asg = group.config();
    z.booting++;
    z.launches.addLast(now);
    spot.launched(z, live(), now);
    double at = now + asg.bootSeconds();
    long epoch = z.epoch;
    if ("elb".equals(asg.healthCheckType()) && asg.healthCheckGraceSeconds() < asg.bootSeconds()) {
      // the grace period ends before the application answers: the load balancer's failed checks
      // count, the group terminates the instance as unhealthy and launches another
      double killed = now + asg.healthCheckGraceSeconds() + checks.unhealthyDelay();
      if (killed < at) {
        sim.at(
            killed,
            () -> {
              if (epoch == z.epoch && z.booting > 0) {
                z.booting--;
                z.launches.pollFirst();
                spot.dropOne(z);
                sim.billing.minimumCharge(Math.max(0, 60 - (killed - now)));
                reconcile(killed, failedAt);
              }
            });
        return;
      }
    }
    sim.at(at, () -> booted(z, failedAt, at, epoch));
  }

  private void booted(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.booting == 0) {
      return;
    }
    z.booting--;
    z.registering++;
    z.unit.credits = blend(z, sim.serving.launchCredits());
    double at = now + checks.healthyDelay();
    long e = z.epoch;
    sim.at(
        at,
        () -> {
          if (e == z.epoch && z.registering > 0) {
            z.launches.pollFirst();
          }
          healthy(z, failedAt, at, e);
        });
  }

  private double blend(FleetZone z, double credits) {
    int n = z.inService + z.registering;
    return n <= 1 ? credits : (z.unit.credits * (n - 1) + credits) / n;
  }

  /** A registering instance passed its checks and is in service. */
  void healthy(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.registering == 0) {
      return;
    }
    z.registering--;
    z.inService++;
    sim.recordRecovery(failedAt, now);
    restartFailures(z, now);
    if (rebalancePending > 0) {
      rebalancePending--;
      FleetZone biggest = largest(true);
      if (biggest != null && biggest != z && biggest.inService > 0) {
        terminate(biggest, now);
      }
    }
    resize.next(now);
    if (deployment != null) {
      deployment.healthy(now);
      if (deployment.done()) {
        deployment = null;
        reconcile(now);
      }
    }
  }

  /** Scale-in: the instance leaves rotation, drains for the deregistration delay, terminates. */
  private void terminate(FleetZone z, double now) {
    sim.settleTraffic(now);
    sessions.lose(1, lb.deregistrationDelaySeconds());
    boolean wasSpot = spot.stopping(z, live() - 1);
    z.inService--;
    z.draining++;
    double at = now + lb.deregistrationDelaySeconds();
    sim.at(
        at,
        () -> {
          if (z.draining > 0) {
            z.draining--;
            if (wasSpot) {
              spot.drained(z);
            }
          }
        });
    restartFailures(z, now);
  }

  @Override
  public int live() {
    int n = 0;
    for (FleetZone z : zones) {
      n += z.live();
    }
    return n;
  }

  @Override
  public int inService() {
    int n = 0;
    for (FleetZone z : zones) {
      n += z.inService;
    }
    return n;
  }

  /** The zone with the most (or, for launches, fewest) live instances among zones not out. */
  FleetZone largest(boolean most) {
    FleetZone best = null;
    for (FleetZone z : zones) {
      if (z.out) {
        continue;
      }
      if (best == null || (most ? z.live() > best.live() : z.live() < best.live())) {
        best = z;
      }
    }
    return best;
  }

  /**
   * Brings the live count to the desired one: launches in the emptiest AZs, terminates in the
   * fullest.
   */
  @Override
  public void reconcile(double now) {
    reconcile(now, Double.NaN);
  }

  /**
   * Reconciles; the first launch is the replacement of an instance that failed at {@code failedAt}.
   */
  private void reconcile(double now, double failedAt) {
    if (group == null || deploying()) {
      return; // a deployment sets the count until it is done
    }
    int live = live();
    double replacing = failedAt;
    while (live < group.desired()) {
      FleetZone z = largest(false);
      if (z == null) {
        return; // every AZ is out
      }
      launch(z, now, replacing);
      replacing = Double.NaN;
      live++;
    }
    while (live > group.desired()) {
      FleetZone z = largest(true);
      if (z == null || z.inService == 0) {
        return;
      }
      terminate(z, now);
      live--;
    }
  }

  @Override
  public void rebalance(double now) {
    if (!group.config().rebalance() || rebalancePending > 0) {
      return;
    }
    FleetZone small = largest(false);
    FleetZone big = largest(true);
    if (small != null
        && big != null
        && big.live() - small.live() > 1
        && live() == group.desired()) {
      rebalancePending++;
      launch(small, now, Double.NaN);
    }
  }

  // ---------------------------------------------------------------- spot

  /**
   * A spot interruption in {@code z}: with the 2-minute notice the instance is taken out of
   * rotation (its in-flight requests drain), the group launches a replacement at once, and the
   * instance stops.
   */
  private void spotInterrupted(FleetZone z, double now) {
    sim.incidents++;
    sim.note(now, new InfrastructureEvent.SpotInterruption(sim.az(z.index)));
    if (z.inService > 0) {
      sessions.lose(1, Catalog.SPOT_NOTICE_SECONDS);
      z.inService--;
      z.draining++;
      double at = now + Catalog.SPOT_NOTICE_SECONDS;
      sim.at(
          at,
          () -> {
            if (z.draining > 0) {
              z.draining--;
              spot.drained(z);
            }
          });
    }
    reconcile(now);
    restartFailures(z, now);
  }

  // ---------------------------------------------------------------- AZ outages and resizes

  @Override
  public void azDown(int az, double now) {
    FleetZone z = zones[az];
    if (z.out) {
      return;
    }
    sim.incidents++;
    sim.note(now, new InfrastructureEvent.AzOutage(sim.az(az)));
    if (deploying()) {
      deployment.abandon(now);
    }
    z.out = true;
    z.epoch++;
    sessions.lose(z.inService, 0);
    z.azFailedUndetected += z.inService + z.failedUndetected;
    z.azDown += z.registering + z.booting + z.down + z.stopped;
    z.inService = z.failedUndetected = z.registering = z.booting = z.down = z.stopped = 0;
    long epoch = z.epoch;
    double at = now + checks.unhealthyDelay();
    sim.at(
        at,
        () -> {
          if (epoch != z.epoch) {
            return;
          }
          z.azDown += z.azFailedUndetected;
          z.azFailedUndetected = 0;
          sim.recordDetection(now, at);
          if (group != null) {
            // terminated; instances launched less than a minute ago still pay the 60 s minimum
            for (double launched : z.launches) {
              sim.billing.minimumCharge(Math.max(0, 60 - (at - launched)));
            }
            z.launches.clear();
            z.azDown = 0; // the group relaunches in the other AZs
            spot.zoneLost(z);
            reconcile(at);
            spot.restart(at);
          }
        });
    restartFailures(z, now);
  }

  @Override
  public void azUp(int az, double now) {
    FleetZone z = zones[az];
    if (!z.out) {
      return;
    }
    sim.note(now, new InfrastructureEvent.AzBack(sim.az(az)));
    z.out = false;
    z.epoch++;
    int back = z.azFailedUndetected + z.azDown;
    z.azFailedUndetected = 0;
    z.azDown = 0;
    z.registering += back;
    long epoch = z.epoch;
    for (int i = 0; i < back; i++) {
      double at = now + checks.healthyDelay();
      sim.at(at, () -> healthy(z, Double.NaN, at, epoch));
    }
    if (group != null) {
      reconcile(now);
    }
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
    deployment =
        new RollingDeployment(
            new RollingDeployment.Units() {
              @Override
              public void launch(double at) {
                FleetZone z = largest(false);
                if (z != null) {
                  Fleet.this.launch(z, at, Double.NaN);
                }
              }

              @Override
              public void stop(double at) {
                FleetZone z = largest(true);
                if (z != null && z.inService > 0) {
                  terminate(z, at);
                }
              }

              @Override
              public void note(double at, String what) {
                sim.note(at, what);
              }
            },
            group.desired(),
            live(),
            bounds[0],
            bounds[1]);
    deployment.step(now);
  }

  private boolean deploying() {
    return deployment != null && !deployment.done();
  }

  @Override
  public void resize(Faults.Resize r, double now) {
    sim.note(now, new InfrastructureEvent.ResizeStarted(r.toInstanceType()));
    resize.start(r, live(), now);
  }

  /**
   * The next instance of a rolling resize leaves service now and is stopped for {@code downtime}
   * seconds, then registers again; false when no zone has one in service.
   */
  boolean stopForResize(double now, double downtime, Runnable whenLast) {
    FleetZone z = largest(true);
    if (z == null || z.inService == 0) {
      return false;
    }
    sessions.lose(1, 0);
    z.inService--;
    z.stopped++;
    double at = now + downtime;
    long epoch = z.epoch;
    sim.at(
        at,
        () -> {
          if (epoch != z.epoch || z.stopped == 0) {
            return;
          }
          z.stopped--;
          z.registering++;
          whenLast.run();
          double h = at + checks.healthyDelay();
          sim.at(h, () -> healthy(z, Double.NaN, h, epoch));
        });
    restartFailures(z, now);
    return true;
  }

  /** True while an instance registers or is stopped (a rolling resize waits for it). */
  boolean anyStarting() {
    for (FleetZone z : zones) {
      if (z.registering > 0 || z.stopped > 0) {
        return true;
      }
    }
    return false;
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
  public int[] billed() {
    int total = 0;
    int spotN = 0;
    for (FleetZone z : zones) {
      total += z.billed();
      spotN += Math.min(z.spot, z.billed());
    }
    return new int[] {total - spotN, spotN};
  }

  @Override
  public TrialSimulation.CountStats countStats() {
    return routing.stats();
  }
}
