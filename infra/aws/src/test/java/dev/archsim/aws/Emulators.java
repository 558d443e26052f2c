package dev.archsim.aws;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * AWS-protocol emulators for integration tests, no Docker needed: DynamoDB Local and ElasticMQ run
 * inside this JVM (started once, on free ports); SNS and EventBridge use moto's server, taken from
 * {@code MOTO_ENDPOINT} when set, else started from {@code moto_server} on the PATH (or {@code
 * ARCHSIM_MOTO_SERVER}), else reported absent so tests can skip.
 */
public final class Emulators {
  public static final String REGION = "us-east-1";
  private static URI dynamoEndpoint;
  private static URI sqsEndpoint;
  private static Optional<URI> motoEndpoint;

  private Emulators() {}

  public static synchronized URI dynamoDb() {
    // the free port is closed before DynamoDB Local binds it, so another process may take it in
    // between: a few ports are tried
    Exception last = null;
    for (int attempt = 0; dynamoEndpoint == null && attempt < 5; attempt++) {
      try {
        int port = freePort();
        DynamoDBProxyServer server =
            ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        dynamoEndpoint = URI.create("http://127.0.0.1:" + port);
      } catch (Exception e) {
        last = e;
      }
    }
    if (dynamoEndpoint == null) {
      throw new IllegalStateException("cannot start DynamoDB Local", last);
    }
    return dynamoEndpoint;
  }

  public static synchronized URI sqs() {
    if (sqsEndpoint == null) {
      SQSRestServer server =
          SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
      int port = server.waitUntilStarted().localAddress().getPort();
      sqsEndpoint = URI.create("http://127.0.0.1:" + port);
    }
    return sqsEndpoint;
  }

  /** moto's server for SNS and EventBridge, or empty when it is not installed here. */
  public static synchronized Optional<URI> moto() {
    if (motoEndpoint == null) {
      motoEndpoint = findOrStartMoto();
    }
    return motoEndpoint;
  }

  public static AwsSettings settings(URI endpoint) {
    return AwsSettings.emulator(REGION, endpoint);
  }

  /** A run store on a fresh runs table. */
  public static DynamoDbRunStore runStore(DynamoDbClient dynamo) {
    String table = "runs-" + java.util.UUID.randomUUID();
    createRunsTable(dynamo, table);
    return new DynamoDbRunStore(dynamo, table, Duration.ofDays(30));
  }

  /** Creates the runs table exactly as template.yaml defines it (keys, open-runs index, stream). */
  public static void createRunsTable(DynamoDbClient dynamo, String name) {
    dynamo.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(RunItems.PK)
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName(RunItems.SK)
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName(RunItems.OPEN_STATE)
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName(RunItems.CREATED_MILLIS)
                        .attributeType(ScalarAttributeType.N)
                        .build())
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName(RunItems.PK)
                        .keyType(KeyType.HASH)
                        .build(),
                    KeySchemaElement.builder()
                        .attributeName(RunItems.SK)
                        .keyType(KeyType.RANGE)
                        .build())
                .globalSecondaryIndexes(
                    software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex.builder()
                        .indexName(RunItems.OPEN_RUNS_INDEX)
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName(RunItems.OPEN_STATE)
                                .keyType(KeyType.HASH)
                                .build(),
                            KeySchemaElement.builder()
                                .attributeName(RunItems.CREATED_MILLIS)
                                .keyType(KeyType.RANGE)
                                .build())
                        .projection(p -> p.projectionType("KEYS_ONLY"))
                        .build())
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
  }

  private static Optional<URI> findOrStartMoto() {
    String given = System.getenv("MOTO_ENDPOINT");
    if (given != null && !given.isBlank()) {
      return Optional.of(URI.create(given));
    }
    Optional<Path> binary = motoBinary();
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    try {
      // a few ports: the free one is closed before moto binds it, so another process may take it
      // (moto then exits at once)
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = freePort();
        Process p =
            new ProcessBuilder(
                    binary.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        // Python importing moto and Flask takes seconds, many more on a loaded machine
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
          if (answers(endpoint)) {
            if (p.isAlive()) {
              return Optional.of(endpoint);
            }
            break; // another process's server on that port: ours could not bind it
          }
          Thread.sleep(200);
        }
        p.destroy();
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<Path> motoBinary() {
    String explicit = System.getenv("ARCHSIM_MOTO_SERVER");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Optional.of(Path.of(explicit));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "moto_server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (Path candidate :
        List.of(Path.of(System.getProperty("user.home"), ".archsim-venv", "bin", "moto_server"))) {
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean answers(URI endpoint) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(10_000);
      return c.getResponseCode() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
