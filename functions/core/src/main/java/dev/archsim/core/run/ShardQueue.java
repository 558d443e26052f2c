package dev.archsim.core.run;

import java.util.List;

/** Hands shards to workers, at least once each. */
public interface ShardQueue {
  /** Enqueues all tasks or throws {@link ShardQueueException}; partial sends are retried inside. */
  void enqueue(List<ShardTask> tasks);
}
