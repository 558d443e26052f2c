package dev.archsim.worker;

import dev.archsim.core.run.ProcessShard;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Primes the worker during the function's initialisation when that initialisation happens ahead of
 * the first event: with SnapStart (Lambda snapshots the initialised JVM when a version is published
 * and restores it for each new execution environment) and with provisioned concurrency. The shard
 * path is taken once on a run that does not exist ({@link ProcessShard#warmUp}), so the restored
 * worker finds the AWS SDK, the engine, the codecs and the metrics' serialisation loaded instead of
 * loading them while its first shard waits. An on-demand initialisation is not primed: there it
 * would only move the same work in front of the same first event. A failed warm-up is logged and
 * never fails the function.
 */
@ApplicationScoped
public class WarmUpAtInit {
  private static final Logger LOG = Logger.getLogger(WarmUpAtInit.class);

  /** What {@code archsim.warm-up} accepts. */
  public enum Mode {
    /** Warm up when Lambda initialises ahead of the first event (SnapStart, provisioned). */
    AUTO,
    ALWAYS,
    NEVER
  }

  /**
   * @param initializationType Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE} ({@code on-demand},
   *     {@code provisioned-concurrency} or {@code snap-start}); null outside Lambda
   */
  public static boolean warmsUp(Mode mode, String initializationType) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO ->
          "snap-start".equals(initializationType)
              || "provisioned-concurrency".equals(initializationType);
    };
  }

  void onStart(
      @Observes StartupEvent start,
      WorkerConfig config,
      ProcessShard processShard,
      ShardMetrics metrics) {
    String type = System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE");
    if (!warmsUp(config.warmUp(), type)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      var recorded = processShard.warmUp();
      metrics.warmUp();
      LOG.infof(
          "warmed up for %s initialisation in %d ms (%s)",
          type, (System.nanoTime() - t0) / 1_000_000, recorded);
    } catch (RuntimeException e) {
      LOG.warnf(e, "warm-up failed; the first shard will load what it needs");
    }
  }
}
