package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.component.TierFleet;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.FailureCause;
import java.util.HashMap;
import java.util.Map;

/**
 * A fleet a component runs beside the compute fleet ({@link TierFleet}): the compute fleet's per-AZ
 * counts ({@link FleetZone}), failure clock ({@link FailureClock}), target-group health checks
 * ({@link HealthChecks.Targets}, with the ALB's default check) and Auto Scaling group ({@link
 * AutoScalingGroup} with its policy classes), behind an internal load balancer with cross zone load
 * balancing. It leaves out what only the internet-facing fleet has (spot, resizes, deployments,
 * sticky sessions, CPU credits): a burstable type serves at full speed.
 */
final class ExtraFleet implements TierFleet, AutoScalingGroup.Instances {
  private final TrialSimulation sim;
  private final ComputeTier tier;
  private final FleetZone[] zones;
  private final HealthChecks.Targets checks;
  private final AutoScalingGroup group;
  private final int vcpu;
  private final double timeoutSeconds;
  private final Map<QueueKey, MmcdQueue> queues = new HashMap<>();

  /** A queue of the fleet: its slack's bits (10 significant) and the service rate. */
  private record QueueKey(long slackBits, double mu) {}

  private double instanceSeconds;
  private double lastBilled;

  ExtraFleet(TrialSimulation sim, ComputeTier tier, QueueBacklog backlog) {
    this.sim = sim;
    this.tier = tier;
    this.zones = new FleetZone[sim.arch.azs().size()];
    for (int i = 0; i < zones.length; i++) {
      zones[i] = new FleetZone(i, new FailureClock(sim));
      zones[i].inService = tier.placement().getOrDefault(sim.az(i), 0);
    }
    // the internal load balancer's target group checks as the entry's (the ALB's defaults when the
    // entry is not a load balancer)
    this.checks =
        new HealthChecks.Targets(
            sim.arch.entry() instanceof Entry.LoadBalancer lb
                ? lb.healthCheck()
                : Entry.HealthCheck.ALB_DEFAULT,
            sim.rng);
    this.vcpu =
        Catalog.instanceType(tier.instanceType()).map(InstanceType::vcpu).orElse(1).intValue();
    this.timeoutSeconds = sim.profile.timeoutMs() / 1000.0;
    ComputeTier.AutoScaling asg = tier.autoScaling();
    this.group = asg == null ? null : new AutoScalingGroup(sim, asg, this, backlog);
    for (FleetZone z : zones) {
      restartFailures(z, 0.0);
    }
    if (group != null) {
      group.start();
    }
  }

  // ---------------------------------------------------------------- counts

  @Override
  public int inService() {
    int n = 0;
    for (FleetZone z : zones) {
      n += z.inService;
    }
    return n;
  }

  @Override
  public int live() {
    int n = 0;
    for (FleetZone z : zones) {
      n += z.live();
    }
    return n;
  }

  private int billed() {
    int n = 0;
    for (FleetZone z : zones) {
      n += z.billed();
    }
    return n;
  }

  /** Bills the running instances from the last change to {@code now}. */
  private void accrue(double now) {
    if (now > lastBilled) {
      instanceSeconds += billed() * (now - lastBilled);
      lastBilled = now;
    }
  }

  @Override
  public double takeInstanceSeconds(double now) {
    accrue(now);
    double s = instanceSeconds;
    instanceSeconds = 0;
    return s;
  }

  // ---------------------------------------------------------------- failures

  private void restartFailures(FleetZone z, double now) {
    z.failures.restart(now, z.inService, at -> fail(z, at));
  }

  private void fail(FleetZone z, double now) {
    if (z.inService == 0) {
      return;
    }
    accrue(now);
    sim.incidents++;
    z.inService--;
    z.failedUndetected++;
    long epoch = z.epoch;
    double detectAt = now + checks.unhealthyDelay();
    sim.at(detectAt, () -> detected(z, now, detectAt, epoch));
    restartFailures(z, now);
  }

  @Override
  public void instanceFails(int az, double now) {
    if (az < 0 || az >= zones.length || zones[az].inService == 0) {
      sim.note(
          now,
          new InfrastructureEvent.NoInstanceToFail(
              az >= 0 && az < zones.length ? sim.az(az) : "(not a stage AZ)"));
      return;
    }
    fail(zones[az], now);
  }

