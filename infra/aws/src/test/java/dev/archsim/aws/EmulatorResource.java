package dev.archsim.aws;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Starts the emulators for a function's Quarkus test and points its configuration at them: a fresh
 * runs table and shard queue (with its dead-letter queue), and, where moto is installed, a topic
 * and a bus. Keys set: {@code archsim.dynamodb-endpoint}, {@code archsim.sqs-endpoint}, {@code
 * archsim.table}, {@code archsim.queue-url}, {@code archsim.dead-letter-queue-arn}, and with moto
 * {@code archsim.endpoint}, {@code archsim.topic-arn}, {@code archsim.event-bus-name}.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {
  /** System properties the tests read to reach the same resources. */
  public static final String TABLE = "emulator.runs-table";

  public static final String QUEUE_URL = "emulator.shard-queue-url";

  /** Configuration keys each function maps; SmallRye rejects unknown keys under its prefix. */
  private static final Map<String, java.util.Set<String>> KEYS =
      Map.of(
          "api",
              java.util.Set.of(
                  "archsim.region",
                  "archsim.dynamodb-endpoint",
                  "archsim.sqs-endpoint",
                  "archsim.table",
                  "archsim.queue-url"),
          "worker",
              java.util.Set.of(
                  "archsim.region",
                  "archsim.dynamodb-endpoint",
                  "archsim.table",
                  "archsim.dead-letter-queue-arn",
                  "archsim.warm-up",
                  "archsim.sqs-endpoint",
                  "archsim.shard-queue-url"),
          "notifier",
              java.util.Set.of(
                  "archsim.region",
                  "archsim.endpoint",
                  "archsim.dynamodb-endpoint",
                  "archsim.table",
                  "archsim.topic-arn",
                  "archsim.event-bus-name"));

  private java.util.Set<String> keys = java.util.Set.of();

  /** {@code function}: api, worker or notifier, choosing which keys are set. */
  @Override
  public void init(Map<String, String> initArgs) {
    keys = KEYS.get(initArgs.getOrDefault("function", ""));
    if (keys == null) {
      throw new IllegalArgumentException("EmulatorResource needs function=api|worker|notifier");
    }
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>();
    var dynamoEndpoint = Emulators.dynamoDb();
    DynamoDbClient dynamo = AwsClients.dynamoDb(Emulators.settings(dynamoEndpoint));
    String table = "archsim-runs-" + UUID.randomUUID();
    Emulators.createRunsTable(dynamo, table);
    var sqsEndpoint = Emulators.sqs();
    SqsClient sqs = AwsClients.sqs(Emulators.settings(sqsEndpoint));
    String dlq = sqs.createQueue(b -> b.queueName("dlq-" + UUID.randomUUID())).queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String queue = sqs.createQueue(b -> b.queueName("shards-" + UUID.randomUUID())).queueUrl();
    config.put("archsim.region", Emulators.REGION);
    config.put("archsim.dynamodb-endpoint", dynamoEndpoint.toString());
    config.put("archsim.sqs-endpoint", sqsEndpoint.toString());
    config.put("archsim.table", table);
    config.put("archsim.queue-url", queue);
    config.put("archsim.shard-queue-url", queue);
    config.put("archsim.dead-letter-queue-arn", dlqArn);
    // the booted worker takes the SnapStart warm-up against the emulators
    config.put("archsim.warm-up", "always");
    System.setProperty(TABLE, table);
    System.setProperty(QUEUE_URL, queue);
    Emulators.moto()
        .ifPresentOrElse(
            moto -> {
              SnsClient sns = AwsClients.sns(Emulators.settings(moto));
              EventBridgeClient events = AwsClients.eventBridge(Emulators.settings(moto));
              String bus = "archsim-" + UUID.randomUUID();
              events.createEventBus(b -> b.name(bus));
              config.put("archsim.endpoint", moto.toString());
              config.put(
                  "archsim.topic-arn",
                  sns.createTopic(b -> b.name("runs-" + UUID.randomUUID())).topicArn());
              config.put("archsim.event-bus-name", bus);
            },
            () -> {
              // no moto here: the notifier boots with unreachable targets and publishes nothing
              config.put("archsim.endpoint", "http://127.0.0.1:9");
              config.put("archsim.topic-arn", "arn:aws:sns:us-east-1:000000000000:unreachable");
              config.put("archsim.event-bus-name", "unreachable");
            });
    config.keySet().retainAll(keys);
    return config;
  }

  @Override
  public void stop() {
    // the emulators live as long as the JVM; every test uses fresh tables and queues
  }
}
