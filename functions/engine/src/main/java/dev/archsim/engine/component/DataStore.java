package dev.archsim.engine.component;

/**
 * The data tier at the end of the request path (RDS, Aurora, DynamoDB): the dynamic requests reach
 * it after the cache and the queue; it fails those whose queries it cannot serve (writer down,
 * saturated, throttled) and sets the time its queries add to the others.
 */
public interface DataStore extends PathStage {
  /**
   * The dynamic requests offered at {@code rate} per second over [a, a + dt) query the data tier:
   * the reads the cache answers go to it first ({@code cache} may be null), a share {@code
   * queuedWrites} of the writes goes through a queue instead, and the queue's consumers add {@code
   * consumerWrites} writes per second. Fails the requests it cannot serve with their cause and
   * returns the rate that goes on.
   */
  double serve(
      double a,
      double dt,
      double rate,
      ReadCache cache,
      double queuedWrites,
      double consumerWrites);

  /**
   * The time the data tier adds to a dynamic request in the last step served, in ms (the cache's
   * hits, the reads that miss it and the synchronous writes, each with its wait).
   */
  double latencyMs();

  /** The writer fails now (a crash, or a reboot with failover); nothing for a serverless table. */
  void writerFails(double now);

  /** True while the data tier accepts writes (a queue's consumers write only then). */
  boolean acceptsWrites();

  /**
   * A disaster-recovery region keeps a standby of the data tier for {@code dt} seconds: bills its
   * replica (RDS and Aurora) and the writes replicated to it.
   */
  void standbyIn(String region, double dt);
}
