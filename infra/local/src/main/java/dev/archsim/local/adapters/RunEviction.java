package dev.archsim.local.adapters;

import dev.archsim.core.run.RunRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-lived in-memory store bounded, as DynamoDB's TTL and item limits keep the table:
 * every run is forgotten once its retention ({@code expiresAt}) has passed, and while the runs held
 * exceed a budget of characters the oldest finished runs are forgotten first. A run still being
 * simulated is never evicted for the budget; {@link #hasRoom} then tells the caller to refuse new
 * work instead of exhausting the heap.
 */
public final class RunEviction implements AutoCloseable {
  private final InMemoryRunStore store;
  private final Clock clock;
  private final long maxChars;
  private final ScheduledExecutorService sweeper;

  /**
   * Sweeps every {@code interval} on a daemon thread.
   *
   * @param maxChars the most characters (scenarios, results, shard results) the runs may hold
   */
  public RunEviction(InMemoryRunStore store, Clock clock, long maxChars, Duration interval) {
    this.store = store;
    this.clock = clock;
    this.maxChars = maxChars;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "archsim-run-eviction");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    sweeper.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Forgets the expired runs, then the oldest finished ones while over the budget. */
  public void sweep() {
    sweep(0);
  }

  /** Forgets the expired runs, then the oldest finished ones until {@code reserve} more fit. */
  private synchronized long sweep(long reserve) {
    List<InMemoryRunStore.Held> held = new ArrayList<>(store.held());
    held.sort(Comparator.comparing(h -> h.run().createdAt()));
    List<String> evicted = new ArrayList<>();
    long total = 0;
    for (InMemoryRunStore.Held h : held) {
      RunRecord r = h.run();
      if (r.expiresAt() != null && !r.expiresAt().isAfter(clock.instant())) {
        evicted.add(r.runId());
      } else {
        total += h.chars();
      }
    }
    for (InMemoryRunStore.Held h : held) {
      if (total + reserve <= maxChars) {
        break;
      }
      if (h.run().status().isTerminal() && !evicted.contains(h.run().runId())) {
        evicted.add(h.run().runId());
        total -= h.chars();
      }
    }
    if (!evicted.isEmpty()) {
      store.remove(evicted);
    }
    return total;
  }

  /**
   * Whether {@code chars} more fit the budget, after a sweep; false when the runs still being
   * simulated hold it all.
   */
  public synchronized boolean hasRoom(long chars) {
    return sweep(chars) + chars <= maxChars;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
