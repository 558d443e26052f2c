package dev.archsim.engine.component;

import dev.archsim.engine.model.Faults;

/**
 * A component's part of one trial's request path (edge, entry, compute, cache, queue, database,
 * with region failover around them): its state, the infrastructure events that change it, and what
 * it bills each traffic step. The engine calls these in path order; a stage reaches the trial only
 * through the {@link TrialContext} it was made with.
 */
public interface PathStage {
  /**
   * True while its state changes continuously between events (a node warming), so the engine must
   * step the traffic rather than integrate a quiet stretch in one segment.
   */
  default boolean varies() {
    return false;
  }

  /** Every node of the stage in AZ {@code az} (an index into the architecture's AZs) is lost. */
  default void azDown(int az, double now) {}

  /** AZ {@code az} is back. */
  default void azUp(int az, double now) {}

  /** An owned scheduled fault ({@link Component#owns}) happens now. */
  default void inject(Faults.ScheduledFault f, double now) {}

  /**
   * Adds what the stage costs over a traffic step of {@code dt} seconds, with {@code offeredRate}
   * requests per second offered to the system, to the trial's ledger.
   */
  default void bill(double dt, double offeredRate) {}

  /**
   * {@link #bill(double, double)} for the traffic step starting at {@code a}: what the engine
   * calls. A stage whose cost depends on when (a standby region growing during a failover)
   * overrides this one.
   */
  default void bill(double a, double dt, double offeredRate) {
    bill(dt, offeredRate);
  }

  /** Closes what is still open at the horizon (a recovery still running is counted as is). */
  default void finish(double horizon) {}
}
