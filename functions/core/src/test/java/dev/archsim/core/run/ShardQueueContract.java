package dev.archsim.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link ShardQueue} adapter must do. */
public abstract class ShardQueueContract {

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
    List<ShardTask> got = delivered(23, Duration.ofSeconds(20));
    assertThat(got).containsExactlyInAnyOrderElementsOf(tasks);
  }

  @Test
  void anEmptyListSendsNothing() throws Exception {
    queue().enqueue(List.of());
    assertThat(delivered(0, Duration.ofMillis(300))).isEmpty();
  }
}
