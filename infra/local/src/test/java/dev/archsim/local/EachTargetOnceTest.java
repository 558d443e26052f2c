package dev.archsim.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.EachTargetOnce;
import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.local.adapters.InMemoryRunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EachTargetOnceTest {
  static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
  final InMemoryRunStore store = new InMemoryRunStore();
  final List<String> calls = new ArrayList<>();
  final RunEvent event =
      new RunEvent(RunEvent.COMPLETED, "r1", "alice", RunStatus.COMPLETED, T0, null);

  CompletionPublisher target(String name, int failures) {
    int[] left = {failures};
    return e -> {
      calls.add(name);
      if (left[0]-- > 0) {
        throw new PublishException(name + " unavailable", null);
      }
    };
  }

  @Test
  void aRetryPublishesOnlyToTheTargetsThatFailed() {
    store.create(RunRecord.queued("r1", "alice", 1, T0, T0.plusSeconds(3600), "{}", null));
    Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
    targets.put("sns", target("sns", 0));
    targets.put("eventbridge", target("eventbridge", 2));
    targets.put("log", target("log", 1));
    EachTargetOnce once = new EachTargetOnce(store, targets);

    assertThatThrownBy(() -> once.publish(event))
        .isInstanceOf(PublishException.class)
        .hasMessage("eventbridge unavailable")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(calls).containsExactly("sns", "eventbridge", "log");
    assertThatThrownBy(() -> once.publish(event)).hasMessage("eventbridge unavailable");
    once.publish(event);
    once.publish(event);
    assertThat(calls)
        .containsExactly("sns", "eventbridge", "log", "eventbridge", "log", "eventbridge");
    assertThat(store.marks("r1"))
        .containsExactlyInAnyOrder(
            "published:sns:RunCompleted@" + T0,
            "published:eventbridge:RunCompleted@" + T0,
            "published:log:RunCompleted@" + T0);
  }

  @Test
  void aLaterEventOfTheSameRunIsPublishedToEveryTargetAgain() {
    store.create(RunRecord.queued("r1", "alice", 1, T0, T0.plusSeconds(3600), "{}", null));
    Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
    targets.put("sns", target("sns", 0));
    targets.put("eventbridge", target("eventbridge", 0));
    EachTargetOnce once = new EachTargetOnce(store, targets);
    RunEvent failed =
        new RunEvent(RunEvent.FAILED, "r1", "alice", RunStatus.FAILED, T0, "shard 0 dead");
    RunEvent completed =
        new RunEvent(
            RunEvent.COMPLETED, "r1", "alice", RunStatus.COMPLETED, T0.plusSeconds(60), null);

    once.publish(failed);
    once.publish(failed); // the same stream record again
    once.publish(completed); // after the dead shard was redriven
    once.publish(completed);
    assertThat(calls).containsExactly("sns", "eventbridge", "sns", "eventbridge");
  }
}
