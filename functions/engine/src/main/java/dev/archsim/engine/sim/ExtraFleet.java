package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.component.TierFleet;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.FailureCause;

/**
 * A fleet a component runs beside the compute fleet ({@link TierFleet}) with the mechanics every
 * fleet shares ({@link ZonedFleet}: per-AZ counts, failures, the target group's health checks with
 * the entry's check or the ALB's default, replacement, the Auto Scaling group and its policies, AZ
 * outages), behind an internal load balancer with cross zone load balancing. It bills its own
 * instance-seconds as its counts change. It leaves out what only the internet-facing fleet has
 * (spot, resizes, deployments, sticky sessions, CPU credits): a burstable type serves at full
 * speed.
 */
final class ExtraFleet extends ZonedFleet implements TierFleet {
  private final int vcpu;
  private final double timeoutSeconds;

  private double instanceSeconds;
  private double lastBilled;

  ExtraFleet(TrialSimulation sim, ComputeTier tier, QueueBacklog backlog) {
    super(
        sim,
        // the internal load balancer's target group checks as the entry's (the ALB's defaults when
        // the entry is not a load balancer)
        sim.arch.entry() instanceof Entry.LoadBalancer lb
            ? lb.healthCheck()
            : Entry.HealthCheck.ALB_DEFAULT,
        graceCoveringBoot(tier.autoScaling()),
        backlog,
        null,
        false,
        0);
    this.vcpu =
        Catalog.instanceType(tier.instanceType()).map(InstanceType::vcpu).orElse(1).intValue();
    this.timeoutSeconds = sim.profile.timeoutMs() / 1000.0;
    start(tier.placement(), 0, false);
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

  // ---------------------------------------------------------------- hooks of the shared mechanics

  /** Bills the running instances from the last change to {@code now}. */
  @Override
  void changing(double now) {
    if (now > lastBilled) {
      int[] billed = billed();
      instanceSeconds += (billed[0] + billed[1]) * (now - lastBilled);
      lastBilled = now;
    }
  }

  @Override
  void note(double now, InfrastructureEvent what) {
    // the trial's events are the compute fleet's; a tier's show in its counters
  }

  @Override
  void minimumCharge(double seconds) {}

  @Override
  double launchCredits() {
    return 0;
  }

  @Override
  public double takeInstanceSeconds(double now) {
    changing(now);
    double s = instanceSeconds;
    instanceSeconds = 0;
    return s;
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
    for (FleetZone z : zones) {
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
      failed[(anyOut ? FailureCause.AZ_OUTAGE : FailureCause.NO_CAPACITY).ordinal()] = rate * dt;
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
    double mu = 1000.0 / cpuMs;
    MmcdQueue q = Serving.keyedQueue(vcpu, mu, perTarget, timeoutSeconds);
    double abandoned = q.timeoutFraction();
    failed[FailureCause.OVERLOAD.ordinal()] = perTarget * inService * dt * abandoned;
    double utilisation = Math.min(1.0, perTarget / (vcpu * mu));
    if (group != null) {
      group.observe(inService, utilisation, dt);
    }
    return new Served(
        perTarget * inService * (1 - abandoned),
        q.meanServedResponseTime() * 1000.0,
        failed,
        LatencyLattice.served(q));
  }

  @Override
  public void worked(double busyShare, double dt) {
    if (group != null) {
      group.observe(inService(), busyShare, dt);
    }
  }
}
