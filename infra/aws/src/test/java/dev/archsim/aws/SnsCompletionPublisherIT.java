package dev.archsim.aws;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.CompletionPublisherContract;
import dev.archsim.core.run.RunEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The publisher contract against SNS on moto's server, observed through a subscribed queue. */
class SnsCompletionPublisherIT extends CompletionPublisherContract {
  SnsClient sns;
  SqsClient sqs;
  String topicArn;
  String queueUrl;

  @BeforeEach
  void topic() {
    URI moto = MotoSupport.requireMoto();
    sns = AwsClients.sns(Emulators.settings(moto));
    sqs = AwsClients.sqs(Emulators.settings(moto));
    topicArn = sns.createTopic(b -> b.name("runs-" + UUID.randomUUID())).topicArn();
    String[] q = MotoSupport.queue(sqs);
    queueUrl = q[0];
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(q[1]));
  }

  @Override
  protected CompletionPublisher publisher() {
    return new SnsCompletionPublisher(sns, topicArn);
  }

  @Override
  protected List<RunEvent> received(int expected, Duration timeout) {
    return MotoSupport.receive(sqs, queueUrl, expected, timeout, MotoSupport.field("Message"));
  }
}
