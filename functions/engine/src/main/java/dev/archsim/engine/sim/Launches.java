package dev.archsim.engine.sim;

import dev.archsim.engine.model.ComputeTier;

/**
 * A fleet's instances on their way into service: launched by the Auto Scaling group in a zone (spot
 * if the spot share is short), booted, registered with the target group until its health checks
 * call them healthy, then in service, which moves on what waited for them (a rebalance, a resize, a
 * deployment). With ELB health checks and a grace period shorter than the boot, the load balancer's
 * failed checks count before the application answers: the group terminates the instance as
 * unhealthy (it bills its first minute) and launches another.
 */
final class Launches {
  private final ZonedFleet fleet;
  private final FleetTrial trial;

  Launches(ZonedFleet fleet) {
    this.fleet = fleet;
    this.trial = fleet.trial;
  }

  /**
   * The group launches an instance in {@code z} now; it replaces one that failed at {@code
   * failedAt} (NaN: none).
   */
  void launch(FleetZone z, double now, double failedAt) {
    trial.traffic().settleTraffic(now);
    fleet.changing(now);
    ComputeTier.AutoScaling asg = fleet.group.config();
    z.booting++;
    z.launches.addLast(now);
    fleet.spot.launched(z, fleet.live(), now);
    double at = now + asg.bootSeconds();
    long epoch = z.epoch;
    if ("elb".equals(asg.healthCheckType()) && asg.healthCheckGraceSeconds() < asg.bootSeconds()) {
      double killed = now + asg.healthCheckGraceSeconds() + fleet.checks.unhealthyDelay();
      if (killed < at) {
        trial.events().at(killed, () -> killedBooting(z, epoch, now, killed, failedAt));
        return;
      }
    }
    trial.events().at(at, () -> booted(z, failedAt, at, epoch));
  }

  /**
   * The group terminated an instance launched at {@code launchedAt} as unhealthy while it boots.
   */
  private void killedBooting(
      FleetZone z, long epoch, double launchedAt, double killed, double failedAt) {
    if (epoch == z.epoch && z.booting > 0) {
      fleet.changing(killed);
      z.booting--;
      z.launches.pollFirst();
      fleet.spot.dropOne(z);
      fleet.minimumCharge(Math.max(0, 60 - (killed - launchedAt)));
      fleet.reconcile(killed, failedAt);
    }
  }

  /** An instance booted (or rebooted): it registers and starts its health checks. */
  void booted(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.booting == 0) {
      return;
    }
    fleet.changing(now);
    z.booting--;
    z.registering++;
    z.unit.credits = blend(z, fleet.launchCredits());
    double at = now + fleet.checks.healthyDelay();
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

  /** The zone's credits per instance with one more holding {@code credits}. */
  private static double blend(FleetZone z, double credits) {
    int n = z.inService + z.registering;
    return n <= 1 ? credits : (z.unit.credits * (n - 1) + credits) / n;
  }

  /**
   * A registering instance passed its checks and is in service; it recovers what failed at {@code
   * failedAt} (NaN: nothing).
   */
  void healthy(FleetZone z, double failedAt, double now, long epoch) {
    if (epoch != z.epoch || z.registering == 0) {
      return;
    }
    fleet.changing(now);
    z.registering--;
    z.inService++;
    trial.incidents().recovered(failedAt, now);
    fleet.failures.restart(z, now);
    fleet.rebalancing.healthy(z, now);
    fleet.afterHealthy(now);
    if (fleet.deployments.healthy(now)) {
      fleet.reconcile(now);
    }
  }
}
