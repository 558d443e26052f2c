package dev.archsim.aws;

import dev.archsim.core.run.CompletionPublisher;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.RunEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Puts run events on an EventBridge bus: source "archsim", detail-type the event type. */
public final class EventBridgeCompletionPublisher implements CompletionPublisher {
  public static final String SOURCE = "archsim";

  private final EventBridgeClient events;
  private final String busName;

  public EventBridgeCompletionPublisher(EventBridgeClient events, String busName) {
    this.events = events;
    this.busName = busName;
  }

  @Override
  public void publish(RunEvent event) {
    PutEventsResponse response;
    try {
      response =
          events.putEvents(
              b ->
                  b.entries(
                      PutEventsRequestEntry.builder()
                          .eventBusName(busName)
                          .source(SOURCE)
                          .detailType(event.type())
                          .detail(MessageCodec.runEvent(event))
                          .build()));
    } catch (SdkException e) {
      throw new PublishException(
          "cannot put " + event.type() + " on bus " + busName + ": " + e.getMessage(), e);
    }
    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
      var entry = response.entries().get(0);
      throw new PublishException(
          "bus "
              + busName
              + " refused "
              + event.type()
              + ": "
              + entry.errorCode()
              + " "
              + entry.errorMessage(),
          null);
    }
  }
}
