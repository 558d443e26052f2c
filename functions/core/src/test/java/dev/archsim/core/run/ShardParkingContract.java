package dev.archsim.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ShardParking} adapter must do. */
public abstract class ShardParkingContract {

  /**
   * How long what is sent may take to arrive: the wait ends as soon as it has, so this is only
   * reached when something is truly lost, and generous for an emulator on a loaded machine.
   */
  protected static final Duration ARRIVAL = Duration.ofMinutes(2);

  protected abstract ShardParking parking();

  /** Waits until {@code expected} tasks are parked (or the timeout) and returns them all. */
  protected abstract List<ShardTask> parked(int expected, Duration timeout) throws Exception;

  @Test
  void everyParkedShardIsKeptWithItsContent() throws Exception {
    String runId = UUID.randomUUID().toString();
    List<ShardTask> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tasks.add(new ShardTask(runId, 7 + i, i, i * 25, i * 25 + 25));
    }
    for (ShardTask t : tasks) {
      parking().park(t, "shard " + t.shardIndex() + " failed 3 times");
    }
    assertThat(parked(3, ARRIVAL)).containsExactlyInAnyOrderElementsOf(tasks);
  }

  @Test
  void nothingParkedIsNothingKept() throws Exception {
    assertThat(parked(0, Duration.ofMillis(300))).isEmpty();
  }
}
