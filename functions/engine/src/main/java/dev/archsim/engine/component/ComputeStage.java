package dev.archsim.engine.component;

/**
 * The compute stage of the path when a component provides it (Lambda behind API Gateway): it serves
 * the requests that reach it, after the edge and before the data tier has set their fixed
 * latencies.
 */
public interface ComputeStage extends PathStage {
  /**
   * Sets up the stage before the first traffic step (e.g. environments warm for the start rate).
   */
  void start();

  /** Serves {@code rate} requests per second over [a, b): answered, throttled or timed out. */
  void serve(double a, double b, double rate);

  /** Units serving now (instances, execution environments in use), for the node-count summary. */
  int inService();

  /**
   * Mean units busy over the last step, unrounded: for Lambda the concurrent executions, arrival
   * rate × duration (Little's law) up to the environments there are; {@link #inService()} rounds it
   * up to whole environments.
   */
  default double concurrency() {
    return inService();
  }
}
