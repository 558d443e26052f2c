package dev.archsim.local.adapters;

import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Delivers shards to a consumer on a fixed pool of worker threads, like an SQS event source does to
 * Lambda: a task whose consumer throws (an {@link Error} such as {@link OutOfMemoryError} or {@link
 * StackOverflowError} included) is redelivered up to {@code maxAttempts} times, then handed to the
 * dead-letter handler with the last error, so a run never waits for a shard that died.
 *
 * <p>Fair between runs: each run's shards wait in a queue of their own and the workers take one
 * shard of each run in turn (round robin over the runs with shards waiting), so a 1-shard run
 * submitted behind a 10 000-shard run starts as soon as a worker is free, instead of after every
 * shard of the big one.
 */
public final class ThreadPoolShardQueue implements ShardQueue, AutoCloseable {
  private final Consumer<ShardTask> consumer;
  private final BiConsumer<ShardTask, Throwable> deadLetter;
  private final int maxAttempts;
  private final List<Thread> threads = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();

  /** The shards waiting, by run, in the order the runs take turns. */
  private final Map<String, Deque<ShardTask>> byRun = new LinkedHashMap<>();

  private boolean closing;

  public ThreadPoolShardQueue(
      int workers,
      Consumer<ShardTask> consumer,
      BiConsumer<ShardTask, Throwable> deadLetter,
      int maxAttempts) {
    this.consumer = consumer;
    this.deadLetter = deadLetter;
    this.maxAttempts = maxAttempts;
    for (int i = 1; i <= workers; i++) {
      // a named class, not this::work: a lambda's class is spun at run time, start-up work
      Thread t =
          new Thread("archsim-worker-" + i) {
            @Override
            public void run() {
              work();
            }
          };
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  @Override
  public void enqueue(List<ShardTask> tasks) {
    lock.lock();
    try {
      for (ShardTask task : tasks) {
        Deque<ShardTask> shards = byRun.get(task.runId());
        if (shards == null) {
          shards = new ArrayDeque<>();
          byRun.put(task.runId(), shards);
        }
        shards.add(task);
      }
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next run's next shard, the run going to the back of the turn; null once closing. */
  private ShardTask next() throws InterruptedException {
    lock.lock();
    try {
      while (byRun.isEmpty()) {
        if (closing) {
          return null;
        }
        waiting.await();
      }
      var first = byRun.entrySet().iterator().next();
      String runId = first.getKey();
      Deque<ShardTask> shards = byRun.remove(runId);
      ShardTask task = shards.poll();
      if (!shards.isEmpty()) {
        byRun.put(runId, shards); // to the back of the turn
      }
      return task;
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    try {
      for (ShardTask task = next(); task != null; task = next()) {
        deliver(task);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(ShardTask task) {
    Throwable last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        consumer.accept(task);
        return;
      } catch (RuntimeException | Error e) {
        last = e;
      }
    }
    try {
      deadLetter.accept(task, last);
    } catch (RuntimeException | Error e) {
      // nothing left to hand it to: the worker thread goes on with the next shard
      e.addSuppressed(last);
      System.getLogger(ThreadPoolShardQueue.class.getName())
          .log(System.Logger.Level.ERROR, "cannot dead-letter shard " + task, e);
    }
  }

  /** Lets the workers finish the shards waiting for up to 10 s, then stops them. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      for (Thread t : threads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      byRun.clear();
    } finally {
      lock.unlock();
    }
    for (Thread t : threads) {
      t.interrupt();
    }
  }
}
