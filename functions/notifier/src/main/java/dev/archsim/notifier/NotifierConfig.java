package dev.archsim.notifier;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Configuration of the notifier function (environment variables set by template.yaml). */
@ConfigMapping(prefix = "archsim")
public interface NotifierConfig {
  String region();

  Optional<URI> endpoint();

  /** DynamoDB endpoint override, when it differs from {@link #endpoint()}. */
  Optional<URI> dynamodbEndpoint();

  /** The runs table, where the targets each run's event reached are remembered. */
  String table();

  String topicArn();

  String eventBusName();
}
