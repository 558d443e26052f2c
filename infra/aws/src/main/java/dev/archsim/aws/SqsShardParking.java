package dev.archsim.aws;

import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ShardParking;
import dev.archsim.core.run.ShardQueueException;
import dev.archsim.core.run.ShardTask;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Parks dead-lettered shards on an SQS queue (the template's FailedShardQueue, configured as the
 * dead-letter queue of the shard DLQ so that {@code aws sqs start-message-move-task} can move its
 * messages back onto the shard queue). The message is the shard message itself, so a redrive
 * delivers it to the worker unchanged; the reason rides as a message attribute.
 */
public final class SqsShardParking implements ShardParking {
  public static final String REASON = "reason";

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsShardParking(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void park(ShardTask task, String reason) {
    try {
      sqs.sendMessage(
          b ->
              b.queueUrl(queueUrl)
                  .messageBody(MessageCodec.shardTask(task))
                  .messageAttributes(
                      Map.of(
                          REASON,
                          MessageAttributeValue.builder()
                              .dataType("String")
                              .stringValue(reason)
                              .build())));
    } catch (SdkException e) {
      throw new ShardQueueException(
          "cannot park shard " + task.shardIndex() + " on " + queueUrl + ": " + e.getMessage(), e);
    }
  }
}
