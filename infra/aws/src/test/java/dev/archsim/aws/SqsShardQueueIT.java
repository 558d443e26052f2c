package dev.archsim.aws;

import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueContract;
import dev.archsim.core.run.ShardTask;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    return MotoSupport.drainShards(sqs, url, expected, timeout);
  }
}
