package dev.archsim.local.adapters;

import dev.archsim.core.optimize.OptimizationSteps;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Optimisation steps on a thread of the local pipeline, like the shard queue's messages to the
 * workers on AWS: a step that throws is retried up to {@code maxAttempts} times. A step asked for
 * again while it waits is taken once (a step reads everything recorded when it starts, so the
 * second would find nothing new); steps simulate nothing, so one thread keeps up with the workers.
 */
public final class LocalOptimizationSteps implements OptimizationSteps, AutoCloseable {
  private final Consumer<String> step;
  private final java.util.function.BiConsumer<String, Throwable> deadLetter;
  private final int maxAttempts;
  private final Set<String> waiting = new LinkedHashSet<>();
  private final Thread thread;
  private boolean closing;

  /**
   * @param deadLetter told of a step that failed {@code maxAttempts} times, with the last error
   */
  public LocalOptimizationSteps(
      Consumer<String> step,
      java.util.function.BiConsumer<String, Throwable> deadLetter,
      int maxAttempts) {
    this.step = step;
    this.deadLetter = deadLetter;
    this.maxAttempts = maxAttempts;
    this.thread = new Thread(this::work, "archsim-optimizer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void enqueue(String optimizationId) {
    waiting.add(optimizationId);
    notifyAll();
  }

  private synchronized String next() throws InterruptedException {
    while (waiting.isEmpty()) {
      if (closing) {
        return null;
      }
      wait();
    }
    var it = waiting.iterator();
    String id = it.next();
    it.remove();
    return id;
  }

  private void work() {
    try {
      for (String id = next(); id != null; id = next()) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
          try {
            step.accept(id);
            break;
          } catch (RuntimeException | Error e) {
            if (attempt == maxAttempts) {
              try {
                deadLetter.accept(id, e);
              } catch (RuntimeException | Error again) {
                System.getLogger(LocalOptimizationSteps.class.getName())
                    .log(System.Logger.Level.ERROR, "optimization " + id + " step failed", again);
              }
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      waiting.clear();
      notifyAll();
    }
    thread.interrupt();
  }
}
