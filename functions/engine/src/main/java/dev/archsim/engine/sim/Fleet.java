package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.result.FailureCause;

/**
 * Instances behind a load balancer, kept as counts by state per Availability Zone, with an optional
 * Auto Scaling group, spot capacity, AZ outages and rolling resizes.
 *
 * <p>A failed target keeps receiving its share until the health checks mark it unhealthy (a uniform
 * phase within the interval, then threshold − 1 more intervals, each check timing out); a new or
 * repaired instance needs the healthy threshold of checks before it gets traffic.
 */
final class Fleet implements TrialSimulation.Topology {
  private static final double MONTH_SECONDS = TrialSimulation.SECONDS_PER_MONTH;
  private static final double STATUS_CHECK_SECONDS = Faults.Replacement.DEFAULT_DETECTION_SECONDS;

  private final TrialSimulation sim;
  private final Entry.LoadBalancer lb;
  private final ComputeTier.AutoScaling asg;
  private final ComputeTier.Spot spot;
  private final Zone[] zones;
  private final TrialSimulation.CountStats stats = new TrialSimulation.CountStats();

  private int min;
  private int max;
  private int desired;
  private double cooldownUntil;
  private double lastScaleOut = Double.NEGATIVE_INFINITY;
  private final int[] breaches;
  private int targetOutBreaches;
  private int targetInBreaches;
  private double periodBusy;
  private double periodInService;
  private double periodRequests;
  private int rebalancePending;
  private long spotVersion;

  private Faults.Resize resize;
  private int resizeRemaining;

  /** The rolling deployment under way, or null. */
  private RollingDeployment deployment;

  /** Instances of one AZ by state. */
  static final class Zone {
    final int index;
    int inService;
    int failedUndetected;
    int down;
    int registering;
    int booting;
    int draining;
    int stopped;
    int azFailedUndetected;
    int azDown;
    int spot;
    boolean out;
    long epoch;
    long failureVersion;

    /**
     * The zone's pending next failure, cancelled when the zone's size changes and it is redrawn.
     */
    EventQueue.Event nextFailure;

    final Serving.Unit unit = new Serving.Unit();

    /** Launch times of instances still booting or registering, oldest first. */
    final java.util.ArrayDeque<Double> launches = new java.util.ArrayDeque<>();

    Zone(int index) {
      this.index = index;
    }

    /**
     * Instances the Auto Scaling group counts: failed ones too until a health check gets them
     * terminated.
     */
    int live() {
      return inService
          + registering
          + booting
          + failedUndetected
          + down
          + azFailedUndetected
          + azDown;
    }

    int billed() {
      return inService
          + failedUndetected
          + down
          + registering
          + booting
          + draining
          + azFailedUndetected
          + azDown;
    }
  }

  Fleet(TrialSimulation sim, Entry.LoadBalancer lb) {
    this.sim = sim;
    this.lb = lb;
    this.asg = sim.tier.autoScaling();
    this.spot = sim.tier.purchase() == null ? null : sim.tier.purchase().spot();
    this.zones = new Zone[sim.arch.azs().size()];
    this.perTarget = new double[zones.length];
    this.routedTo = new boolean[zones.length];
    this.spreads = new Serving.Spread[zones.length];
    for (int i = 0; i < zones.length; i++) {
      zones[i] = new Zone(i);
    }
    this.breaches = new int[asg == null ? 0 : asg.policies().size()];
  }

  @Override
  public void start() {
    double credits = sim.serving.initialCredits();
    for (Zone z : zones) {
      z.inService = sim.tier.placement().getOrDefault(sim.arch.azs().get(z.index), 0);
      z.unit.credits = credits;
    }
    if (spot != null) {
      int live = live();
      int target = spotTarget(live);
      for (int i = 0; i < target; i++) {
        largest(false).spot++;
      }
    }
    initialFailures();
    for (Zone z : zones) {
      scheduleNextFailure(z, 0.0);
    }
    if (asg != null) {
      min = asg.min();
      max = asg.max();
      desired = asg.desired();
      sim.at(60.0, () -> tick(60.0));
      for (ComputeTier.ScheduledAction a : asg.scheduled()) {
        scheduleAction(a, a.at().toMillis() / 1000.0);
      }
    }
    scheduleSpotInterruption(0.0);
  }

  // ---------------------------------------------------------------- instance failures

