package dev.archsim.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.archsim.aws.RunItems;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * DynamoDB stream of the runs table: publishes RunCompleted / RunFailed when a run item's status
 * becomes terminal. On a failure it reports that record and stops, so the stream retries from it in
 * order (and, after the retries, sends it to the on-failure destination).
 */
@Named("run-notifier")
public class RunNotifierHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
  private static final Logger LOG = Logger.getLogger(RunNotifierHandler.class);
  private final PublishRunOutcome publish;

  @Inject
  public RunNotifierHandler(PublishRunOutcome publish) {
    this.publish = publish;
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
      var images = r.getDynamodb();
      if (images == null
          || images.getNewImage() == null
          || !StreamImages.isRunItem(images.getNewImage())) {
        continue;
      }
      try {
        RunStatus before = StreamImages.status(images.getOldImage());
        RunRecord after = RunItems.toRecord(StreamImages.toSdk(images.getNewImage()));
        MDC.put("runId", after.runId());
        MDC.put("sequenceNumber", images.getSequenceNumber());
        if (publish.onChange(before, after)) {
          LOG.infof("run %s: %s published", after.runId(), after.status());
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "publishing for stream record %s failed", images.getSequenceNumber());
        return StreamsEventResponse.builder()
            .withBatchItemFailures(
                List.of(
                    StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(images.getSequenceNumber())
                        .build()))
            .build();
      } finally {
        MDC.clear();
      }
    }
    return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
  }
}