  /** The target group marks the failed instance unhealthy: replaced by the group, or repaired. */
  private void detected(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.failedUndetected == 0) {
      return;
    }
    accrue(now);
    z.failedUndetected--;
    z.down++;
    sim.recordDetection(failedAt, now);
    Faults.Recovery recovery =
        sim.faults.instance() == null ? null : sim.faults.instance().recovery();
    if (group != null) {
      // terminated and replaced: the replacement boots in the emptiest AZ
      z.down--;
      reconcile(now, failedAt);
    } else if (recovery instanceof Faults.Replacement r) {
      double at = now + r.bootSeconds();
      sim.at(at, () -> repaired(z, failedAt, at, epoch));
    } else if (recovery instanceof Faults.ManualRepair m) {
      double at = now + RandomStreams.exponential(sim.rng, m.mttrMinutes() * 60.0);
      sim.at(at, () -> repaired(z, failedAt, at, epoch));
    }
  }

  private void repaired(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.down == 0) {
      return;
    }
    accrue(now);
    z.down--;
    z.registering++;
    double at = now + checks.healthyDelay();
    sim.at(at, () -> healthy(z, failedAt, at, epoch));
  }

  private void healthy(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.registering == 0) {
      return;
    }
    accrue(now);
    z.registering--;
    z.inService++;
    sim.recordRecovery(failedAt, now);
    restartFailures(z, now);
  }

  // ---------------------------------------------------------------- the group

  @Override
  public void reconcile(double now) {
    reconcile(now, Double.NaN);
  }

  private void reconcile(double now, double failedAt) {
    if (group == null) {
      return;
    }
    accrue(now);
    int live = live();
    double replacing = failedAt;
    while (live < group.desired()) {
      FleetZone z = pick(false);
      if (z == null) {
        return; // every AZ is out
      }
      z.booting++;
      long epoch = z.epoch;
      double booted = now + group.config().bootSeconds();
      double f = replacing;
      sim.at(
          booted,
          () -> {
            if (epoch == z.epoch && z.booting > 0) {
              accrue(booted);
              z.booting--;
              z.registering++;
              double at = booted + checks.healthyDelay();
              sim.at(at, () -> healthy(z, f, at, epoch));
            }
          });
      replacing = Double.NaN;
      live++;
    }
    while (live > group.desired()) {
      FleetZone z = pick(true);
      if (z == null || z.inService == 0) {
        return;
      }
      z.inService--;
      restartFailures(z, now);
      live--;
    }
  }

  @Override
  public void rebalance(double now) {
    // launches go to the emptiest AZ already; an imbalance left by an AZ outage stays
  }

  /** The AZ with the most (or fewest) live instances among those not out. */
  private FleetZone pick(boolean most) {
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

  // ---------------------------------------------------------------- AZ outages

  @Override
  public void azDown(int az, double now) {
    FleetZone z = zones[az];
    if (z.out) {
      return;
    }
    accrue(now);
    z.out = true;
    z.epoch++;
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
          accrue(at);
          z.azDown += z.azFailedUndetected;
          z.azFailedUndetected = 0;
          if (group != null) {
            z.azDown = 0; // terminated: the group relaunches in the other AZs
            reconcile(at);
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
    accrue(now);
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
    reconcile(now);
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
    MmcdQueue q = queue(mu, perTarget);
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

  /**
   * The M/M/c+D queue of one instance at {@code lambda} requests per second, keyed by its slack (1
   * − ρ) to 10 significant bits as the compute fleet's ({@link Serving}), so nearby rates share it.
   */
  private MmcdQueue queue(double mu, double lambda) {
    double capacity = vcpu * mu;
    double slack = 1 - lambda / capacity;
    long bits = Double.doubleToLongBits(slack) & ~((1L << 42) - 1);
    QueueKey key = new QueueKey(bits, mu);
    MmcdQueue q = queues.get(key);
    if (q == null) {
      if (queues.size() > 4096) {
        queues.clear();
      }
      q = new MmcdQueue(vcpu, mu, capacity * (1 - Double.longBitsToDouble(bits)), timeoutSeconds);
      queues.put(key, q);
    }
    return q;
  }

  @Override
  public void worked(double busyShare, double dt) {
    if (group != null) {
      group.observe(inService(), busyShare, dt);
    }
  }
}
