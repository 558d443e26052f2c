package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.result.Metric;

/**
 * The mechanics every fleet of EC2 instances (or tasks) behind a load balancer's target group has,
 * written once for the compute fleet ({@link Fleet}) and the fleets components run beside it
 * ({@link ExtraFleet}). The fleet itself keeps the Auto Scaling group's count ({@link
 * AutoScalingGroup.Instances}: launches in the emptiest AZs, stops in the fullest), scale-in and
 * spot-notice drains, and the hooks below; each other concern is a type of its own with its own
 * state: the counts by state per Availability Zone ({@link FleetZones}), the way into service
 * through the target group's health checks ({@link Launches}, {@link HealthChecks.Targets}),
 * failures and their repair ({@link InstanceFailures}), spot capacity and its interruptions ({@link
 * SpotCapacity}), rolling deployments ({@link Deployments}), the group's AZ rebalancing ({@link
 * AzRebalancing}) and AZ outages ({@link AzOutages}).
 *
 * <p>What differs between fleets is a hook: how a change is billed ({@link #changing}), what a
 * trial-wide incident or note is ({@link #note}, {@link #azLost}, {@link #azDetected}), what holds
 * the count (a deployment), what a newly healthy instance moves on (a resize).
 */
abstract class ZonedFleet implements AutoScalingGroup.Instances {
  final FleetTrial trial;
  final FleetZones zones;
  final HealthChecks.Targets checks;
  final AutoScalingGroup group;
  final SpotCapacity spot;
  final StickySessions sessions;
  final InstanceFailures failures;
  final Launches launches;
  final Deployments deployments;
  final AzRebalancing rebalancing;
  private final AzOutages outages;

  /** How long a target leaving service on scale-in keeps running (the deregistration delay). */
  final double drainSeconds;

  ZonedFleet(
      FleetTrial trial,
      Entry.HealthCheck healthCheck,
      ComputeTier.AutoScaling asg,
      QueueBacklog backlog,
      ComputeTier.Spot spotConfig,
      StickySessions sessions,
      double drainSeconds) {
    this.trial = trial;
    this.zones = new FleetZones(trial.azs().size());
    this.checks = new HealthChecks.Targets(healthCheck, trial.random());
    this.group =
        asg == null
            ? null
            : new AutoScalingGroup(
                trial.events(), trial.traffic(), trial.log(), asg, this, backlog);
    this.spot =
        new SpotCapacity(
            trial.events(), trial.random(), spotConfig, zones.all, this::spotInterrupted);
    this.sessions = sessions;
    this.drainSeconds = drainSeconds;
    this.failures = new InstanceFailures(this);
    this.launches = new Launches(this);
    this.deployments = new Deployments(this);
    this.rebalancing = new AzRebalancing(this);
    this.outages = new AzOutages(this);
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
    return deployments.active();
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
    zones.place(placement, trial.azs(), credits);
    if (spot.used()) {
      spot.place(spot.target(live()));
    }
    if (steady) {
      failures.downAtStart();
    }
    for (FleetZone z : zones.all) {
      failures.restart(z, 0.0);
    }
    if (group != null) {
      group.start();
    }
    spot.restart(0.0);
  }

  // ---------------------------------------------------------------- counts

  @Override
  public int live() {
    return zones.live();
  }

  @Override
  public int inService() {
    return zones.inService();
  }

  /** Billed instances now, by purchase: [on-demand, spot]. */
  public int[] billed() {
    return zones.billed();
  }

  // ---------------------------------------------------------------- faults

  /**
   * One instance in service in AZ {@code az} (an index into the stage's AZs) fails now; nothing but
   * a note when none is in service there.
   */
  public void instanceFails(int az, double now) {
    failures.instanceFails(az, now);
  }

  /** Every instance in AZ {@code az} is lost; the target group notices after its checks. */
  public void azDown(int az, double now) {
    outages.down(az, now);
  }

  /** AZ {@code az} is back: its instances register again, the group evens the count out. */
  public void azUp(int az, double now) {
    outages.up(az, now);
  }

  // ---------------------------------------------------------------- the group's count

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
    failures.restart(z, now);
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
  void reconcile(double now, double failedAt) {
    if (group == null || holding()) {
      return;
    }
    int live = live();
    double replacing = failedAt;
    while (live < group.desired()) {
      FleetZone z = zones.emptiest();
      if (z == null) {
        return; // every AZ is out
      }
      launches.launch(z, now, replacing);
      replacing = Double.NaN;
      live++;
    }
    while (live > group.desired()) {
      FleetZone z = zones.fullest();
      if (z == null || z.inService == 0) {
        return;
      }
      terminate(z, now);
      live--;
    }
  }

  @Override
  public void rebalance(double now) {
    rebalancing.rebalance(now);
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
    if (z.inService > 0 || z.leaveBeforeService()) {
      if (z.inService > 0) {
        sessions.lose(1, Catalog.SPOT_NOTICE_SECONDS);
        z.inService--;
      }
      drain(z, now + Catalog.SPOT_NOTICE_SECONDS, true);
    } else {
      spot.drained(z); // (held by a lost AZ) it stops being spot at once
    }
    reconcile(now);
    failures.restart(z, now);
  }
}
