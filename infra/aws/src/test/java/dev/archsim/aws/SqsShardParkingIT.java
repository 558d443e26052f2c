package dev.archsim.aws;

import dev.archsim.core.run.ShardParking;
import dev.archsim.core.run.ShardParkingContract;
import dev.archsim.core.run.ShardTask;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The shard parking contract against ElasticMQ running in this JVM. */
class SqsShardParkingIT extends ShardParkingContract {
  SqsClient sqs;
  String url;

  @BeforeEach
  void queue_() {
    sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    url = sqs.createQueue(b -> b.queueName("failed-shards-" + UUID.randomUUID())).queueUrl();
  }

  @Override
  protected ShardParking parking() {
    return new SqsShardParking(sqs, url);
  }

  @Override
  protected List<ShardTask> parked(int expected, Duration timeout) {
    return MotoSupport.drainShards(sqs, url, expected, timeout);
  }
}
