package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.local.adapters.InMemoryRunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's warm-up takes the shard path without leaving anything behind. */
class WarmUpTest {
  final InMemoryRunStore memory = new InMemoryRunStore();
  final List<String> calls = new ArrayList<>();

  /** The store, recording which methods were called. */
  final RunStore store = Workers.watched(memory, (method, args) -> calls.add(method.getName()));

  ProcessShard processShard() {
    return Workers.processShard(store);
  }

  @Test
  void theWarmUpReadsAndTriesToRecordOnARunThatDoesNotExistAndWritesNothing() {
    ProcessShard process = processShard();
    assertThat(process.warmUp()).isEqualTo(RunStore.Recorded.CLOSED);
    assertThat(calls).containsExactly("find", "recordShard");
  }

  @Test
  void theWarmUpScenarioUsesEveryTierOfTheEngine() throws Exception {
    String json;
    try (var in = ProcessShard.class.getResourceAsStream(ProcessShard.WARM_UP_SCENARIO)) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    List<dev.archsim.engine.model.Architecture> stages =
        new ScenarioCodec()
            .parseJson(json).orThrow().stages().stream()
                .map(dev.archsim.engine.model.Stage::architecture)
                .toList();
    List<String> used = new ArrayList<>();
    for (var a : stages) {
      used.add(a.entry().getClass().getSimpleName());
      if (a.compute() != null) {
        used.add("compute");
        used.add(a.compute().credits() != null ? "credits" : "no-credits");
        used.add(a.compute().autoScaling() != null ? "auto-scaling" : "fixed");
        used.add(a.compute().purchase() != null ? "purchase" : "on-demand");
      }
      used.add(a.functions() != null ? "functions" : "-");
      used.add(a.cdn() != null ? "cdn" : "-");
      used.add(a.cache() != null ? "cache" : "-");
      used.add(a.database() != null ? "database" : "-");
      used.add(a.queue() != null ? "queue" : "-");
      if (a.dr() != null) {
        used.add("dr");
        used.add(a.dr().globalAccelerator() ? "global-accelerator" : "dns");
      }
    }
    assertThat(used)
        .contains(
            "ElasticIps",
            "Route53",
            "LoadBalancer",
            "ApiGateway",
            "credits",
            "auto-scaling",
            "purchase",
            "functions",
            "cdn",
            "cache",
            "database",
            "queue",
            "dr",
            "global-accelerator",
            "dns");
  }

  @Test
  void aShardProcessedAfterTheWarmUpGivesTheResultItWouldHaveGiven() throws Exception {
    String scenario;
    try (var in = ProcessShard.class.getResourceAsStream(ProcessShard.WARM_UP_SCENARIO)) {
      scenario = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Instant now = Instant.now();
    memory.create(RunRecord.queued("r", "alice", 1, now, now.plusSeconds(3600), scenario, null));
    String expected =
        ResultCodec.writeAccumulator(
            new Simulator()
                .simulate(
                    new ScenarioCodec().parseJson(scenario).orThrow(), new Shard(0, 0, 0, 1)));

    ProcessShard process = processShard();
    process.warmUp();
    process.process(new ShardTask("r", 0, 0, 0, 1));
    assertThat(memory.shardResults("r")).containsExactly(expected);
    assertThat(memory.find("r").orElseThrow().status().name()).isEqualTo("COMPLETED");
  }
}
