package dev.archsim.engine.component;

import dev.archsim.engine.queueing.LatencyLattice;

/**
 * Tiers behind the compute fleet (web → app → ...): the engine hands them the dynamic requests the
 * primary region's compute fleet serves, before the egress and the data tier; each tier in order
 * fails those it cannot serve and the rest go on, carrying the time each tier took.
 */
public interface TierChain extends PathStage {
  /**
   * Passes {@code rate} dynamic requests per second over the step [a, a + dt): fails those a tier
   * cannot serve (with their cause, counted by tier) and returns the rate that goes on.
   */
  double pass(double a, double dt, double rate);

  /** The time the tiers add to a dynamic request in the last step passed (wait and service), ms. */
  double latencyMs();

  /**
   * The distribution of that time over the requests the tiers served in the last step: the sum of
   * each tier's independent response time, whose mean is {@link #latencyMs()} (to the lattice's
   * resolution); null when no request passed.
   */
  LatencyLattice latency();
}
