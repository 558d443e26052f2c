package dev.archsim.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
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
  private final String namespace;
  private boolean any;

  public PowertoolsShardMetrics() {
    String configured = System.getenv("POWERTOOLS_METRICS_NAMESPACE");
    namespace = configured == null || configured.isBlank() ? "archsim" : configured;
    metrics.setNamespace(namespace);
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

  /**
   * {@code StuckRuns}: the runs a reconciler pass had to move (an alarm on it above 0 tells that
   * runs got stuck); {@code RunsReenqueued}, {@code RunsCompletedByReconciler}, {@code
   * RunsFailedByReconciler}, {@code ReconcileErrors}, {@code RunsExamined}.
   */
  @Override
  public synchronized void reconciled(dev.archsim.core.run.ReconcileRuns.Report r) {
    metrics.addMetric(STUCK_RUNS, r.stuck(), MetricUnit.COUNT);
    metrics.addMetric("RunsExamined", r.examined(), MetricUnit.COUNT);
    metrics.addMetric("RunsReenqueued", r.enqueued() + r.requeued(), MetricUnit.COUNT);
    metrics.addMetric("RunsCompletedByReconciler", r.completed(), MetricUnit.COUNT);
    metrics.addMetric("RunsFailedByReconciler", r.failed(), MetricUnit.COUNT);
    metrics.addMetric("ReconcileErrors", r.errors(), MetricUnit.COUNT);
    any = true;
  }

  /**
   * {@code StuckOptimizations}: the optimisations whose step a pass asked for again, plus the
   * evaluation runs whose expired shards it enqueued again or failed; {@code
   * OptimizationsRedriven}, {@code OptimizationsExamined}, {@code OptimizationReconcileErrors}.
   */
  @Override
  public synchronized void reconciled(dev.archsim.core.optimize.ReconcileOptimizations.Report r) {
    metrics.addMetric(STUCK_OPTIMIZATIONS, r.stuck(), MetricUnit.COUNT);
    metrics.addMetric("OptimizationsExamined", r.examined(), MetricUnit.COUNT);
    metrics.addMetric("OptimizationsRedriven", r.redriven(), MetricUnit.COUNT);
    metrics.addMetric("OptimizationReconcileErrors", r.errors(), MetricUnit.COUNT);
    any = true;
  }

  /** The metric of optimisations (and their evaluations) the reconciler found stuck. */
  public static final String STUCK_OPTIMIZATIONS = "StuckOptimizations";

  /**
   * The metric of runs the reconciler found stuck (namespace archsim, service archsim-reconciler).
   */
  public static final String STUCK_RUNS = "StuckRuns";

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

  /**
   * Serialises an embedded-metric document like the ones a flush writes, and drops it: Powertools
   * writes through this library, whose first serialisation (Jackson introspecting its model) is
   * most of a first flush's cost. Nothing is written and nothing recorded is touched.
   *
   * @return the document that was built (for tests)
   */
  String warmUpDocument() {
    MetricsContext context = new MetricsContext();
    context.setNamespace(namespace);
    context.putDimension("Service", "warm-up");
    context.putMetric("ShardsRecorded", 1, Unit.COUNT);
    context.putMetric("ShardDuration", 1, Unit.MILLISECONDS);
    try {
      return String.join("\n", context.serialize());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise a metrics document", e);
    }
  }

  @Override
  public void warmUp() {
    warmUpDocument();
  }

  private static String camel(String outcome) {
    String lower = outcome.toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
