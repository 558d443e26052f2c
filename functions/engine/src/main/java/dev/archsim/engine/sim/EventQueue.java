package dev.archsim.engine.sim;

import java.util.TreeSet;

/**
 * A trial's pending infrastructure events in time order, ties in scheduling order. An event beyond
 * the horizon is never queued. Kept sorted so that a superseded event can be dropped: a fleet's
 * next failure is rescheduled each time the fleet changes size, and its old one would only do
 * nothing when it ran.
 */
final class EventQueue {
  private final TreeSet<Event> events = new TreeSet<>();
  private final double horizon;
  private long seq;

  EventQueue(double horizon) {
    this.horizon = horizon;
  }

  /** Something that happens at a simulated time; the handle {@link #cancel} takes. */
  record Event(double time, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Double.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** Queues {@code action} at {@code at}; null when it falls at or beyond the horizon. */
  Event schedule(double at, Runnable action) {
    if (at >= horizon) {
      return null;
    }
    Event e = new Event(at, seq++, action);
    events.add(e);
    return e;
  }

  /** Drops an event that has not run (nothing if null or already run). */
  void cancel(Event e) {
    if (e != null) {
      events.remove(e);
    }
  }

  /** The next event, still queued; null when none is left. */
  Event peek() {
    return events.isEmpty() ? null : events.first();
  }

  /** Removes the next event. */
  void pop() {
    events.pollFirst();
  }
}
