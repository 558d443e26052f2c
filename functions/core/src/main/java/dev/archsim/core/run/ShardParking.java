package dev.archsim.core.run;

/**
 * Keeps the shards that went to the dead-letter queue, so that an operator can redrive them onto
 * the shard queue once the fault is fixed (on AWS an SQS queue configured as a dead-letter queue,
 * which {@code aws sqs start-message-move-task} moves back).
 */
public interface ShardParking {
  /**
   * Keeps {@code task} (at least once) with why it was parked.
   *
   * @throws ShardQueueException when it cannot be kept
   */
  void park(ShardTask task, String reason);
}
