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
 * @param maxWork the work budget: the most {@link WorkEstimate} work units a whole run may take
 */
public record Limits(
    int maxTrials,
    Duration maxHorizon,
    Duration minStep,
    long maxStepsPerTrial,
    int maxStages,
    int maxInstancesPerTier,
    double maxRequestsPerStage,
    double maxWork) {

  /**
   * The default work budget, in {@link WorkEstimate} units: about fifteen times the heaviest
   * scenario of the library (dr-strategies, 100 trials of four stages), so every library scenario
   * runs with room to spare while a run that would hold a machine for hours is refused.
   */
  public static final double DEFAULT_MAX_WORK = 5e9;

  public static final Limits DEFAULT =
      new Limits(
          100_000,
          Duration.ofDays(366),
          Duration.ofSeconds(1),
          10_000_000L,
          20,
          100_000,
          1e18,
          DEFAULT_MAX_WORK);

  /** The same limits with another work budget (positive; infinity for none). */
  public Limits withMaxWork(double newMaxWork) {
    if (!(newMaxWork > 0)) {
      throw new IllegalArgumentException("the work budget must be positive; found " + newMaxWork);
    }
    return new Limits(
        maxTrials,
        maxHorizon,
        minStep,
        maxStepsPerTrial,
        maxStages,
        maxInstancesPerTier,
        maxRequestsPerStage,
        newMaxWork);
  }
}
