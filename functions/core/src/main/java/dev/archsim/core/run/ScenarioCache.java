package dev.archsim.core.run;

import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parsed scenarios of recent runs, so a worker parses a run's scenario once, not per shard. */
final class ScenarioCache {
  private static final int CAPACITY = 64;
  private final ScenarioCodec codec;
  private final Map<String, Scenario> byRun =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Scenario> eldest) {
          return size() > CAPACITY;
        }
      };

  ScenarioCache(ScenarioCodec codec) {
    this.codec = codec;
  }

  /** The run's parsed scenario when this worker has it, else null. */
  synchronized Scenario cached(String runId) {
    return byRun.get(runId);
  }

  synchronized void forget(String runId) {
    byRun.remove(runId);
  }

  synchronized Scenario of(RunRecord run) {
    return byRun.computeIfAbsent(run.runId(), id -> codec.parseJson(run.scenarioJson()).orThrow());
  }
}
