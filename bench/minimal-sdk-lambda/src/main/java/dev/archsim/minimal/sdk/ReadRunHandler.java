package dev.archsim.minimal.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.AwsSettings;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads each message's run item from the runs table with the functions' SDK client, doing nothing
 * else: the cold start of a Quarkus lambda that makes one DynamoDB request.
 */
@Named("read-run")
public class ReadRunHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private DynamoDbClient dynamo;

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    if (dynamo == null) {
      String endpoint = System.getenv("ARCHSIM_DYNAMODB_ENDPOINT");
      dynamo =
          AwsClients.dynamoDb(
              AwsSettings.of(
                  System.getenv().getOrDefault("AWS_REGION", "us-east-1"),
                  Optional.ofNullable(endpoint).filter(e -> !e.isBlank()).map(URI::create)));
    }
    String table = System.getenv().getOrDefault("RUNS_TABLE", "archsim-runs");
    for (SQSEvent.SQSMessage m : event.getRecords()) {
      String runId;
      try {
        runId = JSON.readTree(m.getBody()).get("runId").asText();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("RUN#" + runId), "sk", AttributeValue.fromS("RUN"));
      if (!dynamo.getItem(b -> b.tableName(table).key(key)).hasItem()) {
        throw new IllegalStateException("no run " + runId + " in " + table);
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
  }
}
