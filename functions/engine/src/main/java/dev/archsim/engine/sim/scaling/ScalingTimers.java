package dev.archsim.engine.sim.scaling;

/**
 * The timers a group's policies share: the simple policies' cooldown and the instance warm-up after
 * the last scale-out, during which step and target-tracking policies add no more.
 */
public final class ScalingTimers {
  private final double warmupSeconds;
  private double cooldownUntil;
  private double lastScaleOut = Double.NEGATIVE_INFINITY;

  public ScalingTimers(double warmupSeconds) {
    this.warmupSeconds = warmupSeconds;
  }

  /** True once the instances launched by the last scale-out have warmed up. */
  public boolean warm(double now) {
    return now >= lastScaleOut + warmupSeconds;
  }

  /** True once the cooldown of the last simple scaling activity has passed. */
  public boolean cooledDown(double now) {
    return now >= cooldownUntil;
  }

  /** A simple scaling activity started now: the next waits {@code seconds}. */
  public void coolDown(double now, double seconds) {
    cooldownUntil = now + seconds;
  }

  /** The group's desired capacity went up now. */
  public void scaledOut(double now) {
    lastScaleOut = now;
  }
}
