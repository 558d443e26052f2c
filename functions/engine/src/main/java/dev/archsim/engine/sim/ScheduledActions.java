package dev.archsim.engine.sim;

import dev.archsim.engine.model.ComputeTier;

/**
 * A group's scheduled scaling: each action sets the minimum, maximum and/or desired capacity at its
 * time, once or every day at that time; the desired capacity is then kept within the bounds and the
 * instances reconciled.
 */
final class ScheduledActions {
  private static final double DAY_SECONDS = 86_400.0;

  private final Schedule events;
  private final AutoScalingGroup group;

  ScheduledActions(Schedule events, AutoScalingGroup group) {
    this.events = events;
    this.group = group;
  }

  /** Schedules every action of the group at its first time. */
  void start() {
    for (ComputeTier.ScheduledAction a : group.config().scheduled()) {
      schedule(a, a.at().toMillis() / 1000.0);
    }
  }

  private void schedule(ComputeTier.ScheduledAction a, double at) {
    events.at(
        at,
        () -> {
          group.apply(a, at);
          if (a.daily()) {
            schedule(a, at + DAY_SECONDS);
          }
        });
  }
}
