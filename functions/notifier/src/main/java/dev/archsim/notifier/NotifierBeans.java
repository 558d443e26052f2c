package dev.archsim.notifier;

import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import dev.archsim.aws.EventBridgeCompletionPublisher;
import dev.archsim.aws.SnsCompletionPublisher;
import dev.archsim.core.run.CompositeCompletionPublisher;
import dev.archsim.core.run.PublishRunOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/** Wires the notifier to SNS and EventBridge from configuration. */
@ApplicationScoped
public class NotifierBeans {

  @Produces
  @ApplicationScoped
  PublishRunOutcome publishRunOutcome(NotifierConfig c) {
    AwsSettings s = AwsSettings.of(c.region(), c.endpoint());
    return new PublishRunOutcome(
        new CompositeCompletionPublisher(
            List.of(
                new SnsCompletionPublisher(AwsClients.sns(s), c.topicArn()),
                new EventBridgeCompletionPublisher(AwsClients.eventBridge(s), c.eventBusName()))));
  }
}
