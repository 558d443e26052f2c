package dev.archsim.aws;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.RunEvent;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes run events to an SNS topic, with the event type as a message attribute for filtering.
 */
public final class SnsCompletionPublisher implements CompletionPublisher {
  private final SnsClient sns;
  private final String topicArn;

  public SnsCompletionPublisher(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(RunEvent event) {
    try {
      sns.publish(
          b ->
              b.topicArn(topicArn)
                  .subject("archsim " + event.type())
                  .message(MessageCodec.runEvent(event))
                  .messageAttributes(
                      Map.of(
                          "type",
                          MessageAttributeValue.builder()
                              .dataType("String")
                              .stringValue(event.type())
                              .build())));
    } catch (SdkException e) {
      throw new PublishException(
          "cannot publish " + event.type() + " to " + topicArn + ": " + e.getMessage(), e);
    }
  }
}
