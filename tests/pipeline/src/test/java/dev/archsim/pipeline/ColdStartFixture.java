package dev.archsim.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.aws.AwsClients;
import dev.archsim.aws.DynamoDbRunStore;
import dev.archsim.aws.Emulators;
import dev.archsim.core.run.MessageCodec;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.ShardTask;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.ShardPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The outside world of {@code bench/coldstart.sh}, in its own JVM so the measured JVMs start alone:
 * DynamoDB Local with a runs table holding {@code N} QUEUED runs of the library's WhatIsTheTime
 * scenario, and for each an SQS event carrying its first shard (one trial), written as {@code
 * DIR/event-i.json}; {@code DIR/env} holds the endpoint and table. Runs until killed.
 */
public final class ColdStartFixture {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    String json = Files.readString(Path.of("../../events/scenarios/whatisthetime.json"));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode doc = (ObjectNode) mapper.readTree(json);
    ((ObjectNode) doc.get("run")).put("trials", 2);
    Scenario scenario = new ScenarioCodec().parseTree(doc).orThrow();
    List<Shard> shards = ShardPlan.split(scenario, 1);

    var endpoint = Emulators.dynamoDb();
    DynamoDbClient dynamo = AwsClients.dynamoDb(Emulators.settings(endpoint));
    String table = "coldstart-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    DynamoDbRunStore store = new DynamoDbRunStore(dynamo, table, Duration.ofDays(1));
    Instant now = Instant.now();
    for (int i = 0; i < runs; i++) {
      String runId = UUID.randomUUID().toString();
      store.create(
          RunRecord.queued(
              runId, "bench", shards.size(), now, now.plusSeconds(86_400), doc.toString(), null));
      ObjectNode record = mapper.createObjectNode();
      record.put("messageId", UUID.randomUUID().toString());
      record.put("receiptHandle", "coldstart-" + i);
      record.put("body", MessageCodec.shardTask(ShardTask.of(runId, shards.get(0))));
      record.putObject("attributes").put("ApproximateReceiveCount", "1");
      record.put("eventSource", "aws:sqs");
      record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:archsim-shards");
      record.put("awsRegion", "us-east-1");
      ObjectNode event = mapper.createObjectNode();
      event.putArray("Records").add(record);
      Files.writeString(dir.resolve("event-" + i + ".json"), event.toString());
    }
    Files.writeString(
        dir.resolve("env"),
        "ARCHSIM_DYNAMODB_ENDPOINT=" + endpoint + "\nRUNS_TABLE=" + table + "\n");
    Files.writeString(dir.resolve("ready"), "");
    Thread.currentThread().join();
  }

  private ColdStartFixture() {}
}
