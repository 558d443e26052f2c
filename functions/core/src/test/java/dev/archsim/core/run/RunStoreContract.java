package dev.archsim.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.engine.model.RunSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link RunStore} adapter must do; each adapter's test extends this. */
public abstract class RunStoreContract {
  protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** A store to test; may be shared between tests (run ids are unique per test). */
  protected abstract RunStore store();

  protected static String newId() {
    return UUID.randomUUID().toString();
  }

  protected RunRecord queued(String id, int shards) {
    return RunRecord.queued(
        id, "alice", shards, T0, T0.plus(30, ChronoUnit.DAYS), "{\"name\":\"x\"}", null);
  }

  @Test
  void createdRunCanBeFoundWithEveryField() {
    String id = newId();
    store()
        .create(
            RunRecord.queued(
                id, "alice", 3, T0, T0.plus(30, ChronoUnit.DAYS), "{\"a\":1}", "key-1"));
    RunRecord r = store().find(id).orElseThrow();
    assertThat(r.owner()).isEqualTo("alice");
    assertThat(r.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(r.totalShards()).isEqualTo(3);
    assertThat(r.completedShards()).isZero();
    assertThat(r.createdAt()).isEqualTo(T0);
    assertThat(r.expiresAt()).isEqualTo(T0.plus(30, ChronoUnit.DAYS));
    assertThat(r.scenarioJson()).isEqualTo("{\"a\":1}");
    assertThat(r.idempotencyKey()).isEqualTo("key-1");
    assertThat(r.resultJson()).isNull();
    assertThat(store().find(newId())).isEmpty();
  }

  @Test
  void theRequestFingerprintIsStoredWithTheRunAndKeptThroughEveryChange() {
    String id = newId();
    store()
        .create(
            RunRecord.queued(
                id,
                "alice",
                1,
                T0,
                T0.plus(30, ChronoUnit.DAYS),
                "{}",
                "key-1",
                "sha256:0123abcd"));
    assertThat(store().find(id).orElseThrow().requestHash()).isEqualTo("sha256:0123abcd");
    store().recordShard(id, 0, "{}", T0);
    store().mark(id, "enqueued");
    assertThat(store().tryClaimAggregation(id, "c", T0, T0.plusSeconds(60))).isTrue();
    assertThat(store().complete(id, "c", "{\"r\":1}", T0)).isTrue();
    RunRecord done = store().find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.requestHash()).isEqualTo("sha256:0123abcd");
    assertThat(done.idempotencyKey()).isEqualTo("key-1");
    String unkeyed = newId();
    store().create(queued(unkeyed, 1));
    assertThat(store().find(unkeyed).orElseThrow().requestHash()).isNull();
  }

