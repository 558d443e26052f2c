package dev.archsim.local.adapters;

import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Optimisations in memory, with the conditions of the DynamoDB store (every change under one lock,
 * only while the optimisation is open). Forgotten at {@link OptimizationRecord#expiresAt}, as
 * DynamoDB's TTL forgets them.
 */
public final class InMemoryOptimizationStore implements OptimizationStore {
  private final Map<String, OptimizationRecord> byId = new HashMap<>();

  @Override
  public synchronized void create(OptimizationRecord o) {
    forgetExpired(o.createdAt());
    if (byId.containsKey(o.id())) {
      throw new RunAlreadyExistsException(o.id());
    }
    byId.put(o.id(), o);
  }

  @Override
  public synchronized Optional<OptimizationRecord> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized boolean progress(
      String id, long trialsDone, String waitingJson, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal() || trialsDone < o.trialsDone()) {
      return false;
    }
    byId.put(id, with(o, RunStatus.RUNNING, now, trialsDone, null, null, waitingJson));
    return true;
  }

  @Override
  public synchronized List<OptimizationRecord> idle(Instant quietSince, int limit) {
    return byId.values().stream()
        .filter(o -> o.open() && o.updatedAt().isBefore(quietSince))
        .sorted(
            Comparator.comparing(OptimizationRecord::createdAt)
                .thenComparing(OptimizationRecord::id))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean complete(String id, long trialsDone, String resultJson, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal()) {
      return false;
    }
    byId.put(id, with(o, RunStatus.COMPLETED, now, trialsDone, resultJson, null, o.waitingJson()));
    return true;
  }

  @Override
  public synchronized boolean fail(String id, String reason, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal()) {
      return false;
    }
    byId.put(id, with(o, RunStatus.FAILED, now, o.trialsDone(), null, reason, o.waitingJson()));
    return true;
  }

  @Override
  public synchronized boolean cancel(String id, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal()) {
      return false;
    }
    byId.put(
        id,
        with(
            o,
            RunStatus.CANCELLED,
            now,
            o.trialsDone(),
            null,
            dev.archsim.core.run.RunStore.CANCELLED_REASON,
            o.waitingJson()));
    return true;
  }

  private void forgetExpired(Instant now) {
    if (now != null) {
      byId.values().removeIf(o -> o.expiresAt() != null && o.expiresAt().isBefore(now));
    }
  }

  private static OptimizationRecord with(
      OptimizationRecord o,
      RunStatus status,
      Instant now,
      long trialsDone,
      String result,
      String reason,
      String waitingJson) {
    return new OptimizationRecord(
        o.id(),
        o.owner(),
        status,
        o.createdAt(),
        now,
        o.expiresAt(),
        o.requestJson(),
        trialsDone,
        o.budgetTrials(),
        result,
        reason,
        o.requestHash(),
        waitingJson);
  }
}
