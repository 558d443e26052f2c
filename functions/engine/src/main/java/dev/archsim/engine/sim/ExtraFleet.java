package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.component.TierFleet;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;

/**
 * A fleet a component runs beside the compute fleet ({@link TierFleet}) with the mechanics every
 * fleet shares ({@link ZonedFleet}: per-AZ counts, failures, the target group's health checks with
 * the entry's check or the ALB's default, replacement, the Auto Scaling group and its policies, a
 * spot share and its interruptions, AZ outages, instances down at a steady start), its own CPU
 * credits ({@link CpuCredits}), behind an internal load balancer with cross zone load balancing (a
 * tier; its scale-in drains for the deregistration delay) or behind none (a worker fleet consuming
 * a queue, which stops an instance at once). It bills its own instance-seconds, on demand and spot,
 * as its counts change; a resize is the compute fleet's rolling resize ({@link RollingResize}), a
 * deployment its rolling deployment ({@link RollingDeployment}, ECS's bounds). Sticky sessions stay
 * the compute fleet's.
 */
final class ExtraFleet extends ZonedFleet implements TierFleet {
  private final double timeoutSeconds;
  private final RollingResize resize;
  private InstanceType type;
  private int vcpu;
  private CpuCredits credits;

  private double onDemandSeconds;
  private double spotSeconds;

  /** Reserved instances: the first this many on-demand instances running are covered. */
  private final int reserved;

  private double reservedSeconds;
  private double lastTaken;
  private double surplusTaken;
  private double cappedTaken;
  private double lastBilled;

  /** "workers" for a queue's worker fleet, "tier.NAME" for a chain tier ({@link #figures}). */
  private final Metric.Tier figures;

  /**
   * A fleet of {@code tier} beside the stage's compute fleet, behind an internal load balancer
   * checking as the stage's {@code entry} does, or consuming the queue of {@code backlog} (not
   * null: a worker fleet); its requests time out as {@code profile}'s.
   */
  ExtraFleet(
      FleetTrial trial,
      Entry entry,
      RequestProfile profile,
      ComputeTier tier,
      QueueBacklog backlog) {
    super(
        trial,
        // the internal load balancer's target group checks as the entry's (the ALB's defaults when
        // the entry is not a load balancer)
        entry instanceof Entry.LoadBalancer lb ? lb.healthCheck() : Entry.HealthCheck.ALB_DEFAULT,
        graceCoveringBoot(tier.autoScaling()),
        backlog,
        tier.purchase() == null ? null : tier.purchase().spot(),
        StickySessions.none(),
        backlog != null ? 0 : drainSeconds(entry));
    this.type =
        Catalog.instanceType(tier.instanceType())
            .orElseGet(() -> new InstanceType(tier.instanceType(), 1, 0, null));
    this.vcpu = type.vcpu();
    this.timeoutSeconds = profile.timeoutMs() / 1000.0;
    this.credits = new CpuCredits(type, tier.credits());
    this.resize = new RollingResize(this, this::changeType);
    this.figures = backlog != null ? Metric.Tier.WORKERS : Metric.Tier.chain(tier.name());
    this.reserved =
        tier.purchase() == null || tier.purchase().reserved() == null
            ? 0
            : Math.max(0, tier.purchase().reserved().count());
    start(tier.placement(), credits.initial(), false);
  }

  @Override
  Metric.Tier figures() {
    return figures;
  }

  /** The internal load balancer's deregistration delay: the entry's, or the ALB's default. */
  private static double drainSeconds(Entry entry) {
    return entry instanceof Entry.LoadBalancer lb
        ? lb.deregistrationDelaySeconds()
        : Entry.LoadBalancer.DEFAULT_DEREGISTRATION_DELAY_SECONDS;
  }

