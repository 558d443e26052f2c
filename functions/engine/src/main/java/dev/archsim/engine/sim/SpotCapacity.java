package dev.archsim.engine.sim;

import dev.archsim.engine.model.ComputeTier;
import java.util.function.ObjDoubleConsumer;

/**
 * The spot share of a fleet: which of its billed instances are spot, how many should be (the share
 * of the capacity above the on-demand base), and when the next interruption comes. Each spot
 * instance is interrupted at {@code interruptionsPerMonth} per month, so the next interruption of n
 * is an exponential time of mean month / (n × rate) away, redrawn whenever n changes.
 */
final class SpotCapacity {
  private final TrialSimulation sim;
  private final ComputeTier.Spot spot;
  private final FleetZone[] zones;

  /** What an interruption does to the instance's zone (drain, replace). */
  private final ObjDoubleConsumer<FleetZone> interrupted;

  private long version;

  SpotCapacity(
      TrialSimulation sim,
      ComputeTier.Spot spot,
      FleetZone[] zones,
      ObjDoubleConsumer<FleetZone> interrupted) {
    this.sim = sim;
    this.spot = spot;
    this.zones = zones;
    this.interrupted = interrupted;
  }

  /** True when the fleet buys spot capacity. */
  boolean used() {
    return spot != null;
  }

  /** Spot instances billed now. */
  int count() {
    int n = 0;
    for (FleetZone z : zones) {
      n += z.spot;
    }
    return n;
  }

  /** How many of {@code live} instances should be spot. */
  int target(int live) {
    if (spot == null) {
      return 0;
    }
    return (int) Math.round(spot.share() * Math.max(0, live - spot.onDemandBase()));
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
   * A billed instance of {@code z} stopped being billed: it was spot with the zone's spot share
   * (one draw, only when the zone has spot instances).
   */
  void dropOne(FleetZone z) {
    int billed = z.billed() + 1;
    if (z.spot > 0 && sim.rng.nextDouble() * billed < z.spot) {
      z.spot--;
    }
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
                sim.rng, TrialSimulation.SECONDS_PER_MONTH / (n * spot.interruptionsPerMonth()));
    sim.at(
        at,
        () -> {
          if (v == version) {
            interrupt(at);
          }
        });
  }

  /** A spot interruption: one spot instance at random, then the next interruption is drawn. */
  private void interrupt(double now) {
    double pick = sim.rng.nextDouble() * count();
    for (FleetZone z : zones) {
      if (pick < z.spot) {
        interrupted.accept(z, now);
        break;
      }
      pick -= z.spot;
    }
    restart(now);
  }
}
