package dev.archsim.pipeline;

import dev.archsim.aws.AwsSettings;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Every test of {@link PipelineIT} (the whole pipeline, exactly-once under faults) with DynamoDB,
 * its stream and SQS served by LocalStack in a container instead of the in-JVM emulators. Runs
 * wherever Docker runs and is skipped cleanly where it does not. The image is a pinned 4.x tag that
 * needs no auth token; LOCALSTACK_AUTH_TOKEN is passed through when set. SNS and EventBridge stay
 * on moto's server, as in {@link PipelineIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineContainerIT extends PipelineIT {
  static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

  @Container static final LocalStackContainer LOCALSTACK = localstack();

  private static LocalStackContainer localstack() {
    LocalStackContainer c =
        new LocalStackContainer(IMAGE)
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS);
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    return c;
  }

  /** Hides {@link PipelineIT#emulators()}: the same tests, LocalStack's endpoints. */
  @BeforeAll
  static void emulators() {
    AwsSettings localstack = AwsSettings.emulator(LOCALSTACK.getRegion(), LOCALSTACK.getEndpoint());
    connect(localstack, localstack);
  }
}
