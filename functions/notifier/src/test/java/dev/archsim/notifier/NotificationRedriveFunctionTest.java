package dev.archsim.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.aws.EmulatorResource;
import dev.archsim.aws.MockEventServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged notifier function with its second handler chosen as the template chooses it ({@code
 * QUARKUS_LAMBDA_HANDLER=notification-redrive}), invoked through the Lambda mock event server with
 * events/notifier/notification-failure.json: its stream does not exist in DynamoDB Local, so the
 * message is reported for another try.
 */
@QuarkusTest
@TestProfile(NotificationRedriveFunctionTest.Redrive.class)
@QuarkusTestResource(
    value = EmulatorResource.class,
    initArgs = @ResourceArg(name = "function", value = "notifier"),
    restrictToAnnotatedClass = true)
class NotificationRedriveFunctionTest {

  /** The redrive function's handler. */
  public static class Redrive implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.lambda.handler", "notification-redrive");
    }
  }

  @Test
  void aFailureRecordWhoseStreamCannotBeReadIsReportedForAnotherTry() throws Exception {
    JsonNode answer = MockEventServer.invoke("../../events/notifier/notification-failure.json");
    assertThat(answer.get("batchItemFailures").get(0).get("itemIdentifier").asText())
        .as(answer.toString())
        .isEqualTo("5f8e3f2a-0000-4b6c-9d1e-2f3a4b5c6d7e");
  }
}
