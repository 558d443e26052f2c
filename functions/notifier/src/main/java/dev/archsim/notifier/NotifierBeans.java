package dev.archsim.notifier;

import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.EventBridgeCompletionPublisher;
import dev.archsim.aws.SnsCompletionPublisher;
import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.EachTargetOnce;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wires the notifier to SNS and EventBridge from configuration; the runs table remembers which of
 * them each run's event reached.
 */
@ApplicationScoped
public class NotifierBeans {

  @Produces
  @ApplicationScoped
  PublishRunOutcome publishRunOutcome(NotifierConfig c) {
    AwsSettings s = AwsSettings.of(c.region(), c.endpoint());
    RunStore store =
        new DynamoDbRunStore(
            AwsClients.dynamoDb(AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))),
            c.table(),
            Duration.ZERO); // writes no shard results
    Map<String, CompletionPublisher> targets = new LinkedHashMap<>();
    targets.put("sns", new SnsCompletionPublisher(AwsClients.sns(s), c.topicArn()));
    targets.put(
        "eventbridge",
        new EventBridgeCompletionPublisher(AwsClients.eventBridge(s), c.eventBusName()));
    return new PublishRunOutcome(new EachTargetOnce(store, targets));
  }

  /** Built on the first redrive only (the stream notifier never reads the stream itself). */
  @Produces
  @ApplicationScoped
  StreamReplay streamReplay(NotifierConfig c) {
    return new StreamReplay(
        AwsClients.dynamoDbStreams(
            AwsSettings.of(c.region(), c.dynamodbEndpoint().or(c::endpoint))));
  }
}
