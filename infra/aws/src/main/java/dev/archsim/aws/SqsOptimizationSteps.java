package dev.archsim.aws;

import dev.archsim.core.optimize.OptimizationSteps;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ShardQueueException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An optimisation's step as a message on the shard queue ({@link MessageCodec#optimizationStep}):
 * the workers that simulate its evaluations take its steps too. Its {@code MessageGroupId} is the
 * optimisation, so on the fair queue its steps do not wait behind a big run's shards.
 */
public final class SqsOptimizationSteps implements OptimizationSteps {
  private final SqsClient sqs;
  private final String queueUrl;

  public SqsOptimizationSteps(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void enqueue(String optimizationId) {
    try {
      sqs.sendMessage(
          b ->
              b.queueUrl(queueUrl)
                  .messageBody(MessageCodec.optimizationStep(optimizationId))
                  .messageGroupId(optimizationId));
    } catch (SdkException e) {
      throw new ShardQueueException(
          "cannot send the step of optimization " + optimizationId + ": " + e.getMessage(), e);
    }
  }
}
