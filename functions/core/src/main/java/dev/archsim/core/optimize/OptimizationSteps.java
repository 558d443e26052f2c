package dev.archsim.core.optimize;

/**
 * Hands an optimisation's next step to a worker, at least once ({@link RunOptimization#step}: take
 * the search again from the start over the evaluations recorded so far and ask for the next ones).
 * On AWS a message on the shard queue the workers read; locally a thread of the pipeline.
 */
public interface OptimizationSteps {
  /**
   * @throws dev.archsim.core.run.ShardQueueException when the step cannot be handed over
   */
  void enqueue(String optimizationId);
}
