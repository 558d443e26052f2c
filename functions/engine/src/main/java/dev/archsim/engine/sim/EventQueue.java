package dev.archsim.engine.sim;

import java.util.PriorityQueue;

/**
 * A trial's pending infrastructure events in time order, ties in scheduling order. An event beyond
 * the horizon is never queued. A superseded event can be dropped: a fleet's next failure is
 * rescheduled each time the fleet changes size, and its old one would only do nothing when it ran.
 *
 * <p>A binary heap: a trial queues an Auto Scaling evaluation every simulated minute, and a heap
 * takes and gives them without the tree nodes a sorted set allocates. A dropped event is marked and
 * skipped when it reaches the front; the heap is rebuilt without them once they outnumber the
 * others.
 */
final class EventQueue implements Schedule {
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final double horizon;
  private long seq;
  private int dropped;

  EventQueue(double horizon) {
    this.horizon = horizon;
  }

  /** Something that happens at a simulated time; the handle {@link #cancel} takes. */
  static final class Event implements Comparable<Event> {
    private final double time;
    private final long seq;
    private final Runnable action;
    private boolean cancelled;
    private boolean queued = true;

    Event(double time, long seq, Runnable action) {
      this.time = time;
      this.seq = seq;
      this.action = action;
    }

    double time() {
      return time;
    }

    Runnable action() {
      return action;
    }

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

  @Override
  public Event scheduled(double at, Runnable action) {
    return schedule(at, action);
  }

  /** Drops an event that has not run (nothing if null, already run or already dropped). */
  @Override
  public void cancel(Event e) {
    if (e == null || e.cancelled || !e.queued) {
      return;
    }
    e.cancelled = true;
    dropped++;
    if (dropped > 64 && dropped > events.size() / 2) {
      events.removeIf(x -> x.cancelled);
      dropped = 0;
    }
  }

  /** The next event, still queued; null when none is left. */
  Event peek() {
    Event e = events.peek();
    while (e != null && e.cancelled) {
      events.poll().queued = false;
      dropped--;
      e = events.peek();
    }
    return e;
  }

  /** Removes the next event. */
  void pop() {
    if (peek() != null) {
      events.poll().queued = false;
    }
  }
}