  /**
   * The group of a tier or a worker fleet declares no health-check grace period: its instances are
   * checked once they run (the grace covers the boot), so none is replaced while it boots.
   */
  private static ComputeTier.AutoScaling graceCoveringBoot(ComputeTier.AutoScaling g) {
    if (g == null || g.healthCheckGraceSeconds() >= g.bootSeconds()) {
      return g;
    }
    return new ComputeTier.AutoScaling(
        g.min(),
        g.max(),
        g.desired(),
        g.policies(),
        g.scheduled(),
        g.healthCheckType(),
        g.bootSeconds(),
        g.bootSeconds(),
        g.warmupSeconds(),
        g.rebalance());
  }

  @Override
  public int vcpu() {
    return vcpu;
  }

  // ---------------------------------------------------------------- hooks of the shared mechanics

  /** Bills the running instances, on demand and spot, from the last change to {@code now}. */
  @Override
  void changing(double now) {
    if (now > lastBilled) {
      int[] billed = billed();
      onDemandSeconds += billed[0] * (now - lastBilled);
      spotSeconds += billed[1] * (now - lastBilled);
      reservedSeconds += Math.min(billed[0], reserved) * (now - lastBilled);
      lastBilled = now;
    }
  }

  @Override
  void note(double now, InfrastructureEvent what) {
    // the trial's events are the compute fleet's; a tier's show in its counters
  }

  /** An instance stopped within its first minute bills the rest of it, on demand. */
  @Override
  void minimumCharge(double seconds) {
    onDemandSeconds += seconds;
  }

  @Override
  double launchCredits() {
    return credits.atLaunch();
  }

  @Override
  void afterHealthy(double now) {
    resize.next(now);
  }

  @Override
  void noteDeployment(double now, InfrastructureEvent.Deployment what) {
    // the trial's events are the compute fleet's
  }

  // ---------------------------------------------------------------- deployments

  @Override
  public void deploy(
      int minimumHealthyPercent, int maximumPercent, boolean instanceRefresh, double now) {
    if (group == null) {
      return;
    }
    int[] bounds =
        instanceRefresh
            ? TierFleet.refreshBounds(group.desired(), minimumHealthyPercent, maximumPercent)
            : dev.archsim.engine.component.EcsComponent.deploymentBounds(
                group.desired(), minimumHealthyPercent, maximumPercent, false);
    deployments.start(bounds[0], bounds[1], now);
  }

  // ---------------------------------------------------------------- resizes

  @Override
  public void resize(String toInstanceType, double downtimeSeconds, double now) {
    resize.start(
        new dev.archsim.engine.model.Faults.Resize(
            java.time.Duration.ZERO, toInstanceType, downtimeSeconds),
        live(),
        now);
  }

  /** The last instance of a resize has been changed: the fleet runs the new type from now. */
  private void changeType(InstanceType newType) {
    type = newType;
    vcpu = newType.vcpu();
    credits = credits.forType(newType);
  }

  @Override
  public Usage takeUsage(double now) {
    changing(now);
    Usage u =
        new Usage(
            onDemandSeconds,
            spotSeconds,
            credits.surplus() - surplusTaken,
            credits.cappedSeconds() - cappedTaken,
            type.name(),
            reservedSeconds,
            now - lastTaken);
    onDemandSeconds = 0;
    spotSeconds = 0;
    reservedSeconds = 0;
    lastTaken = now;
    surplusTaken = credits.surplus();
    cappedTaken = credits.cappedSeconds();
    return u;
  }

  // ---------------------------------------------------------------- traffic

