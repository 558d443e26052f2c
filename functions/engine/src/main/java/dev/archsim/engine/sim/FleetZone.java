package dev.archsim.engine.sim;

import java.util.ArrayDeque;

/**
 * The instances of one Availability Zone behind a load balancer, as counts by state. An instance
 * moves booting → registering → in service; in service it may fail (undetected until the health
 * checks catch it, then down until repaired or replaced), be drained on scale-in or a spot notice,
 * or be stopped for a resize. While the AZ is out its instances are counted apart.
 */
final class FleetZone {
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

  /** Of the billed instances, how many are spot. */
  int spot;

  /** The AZ is down. */
  boolean out;

  /**
   * Bumped when the AZ goes down or comes back: an event scheduled before for an instance of the
   * zone does nothing once the epoch has moved on.
   */
  long epoch;

  final Serving.Unit unit = new Serving.Unit();

  /** Launch times of instances still booting or registering, oldest first. */
  final ArrayDeque<Double> launches = new ArrayDeque<>();

  FleetZone(int index) {
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

  /** Instances that run and are billed: every live one and those draining. */
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

  /** Targets the load balancer sends requests to: in service and failed but not yet detected. */
  int routed() {
    return inService + failedUndetected;
  }

  /**
   * An instance of the zone not in service leaves its state (a spot interruption takes it): one
   * booting or registering (the newest launch), else a failed one not yet detected, else one down;
   * false when the zone has none.
   */
  boolean leaveBeforeService() {
    if (booting > 0 || registering > 0) {
      if (booting > 0) {
        booting--;
      } else {
        registering--;
      }
      launches.pollLast();
      return true;
    }
    if (failedUndetected > 0) {
      failedUndetected--;
      return true;
    }
    if (down > 0) {
      down--;
      return true;
    }
    return false;
  }
}
