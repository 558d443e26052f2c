package dev.archsim.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.archsim.core.optimize.ReconcileOptimizations;
import dev.archsim.core.run.ReconcileRuns;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The reconciler, invoked by an EventBridge schedule (the worker's zip with this handler chosen by
 * {@code QUARKUS_LAMBDA_HANDLER=run-reconciler}): one {@link ReconcileRuns} pass over the open
 * runs, then one {@link ReconcileOptimizations} pass over the open optimisations without a step for
 * a while, their counts logged and sent as metrics ({@code StuckRuns}, {@code StuckOptimizations}
 * and the rest).
 */
@Named("run-reconciler")
public class RunReconcilerHandler implements RequestHandler<Map<String, Object>, String> {
  private static final Logger LOG = Logger.getLogger(RunReconcilerHandler.class);
  private final ReconcileRuns reconcile;
  private final ReconcileOptimizations optimizations;
  private final ShardMetrics metrics;

  @Inject
  public RunReconcilerHandler(
      ReconcileRuns reconcile, ReconcileOptimizations optimizations, ShardMetrics metrics) {
    this.reconcile = reconcile;
    this.optimizations = optimizations;
    this.metrics = metrics;
  }

  @Override
  public String handleRequest(Map<String, Object> scheduled, Context context) {
    ReconcileRuns.Report r = reconcile.reconcile();
    metrics.reconciled(r);
    ReconcileOptimizations.Report o = optimizations.reconcile();
    metrics.reconciled(o);
    metrics.flush();
    String line = r + " " + o;
    if (r.stuck() > 0 || r.errors() > 0 || o.stuck() > 0 || o.errors() > 0) {
      LOG.warnf("reconciled stuck runs: %s", line);
    } else {
      LOG.infof("no stuck run: %s", line);
    }
    return line;
  }
}
