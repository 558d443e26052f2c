package dev.archsim.local;

import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueContract;
import dev.archsim.core.run.ShardTask;
import dev.archsim.local.adapters.ThreadPoolShardQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;

class ThreadPoolShardQueueTest extends ShardQueueContract {
  private final ConcurrentLinkedQueue<ShardTask> got = new ConcurrentLinkedQueue<>();
  private final ThreadPoolShardQueue queue =
      new ThreadPoolShardQueue(
          2,
          got::add,
          (t, e) -> {
            throw new AssertionError("dead-lettered " + t, e);
          },
          3);

  @AfterEach
  void close() {
    queue.close();
  }

  @Override
  protected ShardQueue queue() {
    return queue;
  }

  @Override
  protected List<ShardTask> delivered(int expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (got.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (expected == 0) {
      Thread.sleep(timeout.toMillis());
    }
    return new ArrayList<>(got);
  }
}