  @Override
  public Served serve(double dt, double rate, double cpuMs) {
    double[] failed = new double[FailureCause.values().length];
    int routed = 0;
    int inService = 0;
    boolean anyOut = false;
    int azFailed = 0;
    int failedUndetected = 0;
    for (FleetZone z : zones.all) {
      routed += z.routed() + z.azFailedUndetected;
      inService += z.inService;
      azFailed += z.azFailedUndetected;
      failedUndetected += z.failedUndetected;
      anyOut |= z.out;
    }
    if (rate <= 0) {
      worked(0, dt);
      return new Served(0, 0, failed, null);
    }
    if (routed == 0) {
      FailureCause cause =
          resize.active()
              ? FailureCause.RESIZE_DOWNTIME
              : anyOut ? FailureCause.AZ_OUTAGE : FailureCause.NO_CAPACITY;
      failed[cause.ordinal()] = rate * dt;
      worked(0, dt);
      return new Served(0, 0, failed, null);
    }
    double perTarget = rate / routed;
    failed[FailureCause.UNHEALTHY_TARGET.ordinal()] = perTarget * failedUndetected * dt;
    failed[FailureCause.AZ_OUTAGE.ordinal()] = perTarget * azFailed * dt;
    if (group != null) {
      group.routed(rate * dt);
    }
    if (inService == 0) {
      return new Served(0, 0, failed, null);
    }
    double mu = 1000.0 / cpuMs * type.serverSpeed(); // a Fargate task below 1 vCPU: its share
    double utilisation = Math.min(1.0, perTarget / (vcpu * mu));
    if (group != null) {
      group.observe(inService, utilisation, dt);
    }
    if (!credits.matter()) {
      MmcdQueue q = SharedQueues.keyed(vcpu, mu, perTarget, timeoutSeconds);
      double abandoned = q.timeoutFraction();
      failed[FailureCause.OVERLOAD.ordinal()] = perTarget * inService * dt * abandoned;
      return new Served(
          perTarget * inService * (1 - abandoned),
          q.meanServedResponseTime() * 1000.0,
          failed,
          LatencyLattice.served(q));
    }
    // burstable: each zone's instances spend their balance; once it is empty a standard-mode
    // instance serves at its baseline share of each vCPU, a slower queue for the rest of the step.
    // The mean is exact over the parts; the distribution is the queue that served the most of them
    double[] sums = new double[4]; // served, served × response ms, abandoned, most served by one
    MmcdQueue[] dominant = new MmcdQueue[1];
    for (FleetZone z : zones.all) {
      int n = z.inService;
      if (n == 0) {
        credits.idle(z.unit, dt);
        continue;
      }
      credits.spend(
          z.unit,
          n,
          utilisation,
          dt,
          (d, speed) -> {
            MmcdQueue q = SharedQueues.keyed(vcpu, mu * speed, perTarget, timeoutSeconds);
            double arrivals = perTarget * n * d;
            double served = arrivals * (1 - q.timeoutFraction());
            sums[0] += served;
            sums[1] += served * q.meanServedResponseTime() * 1000.0;
            sums[2] += arrivals * q.timeoutFraction();
            if (served > sums[3]) {
              sums[3] = served;
              dominant[0] = q;
            }
          });
    }
    failed[FailureCause.OVERLOAD.ordinal()] = sums[2];
    return new Served(
        sums[0] / dt,
        sums[0] > 0 ? sums[1] / sums[0] : 0,
        failed,
        dominant[0] == null ? null : LatencyLattice.served(dominant[0]));
  }

  @Override
  public void worked(double busyShare, double dt) {
    if (group != null) {
      group.observe(inService(), busyShare, dt);
    }
    if (credits.matter()) {
      // a worker busy a share of its speed uses that share of its full-speed vCPUs; one held at
      // its baseline and busy all along uses its baseline, which is what it earns: it stays there
      for (FleetZone z : zones.all) {
        double speed = speed(z);
        if (z.inService == 0) {
          credits.idle(z.unit, dt);
        } else if (speed < 1 && busyShare >= 1) {
          credits.capped(z.unit, z.inService, dt);
        } else {
          credits.spend(z.unit, z.inService, busyShare * speed, dt, (d, s) -> {});
        }
      }
    }
  }

  /**
   * The share of full speed the fleet's instances in service run at now: 1, a Fargate task below 1
   * vCPU its share of a vCPU, or for a burstable type in standard mode its baseline share in the
   * zones whose balance is empty.
   */
  @Override
  public double speed() {
    if (!credits.matter()) {
      return type.serverSpeed();
    }
    int n = 0;
    double sum = 0;
    for (FleetZone z : zones.all) {
      n += z.inService;
      sum += z.inService * speed(z);
    }
    return n == 0 ? 1.0 : sum / n;
  }

  private double speed(FleetZone z) {
    return z.unit.credits > 1e-9 ? 1.0 : credits.slowest();
  }
}
