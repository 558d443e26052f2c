package dev.archsim.engine.sim;

import dev.archsim.engine.model.Scenario;
import java.util.ArrayList;
import java.util.List;

/** Splits stages × trials into shards of at most {@code trialsPerShard} trials each. */
public final class ShardPlan {
  private ShardPlan() {}

  public static List<Shard> split(Scenario scenario, int trialsPerShard) {
    if (trialsPerShard < 1) {
      throw new IllegalArgumentException("trialsPerShard must be >= 1");
    }
    List<Shard> shards = new ArrayList<>();
    int trials = scenario.run().trials();
    for (int stage = 0; stage < scenario.stages().size(); stage++) {
      for (int from = 0; from < trials; from += trialsPerShard) {
        shards.add(new Shard(shards.size(), stage, from, Math.min(trials, from + trialsPerShard)));
      }
    }
    return List.copyOf(shards);
  }
}
