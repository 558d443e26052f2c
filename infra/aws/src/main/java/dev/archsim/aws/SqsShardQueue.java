package dev.archsim.aws;

import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueException;
import dev.archsim.core.run.ShardTask;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends shard messages to SQS in batches of ten, resending the entries a batch reports failed. Each
 * message carries its run as its {@code MessageGroupId}: on a standard queue that makes the queue
 * an SQS fair queue with one tenant a run, so when a 10 000-shard run holds most of the workers,
 * SQS delivers the shards of quieter runs first and a 1-shard run does not wait behind the big
 * one's backlog (order is not affected: a standard queue keeps no order anyway).
 */
public final class SqsShardQueue implements ShardQueue {
  private static final int BATCH = 10;
  private static final int ATTEMPTS = 3;

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsShardQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void enqueue(List<ShardTask> tasks) {
    for (int from = 0; from < tasks.size(); from += BATCH) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      List<ShardTask> batch = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
      for (int i = 0; i < batch.size(); i++) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(MessageCodec.shardTask(batch.get(i)))
                .messageGroupId(batch.get(i).runId())
                .build());
      }
      send(entries);
    }
  }

  private void send(List<SendMessageBatchRequestEntry> entries) {
    List<SendMessageBatchRequestEntry> pending = entries;
    for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
      SendMessageBatchResponse response;
      try {
        List<SendMessageBatchRequestEntry> batch = pending;
        response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
      } catch (SdkException e) {
        throw new ShardQueueException(
            "cannot send shards to " + queueUrl + ": " + e.getMessage(), e);
      }
      List<String> failedIds = response.failed().stream().map(BatchResultErrorEntry::id).toList();
      pending = pending.stream().filter(e -> failedIds.contains(e.id())).toList();
    }
    if (!pending.isEmpty()) {
      throw new ShardQueueException(
          pending.size() + " shard message(s) could not be sent to " + queueUrl, null);
    }
  }
}
