package dev.archsim.engine.sim;

import java.time.Duration;

/**
 * A wall-clock moment after which a shard stops itself ({@link Simulator#simulate(
 * dev.archsim.engine.model.Scenario, Shard, Deadline)}): between trials, and inside a trial every
 * {@link #CHECK_EVERY} events, traffic steps or requests, so that a trial far longer than expected
 * cannot outlive the worker running it. Reading the clock never changes what is simulated: a trial
 * either finishes with the same result as without a deadline or is dropped.
 */
public final class Deadline {
  /** No deadline: the shard runs to its end. */
  public static final Deadline NONE = new Deadline(0, false);

  /** Loop iterations between two readings of the clock. */
  static final int CHECK_EVERY = 4096;

  private final long atNanos;
  private final boolean set;

  private Deadline(long atNanos, boolean set) {
    this.atNanos = atNanos;
    this.set = set;
  }

  /** The deadline {@code timeLeft} from now (already passed when it is zero or negative). */
  public static Deadline after(Duration timeLeft) {
    long nanos;
    try {
      nanos = timeLeft.toNanos();
    } catch (ArithmeticException e) {
      return timeLeft.isNegative() ? new Deadline(System.nanoTime(), true) : NONE;
    }
    return new Deadline(System.nanoTime() + nanos, true);
  }

  public boolean isSet() {
    return set;
  }

  /** True once the deadline has passed. */
  public boolean passed() {
    return set && System.nanoTime() - atNanos >= 0;
  }

  /** Throws {@link Passed} when the deadline has passed; called from the engine's loops. */
  void check() {
    if (passed()) {
      throw new Passed();
    }
  }

  /** Unwinds a trial whose shard's deadline passed; caught by {@link Simulator}. */
  static final class Passed extends RuntimeException {
    Passed() {
      super("the shard's deadline passed", null, false, false);
    }
  }
}
