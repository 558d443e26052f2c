package dev.archsim.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.aws.EmulatorResource;
import dev.archsim.aws.MockEventServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged notifier function booted by Quarkus, invoked through the Lambda mock event server
 * with events/notifier/run-completed.json. With moto installed the event is published to SNS and
 * EventBridge on moto; without it the publish fails and the record must be reported for retry.
 */
@QuarkusTest
@QuarkusTestResource(
    value = EmulatorResource.class,
    initArgs = @ResourceArg(name = "function", value = "notifier"))
class RunNotifierFunctionTest {

  @Test
  void theSampleStreamRecordIsPublishedOrReportedForRetry() throws Exception {
    JsonNode answer = MockEventServer.invoke("../../events/notifier/run-completed.json");
    String response = answer.toString();
    var failures = answer.get("batchItemFailures");
    if (dev.archsim.aws.Emulators.moto().isPresent()) {
      assertThat(failures).as(response).isEmpty();
    } else {
      assertThat(failures.get(0).get("itemIdentifier").asText())
          .isEqualTo("111100000000012345678901");
    }
  }
}
