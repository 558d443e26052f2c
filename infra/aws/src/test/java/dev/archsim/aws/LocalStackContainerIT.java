package dev.archsim.aws;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.CompletionPublisherContract;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunStoreContract;
import dev.archsim.core.run.ShardParking;
import dev.archsim.core.run.ShardParkingContract;
import dev.archsim.core.run.ShardQueue;
import dev.archsim.core.run.ShardQueueContract;
import dev.archsim.core.run.ShardTask;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The adapters' contracts against LocalStack in a container. Runs wherever Docker runs and is
 * skipped cleanly where it does not. The image is a pinned 4.x tag that needs no auth token;
 * LOCALSTACK_AUTH_TOKEN is passed through when set.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContainerIT {
  static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

  @Container static final LocalStackContainer LOCALSTACK = localstack();

  private static LocalStackContainer localstack() {
    LocalStackContainer c =
        new LocalStackContainer(IMAGE)
            .withServices(
                LocalStackContainer.Service.DYNAMODB,
                LocalStackContainer.Service.SQS,
                LocalStackContainer.Service.SNS)
            // the default minute to start is not enough on a loaded two-core machine
            .withStartupTimeout(java.time.Duration.ofMinutes(5));
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    return c;
  }

  static AwsSettings settings() {
    return AwsSettings.emulator(LOCALSTACK.getRegion(), LOCALSTACK.getEndpoint());
  }

  @Nested
  class DynamoDb extends RunStoreContract {
    final RunStore store = Emulators.runStore(AwsClients.dynamoDb(settings()));

    @Override
    protected RunStore store() {
      return store;
    }
  }

  @Nested
  class Sqs extends ShardQueueContract {
    final SqsClient sqs = AwsClients.sqs(settings());
    final String url = sqs.createQueue(b -> b.queueName("shards-" + UUID.randomUUID())).queueUrl();

    @Override
    protected ShardQueue queue() {
      return new SqsShardQueue(sqs, url);
    }

    @Override
    protected List<ShardTask> delivered(int expected, Duration timeout) {
      return MotoSupport.drainShards(sqs, url, expected, timeout);
    }
  }

  @Nested
  class Parking extends ShardParkingContract {
    final SqsClient sqs = AwsClients.sqs(settings());
    final String url =
        sqs.createQueue(b -> b.queueName("failed-shards-" + UUID.randomUUID())).queueUrl();

    @Override
    protected ShardParking parking() {
      return new SqsShardParking(sqs, url);
    }

    @Override
    protected List<ShardTask> parked(int expected, Duration timeout) {
      return MotoSupport.drainShards(sqs, url, expected, timeout);
    }
  }

  @Nested
  class Sns extends CompletionPublisherContract {
    final SnsClient sns = AwsClients.sns(settings());
    final SqsClient sqs = AwsClients.sqs(settings());
    final String topicArn = sns.createTopic(b -> b.name("runs-" + UUID.randomUUID())).topicArn();
    final String[] queue = MotoSupport.queue(sqs);

    Sns() {
      sns.subscribe(
          b ->
              b.topicArn(topicArn)
                  .protocol("sqs")
                  .endpoint(queue[1])
                  .attributes(java.util.Map.of("RawMessageDelivery", "true")));
    }

    @Override
    protected CompletionPublisher publisher() {
      return new SnsCompletionPublisher(sns, topicArn);
    }

    @Override
    protected List<RunEvent> received(int expected, Duration timeout) {
      return MotoSupport.receive(sqs, queue[0], expected, timeout, body -> body);
    }
  }
}
