package dev.archsim.core.run;

import java.time.Clock;

/** Mark a run FAILED, e.g. when one of its shards ended in the dead-letter queue. */
public final class FailRun {
  private final RunStore store;
  private final Clock clock;

  public FailRun(RunStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public boolean fail(String runId, String reason) {
    return store.fail(runId, reason, clock.instant());
  }
}
