package dev.archsim.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.ShardQueueException;
import dev.archsim.core.run.ShardTask;
import dev.archsim.engine.sim.Shard;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SQS (ElasticMQ) and SNS (moto) failing in front of the adapters, through a proxy that answers
 * with a service error before forwarding: a few errors are retried with backoff by the SDK and
 * nothing is lost or doubled; past the retries the caller gets the error (the API answers 5xx and
 * its client retries with the Idempotency-Key; the notifier reports the record for the stream to
 * retry) instead of it being swallowed.
 */
class ServiceErrorsIT {

  static List<ShardTask> tasks(String runId, int n) {
    List<ShardTask> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ShardTask.of(runId, new Shard(i, 0, i, i + 1)));
    }
    return out;
  }

  static Set<String> drain(SqsClient sqs, String url) {
    Set<String> bodies = new HashSet<>();
    int total = 0;
    for (int empty = 0; empty < 2; ) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      empty += batch.isEmpty() ? 1 : 0;
      total += batch.size();
      batch.forEach(m -> bodies.add(m.body()));
    }
    assertThat(total).as("messages, duplicates included").isEqualTo(bodies.size());
    return bodies;
  }

  @Test
  void sqsErrorsAreRetriedAndEveryShardIsSentOnce() {
    URI elasticmq = Emulators.sqs();
    SqsClient direct = AwsClients.sqs(Emulators.settings(elasticmq));
    String url = direct.createQueue(b -> b.queueName("faults-" + UUID.randomUUID())).queueUrl();
    try (FaultProxy proxy =
        FaultProxy.json(
            elasticmq, 500, "com.amazonaws.sqs#InternalError", "We encountered an error.")) {
      SqsShardQueue queue =
          new SqsShardQueue(AwsClients.sqs(Emulators.settings(proxy.endpoint())), url);
      String runId = UUID.randomUUID().toString();
      proxy.failNext.set(2);
      queue.enqueue(tasks(runId, 24));
      assertThat(proxy.failed.get()).isEqualTo(2);
      assertThat(drain(direct, url)).hasSize(24);

      proxy.failNext.set(100);
      assertThatThrownBy(() -> queue.enqueue(tasks(runId, 5)))
          .isInstanceOf(ShardQueueException.class);
      assertThat(proxy.failed.get()).isBetween(4, 12);
      proxy.failNext.set(0);
      assertThat(drain(direct, url)).isEmpty();
    }
  }

  @Test
  void snsErrorsAreRetriedAndTheEventIsPublishedOnce() {
    URI moto = MotoSupport.requireMoto();
    SnsClient directSns = AwsClients.sns(Emulators.settings(moto));
    SqsClient sqs = AwsClients.sqs(Emulators.settings(moto));
    String topic = directSns.createTopic(b -> b.name("faults-" + UUID.randomUUID())).topicArn();
    String[] q = MotoSupport.queue(sqs);
    directSns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q[1]));
    try (FaultProxy proxy =
        FaultProxy.query(moto, 500, "InternalFailure", "The service is unavailable.")) {
      SnsCompletionPublisher publisher =
          new SnsCompletionPublisher(AwsClients.sns(Emulators.settings(proxy.endpoint())), topic);
      RunEvent event =
          new RunEvent(
              RunEvent.COMPLETED,
              UUID.randomUUID().toString(),
              "alice",
              RunStatus.COMPLETED,
              Instant.parse("2026-11-23T00:00:00Z"),
              null);
      proxy.failNext.set(2);
      publisher.publish(event);
      assertThat(proxy.failed.get()).isEqualTo(2);

      proxy.failNext.set(100);
      assertThatThrownBy(() -> publisher.publish(event)).isInstanceOf(PublishException.class);
      proxy.failNext.set(0);
      // waits for a second copy, which must not come
      List<RunEvent> got =
          MotoSupport.receive(sqs, q[0], 2, Duration.ofSeconds(5), MotoSupport.field("Message"));
      assertThat(got)
          .singleElement()
          .satisfies(e -> assertThat(e.runId()).isEqualTo(event.runId()));
    }
  }
}
