package dev.archsim.engine.sim;

import dev.archsim.engine.model.Faults;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * When the next of a set of instances fails: with the stage's instance MTBF, {@code n} instances in
 * service fail at rate n / MTBF, so the next failure is an exponential time of mean MTBF / n away.
 * Each time n changes the clock is redrawn ({@link #restart}) and the superseded draw is dropped
 * from the event queue, so the pending set stays small however often a fleet changes size.
 */
final class FailureClock {
  private final Schedule events;
  private final SplittableRandom random;
  private final Faults.InstanceFaults faults;
  private long version;

  /** The pending next failure; null when none is pending. */
  private EventQueue.Event next;

  /** A clock drawing from {@code random} with the stage's instance faults (null: none). */
  FailureClock(Schedule events, SplittableRandom random, Faults.InstanceFaults faults) {
    this.events = events;
    this.random = random;
    this.faults = faults;
  }

  /**
   * Draws the next failure of {@code inService} instances from {@code now} (none without instance
   * faults or instances) and has {@code fail} run at it with its time.
   */
  void restart(double now, int inService, DoubleConsumer fail) {
    version++;
    events.cancel(next);
    next = null;
    Faults.InstanceFaults f = faults;
    if (f == null || inService == 0) {
      return;
    }
    long v = version;
    double at = now + RandomStreams.exponential(random, f.mtbfHours() * 3600.0 / inService);
    next =
        events.scheduled(
            at,
            () -> {
              if (v == version) {
                fail.accept(at);
              }
            });
  }
}
