package dev.archsim.local.adapters;

import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardTask;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Delivers shards to a consumer on a fixed pool of worker threads, like an SQS event source does to
 * Lambda: a task whose consumer throws is redelivered up to {@code maxAttempts} times, then handed
 * to the dead-letter handler.
 */
public final class ThreadPoolShardQueue implements ShardQueue, AutoCloseable {
  private final ExecutorService pool;
  private final Consumer<ShardTask> consumer;
  private final BiConsumer<ShardTask, RuntimeException> deadLetter;
  private final int maxAttempts;

  public ThreadPoolShardQueue(
      int workers,
      Consumer<ShardTask> consumer,
      BiConsumer<ShardTask, RuntimeException> deadLetter,
      int maxAttempts) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "archsim-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(workers, threads);
    this.consumer = consumer;
    this.deadLetter = deadLetter;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public void enqueue(List<ShardTask> tasks) {
    for (ShardTask task : tasks) {
      pool.execute(() -> deliver(task));
    }
  }

  private void deliver(ShardTask task) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        consumer.accept(task);
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    deadLetter.accept(task, last);
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
