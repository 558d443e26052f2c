package dev.archsim.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the adapters take as parameters: URL-connection HTTP client (small and
 * fast to start in Lambda), standard retry mode with backoff for throttling, region and optional
 * emulator endpoint from {@link AwsSettings}.
 */
public final class AwsClients {
  private AwsClients() {}

  public static DynamoDbClient dynamoDb(AwsSettings s) {
    return configure(DynamoDbClient.builder(), s)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** The runs table's change stream (DynamoDB Streams), read to replay a failed notification. */
  public static DynamoDbStreamsClient dynamoDbStreams(AwsSettings s) {
    return configure(DynamoDbStreamsClient.builder(), s)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static SqsClient sqs(AwsSettings s) {
    return configure(SqsClient.builder(), s)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static SnsClient sns(AwsSettings s) {
    return configure(SnsClient.builder(), s)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public static EventBridgeClient eventBridge(AwsSettings s) {
    return configure(EventBridgeClient.builder(), s)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsSettings s) {
    builder.region(Region.of(s.region()));
    builder.overrideConfiguration(
        ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
    s.endpoint().ifPresent(builder::endpointOverride);
    builder.credentialsProvider(credentials(s));
    return builder;
  }

  private static AwsCredentialsProvider credentials(AwsSettings s) {
    if (s.accessKey().isPresent() && s.secretKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKey().get(), s.secretKey().get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
