package dev.archsim.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.archsim.core.run.PublishException;
import dev.archsim.core.run.PublishRunOutcome;
import dev.archsim.core.run.RunEvent;
import dev.archsim.core.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notifier handler driven by events/notifier/run-completed.json. */
class RunNotifierHandlerTest {
  final List<RunEvent> published = new ArrayList<>();
  final RunNotifierHandler handler = new RunNotifierHandler(new PublishRunOutcome(published::add));

  static DynamodbEvent completed() {
    return EventLoader.loadDynamoDbEvent("../../events/notifier/run-completed.json");
  }

  @Test
  void aRunBecomingCompletedIsPublishedOnce() {
    StreamsEventResponse r = handler.handleRequest(completed(), null);
    assertThat(r.getBatchItemFailures()).isEmpty();
    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(RunEvent.COMPLETED);
              assertThat(e.runId()).isEqualTo("00000000-0000-0000-0000-000000000000");
              assertThat(e.owner()).isEqualTo("arn:aws:iam::123456789012:user/alice");
              assertThat(e.status()).isEqualTo(RunStatus.COMPLETED);
            });
  }

  @Test
  void changesThatAreNotATransitionToATerminalStatusPublishNothing() {
    DynamodbEvent e = completed();
    e.getRecords()
        .get(0)
        .getDynamodb()
        .getOldImage()
        .put("status", new AttributeValue().withS("COMPLETED"));
    DynamodbEvent progress = completed();
    progress
        .getRecords()
        .get(0)
        .getDynamodb()
        .getNewImage()
        .put("status", new AttributeValue().withS("AGGREGATING"));
    progress
        .getRecords()
        .get(0)
        .getDynamodb()
        .getOldImage()
        .put("status", new AttributeValue().withS("QUEUED"));
    DynamodbEvent shard = completed();
    shard
        .getRecords()
        .get(0)
        .getDynamodb()
        .getNewImage()
        .put("sk", new AttributeValue().withS("SHARD#000001"));
    handler.handleRequest(e, null);
    handler.handleRequest(progress, null);
    handler.handleRequest(shard, null);
    assertThat(published).isEmpty();
  }

  @Test
  void aFailedPublishReportsTheRecordSoTheStreamRetriesIt() {
    RunNotifierHandler failing =
        new RunNotifierHandler(
            new PublishRunOutcome(
                ev -> {
                  throw new PublishException("SNS is down", null);
                }));
    StreamsEventResponse r = failing.handleRequest(completed(), null);
    assertThat(r.getBatchItemFailures())
        .singleElement()
        .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("111100000000012345678901"));
  }
}
