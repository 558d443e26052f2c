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

  @org.junit.jupiter.api.Test
  void anOutOfMemoryErrorIsRetriedThenDeadLetteredWithTheErrorAndTheWorkerGoesOn()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CompletableFuture<Throwable> dead =
        new java.util.concurrent.CompletableFuture<>();
    ConcurrentLinkedQueue<ShardTask> fine = new ConcurrentLinkedQueue<>();
    try (ThreadPoolShardQueue one =
        new ThreadPoolShardQueue(
            1,
            t -> {
              if (t.shardIndex() == 0) {
                attempts.incrementAndGet();
                throw new OutOfMemoryError("Java heap space");
              }
              fine.add(t);
            },
            (t, e) -> dead.complete(e),
            3)) {
      one.enqueue(List.of(new ShardTask("r", 0, 0, 0, 1), new ShardTask("r", 1, 0, 1, 2)));
      org.assertj.core.api.Assertions.assertThat(dead.get(2, java.util.concurrent.TimeUnit.MINUTES))
          .isInstanceOf(OutOfMemoryError.class)
          .hasMessage("Java heap space");
      org.assertj.core.api.Assertions.assertThat(attempts.get()).isEqualTo(3);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (fine.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      org.assertj.core.api.Assertions.assertThat(fine)
          .extracting(ShardTask::shardIndex)
          .containsExactly(1);
    }
  }

  @org.junit.jupiter.api.Test
  void aOneShardRunSubmittedBehindABigOneIsDeliveredNextNotLast() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ThreadPoolShardQueue one =
        new ThreadPoolShardQueue(
            1,
            t -> {
              order.add(t.runId() + t.shardIndex());
              if (order.size() == 1) {
                started.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            (t, e) -> {},
            1)) {
      List<ShardTask> big = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        big.add(new ShardTask("big", i, 0, i, i + 1));
      }
      one.enqueue(big);
      started.await();
      one.enqueue(List.of(new ShardTask("small", 0, 0, 0, 1)));
      one.enqueue(List.of(new ShardTask("other", 0, 0, 0, 1), new ShardTask("other", 1, 0, 1, 2)));
      release.countDown();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (order.size() < 53 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // the runs take turns: one shard of each run with shards waiting
      org.assertj.core.api.Assertions.assertThat(order.subList(0, 6))
          .containsExactly("big0", "big1", "small0", "other0", "big2", "other1");
      org.assertj.core.api.Assertions.assertThat(order).hasSize(53);
    }
  }
}
