package dev.archsim.aws;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.CompletionPublisherContract;
import dev.archsim.core.run.RunEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The publisher contract against EventBridge on moto's server, observed through a rule's queue
 * target.
 */
class EventBridgeCompletionPublisherIT extends CompletionPublisherContract {
  EventBridgeClient events;
  SqsClient sqs;
  String bus;
  String queueUrl;

  @BeforeEach
  void bus() {
    URI moto = MotoSupport.requireMoto();
    events = AwsClients.eventBridge(Emulators.settings(moto));
    sqs = AwsClients.sqs(Emulators.settings(moto));
    bus = "archsim-" + UUID.randomUUID();
    events.createEventBus(b -> b.name(bus));
    String[] q = MotoSupport.queue(sqs);
    queueUrl = q[0];
    events.putRule(
        b -> b.name("all-runs").eventBusName(bus).eventPattern("{\"source\": [\"archsim\"]}"));
    events.putTargets(
        b ->
            b.rule("all-runs")
                .eventBusName(bus)
                .targets(Target.builder().id("q").arn(q[1]).build()));
  }

  @Override
  protected CompletionPublisher publisher() {
    return new EventBridgeCompletionPublisher(events, bus);
  }

  @Override
  protected List<RunEvent> received(int expected, Duration timeout) {
    return MotoSupport.receive(sqs, queueUrl, expected, timeout, MotoSupport.field("detail"));
  }
}