  private void initialFailures() {
    Faults.InstanceFaults f = sim.faults.instance();
    if (f == null || sim.run.initialState() == RunSettings.InitialState.ALL_HEALTHY) {
      return;
    }
    double mtbf = f.mtbfHours() * 3600.0;
    double outage =
        asg != null
            ? unhealthyMean() + asg.bootSeconds() + healthyMean()
            : switch (f.recovery()) {
              case Faults.ManualRepair m -> m.mttrMinutes() * 60.0;
              case Faults.Replacement r -> unhealthyMean() + r.bootSeconds() + healthyMean();
            };
    for (Zone z : zones) {
      int n = z.inService;
      for (int i = 0; i < n; i++) {
        if (sim.rng.nextDouble() < outage / (mtbf + outage)) {
          z.inService--;
          double residual = sim.rng.nextDouble() * outage;
          if (asg == null && f.recovery() instanceof Faults.ManualRepair m) {
            z.down++;
            double at = RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0);
            sim.at(at, () -> repaired(z, Double.NaN, at, true, z.epoch));
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

  @Override
  public void instanceFails(int az, double now) {
    Zone z = zones[az];
    if (z.inService == 0) {
      sim.note(
          now, "scheduled instance failure in " + sim.arch.azs().get(az) + ": none in service");
      return;
    }
    fail(z, now);
  }

  private void scheduleNextFailure(Zone z, double now) {
    z.failureVersion++;
    sim.cancel(z.nextFailure);
    z.nextFailure = null;
    Faults.InstanceFaults f = sim.faults.instance();
    if (f == null || z.inService == 0) {
      return;
    }
    long version = z.failureVersion;
    double at = now + RandomStreams.exponential(sim.rng, f.mtbfHours() * 3600.0 / z.inService);
    z.nextFailure =
        sim.scheduled(
            at,
            () -> {
              if (version == z.failureVersion) {
                fail(z, at);
              }
            });
  }

  private void fail(Zone z, double now) {
    sim.incidents++;
    loseSessions(1, 0);
    removeInService(z);
    z.failedUndetected++;
    sim.note(now, "instance failed in " + sim.arch.azs().get(z.index));
    boolean[] detected = {false};
    boolean[] fixed = {false};
    double detectAt = now + unhealthyDelay();
    long epoch = z.epoch;
    sim.at(
        detectAt,
        () -> {
          if (fixed[0] || epoch != z.epoch) {
            return;
          }
          detected[0] = true;
          z.failedUndetected--;
          z.down++;
          sim.recordDetection(now, detectAt);
          if (asg != null) {
            double replaceAt =
                "ec2".equals(asg.healthCheckType())
                    ? Math.max(detectAt, now + STATUS_CHECK_SECONDS)
                    : detectAt;
            sim.at(replaceAt, () -> replaceFailed(z, now, replaceAt, epoch));
          } else if (recovery() instanceof Faults.Replacement r) {
            double bootedAt = detectAt + r.bootSeconds();
            sim.at(bootedAt, () -> repaired(z, now, bootedAt, true, epoch));
          }
        });
    if (asg == null && recovery() instanceof Faults.ManualRepair m) {
      double at = now + RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0);
      sim.at(
          at,
          () -> {
            fixed[0] = true;
            if (!detected[0] && epoch == z.epoch) {
              z.failedUndetected--;
              z.inService++;
              sim.recordRecovery(now, at);
              scheduleNextFailure(z, at);
            } else {
              repaired(z, now, at, detected[0], epoch);
            }
          });
    }
    scheduleNextFailure(z, now);
  }

  /** A repaired or rebooted instance (in {@code down}) starts its health checks. */
  private void repaired(Zone z, double failedAt, double now, boolean wasDown, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    z.down--;
    z.registering++;
    double at = now + healthyDelay();
    long e = z.epoch;
    sim.at(at, () -> healthy(z, failedAt, at, e));
  }

  /** The Auto Scaling group terminates a failed instance and launches a replacement. */
  private void replaceFailed(Zone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    z.down--;
    dropSpot(z);
    reconcile(now, failedAt);
  }

  // ---------------------------------------------------------------- launches and terminations

  private void launch(Zone z, double now, double failedAt) {
    z.booting++;
    z.launches.addLast(now);
    if (spot != null && spotCount() < spotTarget(live())) {
      z.spot++;
      scheduleSpotInterruption(now);
    }
    double at = now + asg.bootSeconds();
    long epoch = z.epoch;
    if ("elb".equals(asg.healthCheckType()) && asg.healthCheckGraceSeconds() < asg.bootSeconds()) {
      // the grace period ends before the application answers: the load balancer's failed checks
      // count, the group terminates the instance as unhealthy and launches another
      double killed = now + asg.healthCheckGraceSeconds() + unhealthyDelay();
      if (killed < at) {
        sim.at(
            killed,
            () -> {
              if (epoch == z.epoch && z.booting > 0) {
                z.booting--;
                z.launches.pollFirst();
                dropSpot(z);
                sim.billing.minimumCharge(Math.max(0, 60 - (killed - now)));
                reconcile(killed, failedAt);
              }
            });
        return;
      }
    }
    sim.at(at, () -> booted(z, failedAt, at, epoch));
  }

  private void booted(Zone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.booting == 0) {
      return;
    }
    z.booting--;
    z.registering++;
    z.unit.credits = blend(z, sim.serving.launchCredits());
    double at = now + healthyDelay();
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

  private double blend(Zone z, double credits) {
    int n = z.inService + z.registering;
    return n <= 1 ? credits : (z.unit.credits * (n - 1) + credits) / n;
  }

  private void healthy(Zone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.registering == 0) {
      return;
    }
    z.registering--;
    z.inService++;
    sim.recordRecovery(failedAt, now);
    scheduleNextFailure(z, now);
    if (rebalancePending > 0) {
      rebalancePending--;
      Zone biggest = largest(true);
      if (biggest != null && biggest != z && biggest.inService > 0) {
        terminate(biggest, now);
      }
    }
    if (resize != null) {
      resizeNext(now);
    }
    if (deployment != null) {
      deployment.healthy(now);
      if (deployment.done()) {
        deployment = null;
        reconcile(now);
      }
    }
  }

  /** Scale-in: the instance leaves rotation, drains for the deregistration delay, terminates. */
  private void terminate(Zone z, double now) {
    loseSessions(1, lb.deregistrationDelaySeconds());
    removeInService(z);
    z.draining++;
    double at = now + lb.deregistrationDelaySeconds();
    sim.at(
        at,
        () -> {
          if (z.draining > 0) {
            z.draining--;
            dropSpot(z);
          }
        });
    scheduleNextFailure(z, now);
  }

  private void removeInService(Zone z) {
    z.inService--;
    if (z.inService == 0) {}
  }

  private void dropSpot(Zone z) {
    int billed = z.billed() + 1;
    if (z.spot > 0 && sim.rng.nextDouble() * billed < z.spot) {
      z.spot--;
    }
  }

  private int live() {
    int n = 0;
    for (Zone z : zones) {
      n += z.live();
    }
    return n;
  }

  /** The zone with the most (or, for launches, fewest) live instances among zones not out. */
  private Zone largest(boolean most) {
    Zone best = null;
    for (Zone z : zones) {
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
   * Brings the live count to {@code desired}: launches in the emptiest AZs, terminates in the
   * fullest.
   */
  private void reconcile(double now) {
    reconcile(now, Double.NaN);
  }

  /**
   * Reconciles; the first launch is the replacement of an instance that failed at {@code failedAt}.
   */
  private void reconcile(double now, double failedAt) {
    if (asg == null || deploying()) {
      return; // a deployment sets the count until it is done
    }
    int live = live();
    double replacing = failedAt;
    while (live < desired) {
      Zone z = largest(false);
      if (z == null) {
        return; // every AZ is out
      }
      launch(z, now, replacing);
      replacing = Double.NaN;
      live++;
    }
    while (live > desired) {
      Zone z = largest(true);
      if (z == null || z.inService == 0) {
        return;
      }
      terminate(z, now);
      live--;
    }
  }

  // ---------------------------------------------------------------- Auto Scaling

  private void tick(double now) {
    double avg = periodInService > 0 ? 100.0 * periodBusy / periodInService : 0.0;
    double perTargetPerMinute = periodInService > 0 ? 60.0 * periodRequests / periodInService : 0.0;
    boolean hasData = periodInService > 0;
    periodBusy = 0;
    periodInService = 0;
    periodRequests = 0;
    int live = live();
    int target = desired;
    for (int i = 0; i < asg.policies().size() && hasData; i++) {
      switch (asg.policies().get(i)) {
        case ComputeTier.SimpleScaling p -> {
          boolean breach = p.above() ? avg > p.thresholdPercent() : avg < p.thresholdPercent();
          breaches[i] = breach ? breaches[i] + 1 : 0;
          if (breaches[i] >= p.evaluationPeriods() && now >= cooldownUntil) {
            target = Math.max(min, Math.min(max, live + p.adjustment()));
            cooldownUntil = now + p.cooldownSeconds();
            breaches[i] = 0;
          }
        }
        case ComputeTier.StepScaling p -> {
          boolean breach = p.above() ? avg > p.thresholdPercent() : avg < p.thresholdPercent();
          breaches[i] = breach ? breaches[i] + 1 : 0;
          if (breaches[i] >= p.evaluationPeriods() && now >= lastScaleOut + asg.warmupSeconds()) {
            double by = Math.abs(avg - p.thresholdPercent());
            for (ComputeTier.Step s : p.steps()) {
              if (by >= s.lower() && by < s.upper()) {
                target = Math.max(min, Math.min(max, live + s.adjustment()));
                break;
              }
            }
            breaches[i] = 0;
          }
        }
        case ComputeTier.TargetTracking p ->
            target = tracked(avg, p.targetPercent(), live, target, now);
        case ComputeTier.RequestCountTracking p ->
            target = tracked(perTargetPerMinute, p.requestsPerTargetPerMinute(), live, target, now);
      }
    }
    if (target != desired) {
      if (target > desired) {
        lastScaleOut = now;
      }
      sim.note(
          now,
          "auto scaling desired " + desired + " -> " + target + " at " + Math.round(avg) + "% CPU");
      desired = target;
    }
    reconcile(now);
    rebalance(now);
    sim.at(now + 60.0, () -> tick(now + 60.0));
  }

  /**
   * Target tracking on a metric: out after 3 one-minute breaches of the target, in after 15 below
   * 90 % of it, to ceil(current × metric / target) within min and max.
   */
  private int tracked(double metric, double goal, int live, int target, double now) {
    targetOutBreaches = metric > goal ? targetOutBreaches + 1 : 0;
    targetInBreaches = metric < 0.9 * goal ? targetInBreaches + 1 : 0;
    int wanted = (int) Math.ceil(live * metric / goal - 1e-9);
    if (targetOutBreaches >= 3 && now >= lastScaleOut + asg.warmupSeconds() && wanted > live) {
      targetOutBreaches = 0;
      return Math.max(min, Math.min(max, wanted));
    } else if (targetInBreaches >= 15 && wanted < live) {
      targetInBreaches = 0;
      return Math.max(min, Math.min(max, Math.max(wanted, 1)));
    }
    return target;
  }

  private void rebalance(double now) {
    if (!asg.rebalance() || rebalancePending > 0) {
      return;
    }
    Zone small = largest(false);
    Zone big = largest(true);
    if (small != null && big != null && big.live() - small.live() > 1 && live() == desired) {
      rebalancePending++;
      launch(small, now, Double.NaN);
    }
  }

  private void scheduleAction(ComputeTier.ScheduledAction a, double at) {
    sim.at(
        at,
        () -> {
          if (a.min() != null) {
            min = a.min();
          }
          if (a.max() != null) {
            max = a.max();
          }
          if (a.desired() != null) {
            desired = a.desired();
          }
          desired = Math.max(min, Math.min(max, desired));
          sim.note(at, "scheduled action: min " + min + " max " + max + " desired " + desired);
          reconcile(at);
          if (a.daily()) {
            scheduleAction(a, at + 86_400.0);
          }
        });
  }

  // ---------------------------------------------------------------- spot

  private int spotCount() {
    int n = 0;
    for (Zone z : zones) {
      n += z.spot;
    }
    return n;
  }

  private int spotTarget(int live) {
    if (spot == null) {
      return 0;
    }
    return (int) Math.round(spot.share() * Math.max(0, live - spot.onDemandBase()));
  }

  private void scheduleSpotInterruption(double now) {
    spotVersion++;
    int n = spotCount();
    if (spot == null || n == 0 || spot.interruptionsPerMonth() <= 0) {
      return;
    }
    long version = spotVersion;
    double at =
        now
            + RandomStreams.exponential(
                sim.rng, MONTH_SECONDS / (n * spot.interruptionsPerMonth()));
    sim.at(
        at,
        () -> {
          if (version == spotVersion) {
            interrupt(at);
          }
        });
  }

  /**
   * A spot interruption: with the 2-minute notice the instance is taken out of rotation (its
   * in-flight requests drain), the group launches a replacement at once, and the instance stops.
   */
  private void interrupt(double now) {
    double pick = sim.rng.nextDouble() * spotCount();
    for (Zone z : zones) {
      if (pick < z.spot) {
        sim.incidents++;
        sim.note(now, "spot interruption in " + sim.arch.azs().get(z.index));
        if (z.inService > 0) {
          loseSessions(1, Catalog.SPOT_NOTICE_SECONDS);
          removeInService(z);
          z.draining++;
          double at = now + Catalog.SPOT_NOTICE_SECONDS;
          sim.at(
              at,
              () -> {
                if (z.draining > 0) {
                  z.draining--;
                }
              });
        }
        z.spot--;
        reconcile(now);
        scheduleNextFailure(z, now);
        break;
      }
      pick -= z.spot;
    }
    scheduleSpotInterruption(now);
  }

  // ---------------------------------------------------------------- AZ outages and resizes

  @Override
  public void azDown(int az, double now) {
    Zone z = zones[az];
    if (z.out) {
      return;
    }
    sim.incidents++;
    sim.note(now, "AZ outage " + sim.arch.azs().get(az));
    if (deploying()) {
      deployment.abandon(now);
    }
    z.out = true;
    z.epoch++;
    loseSessions(z.inService, 0);
    z.azFailedUndetected += z.inService + z.failedUndetected;
    z.azDown += z.registering + z.booting + z.down + z.stopped;
    z.inService = z.failedUndetected = z.registering = z.booting = z.down = z.stopped = 0;
    long epoch = z.epoch;
    double at = now + unhealthyDelay();
    sim.at(
        at,
        () -> {
          if (epoch != z.epoch) {
            return;
          }
          z.azDown += z.azFailedUndetected;
          z.azFailedUndetected = 0;
          sim.recordDetection(now, at);
          if (asg != null) {
            // terminated; instances launched less than a minute ago still pay the 60 s minimum
            for (double launched : z.launches) {
              sim.billing.minimumCharge(Math.max(0, 60 - (at - launched)));
            }
            z.launches.clear();
            z.azDown = 0; // the group relaunches in the other AZs
            z.spot = 0;
            reconcile(at);
            scheduleSpotInterruption(at);
          }
        });
    scheduleNextFailure(z, now);
  }

  @Override
  public void azUp(int az, double now) {
    Zone z = zones[az];
    if (!z.out) {
      return;
    }
    sim.note(now, "AZ back " + sim.arch.azs().get(az));
    z.out = false;
    z.epoch++;
    int back = z.azFailedUndetected + z.azDown;
    z.azFailedUndetected = 0;
    z.azDown = 0;
    z.registering += back;
    long epoch = z.epoch;
    for (int i = 0; i < back; i++) {
      double at = now + healthyDelay();
      sim.at(at, () -> healthy(z, Double.NaN, at, epoch));
    }
    if (asg != null) {
      reconcile(now);
    }
  }

  @Override
  public void resize(Faults.Resize r, double now) {
    resize = r;
    resizeRemaining = live();
    sim.note(now, "resize to " + r.toInstanceType());
    resizeNext(now);
  }

  /** Rolling resize: the next in-service instance is stopped, changed and started. */
  private void resizeNext(double now) {
    if (resizeRemaining == 0) {
      if (resize != null) {
        sim.serving.setType(Catalog.instanceType(resize.toInstanceType()).orElseThrow());
        resize = null;
      }
      return;
    }
    boolean anyRegistering = false;
    for (Zone z : zones) {
      anyRegistering |= z.registering > 0 || z.stopped > 0;
    }
    if (anyRegistering) {
      return; // one at a time: wait for the previous instance to pass its health checks
    }
    Zone z = largest(true);
    if (z == null || z.inService == 0) {
      return;
    }
    resizeRemaining--;
    loseSessions(1, 0);
    removeInService(z);
    z.stopped++;
    double at = now + resize.downtimeSeconds();
    long epoch = z.epoch;
    sim.at(
        at,
        () -> {
          if (epoch != z.epoch || z.stopped == 0) {
            return;
          }
          z.stopped--;
          z.registering++;
          if (resizeRemaining == 0) {
            sim.serving.setType(Catalog.instanceType(resize.toInstanceType()).orElseThrow());
          }
          double h = at + healthyDelay();
          sim.at(h, () -> healthy(z, Double.NaN, h, epoch));
        });
    scheduleNextFailure(z, now);
  }

  // ---------------------------------------------------------------- rolling deployments

  @Override
  public void deploy(int minimumHealthyPercent, int maximumPercent, double now) {
    if (asg == null || deploying()) {
      return;
    }
    int[] bounds =
        dev.archsim.engine.component.EcsComponent.deploymentBounds(
            desired,
            minimumHealthyPercent,
            maximumPercent,
            dev.archsim.engine.component.EcsComponent.of(sim.arch) != null
                && dev.archsim.engine.component.EcsComponent.of(sim.arch).eks());
    deployment =
        new RollingDeployment(
            new RollingDeployment.Units() {
              @Override
              public void launch(double at) {
                Zone z = largest(false);
                if (z != null) {
                  Fleet.this.launch(z, at, Double.NaN);
                }
              }

              @Override
              public void stop(double at) {
                Zone z = largest(true);
                if (z != null && z.inService > 0) {
                  terminate(z, at);
                }
              }

              @Override
              public void note(double at, String what) {
                sim.note(at, what);
              }
            },
            desired,
            live(),
            bounds[0],
            bounds[1]);
    deployment.step(now);
  }

  private boolean deploying() {
    return deployment != null && !deployment.done();
  }

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {
    // behind a load balancer clients resolve the load balancer (alias), not instances
  }

  // ---------------------------------------------------------------- routing

  @Override
  public boolean varies() {
    return asg != null;
  }

  @Override
  public boolean stepsOnlyForTheRate() {
    return true; // counts change at events only; the Auto Scaling metric is read at its events
  }

  @Override
  public double maxStep(double step) {
    return step;
  }

  @Override
  public void route(double a, double b, double lambda) {
    double dt = b - a;
    int inService = 0;
    for (Zone z : zones) {
      inService += z.inService;
    }
    stats.observe(inService, dt);
    java.util.Arrays.fill(perTarget, 0.0);
    java.util.Arrays.fill(routedTo, false);
    if (lb.crossZone()) {
      int routed = 0;
      for (Zone z : zones) {
        routed += z.inService + z.failedUndetected + z.azFailedUndetected;
      }
      if (routed == 0) {
        sim.serving.fail(nothingRoutedCause(), lambda * dt);
        idle(dt);
        return;
      }
      java.util.Arrays.fill(perTarget, lambda / routed);
      java.util.Arrays.fill(routedTo, true);
      Serving.Spread s = spread(routed, inService);
      java.util.Arrays.fill(spreads, s);
    } else {
      int nodes = 0;
      for (Zone z : zones) {
        nodes += z.out ? 0 : 1;
      }
      if (nodes == 0) {
        sim.serving.fail(FailureCause.AZ_OUTAGE, lambda * dt);
        return;
      }
      double perNode = lambda / nodes;
      for (Zone z : zones) {
        if (z.out) {
          continue;
        }
        int routed = z.inService + z.failedUndetected;
        if (routed == 0) {
          sim.serving.fail(nothingRoutedCause(), perNode * dt);
          continue;
        }
        perTarget[z.index] = perNode / routed;
        routedTo[z.index] = true;
        spreads[z.index] = spread(routed, z.inService);
      }
    }
    double servable = 0;
    for (Zone z : zones) {
      servable += perTarget[z.index] * z.inService * dt;
    }
    double servedShare = takeLostSessions(servable);
    for (Zone z : zones) {
      if (routedTo[z.index]) {
        serveZone(z, perTarget[z.index], servedShare, dt, spreads[z.index]);
      }
    }
  }

  /** Requests per second each target received in the last traffic step. */
  private double lastPerTarget;

  /**
   * Sticky sessions: {@code instances} leave service with their sessions on them. Sessions on an
   * instance = its session arrival rate × mean session length (Little's law); those still open
   * after {@code graceSeconds} (a drain or a spot notice; exponential lengths) are lost, and each
   * lost session's next request fails as {@code session-lost}.
   */
  private void loseSessions(int instances, double graceSeconds) {
    if (!lb.stickySessions() || instances <= 0) {
      return;
    }
    var p = sim.profile;
    double open = lastPerTarget / p.requestsPerSession() * p.sessionSeconds();
    double lost = instances * open * Math.exp(-graceSeconds / p.sessionSeconds());
    sessionsLostPending += lost;
    sim.tiers.count("sessions.lost", lost);
  }

  /**
   * Next requests of lost sessions not yet arrived: they fail as {@code session-lost} out of the
   * traffic that comes next ({@link #takeLostSessions}), so each is offered once and fails instead
   * of being served (counting them at the event on top of the traffic made served + failed exceed
   * the offered requests).
   */
  private double sessionsLostPending;

  /** Requests per second each target of a zone receives in a step, and whether it receives any. */
  private final double[] perTarget;

  private final boolean[] routedTo;

  /** Each zone's targets' arrival stream in a step. */
  private final Serving.Spread[] spreads;

  /**
   * Fails the pending lost sessions' requests out of the {@code servable} requests of a step (those
   * reaching an in-service target; a request to a failed target fails as that anyway) and returns
   * the share of them still to serve.
   */
  private double takeLostSessions(double servable) {
    if (sessionsLostPending <= 0 || servable <= 0) {
      return 1.0;
    }
    double take = Math.min(sessionsLostPending, servable);
    sim.serving.fail(FailureCause.SESSION_LOST, take);
    sessionsLostPending -= take;
    return 1.0 - take / servable;
  }

  /** Fails the pending lost sessions' requests out of {@code lambda} over dt; returns the rest. */
  private double takeLostSessions(double lambda, double dt) {
    if (sessionsLostPending <= 0 || lambda <= 0 || dt <= 0) {
      return lambda;
    }
    double take = Math.min(sessionsLostPending, lambda * dt);
    sim.serving.fail(FailureCause.SESSION_LOST, take);
    sessionsLostPending -= take;
    return lambda - take / dt;
  }

  /**
   * The arrival stream of a target that shares a load balancer node's requests with {@code routed}
   * targets ({@code inService} of them serving): round robin deals every routed-th request to it,
   * least outstanding requests pools the serving targets, random picks independently.
   */
  private Serving.Spread spread(int routed, int inService) {
    return switch (lb.algorithm()) {
      case RANDOM -> Serving.Spread.POISSON;
      case ROUND_ROBIN -> new Serving.Spread(lb.algorithm(), routed);
      case LEAST_OUTSTANDING_REQUESTS -> new Serving.Spread(lb.algorithm(), inService);
    };
  }

  private void serveZone(
      Zone z, double perTarget, double servedShare, double dt, Serving.Spread spread) {
    lastPerTarget = perTarget;
    sim.serving.fail(FailureCause.UNHEALTHY_TARGET, perTarget * dt * z.failedUndetected);
    sim.serving.fail(FailureCause.AZ_OUTAGE, perTarget * dt * z.azFailedUndetected);
    if (z.inService > 0) {
      double served = perTarget * servedShare;
      sim.serving.serve(z.unit, z.inService, served, dt, spread);
      periodBusy += z.inService * sim.serving.utilisation(served) * dt;
      periodInService += z.inService * dt;
      periodRequests += z.inService * served * dt;
    } else {
      sim.serving.idle(z.unit, dt);
    }
  }

  private void idle(double dt) {
    for (Zone z : zones) {
      sim.serving.idle(z.unit, dt);
    }
  }

  private FailureCause nothingRoutedCause() {
    if (resize != null) {
      return FailureCause.RESIZE_DOWNTIME;
    }
    for (Zone z : zones) {
      if (z.out) {
        return FailureCause.AZ_OUTAGE;
      }
    }
    return FailureCause.NO_CAPACITY;
  }

  @Override
  public int[] billed() {
    int total = 0;
    int spotN = 0;
    for (Zone z : zones) {
      total += z.billed();
      spotN += Math.min(z.spot, z.billed());
    }
    return new int[] {total - spotN, spotN};
  }

  @Override
  public TrialSimulation.CountStats countStats() {
    return stats;
  }

  // ---------------------------------------------------------------- health checks

  /** ALB target checks, by the one health-check timing model ({@link HealthChecks}). */
  private double unhealthyDelay() {
    return HealthChecks.albUnhealthy(lb.healthCheck(), sim.rng.nextDouble());
  }

  private double unhealthyMean() {
    return HealthChecks.albUnhealthyMean(lb.healthCheck());
  }

  private double healthyDelay() {
    return HealthChecks.albHealthy(lb.healthCheck(), sim.rng.nextDouble());
  }

  private double healthyMean() {
    return HealthChecks.albHealthyMean(lb.healthCheck());
  }
}
