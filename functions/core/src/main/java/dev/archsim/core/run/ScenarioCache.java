package dev.archsim.core.run;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed scenarios of recent runs with their shard counts, so a worker parses a run's scenario
 * once, not per shard. A run's scenario was validated when the run was submitted, so it is parsed
 * as an accepted document ({@link ScenarioCodec#parseAccepted}: no second JSON Schema check), with
 * the run's overrides applied ({@link RunRecord#scenario}).
 */
final class ScenarioCache {
  private static final int CAPACITY = 64;

  /** A run's parsed scenario and its total number of shards (both fixed for the run's life). */
  record Entry(Scenario scenario, int totalShards) {}

  private final ScenarioCodec codec;
  private final Map<String, Entry> byRun =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ScenarioCache.Entry> eldest) {
          return size() > CAPACITY;
        }
      };

  ScenarioCache(ScenarioCodec codec) {
    this.codec = codec;
  }

  /** The run's entry when this worker has it, else null. */
  synchronized Entry cached(String runId) {
    return byRun.get(runId);
  }

  /** Hands the cache a run's scenario parsed elsewhere in this process (at submission). */
  synchronized void put(String runId, Scenario scenario, int totalShards) {
    byRun.put(runId, new Entry(scenario, totalShards));
  }

  synchronized void forget(String runId) {
    byRun.remove(runId);
  }

  synchronized Entry entry(RunRecord run) {
    return byRun.computeIfAbsent(
        run.runId(), id -> new Entry(run.scenario(codec).orThrow(), run.totalShards()));
  }

  Scenario of(RunRecord run) {
    return entry(run).scenario();
  }
}
