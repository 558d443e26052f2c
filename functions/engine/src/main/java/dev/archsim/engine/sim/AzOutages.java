package dev.archsim.engine.sim;

/**
 * An Availability Zone lost under a fleet, and back. Every instance of the AZ is lost at once (a
 * deployment under way is abandoned); the target group marks them unhealthy after its checks, and
 * the Auto Scaling group then terminates them (those launched less than a minute before still bill
 * the minute) and relaunches in the other AZs. When the AZ is back, the instances it held register
 * again and the group evens the count out. Each change bumps the zone's epoch, so that events
 * scheduled before for its instances do nothing.
 */
final class AzOutages {
  private final ZonedFleet fleet;

  AzOutages(ZonedFleet fleet) {
    this.fleet = fleet;
  }

  /** Every instance in AZ {@code az} is lost; the target group notices after its checks. */
  void down(int az, double now) {
    FleetZone z = fleet.zones.all[az];
    if (z.out) {
      return;
    }
    fleet.changing(now);
    fleet.azLost(az, now);
    fleet.deployments.abandon(now);
    z.out = true;
    z.epoch++;
    fleet.sessions.lose(z.inService, 0);
    z.azFailedUndetected += z.inService + z.failedUndetected;
    z.azDown += z.registering + z.booting + z.down + z.stopped;
    z.inService = z.failedUndetected = z.registering = z.booting = z.down = z.stopped = 0;
    long epoch = z.epoch;
    double at = now + fleet.checks.unhealthyDelay();
    fleet.trial.events().at(at, () -> detected(z, epoch, now, at));
    fleet.failures.restart(z, now);
  }

  /** The target group marked the lost AZ's targets unhealthy: the group relaunches elsewhere. */
  private void detected(FleetZone z, long epoch, double lostAt, double at) {
    if (epoch != z.epoch) {
      return;
    }
    fleet.changing(at);
    z.azDown += z.azFailedUndetected;
    z.azFailedUndetected = 0;
    fleet.azDetected(lostAt, at);
    if (fleet.group != null) {
      // terminated; instances launched less than a minute ago still pay the 60 s minimum
      for (double launched : z.launches) {
        fleet.minimumCharge(Math.max(0, 60 - (at - launched)));
      }
      z.launches.clear();
      z.azDown = 0; // the group relaunches in the other AZs
      fleet.spot.zoneLost(z);
      fleet.reconcile(at);
      fleet.spot.restart(at);
    }
  }

  /** AZ {@code az} is back: its instances register again, the group evens the count out. */
  void up(int az, double now) {
    FleetZone z = fleet.zones.all[az];
    if (!z.out) {
      return;
    }
    fleet.changing(now);
    z.out = false;
    z.epoch++;
    int back = z.azFailedUndetected + z.azDown;
    z.azFailedUndetected = 0;
    z.azDown = 0;
    z.registering += back;
    long epoch = z.epoch;
    for (int i = 0; i < back; i++) {
      double at = now + fleet.checks.healthyDelay();
      fleet.trial.events().at(at, () -> fleet.launches.healthy(z, Double.NaN, at, epoch));
    }
    fleet.reconcile(now);
  }
}
