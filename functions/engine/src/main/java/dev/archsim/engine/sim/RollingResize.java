package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.model.Faults;
import java.util.function.Consumer;

/**
 * A rolling resize of a fleet behind a load balancer: one instance at a time is taken out of
 * service, stopped for the resize's downtime, started as the new type and registered again; the
 * next waits until it has passed its health checks. The fleet serves at the new type's speed once
 * the last instance has been changed ({@code changeType}: the compute fleet's {@link Serving}, a
 * tier's own queues).
 */
final class RollingResize {
  private final ZonedFleet fleet;
  private final Consumer<InstanceType> changeType;
  private Faults.Resize fault;
  private int remaining;

  RollingResize(ZonedFleet fleet, Consumer<InstanceType> changeType) {
    this.fleet = fleet;
    this.changeType = changeType;
  }

  /** True while a resize is under way. */
  boolean active() {
    return fault != null;
  }

  /** Starts resizing the fleet's {@code instances} now. */
  void start(Faults.Resize r, int instances, double now) {
    fault = r;
    remaining = instances;
    next(now);
  }

  /**
   * Moves the resize on (an instance has passed its checks): the next instance is stopped, or the
   * resize ends.
   */
  void next(double now) {
    if (fault == null) {
      return;
    }
    if (remaining == 0) {
      changeType(fault);
      fault = null;
      return;
    }
    if (fleet.zones.anyStarting()) {
      return; // one at a time: wait for the previous instance to pass its health checks
    }
    Faults.Resize r = fault;
    if (stopNext(
        now,
        r.downtimeSeconds(),
        () -> {
          if (remaining == 0) {
            changeType(r);
          }
        })) {
      remaining--;
    }
  }

  /**
   * The next instance (from the AZ with the most) leaves service now and is stopped for {@code
   * downtime} seconds, then registers again ({@code whenStarted} runs as it does); false when no
   * zone has one in service.
   */
  private boolean stopNext(double now, double downtime, Runnable whenStarted) {
    FleetZone z = fleet.zones.fullest();
    if (z == null || z.inService == 0) {
      return false;
    }
    fleet.changing(now);
    fleet.sessions.lose(1, 0);
    z.inService--;
    z.stopped++;
    double at = now + downtime;
    long epoch = z.epoch;
    fleet
        .trial
        .events()
        .at(
            at,
            () -> {
              if (epoch != z.epoch || z.stopped == 0) {
                return;
              }
              fleet.changing(at);
              z.stopped--;
              z.registering++;
              whenStarted.run();
              double h = at + fleet.checks.healthyDelay();
              fleet.trial.events().at(h, () -> fleet.launches.healthy(z, Double.NaN, h, epoch));
            });
    fleet.failures.restart(z, now);
    return true;
  }

  private void changeType(Faults.Resize r) {
    changeType.accept(Catalog.instanceType(r.toInstanceType()).orElseThrow());
  }
}
