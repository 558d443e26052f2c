package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The event queue's order (time, then scheduling order), its horizon and dropped events. */
class EventQueueTest {
  /** Runs the queued events in order, as the trial does. */
  private static void drain(EventQueue q) {
    for (EventQueue.Event e = q.peek(); e != null; e = q.peek()) {
      q.pop();
      e.action().run();
    }
  }

  @Test
  void eventsRunInTimeOrderTiesInSchedulingOrderAndNoneAtOrBeyondTheHorizon() {
    EventQueue q = new EventQueue(100);
    List<String> ran = new ArrayList<>();
    q.schedule(5, () -> ran.add("b"));
    q.schedule(1, () -> ran.add("a"));
    q.schedule(5, () -> ran.add("c"));
    assertThat(q.schedule(100, () -> ran.add("beyond"))).isNull();
    q.schedule(99.5, () -> ran.add("d"));
    drain(q);
    assertThat(ran).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aDroppedEventNeverRunsAndDroppingOneThatRanChangesNothing() {
    EventQueue q = new EventQueue(1e9);
    List<Integer> ran = new ArrayList<>();
    EventQueue.Event first = q.schedule(1, () -> ran.add(1));
    EventQueue.Event second = q.schedule(2, () -> ran.add(2));
    q.schedule(3, () -> ran.add(3));
    q.cancel(second);
    q.cancel(second);
    q.cancel(null);
    assertThat(q.peek()).isSameAs(first);
    q.pop();
    first.action().run();
    q.cancel(first); // already ran
    drain(q);
    assertThat(q.peek()).isNull();
    assertThat(ran).containsExactly(1, 3);
  }

  @Test
  void manyDropsKeepTheOrderOfTheRest() {
    // a fleet reschedules its next failure at each change of size: thousands of drops a trial
    EventQueue q = new EventQueue(1e9);
    SplittableRandom rng = new SplittableRandom(7);
    List<double[]> kept = new ArrayList<>();
    List<Double> ran = new ArrayList<>();
    EventQueue.Event pending = null;
    for (int i = 0; i < 5_000; i++) {
      double t = rng.nextDouble() * 1e6;
      EventQueue.Event e = q.schedule(t, () -> ran.add(t));
      if (i % 3 == 0) {
        kept.add(new double[] {t, i});
      } else {
        q.cancel(pending); // the previous dropped one is superseded
        pending = e;
      }
    }
    if (pending != null) {
      kept.add(new double[] {pending.time(), -1});
    }
    drain(q);
    List<Double> expected = kept.stream().map(k -> k[0]).sorted().toList();
    assertThat(ran).isEqualTo(expected);
  }
}
