package dev.archsim.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link CompletionPublisher} adapter must do. */
public abstract class CompletionPublisherContract {

  /**
   * How long what is sent may take to arrive: the wait ends as soon as it has, so this is only
   * reached when something is truly lost, and generous for an emulator on a loaded machine.
   */
  protected static final Duration ARRIVAL = Duration.ofMinutes(2);

  protected abstract CompletionPublisher publisher();

  /** Events that reached the far side, waiting until {@code expected} arrived or the timeout. */
  protected abstract List<RunEvent> received(int expected, Duration timeout) throws Exception;

  @Test
  void completedAndFailedEventsArriveWithTheirFields() throws Exception {
    Instant at = Instant.parse("2026-11-23T10:15:30Z");
    RunEvent done =
        new RunEvent(
            RunEvent.COMPLETED,
            UUID.randomUUID().toString(),
            "alice",
            RunStatus.COMPLETED,
            at,
            null);
    RunEvent failed =
        new RunEvent(
            RunEvent.FAILED,
            UUID.randomUUID().toString(),
            "bob",
            RunStatus.FAILED,
            at,
            "shard 3 failed");
    publisher().publish(done);
    publisher().publish(failed);
    assertThat(received(2, ARRIVAL)).containsExactlyInAnyOrder(done, failed);
  }
}
