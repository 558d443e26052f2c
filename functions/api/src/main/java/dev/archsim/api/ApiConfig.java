package dev.archsim.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** Configuration of the API function (environment variables set by template.yaml). */
@ConfigMapping(prefix = "archsim")
public interface ApiConfig {
  String region();

  /** Endpoint override for emulators (every service); empty on AWS. */
  Optional<URI> endpoint();

  /** DynamoDB endpoint override, when it differs from {@link #endpoint()}. */
  Optional<URI> dynamodbEndpoint();

  /** SQS endpoint override, when it differs from {@link #endpoint()}. */
  Optional<URI> sqsEndpoint();

  String table();

  String queueUrl();

  @WithDefault("25")
  int trialsPerShard();

  @WithDefault("10000")
  int maxShards();

  @WithDefault("30")
  int retentionDays();

  @WithDefault("1048576")
  int maxBodyBytes();

  /**
   * The work budget of a submitted run, in work units (README, "Work budget"): a scenario estimated
   * above it answers 400 with the estimate. The default fits every library scenario fifteen times.
   */
  @WithDefault("5e9")
  double maxWork();
}
