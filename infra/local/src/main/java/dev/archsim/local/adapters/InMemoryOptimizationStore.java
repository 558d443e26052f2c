package dev.archsim.local.adapters;

import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunStatus;
import java.time.Instant;
import java.util.HashMap;
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
  public synchronized boolean progress(String id, long trialsDone, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal() || trialsDone < o.trialsDone()) {
      return false;
    }
    byId.put(id, with(o, RunStatus.RUNNING, now, trialsDone, null, null));
    return true;
  }

  @Override
  public synchronized boolean complete(String id, long trialsDone, String resultJson, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal()) {
      return false;
    }
    byId.put(id, with(o, RunStatus.COMPLETED, now, trialsDone, resultJson, null));
    return true;
  }

  @Override
  public synchronized boolean fail(String id, String reason, Instant now) {
    OptimizationRecord o = byId.get(id);
    if (o == null || o.status().isTerminal()) {
      return false;
    }
    byId.put(id, with(o, RunStatus.FAILED, now, o.trialsDone(), null, reason));
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
            dev.archsim.core.run.RunStore.CANCELLED_REASON));
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
      String reason) {
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
        reason);
  }
}
