package dev.archsim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.EmulatorResource;
import dev.archsim.aws.Emulators;
import dev.archsim.aws.MockEventServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged API function booted by Quarkus (CDI wiring, configuration, SDK clients) against
 * DynamoDB Local and ElasticMQ, invoked through the Lambda mock event server with the sample event.
 */
@QuarkusTest
@QuarkusTestResource(
    value = EmulatorResource.class,
    initArgs = @ResourceArg(name = "function", value = "api"))
class RunsApiFunctionTest {

  @Test
  void theSampleEventSubmitsARunThatLandsInTheTableAndTheQueue() throws Exception {
    JsonNode r = MockEventServer.invoke("../../events/api/post-run.json");
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
}
