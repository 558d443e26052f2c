package dev.archsim.engine.sim;

import java.util.List;
import java.util.Map;

/**
 * A fleet's instances by Availability Zone, one {@link FleetZone} per AZ of the stage: the totals
 * the Auto Scaling group and the bill read, and where the group places a launch (the AZ with the
 * fewest live instances) or takes an instance it stops from (the AZ with the most), among the AZs
 * not out.
 */
final class FleetZones {
  /** The zones in the stage's AZ order. */
  final FleetZone[] all;

  /** One zone for each of the stage's {@code azs} AZs, each empty. */
  FleetZones(int azs) {
    this.all = new FleetZone[azs];
    for (int i = 0; i < azs; i++) {
      all[i] = new FleetZone(i);
    }
  }

  /**
   * The {@code placement}'s instances (per AZ name, the stage's AZs being {@code azs}) in service,
   * each holding {@code credits}.
   */
  void place(Map<String, Integer> placement, List<String> azs, double credits) {
    for (FleetZone z : all) {
      z.inService = placement.getOrDefault(azs.get(z.index), 0);
      z.unit.credits = credits;
    }
  }

  /** Instances the Auto Scaling group counts ({@link FleetZone#live}). */
  int live() {
    int n = 0;
    for (FleetZone z : all) {
      n += z.live();
    }
    return n;
  }

  int inService() {
    int n = 0;
    for (FleetZone z : all) {
      n += z.inService;
    }
    return n;
  }

  /** Billed instances now, by purchase: [on-demand, spot]. */
  int[] billed() {
    int total = 0;
    int spotN = 0;
    for (FleetZone z : all) {
      total += z.billed();
      spotN += Math.min(z.spot, z.billed());
    }
    return new int[] {total - spotN, spotN};
  }

  /** The zone not out with the fewest live instances (the first of those tied); null if all out. */
  FleetZone emptiest() {
    return largest(false);
  }

  /** The zone not out with the most live instances (the first of those tied); null if all out. */
  FleetZone fullest() {
    return largest(true);
  }

  private FleetZone largest(boolean most) {
    FleetZone best = null;
    for (FleetZone z : all) {
      if (z.out) {
        continue;
      }
      if (best == null || (most ? z.live() > best.live() : z.live() < best.live())) {
        best = z;
      }
    }
    return best;
  }

  /** True while an instance registers or is stopped (a rolling resize waits for it). */
  boolean anyStarting() {
    for (FleetZone z : all) {
      if (z.registering > 0 || z.stopped > 0) {
        return true;
      }
    }
    return false;
  }
}
