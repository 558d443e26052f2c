package dev.archsim.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ShardQueue} adapter must do. */
public abstract class ShardQueueContract {

  /**
   * How long what is sent may take to arrive: the wait ends as soon as it has, so this is only
   * reached when something is truly lost, and generous for an emulator on a loaded machine.
   */
  protected static final Duration ARRIVAL = Duration.ofMinutes(2);

  protected abstract ShardQueue queue();

  /** Waits until {@code expected} tasks were delivered (or the timeout) and returns them all. */
  protected abstract List<ShardTask> delivered(int expected, Duration timeout) throws Exception;

  @Test
  void everyTaskOfALargeBatchIsDeliveredWithItsContent() throws Exception {
    String runId = UUID.randomUUID().toString();
    List<ShardTask> tasks = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      tasks.add(new ShardTask(runId, i, i % 3, i * 10, i * 10 + 10));
    }
    queue().enqueue(tasks);
    List<ShardTask> got = delivered(23, ARRIVAL);
    assertThat(got).containsExactlyInAnyOrderElementsOf(tasks);
  }

  @Test
  void anEmptyListSendsNothing() throws Exception {
    queue().enqueue(List.of());
    assertThat(delivered(0, Duration.ofMillis(300))).isEmpty();
  }
}
