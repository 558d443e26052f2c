package dev.archsim.local.adapters;

import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * atomic under one lock). Status changes are reported to listeners the way the DynamoDB stream
 * reports them to the notifier.
 */
public final class InMemoryRunStore implements RunStore {
  private final Map<String, RunRecord> runs = new HashMap<>();
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
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public synchronized Recorded recordShard(
      String runId, int shardIndex, String resultJson, Instant now) {
    RunRecord r = runs.get(runId);
    if (r == null) {
      return Recorded.CLOSED;
    }
    TreeMap<Integer, String> results = shards.get(runId);
    if (results.containsKey(shardIndex)) {
      return Recorded.DUPLICATE;
    }
    if (r.status() != RunStatus.QUEUED && !r.redrivable()) {
      return Recorded.CLOSED;
    }
    results.put(shardIndex, resultJson);
    runs.put(
        runId,
        with(
            r,
            r.status(),
            r.completedShards() + 1,
            now,
            r.resultJson(),
            r.failureReason(),
            r.claimToken(),
            r.claimExpiresAt()));
    return r.completedShards() + 1 >= r.totalShards() ? Recorded.RECORDED_LAST : Recorded.RECORDED;
  }

  @Override
  public synchronized List<String> shardResults(String runId) {
    TreeMap<Integer, String> results = shards.get(runId);
    return results == null ? List.of() : new ArrayList<>(results.values());
  }

  @Override
  public boolean tryClaimAggregation(
      String runId, String claimToken, Instant now, Instant leaseUntil) {
    return transition(
        runId,
        r ->
            r.completedShards() >= r.totalShards()
                && (r.status() == RunStatus.QUEUED
                    || r.redrivable()
                    || (r.status() == RunStatus.AGGREGATING
                        && r.claimExpiresAt() != null
                        && r.claimExpiresAt().isBefore(now))),
        r ->
            with(
                r,
                RunStatus.AGGREGATING,
                r.completedShards(),
                now,
                null,
                null,
                claimToken,
                leaseUntil));
  }

  @Override
  public boolean complete(String runId, String claimToken, String resultJson, Instant now) {
    return transition(
        runId,
        r -> r.status() == RunStatus.AGGREGATING && claimToken.equals(r.claimToken()),
        r ->
            with(
                r,
                RunStatus.COMPLETED,
                r.completedShards(),
                now,
                resultJson,
                null,
                claimToken,
                r.claimExpiresAt()));
  }

  @Override
  public boolean fail(String runId, String reason, Instant now) {
    return transition(
        runId,
        r -> !r.status().isTerminal(),
        r ->
            with(
                r,
                RunStatus.FAILED,
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
        r -> !r.status().isTerminal() || r.redrivable(),
        r -> {
          TreeSet<Integer> dead = new TreeSet<>(r.deadShards());
          dead.add(shardIndex);
          return with(
              r,
              RunStatus.FAILED,
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
      after = change.apply(before);
      runs.put(runId, after);
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
        r.requestHash());
  }

  /** A stored run and the characters it holds (scenario, result and shard results). */
  public record Held(RunRecord run, long chars) {}

  /** Every stored run with what it holds, for {@link RunEviction}. */
  public synchronized List<Held> held() {
    List<Held> out = new ArrayList<>(runs.size());
    for (RunRecord r : runs.values()) {
      long chars = length(r.scenarioJson()) + length(r.resultJson());
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
