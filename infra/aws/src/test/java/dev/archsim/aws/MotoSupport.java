package dev.archsim.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.RunEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Observing SNS and EventBridge deliveries on moto: a queue on moto's own SQS subscribed to the
 * topic (or targeted by a rule on the bus) receives what was published.
 */
public final class MotoSupport {
  private MotoSupport() {}

  /** moto's endpoint; skips the calling test when moto is not installed. */
  public static URI requireMoto() {
    var moto = Emulators.moto();
    assumeTrue(
        moto.isPresent(), "moto_server not found: install it with pip install \"moto[server]\"");
    return moto.get();
  }

  /** A fresh queue on moto's SQS; returns {url, arn}. */
  public static String[] queue(SqsClient sqs) {
    String url = sqs.createQueue(b -> b.queueName("observe-" + UUID.randomUUID())).queueUrl();
    String arn =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    return new String[] {url, arn};
  }

  /** Unwraps one field of a delivered envelope: "Message" of SNS, "detail" of EventBridge. */
  public static Function<String, String> field(String name) {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    return body -> {
      try {
        var n = json.readTree(body).get(name);
        return n.isTextual() ? n.asText() : n.toString();
      } catch (Exception e) {
        throw new IllegalStateException("no " + name + " in " + body, e);
      }
    };
  }

  /** Receives and deletes shard messages until {@code expected} arrived or the timeout. */
  public static List<dev.archsim.core.run.ShardTask> drainShards(
      SqsClient sqs, String url, int expected, Duration timeout) {
    List<dev.archsim.core.run.ShardTask> got = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (Message m :
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(expected == 0 ? 0 : 1))
              .messages()) {
        got.add(MessageCodec.shardTask(m.body()));
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
    } while (got.size() < expected && System.nanoTime() < deadline);
    return got;
  }

  /**
   * Receives until {@code expected} events arrived or the timeout; {@code unwrap} extracts the
   * event JSON.
   */
  public static List<RunEvent> receive(
      SqsClient sqs, String url, int expected, Duration timeout, Function<String, String> unwrap) {
    List<RunEvent> got = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (got.size() < expected && System.nanoTime() < deadline) {
      for (Message m :
          sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        got.add(MessageCodec.runEvent(unwrap.apply(m.body())));
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
    }
    return got;
  }
}
