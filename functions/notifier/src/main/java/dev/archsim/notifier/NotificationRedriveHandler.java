package dev.archsim.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.run.PublishRunOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The notifier's failure queue: each message is Lambda's on-failure record of a stream batch the
 * notifier could not publish after its retries ({@code DDBStreamBatchInfo}: stream, shard, first
 * and last sequence numbers). The batch is read from the stream again and handed to the notifier,
 * which publishes to each target that has not taken the event yet. A message that still fails is
 * reported and comes back after the queue's visibility timeout, until the queue's own dead-letter
 * queue takes it; the stream keeps the records for 24 hours.
 */
@Named("notification-redrive")
public class NotificationRedriveHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = Logger.getLogger(NotificationRedriveHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamReplay replay;
  private final RunNotifierHandler notifier;

  @Inject
  public NotificationRedriveHandler(StreamReplay replay, PublishRunOutcome publish) {
    this(replay, new RunNotifierHandler(publish));
  }

  public NotificationRedriveHandler(StreamReplay replay, RunNotifierHandler notifier) {
    this.replay = replay;
    this.notifier = notifier;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage m : event.getRecords()) {
      MDC.put("messageId", m.getMessageId());
      try {
        JsonNode batch = JSON.readTree(m.getBody()).path("DDBStreamBatchInfo");
        for (String field :
            new String[] {"streamArn", "shardId", "startSequenceNumber", "endSequenceNumber"}) {
          if (!batch.hasNonNull(field)) {
            throw new IllegalArgumentException(
                "not a DynamoDB stream on-failure record (no DDBStreamBatchInfo." + field + ")");
          }
        }
        DynamodbEvent records = new DynamodbEvent();
        records.setRecords(
            replay.records(
                batch.get("streamArn").asText(),
                batch.get("shardId").asText(),
                batch.get("startSequenceNumber").asText(),
                batch.get("endSequenceNumber").asText()));
        int failed = notifier.handleRequest(records, context).getBatchItemFailures().size();
        if (failed > 0) {
          throw new IllegalStateException("the notifier failed again on the replayed records");
        }
        LOG.infof(
            "replayed %d stream records of %s", records.getRecords().size(), batch.get("shardId"));
      } catch (IOException | RuntimeException e) {
        LOG.errorf(e, "notification redrive %s failed", m.getMessageId());
        failures.add(
            SQSBatchResponse.BatchItemFailure.builder()
                .withItemIdentifier(m.getMessageId())
                .build());
      } finally {
        MDC.clear();
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
