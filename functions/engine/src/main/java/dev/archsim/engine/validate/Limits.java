package dev.archsim.engine.validate;

import java.time.Duration;

/**
 * Bounds a run must stay inside so one request cannot monopolise the machine or the stack.
 *
 * @param maxTrials trials per stage
 * @param maxHorizon simulated time per trial
 * @param minStep smallest traffic time step
 * @param maxStepsPerTrial horizon / step
 * @param maxStages stages per scenario
 * @param maxInstancesPerTier instances of one compute tier, over all AZs
 * @param maxRequestsPerStage peak rate × horizon × trials: keeps every merged counter exact
 */
public record Limits(
    int maxTrials,
    Duration maxHorizon,
    Duration minStep,
    long maxStepsPerTrial,
    int maxStages,
    int maxInstancesPerTier,
    double maxRequestsPerStage) {
  public static final Limits DEFAULT =
      new Limits(
          100_000, Duration.ofDays(366), Duration.ofSeconds(1), 10_000_000L, 20, 100_000, 1e18);
}
