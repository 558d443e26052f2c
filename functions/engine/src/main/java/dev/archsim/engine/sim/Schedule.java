package dev.archsim.engine.sim;

/**
 * The trial's pending events as its collaborators see them: schedule an action at a simulated time
 * (dropped beyond the horizon), keep its handle to drop it before it runs.
 */
interface Schedule {
  /** Schedules {@code action} at {@code at} and returns its handle; null beyond the horizon. */
  EventQueue.Event scheduled(double at, Runnable action);

  /**
   * Drops an event {@link #scheduled} earlier that has not run (nothing if null or already run). A
   * superseded event would do nothing when it ran; dropping it keeps the pending set small when
   * something is rescheduled often (a fleet's next failure, each time the fleet changes size).
   */
  void cancel(EventQueue.Event scheduled);

  /** Schedules {@code action} at simulated time {@code at} (dropped beyond the horizon). */
  default void at(double at, Runnable action) {
    scheduled(at, action);
  }

  /**
   * An event that only reads the fleet and its metrics unless it acts on the fleet (an Auto Scaling
   * group's evaluation): when the metrics are fed apart, the traffic before it is not integrated
   * unless it launches or terminates an instance, which settles the traffic first ({@link
   * TrafficIntegration}).
   */
  interface Reading extends Runnable {}
}
