package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.ResultTooLargeException;
import dev.archsim.core.run.RunAlreadyExistsException;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link OptimizationStore} adapter must do. */
public abstract class OptimizationStoreContract {
  protected static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  protected abstract OptimizationStore store();

  /** The most an answer may take in this store, compressed; 0 for no limit. */
  protected int maxAnswerBytes() {
    return 0;
  }

  static OptimizationRecord queued(String id) {
    return OptimizationRecord.queued(
        id, "alice", T0, T0.plusSeconds(86_400), "{\"scenario\":{\"name\":\"é\"}}", 1_000);
  }

  @Test
  void aCreatedOptimizationIsFoundAsStoredAndItsIdIsTakenOnce() {
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    OptimizationRecord o = store().find(id).orElseThrow();
    assertThat(o).isEqualTo(queued(id));
    assertThatThrownBy(() -> store().create(queued(id)))
        .isInstanceOf(RunAlreadyExistsException.class);
    assertThat(store().find(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void progressMovesForwardOnlyAndTurnsItRunning() {
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    assertThat(store().progress(id, 40, T0.plusSeconds(1))).isTrue();
    assertThat(store().progress(id, 20, T0.plusSeconds(2))).isFalse();
    OptimizationRecord o = store().find(id).orElseThrow();
    assertThat(o.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(o.trialsDone()).isEqualTo(40);
    assertThat(o.updatedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(store().progress(UUID.randomUUID().toString(), 1, T0)).isFalse();
  }

  @Test
  void theAnswerIsStoredOnceAndNothingMovesAFinishedOptimization() {
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    assertThat(store().complete(id, 300, "{\"best\":1}", T0.plusSeconds(5))).isTrue();
    assertThat(store().complete(id, 301, "{\"best\":2}", T0.plusSeconds(6))).isFalse();
    assertThat(store().cancel(id, T0.plusSeconds(7))).isFalse();
    assertThat(store().fail(id, "late", T0.plusSeconds(7))).isFalse();
    assertThat(store().progress(id, 400, T0.plusSeconds(7))).isFalse();
    OptimizationRecord o = store().find(id).orElseThrow();
    assertThat(o.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(o.resultJson()).isEqualTo("{\"best\":1}");
    assertThat(o.trialsDone()).isEqualTo(300);
    assertThat(o.failureReason()).isNull();
  }

  @Test
  void aCancelledOptimizationTakesNoAnswerAndSaysWhy() {
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    assertThat(store().cancel(id, T0.plusSeconds(1))).isTrue();
    assertThat(store().cancel(id, T0.plusSeconds(2))).isFalse();
    assertThat(store().complete(id, 10, "{}", T0.plusSeconds(3))).isFalse();
    OptimizationRecord o = store().find(id).orElseThrow();
    assertThat(o.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(o.failureReason()).isEqualTo(RunStore.CANCELLED_REASON);
    assertThat(o.resultJson()).isNull();
  }

  @Test
  void aFailedOptimizationKeepsItsReason() {
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    store().progress(id, 12, T0.plusSeconds(1));
    assertThat(store().fail(id, "design #3: its evaluation run is FAILED", T0.plusSeconds(2)))
        .isTrue();
    OptimizationRecord o = store().find(id).orElseThrow();
    assertThat(o.status()).isEqualTo(RunStatus.FAILED);
    assertThat(o.failureReason()).isEqualTo("design #3: its evaluation run is FAILED");
    assertThat(o.trialsDone()).isEqualTo(12);
  }

  @Test
  void anAnswerTheStoreCannotHoldIsRefusedAndLeavesItOpen() {
    if (maxAnswerBytes() == 0) {
      return;
    }
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    StringBuilder b = new StringBuilder();
    Random r = new Random(1);
    while (b.length() < maxAnswerBytes() * 2) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    assertThatThrownBy(() -> store().complete(id, 1, b.toString(), T0))
        .isInstanceOf(ResultTooLargeException.class);
    assertThat(store().find(id).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
  }

  @Test
  void theEvaluationsAStepWaitsForAreKeptWithItsProgressAndOnlyMoveForward() {
    String id = UUID.randomUUID().toString();
    store().create(queued(id));
    assertThat(store().find(id).orElseThrow().waitingJson()).isNull();
    Waiting first = new Waiting(5, List.of(new Waiting.Evaluation(3, 0, 5)));
    Waiting second =
        new Waiting(5, List.of(new Waiting.Evaluation(3, 5, 10), new Waiting.Evaluation(7, 5, 10)));
    assertThat(store().progress(id, 10, first.toJson(), T0.plusSeconds(1))).isTrue();
    assertThat(Waiting.fromJson(store().find(id).orElseThrow().waitingJson())).isEqualTo(first);
    assertThat(store().progress(id, 40, second.toJson(), T0.plusSeconds(2))).isTrue();
    // a late step of an earlier batch replaces neither the progress nor what is waited for
    assertThat(store().progress(id, 10, first.toJson(), T0.plusSeconds(3))).isFalse();
    OptimizationRecord o = store().find(id).orElseThrow();
    assertThat(Waiting.fromJson(o.waitingJson())).isEqualTo(second);
    assertThat(o.trialsDone()).isEqualTo(40);
    assertThat(o.updatedAt()).isEqualTo(T0.plusSeconds(2));
    // a step that waits for nothing clears it
    assertThat(store().progress(id, 40, null, T0.plusSeconds(4))).isTrue();
    assertThat(store().find(id).orElseThrow().waitingJson()).isNull();
  }

  @Test
  void aKeyedOptimizationKeepsItsRequestsFingerprint() {
    String id = UUID.randomUUID().toString();
    store()
        .create(
            OptimizationRecord.queued(
                id, "alice", T0, T0.plusSeconds(86_400), "{}", 1_000, "ab12cd"));
    assertThat(store().find(id).orElseThrow().requestHash()).isEqualTo("ab12cd");
    String plain = UUID.randomUUID().toString();
    store().create(queued(plain));
    assertThat(store().find(plain).orElseThrow().requestHash()).isNull();
  }

  @Test
  void theIdleOnesAreTheOpenOnesNotChangedSinceOldestFirst() {
    // their own hour, so the optimisations of other tests sharing the store do not interleave
    Instant t = T0.plus(Duration.ofDays(3 + new Random().nextInt(10_000)));
    String older = UUID.randomUUID().toString();
    String quiet = UUID.randomUUID().toString();
    String busy = UUID.randomUUID().toString();
    String done = UUID.randomUUID().toString();
    String cancelled = UUID.randomUUID().toString();
    String failed = UUID.randomUUID().toString();
    store().create(at(older, t));
    store().create(at(quiet, t.plusSeconds(1)));
    store().create(at(busy, t.plusSeconds(2)));
    store().create(at(done, t.plusSeconds(3)));
    store().create(at(cancelled, t.plusSeconds(4)));
    store().create(at(failed, t.plusSeconds(5)));
    store().progress(quiet, 5, "{}", t.plusSeconds(60));
    store().progress(busy, 5, "{}", t.plusSeconds(600)); // a step just now
    store().complete(done, 5, "{}", t.plusSeconds(60));
    store().cancel(cancelled, t.plusSeconds(60));
    store().fail(failed, "why", t.plusSeconds(60));
    List<String> ours = List.of(older, quiet, busy, done, cancelled, failed);

    List<String> idle =
        store().idle(t.plusSeconds(300), 1_000).stream()
            .map(OptimizationRecord::id)
            .filter(ours::contains)
            .toList();
    assertThat(idle).containsExactly(older, quiet);
    OptimizationRecord q =
        store().idle(t.plusSeconds(300), 1_000).stream()
            .filter(o -> o.id().equals(quiet))
            .findFirst()
            .orElseThrow();
    assertThat(q.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(q.waitingJson()).isEqualTo("{}");
    // nothing is idle before it was last changed
    assertThat(store().idle(t, 1_000)).extracting(OptimizationRecord::id).doesNotContain(older);
    assertThat(store().idle(t.plusSeconds(300), 1)).hasSize(1);
  }

  private static OptimizationRecord at(String id, Instant t) {
    return OptimizationRecord.queued(id, "alice", t, t.plusSeconds(86_400 * 30), "{}", 1_000);
  }
}
