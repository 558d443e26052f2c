package dev.archsim.engine.sim;

import dev.archsim.engine.result.TrialOutcome;

/**
 * Typed notifications from the engine; the engine never logs. Adapters turn these into progress
 * bars, logs or metrics.
 */
public interface SimulationListener {
  SimulationListener NONE = new SimulationListener() {};

  /** A trial of a stage finished. Called from the thread that ran it. */
  default void trialFinished(int stage, TrialOutcome outcome) {}

  /**
   * An infrastructure event happened at simulated time {@code seconds}: of the fleet, the addresses
   * or the Auto Scaling group, a rolling deployment's step, a region's loss or return, a region
   * failover's moment ({@link InfrastructureEvent#description()} gives its words).
   */
  default void infrastructureEvent(int stage, long trial, double seconds, InfrastructureEvent e) {}

  /** True when this listener wants {@link #sample}s (they cost a little per traffic step). */
  default boolean wantsSamples(int stage, long trial) {
    return false;
  }

  /**
   * Traffic over [from, to): instances in service, offered and failed requests per second. Called
   * for every traffic step of the trials {@link #wantsSamples} selects.
   */
  default void sample(
      int stage,
      long trial,
      double from,
      double to,
      int inService,
      double offeredPerSecond,
      double failedPerSecond) {}

  /**
   * What a sampled traffic step shows beyond {@link #sample}: instances the DR secondary region
   * runs, whether the primary region is up, requests throttled per second (API Gateway and Lambda)
   * and the queue's backlog in messages at the end of the step; on a serverless stage the mean
   * concurrent executions over the step (invocations per second × duration, unrounded), NaN where
   * the compute tier is a fleet of instances.
   */
  record Gauges(
      int secondaryInService,
      boolean primaryRegionUp,
      double throttledPerSecond,
      double queueBacklog,
      double concurrency) {}

  /** The {@link Gauges} over [from, to); called right after each {@link #sample}. */
  default void gauges(int stage, long trial, double from, double to, Gauges gauges) {}
}
