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

  @org.junit.jupiter.api.Test
  void eachMessageCarriesItsRunAsItsMessageGroupSoAFairQueueTellsRunsApart() {
    String big = UUID.randomUUID().toString();
    String small = UUID.randomUUID().toString();
    queue()
        .enqueue(
            List.of(
                new ShardTask(big, 0, 0, 0, 1),
                new ShardTask(big, 1, 0, 1, 2),
                new ShardTask(small, 0, 0, 0, 1)));
    java.util.Map<String, String> groups = new java.util.HashMap<>();
    for (int empty = 0; empty < 2 && groups.size() < 3; ) {
      var got =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(
                              software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName
                                  .MESSAGE_GROUP_ID))
              .messages();
      empty += got.isEmpty() ? 1 : 0;
      for (var m : got) {
        ShardTask t = dev.archsim.core.run.MessageCodec.shardTask(m.body());
        groups.put(
            t.runId() + "/" + t.shardIndex(),
            m.attributes()
                .get(
                    software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName
                        .MESSAGE_GROUP_ID));
      }
    }
    org.assertj.core.api.Assertions.assertThat(groups)
        .containsEntry(big + "/0", big)
        .containsEntry(big + "/1", big)
        .containsEntry(small + "/0", small);
  }
}
