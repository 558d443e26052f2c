package dev.archsim.notifier;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Configuration of the notifier function (environment variables set by template.yaml). */
@ConfigMapping(prefix = "archsim")
public interface NotifierConfig {
  String region();

  Optional<URI> endpoint();

  String topicArn();

  String eventBusName();
}
