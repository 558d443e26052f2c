package dev.archsim.engine.sim;

/**
 * An Auto Scaling group's AZ rebalancing: when the AZs' live counts differ by more than one and the
 * group is at its desired count, it launches an instance in the AZ with the fewest first and
 * terminates one in the AZ with the most once the new one is in service, so the capacity never
 * drops while the AZs are evened out. One rebalance at a time.
 */
final class AzRebalancing {
  private final ZonedFleet fleet;

  /** Launched instances whose counterpart in the fullest AZ waits for them to be in service. */
  private int pending;

  AzRebalancing(ZonedFleet fleet) {
    this.fleet = fleet;
  }

  /** Launches in the emptiest AZ if the group rebalances and the AZs are uneven. */
  void rebalance(double now) {
    AutoScalingGroup group = fleet.group;
    if (!group.config().rebalance() || pending > 0) {
      return;
    }
    FleetZone small = fleet.zones.emptiest();
    FleetZone big = fleet.zones.fullest();
    if (small != null
        && big != null
        && big.live() - small.live() > 1
        && fleet.live() == group.desired()) {
      pending++;
      fleet.launches.launch(small, now, Double.NaN);
    }
  }

  /**
   * An instance of {@code z} is in service: a pending rebalance terminates one in the fullest AZ
   * (if that is another AZ with one in service).
   */
  void healthy(FleetZone z, double now) {
    if (pending > 0) {
      pending--;
      FleetZone biggest = fleet.zones.fullest();
      if (biggest != null && biggest != z && biggest.inService > 0) {
        fleet.terminate(biggest, now);
      }
    }
  }
}
