package dev.archsim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.EmulatorResource;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.MockEventServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged API function booted by Quarkus (CDI wiring, configuration, SDK clients) against
 * DynamoDB Local and ElasticMQ, invoked through the Lambda mock event server with the sample event.
 */
@QuarkusTest
@QuarkusTestResource(
    value = EmulatorResource.class,
    initArgs = @ResourceArg(name = "function", value = "api"))
class RunsApiFunctionTest {
  @jakarta.inject.Inject dev.archsim.core.scenario.ScenarioCodec codec;
  @jakarta.inject.Inject dev.archsim.core.run.SubmitRun submitRun;

  @Test
  void oneScenarioCodecServesTheWholeFunction() {
    // the runs use case parses with the process's one codec (the web app, reports and
    // comparisons reuse the runs use case's), so the schema is compiled once per cold start
    assertThat(submitRun.codec()).isSameAs(codec);
    assertThat(codec.limits().maxWork())
        .isEqualTo(dev.archsim.engine.validate.Limits.DEFAULT_MAX_WORK);
  }

  static final String EVENT = "../../events/api/post-run.json";

  @Test
  void theSampleEventSubmitsARunThatLandsInTheTableAndTheQueue() throws Exception {
    JsonNode r = MockEventServer.invoke(EVENT);
    String response = r.toString();
    assertThat(r.get("statusCode").asInt()).as(response).isEqualTo(202);
    JsonNode body = new ObjectMapper().readTree(r.get("body").asText());
    String runId = body.get("runId").asText();
    assertThat(body.get("shards").asInt()).isEqualTo(1);

    var dynamo = AwsClients.dynamoDb(Emulators.settings(Emulators.dynamoDb()));
    var item =
        dynamo
            .getItem(
                b ->
                    b.tableName(System.getProperty(EmulatorResource.TABLE))
                        .key(
                            java.util.Map.of(
                                "pk",
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                        .fromS("RUN#" + runId),
                                "sk",
                                    software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                        .fromS("RUN"))))
            .item();
    assertThat(item.get("status").s()).isEqualTo("QUEUED");
    assertThat(item.get("owner").s()).isEqualTo("arn:aws:iam::123456789012:user/alice");
    var sqs = AwsClients.sqs(Emulators.settings(Emulators.sqs()));
    var messages =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(System.getProperty(EmulatorResource.QUEUE_URL))
                        .maxNumberOfMessages(10))
            .messages();
    assertThat(messages).singleElement().satisfies(m -> assertThat(m.body()).contains(runId));
  }

  @Test
  void aRunOverTheConfiguredWorkBudgetAnswers400WithTheEstimate(@TempDir Path dir)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode event = (ObjectNode) json.readTree(Files.readString(Path.of(EVENT)));
    ObjectNode body = (ObjectNode) json.readTree(event.get("body").asText());
    ((ObjectNode) body.get("run")).put("trials", 100_000);
    ((ObjectNode) body.get("faults").get("instance")).put("mtbfHours", 0.001);
    event.put("body", body.toString());
    ((ObjectNode) event.get("headers")).put("idempotency-key", "over-budget");
    Path file = dir.resolve("over-budget.json");
    Files.writeString(file, event.toString());
    JsonNode r = MockEventServer.invoke(file.toString());
    assertThat(r.get("statusCode").asInt()).as(r.toString()).isEqualTo(400);
    JsonNode problem = json.readTree(r.get("body").asText()).get("problems").get(0);
    assertThat(problem.get("path").asText()).isEqualTo("$.faults.instance.mtbfHours");
    assertThat(problem.get("message").asText()).contains("over the budget of 5.0e+09");
  }
}
