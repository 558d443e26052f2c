package dev.archsim.worker;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The worker's metrics in CloudWatch embedded metric format through Powertools for AWS Lambda
 * (namespace from {@code POWERTOOLS_METRICS_NAMESPACE}, service from {@code
 * POWERTOOLS_SERVICE_NAME}): shards recorded, duplicates and skips, simulated trials, shard time,
 * failures and failed runs. Flushed once per invocation.
 */
public final class PowertoolsShardMetrics implements ShardMetrics {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(PowertoolsShardMetrics.class);
  private final Metrics metrics = MetricsFactory.getMetricsInstance();
  private boolean any;

  public PowertoolsShardMetrics() {
    String namespace = System.getenv("POWERTOOLS_METRICS_NAMESPACE");
    metrics.setNamespace(namespace == null || namespace.isBlank() ? "archsim" : namespace);
  }

  @Override
  public synchronized void shard(String outcome, int trials, long millis) {
    metrics.addMetric("Shards" + camel(outcome), 1, MetricUnit.COUNT);
    metrics.addMetric("SimulatedTrials", trials, MetricUnit.COUNT);
    metrics.addMetric("ShardDuration", millis, MetricUnit.MILLISECONDS);
    any = true;
  }

  @Override
  public synchronized void failure() {
    metrics.addMetric("ShardFailures", 1, MetricUnit.COUNT);
    any = true;
  }

  @Override
  public synchronized void runFailed() {
    metrics.addMetric("RunsFailed", 1, MetricUnit.COUNT);
    any = true;
  }

  @Override
  public synchronized void flush() {
    if (any) {
      any = false;
      try {
        metrics.flush();
      } catch (RuntimeException e) {
        // metrics must never fail a shard: the work is done and recorded
        LOG.warnf(e, "could not flush metrics");
      }
    }
  }

  private static String camel(String outcome) {
    String lower = outcome.toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
