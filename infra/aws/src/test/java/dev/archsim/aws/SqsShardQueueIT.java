package dev.archsim.aws;

import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueContract;
import dev.archsim.core.run.ShardTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The shard queue contract against ElasticMQ running in this JVM. */
class SqsShardQueueIT extends ShardQueueContract {
  SqsClient sqs;
  String url;

  @BeforeEach
  void queue_() {
    sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    url = sqs.createQueue(b -> b.queueName("shards-" + UUID.randomUUID())).queueUrl();
  }

  @Override
  protected ShardQueue queue() {
    return new SqsShardQueue(sqs, url);
  }

  @Override
  protected List<ShardTask> delivered(int expected, Duration timeout) {
    List<ShardTask> got = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      List<Message> messages =
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(expected == 0 ? 0 : 1)).messages();
      for (Message m : messages) {
        got.add(MessageCodec.shardTask(m.body()));
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
    } while (got.size() < expected && System.nanoTime() < deadline);
    return got;
  }
}
