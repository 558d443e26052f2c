package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.result.Metric;

/**
 * The mechanics every fleet of EC2 instances (or tasks) behind a load balancer's target group has,
 * written once for the compute fleet ({@link Fleet}) and the fleets components run beside it
 * ({@link ExtraFleet}): counts by state per Availability Zone ({@link FleetZone}), failures of the
 * stage's MTBF ({@link FailureClock}) detected by the target group's health checks ({@link
 * HealthChecks.Targets}) and repaired or replaced, launches, boots, registrations and scale-in
 * drains, the Auto Scaling group's hooks ({@link AutoScalingGroup.Instances}), spot capacity and
 * its interruptions ({@link SpotCapacity}), AZ outages, and the counts billed.
 *
 * <p>What differs between fleets is a hook: how a change is billed ({@link #changing}), what a
 * trial-wide incident or note is ({@link #note}, {@link #azLost}, {@link #azDetected}), what holds
 * the count (a deployment), what a newly healthy instance moves on (a resize).
 */
abstract class ZonedFleet implements AutoScalingGroup.Instances {
  static final double STATUS_CHECK_SECONDS = Faults.Replacement.DEFAULT_DETECTION_SECONDS;

  final FleetTrial trial;
  final FleetZone[] zones;
  final HealthChecks.Targets checks;
  final AutoScalingGroup group;
  final SpotCapacity spot;
  final StickySessions sessions;

  /** How long a target leaving service on scale-in keeps running (the deregistration delay). */
  final double drainSeconds;

  private int rebalancePending;

  /** The rolling deployment under way, or null. */
  private RollingDeployment deployment;

  ZonedFleet(
      FleetTrial trial,
      Entry.HealthCheck healthCheck,
      ComputeTier.AutoScaling asg,
      QueueBacklog backlog,
      ComputeTier.Spot spotConfig,
      StickySessions sessions,
      double drainSeconds) {
    this.trial = trial;
    this.zones = new FleetZone[trial.azs().size()];
    for (int i = 0; i < zones.length; i++) {
      zones[i] =
          new FleetZone(
              i, new FailureClock(trial.events(), trial.random(), trial.faults().instance()));
    }
    this.checks = new HealthChecks.Targets(healthCheck, trial.random());
    this.group =
        asg == null
            ? null
            : new AutoScalingGroup(
                trial.events(), trial.traffic(), trial.log(), asg, this, backlog);
    this.spot =
        new SpotCapacity(trial.events(), trial.random(), spotConfig, zones, this::spotInterrupted);
    this.sessions = sessions;
    this.drainSeconds = drainSeconds;
  }

  // ---------------------------------------------------------------- hooks

  /** The counts are about to change at {@code now} (a fleet billing its own time accrues here). */
  void changing(double now) {}

  /** Reports an event of the fleet to the trial's listener. */
  void note(double now, InfrastructureEvent what) {
    trial.log().note(now, what);
  }

  /** AZ {@code az} is lost under the fleet (an incident of the trial when the fleet reports it). */
  void azLost(int az, double now) {}

  /** The target group marked the lost AZ's targets unhealthy at {@code at}. */
  void azDetected(double lostAt, double at) {}

  /** Linux instances bill a 60-second minimum: {@code seconds} more for one that ran less. */
  abstract void minimumCharge(double seconds);

  /**
   * The tier the fleet's figures are of in the result: {@code compute} (the stage's fleet), {@code
   * ecs} (a container service's), {@code tier.NAME} (a chain tier's), {@code workers} (a queue's).
   */
  abstract Metric.Tier figures();

  /** Credits a newly launched instance of a burstable type holds. */
  abstract double launchCredits();

  /** Something (a deployment) sets the count: the group does not reconcile meanwhile. */
  boolean holding() {
    return deploying();
  }

  /** Reports a deployment's progress to the trial's listener. */
  void noteDeployment(double now, InfrastructureEvent.Deployment what) {
    trial.log().note(now, what);
  }

  /** An instance passed its health checks and is in service: what waited for it moves on. */
  void afterHealthy(double now) {}

  // ---------------------------------------------------------------- the start

