package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.run.ProcessShard;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.local.adapters.InMemoryRunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A worker's batch of shards: recorded together, failing one shard at a time. */
class ProcessBatchTest {
  final InMemoryRunStore memory = new InMemoryRunStore();
  final AtomicBoolean broken = new AtomicBoolean(true);
  final AtomicInteger batchWrites = new AtomicInteger();

  /** The store with a bug recording shard 2 (alone or in a batch) while broken. */
  final RunStore store =
      Workers.watched(
          memory,
          (method, args) -> {
            if (method.getName().equals("recordShards")) {
              batchWrites.incrementAndGet();
              boolean hit =
                  ((List<?>) args[2])
                      .stream().anyMatch(r -> ((RunStore.ShardResult) r).shardIndex() == 2);
              if (hit && broken.get()) {
                throw new IllegalStateException("cannot record shard 2");
              }
            }
          });

  final Clock clock = Clock.systemUTC();
  final ProcessShard process = Workers.processShard(store);

  List<ShardTask> submit() {
    List<ShardTask> queued = new ArrayList<>();
    new SubmitRun(
            memory,
            queued::addAll,
            new ScenarioCodec(),
            clock,
            () -> "run-b",
            new SubmitRun.Settings(3, Duration.ofDays(1), 100))
        .submit(new SubmitRun.Request("alice", LocalPipelineTest.SCENARIO, null, null, null));
    return queued.subList(0, 4); // stage 0: trials 0-2, 3-5, 6-8, 9
  }

  @Test
  void aShardThatCannotBeRecordedFailsAloneAndItsBatchMatesAreRecorded() {
    List<ShardTask> all = submit();
    assertThat(memory.find("run-b").orElseThrow().totalShards()).isEqualTo(8);
    ProcessShard.Batch batch = process.processAll(all, () -> true);
    assertThat(batch.failed()).containsOnlyKeys(all.get(2));
    assertThat(batch.done()).containsOnlyKeys(all.get(0), all.get(1), all.get(3));
    assertThat(batch.done().values())
        .allSatisfy(d -> assertThat(d.outcome()).isEqualTo(ProcessShard.Outcome.RECORDED));
    assertThat(memory.find("run-b").orElseThrow().completedShards()).isEqualTo(3);
    // the batch, then each of its four shards alone
    assertThat(batchWrites.get()).isEqualTo(5);
  }

  @Test
  void theSameMessageTwiceInABatchIsSimulatedAndRecordedOnce() {
    broken.set(false);
    List<ShardTask> all = submit();
    ProcessShard.Batch batch =
        process.processAll(List.of(all.get(0), all.get(0), all.get(1)), () -> true);
    assertThat(batch.failed()).isEmpty();
    assertThat(batch.done().get(all.get(1)).outcome()).isEqualTo(ProcessShard.Outcome.RECORDED);
    assertThat(memory.find("run-b").orElseThrow().completedShards()).isEqualTo(2);
    assertThat(batchWrites.get()).isEqualTo(1);
  }

  @Test
  void aBatchThatRunsOutOfTimeStartsNothingMoreAndTheRestFails() {
    broken.set(false);
    List<ShardTask> all = submit();
    AtomicInteger asked = new AtomicInteger();
    ProcessShard.Batch batch = process.processAll(all, () -> asked.incrementAndGet() <= 2);
    assertThat(batch.done()).containsOnlyKeys(all.get(0), all.get(1));
    assertThat(batch.failed()).containsOnlyKeys(all.get(2), all.get(3));
    assertThat(memory.find("run-b").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }
}
