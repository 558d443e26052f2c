package dev.archsim.local.adapters;

import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunNotFoundException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The run store in memory, with the same conditional semantics as the DynamoDB one (every write
 * is atomic under one lock). Status changes are reported to listeners the way the DynamoDB stream
 * reports them to the notifier.
 */
public final class InMemoryRunStore implements RunStore {
  private final Map<String, RunRecord> runs = new HashMap<>();
  private final Map<String, TreeMap<Integer, String>> shards = new HashMap<>();
  private final List<BiConsumer<RunStatus, RunRecord>> statusListeners = new CopyOnWriteArrayList<>();

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
  public synchronized boolean recordShard(String runId, int shardIndex, String resultJson, Instant now) {
    RunRecord r = runs.get(runId);
    if (r == null) {
      throw new RunNotFoundException(runId);
    }
    TreeMap<Integer, String> results = shards.get(runId);
    if (results.containsKey(shardIndex)) {
      return false;
    }
    results.put(shardIndex, resultJson);
    runs.put(runId, with(r, r.status(), r.completedShards() + 1, now, r.resultJson(), r.failureReason(), r.claimToken(), r.claimExpiresAt()));
    return true;
  }

  @Override
  public synchronized List<String> shardResults(String runId) {
    TreeMap<Integer, String> results = shards.get(runId);
    return results == null ? List.of() : new ArrayList<>(results.values());
  }

  @Override
  public boolean tryClaimAggregation(String runId, String claimToken, Instant now, Instant leaseUntil) {
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      before = runs.get(runId);
      if (before == null || before.completedShards() < before.totalShards()) {
        return false;
      }
      boolean free = before.status() == RunStatus.QUEUED;
      boolean expired =
          before.status() == RunStatus.AGGREGATING && before.claimExpiresAt() != null && before.claimExpiresAt().isBefore(now);
      if (!free && !expired) {
        return false;
      }
      after = with(before, RunStatus.AGGREGATING, before.completedShards(), now, null, null, claimToken, leaseUntil);
      runs.put(runId, after);
    }
    notifyChange(before.status(), after);
    return true;
  }

  @Override
  public boolean complete(String runId, String claimToken, String resultJson, Instant now) {
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      before = runs.get(runId);
      if (before == null || before.status() != RunStatus.AGGREGATING || !claimToken.equals(before.claimToken())) {
        return false;
      }
      after = with(before, RunStatus.COMPLETED, before.completedShards(), now, resultJson, null, claimToken, before.claimExpiresAt());
      runs.put(runId, after);
    }
    notifyChange(before.status(), after);
    return true;
  }

  @Override
  public boolean fail(String runId, String reason, Instant now) {
    RunRecord before;
    RunRecord after;
    synchronized (this) {
      before = runs.get(runId);
      if (before == null || before.status().isTerminal()) {
        return false;
      }
      after = with(before, RunStatus.FAILED, before.completedShards(), now, null, reason, before.claimToken(), before.claimExpiresAt());
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
      RunRecord r, RunStatus status, int completed, Instant now, String result, String reason, String claim, Instant claimUntil) {
    return new RunRecord(
        r.runId(), r.owner(), status, r.totalShards(), completed, r.createdAt(), now, r.expiresAt(), r.scenarioJson(), result,
        reason, claim, claimUntil, r.idempotencyKey());
  }
}
