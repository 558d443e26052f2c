package dev.archsim.local.adapters;

import dev.archsim.core.run.Gzip;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The run store in memory, with the same conditional semantics as the DynamoDB one (every write is
 * atomic under one lock; which status change applies from where is {@link RunTransition}'s table).
 * Final results are kept gzip-compressed. Status changes are reported to listeners the way the
 * DynamoDB stream reports them to the notifier.
 */
public final class InMemoryRunStore implements RunStore {
  /** The runs, their results left out (kept compressed in {@link #results}). */
  private final Map<String, RunRecord> runs = new HashMap<>();

  private final Map<String, byte[]> results = new HashMap<>();
  private final Map<String, TreeMap<Integer, String>> shards = new HashMap<>();
  private final Map<String, Set<String>> marks = new HashMap<>();
  private final List<BiConsumer<RunStatus, RunRecord>> statusListeners =
      new CopyOnWriteArrayList<>();

  /** Called after every status change with the previous status and the new record. */
  public void onStatusChange(BiConsumer<RunStatus, RunRecord> listener) {
    statusListeners.add(listener);
  }

  @Override
  public void create(RunRecord run) {
    synchronized (this) {
      if (runs.containsKey(run.runId())) {
        throw new RunAlreadyExistsException(run.runId());
      }
      runs.put(run.runId(), run);
      shards.put(run.runId(), new TreeMap<>());
    }
  }

  @Override
  public synchronized Optional<RunRecord> find(String runId) {
    RunRecord r = runs.get(runId);
    return r == null ? Optional.empty() : Optional.of(withResult(r));
  }

  /** The run with its result, decompressed. */
  private RunRecord withResult(RunRecord r) {
    byte[] result = results.get(r.runId());
    return result == null
        ? r
        : r.withTexts(r.scenarioJson(), Gzip.decompress(result, "the result of run " + r.runId()));
  }

  @Override
  public synchronized boolean takesShards(String runId) {
    RunRecord r = runs.get(runId);
    return r != null && r.takesShards();
  }

  @Override
  public synchronized List<RunRecord> openRuns(Instant createdBefore, int limit) {
    return runs.values().stream()
        .filter(r -> r.open() && r.createdAt() != null && r.createdAt().isBefore(createdBefore))
        .sorted(Comparator.comparing(RunRecord::createdAt))
        .limit(limit)
        .map(r -> r.withTexts(null, null))
        .toList();
  }

  @Override
  public Recorded recordShard(String runId, int shardIndex, String resultJson, Instant now) {
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      before = runs.get(runId);
      if (before == null) {
        return Recorded.CLOSED;
      }
      TreeMap<Integer, String> recorded = shards.get(runId);
      if (recorded.containsKey(shardIndex)) {
        return Recorded.DUPLICATE;
      }
      if (!RunTransition.RECORD_SHARD.allows(before)) {
        return Recorded.CLOSED;
      }
      recorded.put(shardIndex, resultJson);
      after =
          with(
              before,
              RunTransition.RECORD_SHARD.next(before),
              before.completedShards() + 1,
              now,
              null,
              before.failureReason(),
              before.claimToken(),
              before.claimExpiresAt());
      runs.put(runId, after);
    }
    if (after.status() != before.status()) {
      notifyChange(before.status(), after); // QUEUED -> RUNNING
    }
    return after.completedShards() >= after.totalShards()
        ? Recorded.RECORDED_LAST
        : Recorded.RECORDED;
  }

  @Override
  public synchronized SortedSet<Integer> recordedShards(String runId) {
    TreeMap<Integer, String> recorded = shards.get(runId);
    return recorded == null ? new TreeSet<>() : new TreeSet<>(recorded.keySet());
  }

  @Override
  public synchronized List<String> shardResults(String runId) {
    TreeMap<Integer, String> results = shards.get(runId);
    return results == null ? List.of() : new ArrayList<>(results.values());
  }

  // tryClaimAggregation and complete, on every run's path, test and change the run in place
  // rather than through transition's lambdas: each lambda's class is spun at its first call
  @Override
  public boolean tryClaimAggregation(
      String runId, String claimToken, Instant now, Instant leaseUntil) {
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      RunRecord r = runs.get(runId);
      if (r == null
          || !(r.completedShards() >= r.totalShards()
              && (RunTransition.CLAIM_AGGREGATION.allows(r)
                  || (RunTransition.TAKE_OVER_AGGREGATION.allows(r)
                      && ((r.claimExpiresAt() != null && r.claimExpiresAt().isBefore(now))
                          || claimToken.equals(r.claimToken())))))) {
        return false;
      }
      before = r;
      after =
          replace(
              with(
                  r,
                  (RunTransition.CLAIM_AGGREGATION.allows(r)
                          ? RunTransition.CLAIM_AGGREGATION
                          : RunTransition.TAKE_OVER_AGGREGATION)
                      .next(r),
                  r.completedShards(),
                  now,
                  null,
                  null,
                  claimToken,
                  leaseUntil));
    }
    notifyChange(before.status(), after);
    return true;
  }

  @Override
  public boolean complete(String runId, String claimToken, String resultJson, Instant now) {
    byte[] compressed = Gzip.compress(resultJson);
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      RunRecord r = runs.get(runId);
      if (r == null || !(RunTransition.COMPLETE.allows(r) && claimToken.equals(r.claimToken()))) {
        return false;
      }
      before = r;
      results.put(runId, compressed);
      after =
          replace(
              with(
                  r,
                  RunTransition.COMPLETE.next(r),
                  r.completedShards(),
                  now,
                  null,
                  null,
                  claimToken,
                  r.claimExpiresAt()));
    }
    notifyChange(before.status(), after);
    return true;
  }

  /** Under the lock: stores {@code after} in place of its run; it with its result, to report. */
  private RunRecord replace(RunRecord after) {
    runs.put(after.runId(), after);
    return withResult(after);
  }

  @Override
  public boolean cancel(String runId, Instant now) {
    return end(runId, RunTransition.CANCEL, CANCELLED_REASON, now);
  }

  @Override
  public boolean fail(String runId, String reason, Instant now) {
    return end(runId, RunTransition.FAIL, reason, now);
  }

  /** {@code change} to the status it leads to, if the table allows it, saying why. */
  private boolean end(String runId, RunTransition change, String reason, Instant now) {
    return transition(
        runId,
        change::allows,
        r ->
            with(
                r,
                change.next(r),
                r.completedShards(),
                now,
                null,
                reason,
                r.claimToken(),
                r.claimExpiresAt()));
  }

  @Override
  public boolean failShard(String runId, int shardIndex, String reason, Instant now) {
    return transition(
        runId,
        RunTransition.FAIL_SHARD::allows,
        r -> {
          TreeSet<Integer> dead = new TreeSet<>(r.deadShards());
          dead.add(shardIndex);
          return with(
              r,
              RunTransition.FAIL_SHARD.next(r),
              r.completedShards(),
              now,
              null,
              reason,
              r.claimToken(),
              r.claimExpiresAt(),
              dead);
        });
  }

  /** Atomically replaces the run when {@code condition} holds, then reports the status change. */
  private boolean transition(
      String runId, Predicate<RunRecord> condition, UnaryOperator<RunRecord> change) {
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      before = runs.get(runId);
      if (before == null || !condition.test(before)) {
        return false;
      }
      after = replace(change.apply(before));
    }
    notifyChange(before.status(), after);
    return true;
  }

  private void notifyChange(RunStatus before, RunRecord after) {
    for (BiConsumer<RunStatus, RunRecord> l : statusListeners) {
      l.accept(before, after);
    }
  }

  private static RunRecord with(
      RunRecord r,
      RunStatus status,
      int completed,
      Instant now,
      String result,
      String reason,
      String claim,
      Instant claimUntil) {
    return with(r, status, completed, now, result, reason, claim, claimUntil, r.deadShards());
  }

  private static RunRecord with(
      RunRecord r,
      RunStatus status,
      int completed,
      Instant now,
      String result,
      String reason,
      String claim,
      Instant claimUntil,
      SortedSet<Integer> deadShards) {
    return new RunRecord(
        r.runId(),
        r.owner(),
        status,
        r.totalShards(),
        completed,
        r.createdAt(),
        now,
        r.expiresAt(),
        r.scenarioJson(),
        result,
        reason,
        claim,
        claimUntil,
        r.idempotencyKey(),
        deadShards,
        r.requestHash(),
        r.overrides());
  }

  /** A stored run and the characters it holds (scenario, result and shard results). */
  public record Held(RunRecord run, long chars) {}

  /** Every stored run with what it holds, for {@link RunEviction}. */
  public synchronized List<Held> held() {
    List<Held> out = new ArrayList<>(runs.size());
    for (RunRecord r : runs.values()) {
      byte[] result = results.get(r.runId());
      // the result is kept gzip-compressed: its bytes, counted as chars of two bytes
      long chars = length(r.scenarioJson()) + (result == null ? 0 : (result.length + 1) / 2);
      for (String shard : shards.getOrDefault(r.runId(), new TreeMap<>()).values()) {
        chars += length(shard);
      }
      out.add(new Held(r, chars));
    }
    return out;
  }

  /** Forgets these runs, their shard results and marks, as DynamoDB's TTL deletes them. */
  public synchronized void remove(Collection<String> runIds) {
    for (String id : runIds) {
      runs.remove(id);
      shards.remove(id);
      marks.remove(id);
      results.remove(id);
    }
  }

  private static long length(String s) {
    return s == null ? 0 : s.length();
  }

  @Override
  public synchronized Set<String> marks(String runId) {
    return Set.copyOf(marks.getOrDefault(runId, Set.of()));
  }

  @Override
  public synchronized void mark(String runId, String mark) {
    if (runs.containsKey(runId)) {
      marks.computeIfAbsent(runId, k -> new TreeSet<>()).add(mark);
    }
  }
}
