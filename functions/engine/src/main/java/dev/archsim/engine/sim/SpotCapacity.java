package dev.archsim.engine.sim;

import dev.archsim.engine.model.ComputeTier;
import java.util.SplittableRandom;
import java.util.function.ObjDoubleConsumer;

/**
 * The spot share of a fleet: which of its billed instances are spot, how many should be (the share
 * of the capacity above the on-demand base), and when the next interruption comes. Each spot
 * instance is interrupted at {@code interruptionsPerMonth} per month, so the next interruption of n
 * is an exponential time of mean month / (n × rate) away, redrawn whenever n changes.
 *
 * <p>The share is kept on the live instances (those the group counts): a launch is spot while the
 * live spot ones are short of the target, and an instance stopped on purpose (scale-in, a rolling
 * deployment's old units, a rebalance) is taken so that the ones left keep the share, as the EC2
 * Auto Scaling default termination policy does for a group with a mixed instances policy ([AWS] EC2
 * Auto Scaling user guide, "Default termination policy and mixed instances groups": it terminates
 * to align the remaining instances with the allocation strategy, Spot or On-Demand) and as a
 * capacity provider strategy places an ECS service's tasks. A stopped or interrupted instance still
 * bills while it drains ({@link #leaving}), as what it was.
 */
final class SpotCapacity {
  private final Schedule events;
  private final SplittableRandom random;
  private final ComputeTier.Spot spot;
  private final FleetZone[] zones;

  /** What an interruption does to the instance's zone (drain, replace). */
  private final ObjDoubleConsumer<FleetZone> interrupted;

  private long version;

  /** Per zone, spot instances that have left the live count and bill until they have drained. */
  private final int[] leaving;

  SpotCapacity(
      Schedule events,
      SplittableRandom random,
      ComputeTier.Spot spot,
      FleetZone[] zones,
      ObjDoubleConsumer<FleetZone> interrupted) {
    this.events = events;
    this.random = random;
    this.spot = spot;
    this.zones = zones;
    this.interrupted = interrupted;
    this.leaving = new int[zones.length];
  }

  /** True when the fleet buys spot capacity. */
  boolean used() {
    return spot != null;
  }

  /** Spot instances the group counts now (billed and not draining). */
  int count() {
    int n = 0;
    for (FleetZone z : zones) {
      n += live(z);
    }
    return n;
  }

  private int live(FleetZone z) {
    return Math.max(0, z.spot - leaving[z.index]);
  }

  /** How many of {@code live} instances should be spot. */
  int target(int live) {
    if (spot == null) {
      return 0;
    }
    return (int) Math.round(spot.share() * Math.max(0, live - spot.onDemandBase()));
  }

  /**
   * The initial {@code n} spot instances among those placed: each in the zone with the most that
   * are not spot yet (at most one spot instance per instance of a zone).
   */
  void place(int n) {
    for (int i = 0; i < n; i++) {
      FleetZone best = null;
      for (FleetZone z : zones) {
        if (z.live() - z.spot > 0
            && (best == null || z.live() - z.spot > best.live() - best.spot)) {
          best = z;
        }
      }
      if (best == null) {
        return;
      }
      best.spot++;
    }
  }

  /**
   * An instance was launched in {@code z}, the group counting {@code live}: it is spot if the spot
   * share is short of its target.
   */
  void launched(FleetZone z, int live, double now) {
    if (spot != null && count() < target(live)) {
      z.spot++;
      restart(now);
    }
  }

  /**
   * A live instance of {@code z} that failed or never came up stopped being billed: it was spot
   * with the zone's live spot share (one draw, only when the zone has live spot instances).
   */
  void dropOne(FleetZone z) {
    int live = live(z);
    if (live > 0 && random.nextDouble() * (z.live() + 1) < live) {
      z.spot--;
    }
  }

  /**
   * An instance in service in {@code z} is stopped on purpose and drains, the group counting {@code
   * liveAfter} without it: it is spot when the live spot ones exceed the target without it (taken
   * from another zone's count when this zone has none), or when the zone has only spot ones live.
   * Returns whether it was spot; it bills as spot until {@link #drained}.
   */
  boolean stopping(FleetZone z, int liveAfter) {
    int live = live(z);
    boolean excess = count() > target(liveAfter);
    if (live > 0 && (live >= z.live() || excess)) {
      leaving[z.index]++;
      return true;
    }
    if (excess) {
      // the zone's balance chose an on-demand unit while the spot ones above the share run in
      // another zone: one of those counts as on demand from now on and the stopped one as spot,
      // so that the base stays on demand (the counts per zone do not say which unit is which)
      for (FleetZone y : zones) {
        if (y != z && live(y) > 0) {
          y.spot--;
          z.spot++;
          leaving[z.index]++;
          return true;
        }
      }
    }
    return false;
  }

  /** A spot instance of {@code z} that was draining stopped billing. */
  void drained(FleetZone z) {
    if (leaving[z.index] > 0) {
      leaving[z.index]--;
      z.spot--;
    }
  }

  /** The zone's instances are gone (its AZ lost): none of them bills as spot any more. */
  void zoneLost(FleetZone z) {
    z.spot = 0;
    leaving[z.index] = 0;
  }

  /** Redraws the next interruption for the spot instances billed now. */
  void restart(double now) {
    version++;
    int n = count();
    if (spot == null || n == 0 || spot.interruptionsPerMonth() <= 0) {
      return;
    }
    long v = version;
    double at =
        now
            + RandomStreams.exponential(
                random, TrialSimulation.SECONDS_PER_MONTH / (n * spot.interruptionsPerMonth()));
    events.at(
        at,
        () -> {
          if (v == version) {
            interrupt(at);
          }
        });
  }

  /**
   * A spot interruption: one live spot instance at random, then the next interruption is drawn. The
   * interrupted instance runs out its 2-minute notice as spot and stops ({@link #drained}), in
   * service or not: one still booting or registering (often, at a high interruption rate) is
   * stopped too and replaced, rather than staying on as an on-demand instance with the spot share
   * one short for good (the group launches spot only to replace what it loses).
   */
  private void interrupt(double now) {
    double pick = random.nextDouble() * count();
    for (FleetZone z : zones) {
      int live = live(z);
      if (pick < live) {
        leaving[z.index]++;
        interrupted.accept(z, now);
        break;
      }
      pick -= live;
    }
    restart(now);
  }
}