  /**
   * The placement's instances in service, each holding {@code credits}, the spot share of them;
   * with a steady initial state ({@code steady}) some are down at the start; then their failures,
   * the group's first evaluation and the first spot interruption are drawn.
   */
  void start(java.util.Map<String, Integer> placement, double credits, boolean steady) {
    for (FleetZone z : zones) {
      z.inService = placement.getOrDefault(trial.az(z.index), 0);
      z.unit.credits = credits;
    }
    if (spot.used()) {
      spot.place(spot.target(live()));
    }
    if (steady) {
      initialFailures();
    }
    for (FleetZone z : zones) {
      restartFailures(z, 0.0);
    }
    if (group != null) {
      group.start();
    }
    spot.restart(0.0);
  }

  /** With a steady initial state, each instance is down at the start with its outage share. */
  private void initialFailures() {
    Faults.InstanceFaults f = trial.faults().instance();
    if (f == null || trial.run().initialState() == RunSettings.InitialState.ALL_HEALTHY) {
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
        if (trial.random().nextDouble() < outage / (mtbf + outage)) {
          z.inService--;
          double residual = trial.random().nextDouble() * outage;
          if (group == null && f.recovery() instanceof Faults.ManualRepair m) {
            z.down++;
            double at = RandomStreams.exponential(trial.random(), m.mttrMinutes() * 60.0);
            trial.events().at(at, () -> repaired(z, Double.NaN, at, z.epoch));
          } else {
            z.booting++;
            long epoch = z.epoch;
            trial.events().at(residual, () -> booted(z, Double.NaN, residual, epoch));
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- counts

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

  /** Billed instances now, by purchase: [on-demand, spot]. */
  public int[] billed() {
    int total = 0;
    int spotN = 0;
    for (FleetZone z : zones) {
      total += z.billed();
      spotN += Math.min(z.spot, z.billed());
    }
    return new int[] {total - spotN, spotN};
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

  // ---------------------------------------------------------------- instance failures

  /** How a failed instance comes back without a group; null: it does not (none configured). */
  private Faults.Recovery recovery() {
    return trial.faults().instance() == null ? null : trial.faults().instance().recovery();
  }

  /** The zone's in-service count changed: its next failure is drawn again. */
  void restartFailures(FleetZone z, double now) {
    z.failures.restart(now, z.inService, at -> fail(z, at));
  }

  /**
   * One instance in service in AZ {@code az} (an index into the stage's AZs) fails now; nothing but
   * a note when none is in service there.
   */
  public void instanceFails(int az, double now) {
    if (az < 0 || az >= zones.length || zones[az].inService == 0) {
      note(
          now,
          new InfrastructureEvent.NoInstanceToFail(
              az >= 0 && az < zones.length ? trial.az(az) : "(not a stage AZ)"));
      return;
    }
    fail(zones[az], now);
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
      changing(at);
      detected = true;
      z.failedUndetected--;
      z.down++;
      trial.incidents().detected(failedAt, at);
      if (group != null) {
        double replaceAt =
            "ec2".equals(group.config().healthCheckType())
                ? Math.max(at, failedAt + STATUS_CHECK_SECONDS)
                : at;
        trial.events().at(replaceAt, () -> replaceFailed(z, failedAt, replaceAt, epoch));
      } else if (recovery() instanceof Faults.Replacement r) {
        double bootedAt = at + r.bootSeconds();
        trial.events().at(bootedAt, () -> repaired(z, failedAt, bootedAt, epoch));
      }
    }

    /** An operator repaired the instance (without a group, with manual repair). */
    void fix(double at) {
      FleetZone z = zone;
      fixed = true;
      if (!detected && epoch == z.epoch) {
        changing(at);
        z.failedUndetected--;
        z.inService++;
        trial.incidents().recovered(failedAt, at);
        restartFailures(z, at);
      } else {
        repaired(z, failedAt, at, epoch);
      }
    }
  }

  private void fail(FleetZone z, double now) {
    changing(now);
    trial.incidents().incident();
    sessions.lose(1, 0);
    z.inService--;
    z.failedUndetected++;
    note(now, new InfrastructureEvent.InstanceFailed(trial.az(z.index)));
    Incident incident = new Incident(z, now);
    double detectAt = now + checks.unhealthyDelay();
    trial.events().at(detectAt, () -> incident.detect(detectAt));
    if (group == null && recovery() instanceof Faults.ManualRepair m) {
      double at = now + RandomStreams.exponential(trial.random(), m.mttrMinutes() * 60.0);
      trial.events().at(at, () -> incident.fix(at));
    }
    restartFailures(z, now);
  }

  /** A repaired or rebooted instance (in {@code down}) starts its health checks. */
  private void repaired(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    changing(now);
    z.down--;
    z.registering++;
    double at = now + checks.healthyDelay();
    long e = z.epoch;
    trial.events().at(at, () -> healthy(z, failedAt, at, e));
  }

  /** The Auto Scaling group terminates a failed instance and launches a replacement. */
  private void replaceFailed(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    changing(now);
    z.down--;
    spot.dropOne(z);
    reconcile(now, failedAt);
  }

  // ---------------------------------------------------------------- launches and terminations

  void launch(FleetZone z, double now, double failedAt) {
    trial.traffic().settleTraffic(now);
    changing(now);
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
        trial
            .events()
            .at(
                killed,
                () -> {
                  if (epoch == z.epoch && z.booting > 0) {
                    changing(killed);
                    z.booting--;
                    z.launches.pollFirst();
                    spot.dropOne(z);
                    minimumCharge(Math.max(0, 60 - (killed - now)));
                    reconcile(killed, failedAt);
                  }
                });
        return;
      }
    }
    trial.events().at(at, () -> booted(z, failedAt, at, epoch));
  }

  private void booted(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.booting == 0) {
      return;
    }
    changing(now);
    z.booting--;
    z.registering++;
    z.unit.credits = blend(z, launchCredits());
    double at = now + checks.healthyDelay();
    long e = z.epoch;
    trial
        .events()
        .at(
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
    changing(now);
    z.registering--;
    z.inService++;
    trial.incidents().recovered(failedAt, now);
    restartFailures(z, now);
    if (rebalancePending > 0) {
      rebalancePending--;
      FleetZone biggest = largest(true);
      if (biggest != null && biggest != z && biggest.inService > 0) {
        terminate(biggest, now);
      }
    }
    afterHealthy(now);
    if (deployment != null) {
      deployment.healthy(now);
      if (deployment.done()) {
        deployment = null;
        reconcile(now);
      }
    }
  }

  /** Scale-in: the instance leaves rotation, drains for the deregistration delay, terminates. */
  void terminate(FleetZone z, double now) {
    trial.traffic().settleTraffic(now);
    changing(now);
    sessions.lose(1, drainSeconds);
    boolean wasSpot = spot.stopping(z, live() - 1);
    if (wasSpot) {
      spot.restart(now); // one spot instance fewer: the next interruption at the new count's rate
    }
    z.inService--;
    drain(z, now + drainSeconds, wasSpot);
    restartFailures(z, now);
  }

  /**
   * An instance of {@code z} out of rotation drains until {@code at}, billed, then stops; one that
   * was spot ({@code wasSpot}) stops counting as spot then.
   */
  private void drain(FleetZone z, double at, boolean wasSpot) {
    z.draining++;
    trial
        .events()
        .at(
            at,
            () -> {
              if (z.draining > 0) {
                changing(at);
                z.draining--;
                if (wasSpot) {
                  spot.drained(z);
                }
              }
            });
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
    if (group == null || holding()) {
      return;
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

  // ---------------------------------------------------------------- rolling deployments

  /**
   * A rolling deployment replaces every unit now, keeping at least {@code minHealthy} units healthy
   * and at most {@code maxRunning} running or starting ({@link RollingDeployment}); nothing without
   * a group or while one is under way.
   */
  void deployWithin(int minHealthy, int maxRunning, double now) {
    if (group == null || deploying()) {
      return;
    }
    deployment =
        new RollingDeployment(
            new RollingDeployment.Units() {
              @Override
              public void launch(double at) {
                FleetZone z = largest(false);
                if (z != null) {
                  ZonedFleet.this.launch(z, at, Double.NaN);
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
              public void note(double at, InfrastructureEvent.Deployment what) {
                noteDeployment(at, what);
              }
            },
            group.desired(),
            live(),
            minHealthy,
            maxRunning);
    trial.metrics().count(figures().metric(Metric.FleetFigure.DEPLOYMENTS), 1);
    deployment.step(now);
  }

  /** True while a rolling deployment is under way. */
  boolean deploying() {
    return deployment != null && !deployment.done();
  }

  // ---------------------------------------------------------------- rolling resizes

  /**
   * The next instance of a rolling resize leaves service now and is stopped for {@code downtime}
   * seconds, then registers again; false when no zone has one in service.
   */
  boolean stopForResize(double now, double downtime, Runnable whenLast) {
    FleetZone z = largest(true);
    if (z == null || z.inService == 0) {
      return false;
    }
    changing(now);
    sessions.lose(1, 0);
    z.inService--;
    z.stopped++;
    double at = now + downtime;
    long epoch = z.epoch;
    trial
        .events()
        .at(
            at,
            () -> {
              if (epoch != z.epoch || z.stopped == 0) {
                return;
              }
              changing(at);
              z.stopped--;
              z.registering++;
              whenLast.run();
              double h = at + checks.healthyDelay();
              trial.events().at(h, () -> healthy(z, Double.NaN, h, epoch));
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

  // ---------------------------------------------------------------- spot

  /**
   * A spot interruption in {@code z}: with the 2-minute notice the instance is taken out of
   * rotation (its in-flight requests drain), the group launches a replacement at once, and the
   * instance stops. An interrupted instance not in service yet (booting, registering) or failed
   * leaves that state the same way, running out its notice.
   */
  private void spotInterrupted(FleetZone z, double now) {
    changing(now);
    trial.incidents().incident();
    trial.metrics().count(figures().metric(Metric.FleetFigure.SPOT_INTERRUPTIONS), 1);
    note(now, new InfrastructureEvent.SpotInterruption(trial.az(z.index)));
    if (z.inService > 0 || leaveBeforeService(z)) {
      if (z.inService > 0) {
        sessions.lose(1, Catalog.SPOT_NOTICE_SECONDS);
        z.inService--;
      }
      drain(z, now + Catalog.SPOT_NOTICE_SECONDS, true);
    } else {
      spot.drained(z); // (held by a lost AZ) it stops being spot at once
    }
    reconcile(now);
    restartFailures(z, now);
  }

  /**
   * An instance of {@code z} not in service leaves its state (the newest launch first): one booting
   * or registering, else a failed one; false when the zone has none.
   */
  private boolean leaveBeforeService(FleetZone z) {
    if (z.booting > 0 || z.registering > 0) {
      if (z.booting > 0) {
        z.booting--;
      } else {
        z.registering--;
      }
      z.launches.pollLast();
      return true;
    }
    if (z.failedUndetected > 0) {
      z.failedUndetected--;
      return true;
    }
    if (z.down > 0) {
      z.down--;
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- AZ outages

  /** Every instance in AZ {@code az} is lost; the target group notices after its checks. */
  public void azDown(int az, double now) {
    FleetZone z = zones[az];
    if (z.out) {
      return;
    }
    changing(now);
    azLost(az, now);
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
    trial
        .events()
        .at(
            at,
            () -> {
              if (epoch != z.epoch) {
                return;
              }
              changing(at);
              z.azDown += z.azFailedUndetected;
              z.azFailedUndetected = 0;
              azDetected(now, at);
              if (group != null) {
                // terminated; instances launched less than a minute ago still pay the 60 s minimum
                for (double launched : z.launches) {
                  minimumCharge(Math.max(0, 60 - (at - launched)));
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

  /** AZ {@code az} is back: its instances register again, the group evens the count out. */
  public void azUp(int az, double now) {
    FleetZone z = zones[az];
    if (!z.out) {
      return;
    }
    changing(now);
    z.out = false;
    z.epoch++;
    int back = z.azFailedUndetected + z.azDown;
    z.azFailedUndetected = 0;
    z.azDown = 0;
    z.registering += back;
    long epoch = z.epoch;
    for (int i = 0; i < back; i++) {
      double at = now + checks.healthyDelay();
      trial.events().at(at, () -> healthy(z, Double.NaN, at, epoch));
    }
    reconcile(now);
  }
}
