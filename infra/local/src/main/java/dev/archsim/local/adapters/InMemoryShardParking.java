package dev.archsim.local.adapters;

import dev.archsim.core.run.ShardParking;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardTask;
import java.util.ArrayList;
import java.util.List;

/** Parked shards in memory; {@link #redriveTo} hands them back to a queue, like a DLQ redrive. */
public final class InMemoryShardParking implements ShardParking {
  private final List<ShardTask> parked = new ArrayList<>();

  @Override
  public synchronized void park(ShardTask task, String reason) {
    parked.add(task);
  }

  /** The shards parked and not redriven yet. */
  public synchronized List<ShardTask> parked() {
    return List.copyOf(parked);
  }

  /** Moves every parked shard onto {@code queue}; returns how many. */
  public int redriveTo(ShardQueue queue) {
    List<ShardTask> moving;
    synchronized (this) {
      moving = List.copyOf(parked);
      parked.clear();
    }
    queue.enqueue(moving);
    return moving.size();
  }
}