  @Test
  void theOverridesAreStoredBesideTheDocumentAndKeptThroughEveryChange() {
    ScenarioOverrides every =
        new ScenarioOverrides(
            7, -42L, Duration.ofHours(36), RunSettings.Mode.REQUESTS, List.of(4, 2));
    ScenarioOverrides api = ScenarioOverrides.of(null, Long.MAX_VALUE);
    String id = newId();
    String other = newId();
    for (String r : List.of(id, other)) {
      store()
          .create(
              RunRecord.queued(
                  r,
                  "alice",
                  1,
                  T0,
                  T0.plus(30, ChronoUnit.DAYS),
                  "{\"a\":1}",
                  null,
                  null,
                  r.equals(id) ? every : api));
    }
    assertThat(store().find(id).orElseThrow().overrides()).isEqualTo(every);
    assertThat(store().find(other).orElseThrow().overrides()).isEqualTo(api);
    store().recordShard(id, 0, "{}", T0);
    assertThat(store().tryClaimAggregation(id, "c", T0, T0.plusSeconds(60))).isTrue();
    assertThat(store().complete(id, "c", "{\"r\":1}", T0)).isTrue();
    RunRecord done = store().find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.overrides()).isEqualTo(every);
    assertThat(done.scenarioJson()).isEqualTo("{\"a\":1}");
    // a run stored without them (and one stored before they were kept) has none
    String plain = newId();
    store().create(queued(plain, 1));
    assertThat(store().find(plain).orElseThrow().overrides()).isEqualTo(ScenarioOverrides.NONE);
  }

  @Test
  void creatingAnExistingRunFails() {
    String id = newId();
    store().create(queued(id, 1));
    assertThatThrownBy(() -> store().create(queued(id, 1)))
        .isInstanceOf(RunAlreadyExistsException.class);
  }

  @Test
  void aShardIsRecordedAndCountedOnce() {
    String id = newId();
    store().create(queued(id, 2));
    assertThat(store().recordShard(id, 1, "{\"r\":1}", T0)).isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store().recordShard(id, 1, "{\"r\":\"other\"}", T0))
        .isEqualTo(RunStore.Recorded.DUPLICATE);
    RunRecord r = store().find(id).orElseThrow();
    assertThat(r.completedShards()).isEqualTo(1);
    assertThat(store().shardResults(id)).containsExactly("{\"r\":1}");
  }

  @Test
  void theLastShardIsToldItWasTheLast() {
    String id = newId();
    store().create(queued(id, 3));
    assertThat(store().recordShard(id, 2, "{}", T0)).isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store().recordShard(id, 0, "{}", T0)).isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store().recordShard(id, 1, "{}", T0)).isEqualTo(RunStore.Recorded.RECORDED_LAST);
    assertThat(store().recordShard(id, 1, "{}", T0)).isEqualTo(RunStore.Recorded.DUPLICATE);
    assertThat(store().recordShard(id, 2, "{}", T0)).isEqualTo(RunStore.Recorded.DUPLICATE);
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(3);
    String single = newId();
    store().create(queued(single, 1));
    assertThat(store().recordShard(single, 0, "{}", T0)).isEqualTo(RunStore.Recorded.RECORDED_LAST);
  }

  @Test
  void shardsRecordedConcurrentlyTellExactlyOneTheyWereLast() throws Exception {
    String id = newId();
    int shards = 8;
    store().create(queued(id, shards));
    List<Callable<RunStore.Recorded>> calls = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      int shard = i;
      calls.add(() -> store().recordShard(id, shard, "{}", T0));
      calls.add(() -> store().recordShard(id, shard, "{}", T0));
    }
    Map<RunStore.Recorded, Integer> told = new EnumMap<>(RunStore.Recorded.class);
    for (RunStore.Recorded r : concurrently(calls)) {
      told.merge(r, 1, Integer::sum);
    }
    assertThat(told)
        .containsEntry(RunStore.Recorded.RECORDED, shards - 1)
        .containsEntry(RunStore.Recorded.RECORDED_LAST, 1)
        .containsEntry(RunStore.Recorded.DUPLICATE, shards);
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(shards);
  }

  /** Runs the calls on four threads at once; their results in the calls' order. */
  protected static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<T> out = new ArrayList<>();
      for (Future<T> f : pool.invokeAll(calls)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void marksLeftOnARunAreRememberedOnceEach() {
    String id = newId();
    store().create(queued(id, 1));
    assertThat(store().marks(id)).isEmpty();
    store().mark(id, "sns");
    store().mark(id, "sns");
    store().mark(id, "eventbridge");
    assertThat(store().marks(id)).containsExactlyInAnyOrder("sns", "eventbridge");
    String unknown = newId();
    store().mark(unknown, "sns");
    assertThat(store().marks(unknown)).isEmpty();
    assertThat(store().find(unknown)).isEmpty();
  }

  @Test
  void aClosedOrUnknownRunTakesNoShard() {
    assertThat(store().recordShard(newId(), 0, "{}", T0)).isEqualTo(RunStore.Recorded.CLOSED);
    String id = newId();
    store().create(queued(id, 3));
    store().recordShard(id, 0, "{\"s\":0}", T0);
    assertThat(store().fail(id, "shard 1 failed", T0)).isTrue();
    assertThat(store().recordShard(id, 2, "{}", T0)).isEqualTo(RunStore.Recorded.CLOSED);
    assertThat(store().recordShard(id, 0, "{}", T0)).isEqualTo(RunStore.Recorded.DUPLICATE);
    assertThat(store().shardResults(id)).containsExactly("{\"s\":0}");
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(1);
  }

  @Test
  void recordedShardsAreTheIndexesOfTheShardsRecorded() {
    String id = newId();
    store().create(queued(id, 12));
    assertThat(store().recordedShards(id)).isEmpty();
    store().recordShards(id, 12, results(11, 2, 0), T0);
    store().recordShard(id, 7, "{}", T0);
    assertThat(store().recordedShards(id)).containsExactly(0, 2, 7, 11);
    assertThat(store().recordedShards(newId())).isEmpty();
  }

  @Test
  void shardResultsComeInShardOrder() {
    String id = newId();
    store().create(queued(id, 12));
    for (int i : new int[] {11, 2, 0, 10, 1}) {
      store().recordShard(id, i, "{\"s\":" + i + "}", T0);
    }
    assertThat(store().shardResults(id))
        .containsExactly("{\"s\":0}", "{\"s\":1}", "{\"s\":2}", "{\"s\":10}", "{\"s\":11}");
  }

  @Test
  void concurrentRecordsOfTheSameShardCountOnce() throws Exception {
    String id = newId();
    store().create(queued(id, 1));
    List<Callable<RunStore.Recorded>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> store().recordShard(id, 0, "{}", T0));
    }
    long wins = concurrently(calls).stream().filter(r -> r != RunStore.Recorded.DUPLICATE).count();
    assertThat(wins).isEqualTo(1);
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(1);
  }

  @Test
  void aggregationCanOnlyBeClaimedWhenEveryShardIsRecorded() {
    String id = newId();
    store().create(queued(id, 2));
    store().recordShard(id, 0, "{}", T0);
    assertThat(store().tryClaimAggregation(id, "w1", T0, T0.plusSeconds(60))).isFalse();
    store().recordShard(id, 1, "{}", T0);
    assertThat(store().tryClaimAggregation(id, "w1", T0, T0.plusSeconds(60))).isTrue();
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.AGGREGATING);
    assertThat(store().tryClaimAggregation(id, "w2", T0.plusSeconds(30), T0.plusSeconds(90)))
        .isFalse();
  }

  @Test
  void aClaimRetriedByItsHolderSucceedsAndNobodyElseTakesIt() {
    String id = newId();
    store().create(queued(id, 1));
    store().recordShard(id, 0, "{}", T0);
    assertThat(store().tryClaimAggregation(id, "w1", T0, T0.plusSeconds(300))).isTrue();
    // the first answer was lost: the holder's retry is told it holds the claim
    assertThat(store().tryClaimAggregation(id, "w1", T0.plusSeconds(1), T0.plusSeconds(301)))
        .isTrue();
    assertThat(store().tryClaimAggregation(id, "w2", T0.plusSeconds(2), T0.plusSeconds(302)))
        .isFalse();
    assertThat(store().complete(id, "w2", "{}", T0.plusSeconds(3))).isFalse();
    assertThat(store().complete(id, "w1", "{\"r\":1}", T0.plusSeconds(3))).isTrue();
    assertThat(store().tryClaimAggregation(id, "w1", T0.plusSeconds(4), T0.plusSeconds(304)))
        .isFalse();
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void anExpiredClaimIsTakenOverAndTheOldHolderCannotComplete() {
    String id = newId();
    store().create(queued(id, 1));
    store().recordShard(id, 0, "{}", T0);
    assertThat(store().tryClaimAggregation(id, "w1", T0, T0.plusSeconds(60))).isTrue();
    assertThat(store().tryClaimAggregation(id, "w2", T0.plusSeconds(61), T0.plusSeconds(121)))
        .isTrue();
    assertThat(store().complete(id, "w1", "{\"by\":\"w1\"}", T0.plusSeconds(62))).isFalse();
    assertThat(store().complete(id, "w2", "{\"by\":\"w2\"}", T0.plusSeconds(63))).isTrue();
    RunRecord r = store().find(id).orElseThrow();
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.resultJson()).isEqualTo("{\"by\":\"w2\"}");
    assertThat(store().complete(id, "w2", "{\"again\":1}", T0.plusSeconds(64))).isFalse();
    assertThat(store().tryClaimAggregation(id, "w3", T0.plusSeconds(500), T0.plusSeconds(560)))
        .isFalse();
  }

  /** The statuses a run can be in, each with how to bring a new run of 1 shard there. */
  enum Reached {
    QUEUED,
    RUNNING,
    AGGREGATING,
    COMPLETED,
    FAILED,
    FAILED_BY_DEAD_SHARDS,
    CANCELLED
  }

  /** A new run of two shards brought to {@code where} through the store's own changes. */
  private String runThatIs(Reached where) {
    String id = newId();
    store().create(queued(id, 2));
    switch (where) {
      case QUEUED -> {}
      case RUNNING -> store().recordShard(id, 0, "{}", T0);
      case AGGREGATING, COMPLETED -> {
        store().recordShard(id, 0, "{}", T0);
        store().recordShard(id, 1, "{}", T0);
        store().tryClaimAggregation(id, "w", T0, T0.plusSeconds(60));
        if (where == Reached.COMPLETED) {
          store().complete(id, "w", "{}", T0);
        }
      }
      case FAILED -> store().fail(id, "for good", T0);
      case FAILED_BY_DEAD_SHARDS -> store().failShard(id, 1, "dead", T0);
      case CANCELLED -> store().cancel(id, T0);
    }
    return id;
  }

  /**
   * Every status change the store makes, tried on a run in every status: it applies exactly when
   * {@link RunTransition}'s table allows it, and leads to the status the table names.
   */
  @Test
  void everyChangeAppliesFromTheStatusesOfTheTransitionTableAndLeadsWhereItSays() {
    for (Reached where : Reached.values()) {
      for (RunTransition change : RunTransition.values()) {
        String id = runThatIs(where);
        RunRecord before = store().find(id).orElseThrow();
        assertThat(before.status().name()).as(where.name()).startsWith(where.name().split("_")[0]);
        Instant later = T0.plusSeconds(1);
        if (change == RunTransition.RECORD_SHARD && store().recordedShards(id).contains(1)) {
          continue; // every shard recorded already (aggregating, completed): a duplicate
        }
        boolean applied =
            switch (change) {
              case RECORD_SHARD -> {
                RunStore.Recorded r = store().recordShard(id, 1, "{}", later);
                yield r == RunStore.Recorded.RECORDED || r == RunStore.Recorded.RECORDED_LAST;
              }
              case CLAIM_AGGREGATION -> {
                // every shard recorded first, where the run still takes them
                store().recordShard(id, 0, "{}", later);
                store().recordShard(id, 1, "{}", later);
                yield store().tryClaimAggregation(id, "other", later, later.plusSeconds(60));
              }
              case TAKE_OVER_AGGREGATION -> // once the holder's lease is over
                  store().tryClaimAggregation(id, "other", T0.plusSeconds(61), T0.plusSeconds(121));
              case COMPLETE -> store().complete(id, "w", "{}", later);
              case FAIL -> store().fail(id, "failed", later);
              case FAIL_SHARD -> store().failShard(id, 0, "dead", later);
              case CANCEL -> store().cancel(id, later);
            };
        String what = change + " on a " + where + " run";
        assertThat(applied).as(what).isEqualTo(change.allows(before));
        assertThat(store().find(id).orElseThrow().status())
            .as(what)
            .isEqualTo(applied ? change.next(before) : before.status());
      }
    }
  }

  @Test
  void failingARunIsFinal() {
    String id = newId();
    store().create(queued(id, 1));
    assertThat(store().fail(id, "shard 0 failed 3 times", T0.plusSeconds(5))).isTrue();
    RunRecord r = store().find(id).orElseThrow();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.failureReason()).isEqualTo("shard 0 failed 3 times");
    assertThat(store().fail(id, "again", T0.plusSeconds(6))).isFalse();
    assertThat(store().fail(newId(), "absent", T0)).isFalse();
  }

  @Test
  void aRunFailedByDeadShardsKeepsTakingShardsAndCompletesWhenTheyAreRedriven() {
    String id = newId();
    store().create(queued(id, 4));
    store().recordShard(id, 0, "{\"s\":0}", T0);
    assertThat(store().failShard(id, 2, "shard 2 dead", T0.plusSeconds(10))).isTrue();
    RunRecord failed = store().find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.failureReason()).isEqualTo("shard 2 dead");
    assertThat(failed.deadShards()).containsExactly(2);
    assertThat(failed.redrivable()).isTrue();
    // a second dead shard joins; the run stays FAILED
    assertThat(store().failShard(id, 3, "shard 3 dead", T0.plusSeconds(11))).isTrue();
    assertThat(store().find(id).orElseThrow().deadShards()).containsExactly(2, 3);
    // a shard still in flight is recorded, not lost
    assertThat(store().recordShard(id, 1, "{\"s\":1}", T0.plusSeconds(12)))
        .isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store().tryClaimAggregation(id, "w0", T0.plusSeconds(12), T0.plusSeconds(70)))
        .isFalse();
    // the redriven shards: the last one tells, and the run can be claimed and completed
    assertThat(store().recordShard(id, 3, "{\"s\":3}", T0.plusSeconds(20)))
        .isEqualTo(RunStore.Recorded.RECORDED);
    assertThat(store().recordShard(id, 2, "{\"s\":2}", T0.plusSeconds(21)))
        .isEqualTo(RunStore.Recorded.RECORDED_LAST);
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(store().tryClaimAggregation(id, "w1", T0.plusSeconds(22), T0.plusSeconds(80)))
        .isTrue();
    RunRecord claimed = store().find(id).orElseThrow();
    assertThat(claimed.status()).isEqualTo(RunStatus.AGGREGATING);
    assertThat(claimed.failureReason()).isNull();
    assertThat(store().complete(id, "w1", "{\"done\":1}", T0.plusSeconds(23))).isTrue();
    RunRecord done = store().find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.deadShards()).containsExactly(2, 3);
    assertThat(store().shardResults(id))
        .containsExactly("{\"s\":0}", "{\"s\":1}", "{\"s\":2}", "{\"s\":3}");
    assertThat(store().failShard(id, 1, "too late", T0.plusSeconds(30))).isFalse();
  }

  @Test
  void aRunFailedForGoodTakesNoDeadShardAndAnUnknownRunNone() {
    String id = newId();
    store().create(queued(id, 2));
    assertThat(store().fail(id, "cannot enqueue", T0)).isTrue();
    assertThat(store().failShard(id, 0, "dead", T0.plusSeconds(1))).isFalse();
    RunRecord r = store().find(id).orElseThrow();
    assertThat(r.failureReason()).isEqualTo("cannot enqueue");
    assertThat(r.redrivable()).isFalse();
    assertThat(store().recordShard(id, 0, "{}", T0)).isEqualTo(RunStore.Recorded.CLOSED);
    assertThat(store().failShard(newId(), 0, "absent", T0)).isFalse();
  }

  static List<RunStore.ShardResult> results(int... shards) {
    List<RunStore.ShardResult> out = new ArrayList<>();
    for (int i : shards) {
      out.add(new RunStore.ShardResult(i, "{\"s\":" + i + "}"));
    }
    return out;
  }

  @Test
  void aBatchOfShardsIsRecordedOnceEachAndTellsTheLastOne() {
    String id = newId();
    store().create(queued(id, 5));
    assertThat(store().recordShards(id, 5, results(0, 1, 2), T0))
        .containsOnlyKeys(0, 1, 2)
        .allSatisfy((k, v) -> assertThat(v).isEqualTo(RunStore.Recorded.RECORDED));
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(3);
    // a redelivered shard with new ones: the old one is a duplicate, the batch completes the run
    Map<Integer, RunStore.Recorded> second = store().recordShards(id, 5, results(2, 3, 4), T0);
    assertThat(second.get(2)).isEqualTo(RunStore.Recorded.DUPLICATE);
    assertThat(List.of(second.get(3), second.get(4)))
        .containsExactlyInAnyOrder(RunStore.Recorded.RECORDED, RunStore.Recorded.RECORDED_LAST);
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(5);
    assertThat(store().shardResults(id))
        .containsExactly("{\"s\":0}", "{\"s\":1}", "{\"s\":2}", "{\"s\":3}", "{\"s\":4}");
    assertThat(store().recordShards(id, 5, results(0, 4), T0))
        .containsEntry(0, RunStore.Recorded.DUPLICATE)
        .containsEntry(4, RunStore.Recorded.DUPLICATE);
  }

  @Test
  void aBatchForAClosedRunRecordsNothingAndARedrivableRunTakesIt() {
    String closed = newId();
    store().create(queued(closed, 4));
    store().recordShard(closed, 0, "{}", T0);
    store().fail(closed, "gone", T0);
    assertThat(store().recordShards(closed, 4, results(0, 1, 2), T0))
        .containsEntry(0, RunStore.Recorded.DUPLICATE)
        .containsEntry(1, RunStore.Recorded.CLOSED)
        .containsEntry(2, RunStore.Recorded.CLOSED);
    assertThat(store().find(closed).orElseThrow().completedShards()).isEqualTo(1);

    String dead = newId();
    store().create(queued(dead, 3));
    store().failShard(dead, 1, "dead", T0);
    assertThat(store().recordShards(dead, 3, results(0, 2), T0))
        .containsEntry(0, RunStore.Recorded.RECORDED)
        .containsEntry(2, RunStore.Recorded.RECORDED);
    assertThat(store().recordShards(dead, 3, results(1), T0))
        .containsEntry(1, RunStore.Recorded.RECORDED_LAST);
  }

  @Test
  void concurrentOverlappingBatchesCountEachShardOnceAndTellTheLastOnce() throws Exception {
    String id = newId();
    store().create(queued(id, 12));
    List<Callable<Map<Integer, RunStore.Recorded>>> calls = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int from = w * 3;
      // each batch overlaps the next one by one shard
      calls.add(
          () ->
              store().recordShards(id, 12, results(from, from + 1, from + 2, (from + 3) % 12), T0));
    }
    long last = 0;
    long recorded = 0;
    for (Map<Integer, RunStore.Recorded> batch : concurrently(calls)) {
      for (RunStore.Recorded r : batch.values()) {
        last += r == RunStore.Recorded.RECORDED_LAST ? 1 : 0;
        recorded += r == RunStore.Recorded.DUPLICATE ? 0 : 1;
      }
    }
    assertThat(recorded).isEqualTo(12);
    assertThat(last).isEqualTo(1);
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(12);
    assertThat(store().shardResults(id)).hasSize(12);
  }

  @Test
  void concurrentCreatesOfOneRunStoreItOnceAndTellTheOthersItExists() throws Exception {
    String id = newId();
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(
          () -> {
            try {
              store().create(queued(id, 2));
              return true;
            } catch (RunAlreadyExistsException e) {
              return false;
            }
          });
    }
    assertThat(concurrently(calls).stream().filter(created -> created).count()).isEqualTo(1);
    assertThat(store().find(id).orElseThrow().scenarioJson()).isEqualTo("{\"name\":\"x\"}");
  }

  @Test
  void theFirstRecordedShardTurnsAQueuedRunRunning() {
    String id = newId();
    store().create(queued(id, 3));
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    store().recordShard(id, 1, "{}", T0.plusSeconds(1));
    RunRecord running = store().find(id).orElseThrow();
    assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(running.updatedAt()).isEqualTo(T0.plusSeconds(1));
    store().recordShards(id, 3, results(0), T0);
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store().recordShards(id, 3, results(2), T0))
        .containsEntry(2, RunStore.Recorded.RECORDED_LAST);
    assertThat(store().tryClaimAggregation(id, "w", T0, T0.plusSeconds(60))).isTrue();
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.AGGREGATING);
    // a batch turns its run RUNNING too
    String batch = newId();
    store().create(queued(batch, 4));
    store().recordShards(batch, 4, results(0, 1), T0);
    assertThat(store().find(batch).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aCancelledRunTakesNoShardAndCancellingIsIdempotent() {
    String id = newId();
    store().create(queued(id, 3));
    store().recordShard(id, 0, "{\"s\":0}", T0);
    assertThat(store().takesShards(id)).isTrue();
    assertThat(store().cancel(id, T0.plusSeconds(5))).isTrue();
    RunRecord r = store().find(id).orElseThrow();
    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(r.failureReason()).isEqualTo(RunStore.CANCELLED_REASON);
    assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(store().takesShards(id)).isFalse();
    assertThat(store().recordShard(id, 1, "{}", T0)).isEqualTo(RunStore.Recorded.CLOSED);
    assertThat(store().recordShards(id, 3, results(1, 2), T0))
        .containsEntry(1, RunStore.Recorded.CLOSED)
        .containsEntry(2, RunStore.Recorded.CLOSED);
    assertThat(store().find(id).orElseThrow().completedShards()).isEqualTo(1);
    // again: nothing changes
    assertThat(store().cancel(id, T0.plusSeconds(9))).isFalse();
    assertThat(store().find(id).orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(store().fail(id, "late", T0)).isFalse();
    assertThat(store().failShard(id, 2, "late", T0)).isFalse();
    assertThat(store().cancel(newId(), T0)).isFalse();
  }

  @Test
  void aQueuedAggregatingOrRedrivableRunCanBeCancelledAndACompletedOneCannot() {
    String queued = newId();
    store().create(queued(queued, 2));
    assertThat(store().cancel(queued, T0)).isTrue();

    String aggregating = newId();
    store().create(queued(aggregating, 1));
    store().recordShard(aggregating, 0, "{}", T0);
    store().tryClaimAggregation(aggregating, "w", T0, T0.plusSeconds(60));
    assertThat(store().takesShards(aggregating)).isTrue();
    assertThat(store().cancel(aggregating, T0)).isTrue();
    assertThat(store().complete(aggregating, "w", "{}", T0)).isFalse();
    assertThat(store().find(aggregating).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);

    String dead = newId();
    store().create(queued(dead, 2));
    store().failShard(dead, 0, "dead", T0);
    assertThat(store().takesShards(dead)).isTrue();
    assertThat(store().cancel(dead, T0)).isTrue();
    assertThat(store().recordShard(dead, 0, "{}", T0)).isEqualTo(RunStore.Recorded.CLOSED);

    String done = newId();
    store().create(queued(done, 1));
    store().recordShard(done, 0, "{}", T0);
    store().tryClaimAggregation(done, "w", T0, T0.plusSeconds(60));
    store().complete(done, "w", "{\"r\":1}", T0);
    assertThat(store().cancel(done, T0)).isFalse();
    assertThat(store().takesShards(done)).isFalse();
    assertThat(store().find(done).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);

    String failed = newId();
    store().create(queued(failed, 1));
    store().fail(failed, "for good", T0);
    assertThat(store().cancel(failed, T0)).isFalse();
    assertThat(store().takesShards(failed)).isFalse();
    assertThat(store().takesShards(newId())).isFalse();
  }

  @Test
  void openRunsListsTheQueuedRunningAndAggregatingRunsCreatedBeforeOldestFirst() {
    Instant base = T0.minus(400, ChronoUnit.DAYS).plusMillis(new java.util.Random().nextInt(1000));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = newId();
      ids.add(id);
      store()
          .create(
              RunRecord.queued(
                  id, "alice", 1, base.plusSeconds(i), T0.plusSeconds(3600), "{\"i\":1}", null));
    }
    store().recordShard(ids.get(1), 0, "{}", T0); // RUNNING, last shard recorded
    store().recordShard(ids.get(2), 0, "{}", T0);
    store().tryClaimAggregation(ids.get(2), "w", T0, T0.plusSeconds(60)); // AGGREGATING
    store().recordShard(ids.get(3), 0, "{}", T0);
    store().tryClaimAggregation(ids.get(3), "w", T0, T0.plusSeconds(60));
    store().complete(ids.get(3), "w", "{}", T0); // COMPLETED
    store().fail(ids.get(4), "gone", T0); // FAILED
    store().cancel(ids.get(5), T0); // CANCELLED
    // ids 6 is created after the cut
    List<RunRecord> open = store().openRuns(base.plusSeconds(6), 100);
    List<String> mine = open.stream().map(RunRecord::runId).filter(ids::contains).toList();
    assertThat(mine).containsExactly(ids.get(0), ids.get(1), ids.get(2));
    RunRecord first = open.stream().filter(r -> r.runId().equals(ids.get(0))).findFirst().get();
    assertThat(first.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(first.createdAt()).isEqualTo(base);
    assertThat(first.scenarioJson()).isNull();
    assertThat(open.stream().filter(r -> r.runId().equals(ids.get(2))).findFirst().get().status())
        .isEqualTo(RunStatus.AGGREGATING);
    assertThat(store().openRuns(base.plusSeconds(6), 2)).hasSize(2);
    // a redrivable run taken back to aggregation is open again
    store().failShard(ids.get(0), 0, "dead", T0);
    assertThat(store().openRuns(base.plusSeconds(6), 100))
        .extracting(RunRecord::runId)
        .doesNotContain(ids.get(0));
    store().recordShard(ids.get(0), 0, "{}", T0);
    store().tryClaimAggregation(ids.get(0), "w", T0, T0.plusSeconds(60));
    assertThat(store().openRuns(base.plusSeconds(6), 100))
        .extracting(RunRecord::runId)
        .contains(ids.get(0));
  }

  /**
   * A result like the one of a 20-stage scenario whose stages have long descriptions: over
   * DynamoDB's 400 KB item limit as text, and (random letters) still over it compressed.
   */
  static String largeResult(int chars) {
    StringBuilder b = new StringBuilder("{\"stages\":[");
    java.util.Random r = new java.util.Random(11);
    int stage = 0;
    while (b.length() < chars) {
      b.append(stage == 0 ? "" : ",")
          .append("{\"stage\":")
          .append(stage++)
          .append(",\"description\":\"");
      for (int i = 0; i < 30_000; i++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      b.append("\"}");
    }
    return b.append("]}").toString();
  }

  @Test
  void aResultOverFourHundredKilobytesIsStoredAndReadBackWhole() {
    String id = newId();
    store().create(queued(id, 1));
    store().recordShard(id, 0, "{}", T0);
    store().tryClaimAggregation(id, "w", T0, T0.plusSeconds(60));
    String result = largeResult(1_000_000);
    assertThat(store().complete(id, "w", result, T0.plusSeconds(2))).isTrue();
    RunRecord done = store().find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.resultJson()).isEqualTo(result);
    assertThat(done.scenarioJson()).isEqualTo("{\"name\":\"x\"}");
    // a stale holder of the claim writes nothing
    assertThat(store().complete(id, "old", "{\"other\":1}", T0)).isFalse();
    assertThat(store().find(id).orElseThrow().resultJson()).isEqualTo(result);
  }
}
