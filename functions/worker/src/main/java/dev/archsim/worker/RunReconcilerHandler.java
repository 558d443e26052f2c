package dev.archsim.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.archsim.core.run.ReconcileRuns;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The reconciler, invoked by an EventBridge schedule (the worker's zip with this handler chosen by
 * {@code QUARKUS_LAMBDA_HANDLER=run-reconciler}): one {@link ReconcileRuns} pass over the open
 * runs, its counts logged and sent as metrics ({@code StuckRuns} and the rest).
 */
@Named("run-reconciler")
public class RunReconcilerHandler implements RequestHandler<Map<String, Object>, String> {
  private static final Logger LOG = Logger.getLogger(RunReconcilerHandler.class);
  private final ReconcileRuns reconcile;
  private final ShardMetrics metrics;

  @Inject
  public RunReconcilerHandler(ReconcileRuns reconcile, ShardMetrics metrics) {
    this.reconcile = reconcile;
    this.metrics = metrics;
  }

  @Override
  public String handleRequest(Map<String, Object> scheduled, Context context) {
    ReconcileRuns.Report r = reconcile.reconcile();
    metrics.reconciled(r);
    metrics.flush();
    String line = r.toString();
    if (r.stuck() > 0 || r.errors() > 0) {
      LOG.warnf("reconciled stuck runs: %s", line);
    } else {
      LOG.infof("no stuck run: %s", line);
    }
    return line;
  }
}
