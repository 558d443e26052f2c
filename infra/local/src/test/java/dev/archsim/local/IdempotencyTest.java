package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.IdempotencyKeyMismatchException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.local.adapters.InMemoryRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Submissions under an Idempotency-Key: same request, same run; anything else is refused. */
class IdempotencyTest {
  final InMemoryRunStore store = new InMemoryRunStore();
  final List<ShardTask> queued = new ArrayList<>();
  final SubmitRun submit =
      new SubmitRun(
          store,
          queued::addAll,
          new ScenarioCodec(),
          Clock.systemUTC(),
          () -> UUID.randomUUID().toString(),
          new SubmitRun.Settings(5, Duration.ofDays(1), 1000));

  SubmitRun.Submitted post(String owner, String key, String scenario, Integer trials) {
    return submit.submit(new SubmitRun.Request(owner, scenario, key, trials, null));
  }

  @Test
  void theSameRequestWithTheSameKeyGivesTheSameRunAndEnqueuesItOnce() {
    SubmitRun.Submitted first = post("alice", "k-1", LocalPipelineTest.SCENARIO, null);
    SubmitRun.Submitted again = post("alice", "k-1", LocalPipelineTest.SCENARIO, null);
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.runId()).isEqualTo(first.runId());
    assertThat(queued).hasSize(first.shards());
    assertThat(store.find(first.runId()).orElseThrow().requestHash()).startsWith("sha256:");
  }

  @Test
  void theSameKeyWithAnotherBodyOrQueryIsRefusedAndTheRunKeepsTheFirst() {
    SubmitRun.Submitted first = post("alice", "k-1", LocalPipelineTest.SCENARIO, null);
    String otherBody = LocalPipelineTest.SCENARIO.replace("\"seed\": 7", "\"seed\": 8");
    assertThatThrownBy(() -> post("alice", "k-1", otherBody, null))
        .isInstanceOfSatisfying(
            IdempotencyKeyMismatchException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(IdempotencyKeyMismatchException.Reason.OTHER_REQUEST))
        .hasMessageContaining("'k-1'")
        .hasMessageContaining(first.runId());
    assertThatThrownBy(() -> post("alice", "k-1", LocalPipelineTest.SCENARIO, 4))
        .isInstanceOf(IdempotencyKeyMismatchException.class);
    assertThat(store.find(first.runId()).orElseThrow().scenarioJson()).contains("\"seed\":7");
    assertThat(queued).hasSize(first.shards());
  }

  @Test
  void ownerAndKeyAreDerivedIntoTheRunIdInjectively() {
    // joined by a newline, both pairs read "jwt:a\nb\nc"
    SubmitRun.Submitted a = post("jwt:a", "b\nc", LocalPipelineTest.SCENARIO, null);
    SubmitRun.Submitted b = post("jwt:a\nb", "c", LocalPipelineTest.SCENARIO, null);
    assertThat(a.created()).isTrue();
    assertThat(b.created()).isTrue();
    assertThat(b.runId()).isNotEqualTo(a.runId());
    assertThat(store.find(a.runId()).orElseThrow().owner()).isEqualTo("jwt:a");
    assertThat(store.find(b.runId()).orElseThrow().owner()).isEqualTo("jwt:a\nb");
    assertThat(SubmitRun.runIdFor("jwt:a", "b\nc"))
        .isNotEqualTo(SubmitRun.runIdFor("jwt:a\nb", "c"));
    assertThat(SubmitRun.runIdFor("", "ab")).isNotEqualTo(SubmitRun.runIdFor("a", "b"));
    assertThat(UUID.fromString(a.runId()).version()).isEqualTo(8);
  }

  @Test
  void aRunIdThatIsAnotherOwnersRunIsNeverReturnedToTheCaller() {
    // what a collision of the derived id would look like: bob's id already holds mallory's run
    String id = SubmitRun.runIdFor("bob", "k-1");
    Instant now = Instant.now();
    store.create(
        RunRecord.queued(id, "mallory", 1, now, now.plusSeconds(3600), "{}", "other", null));
    assertThatThrownBy(() -> post("bob", "k-1", LocalPipelineTest.SCENARIO, null))
        .isInstanceOfSatisfying(
            IdempotencyKeyMismatchException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(IdempotencyKeyMismatchException.Reason.OTHER_OWNER))
        .hasMessageNotContaining(id);
    assertThat(store.find(id).orElseThrow().owner()).isEqualTo("mallory");
    assertThat(queued).isEmpty();
  }

  @Test
  void aRunStoredWithoutAFingerprintIsReturnedToItsOwnersRetry() {
    String id = SubmitRun.runIdFor("alice", "k-old");
    Instant now = Instant.now();
    store.create(
        RunRecord.queued(
            id, "alice", 2, now, now.plusSeconds(3600), LocalPipelineTest.SCENARIO, "k-old"));
    SubmitRun.Submitted again = post("alice", "k-old", LocalPipelineTest.SCENARIO, null);
    assertThat(again.runId()).isEqualTo(id);
    assertThat(again.created()).isFalse();
  }
}
