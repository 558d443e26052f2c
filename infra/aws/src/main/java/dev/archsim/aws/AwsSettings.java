package dev.archsim.aws;

import java.net.URI;
import java.util.Optional;

/**
 * How to reach AWS: the region, and an endpoint override for emulators (DynamoDB Local, ElasticMQ,
 * moto, LocalStack). Static credentials are used only with an endpoint override.
 */
public record AwsSettings(
    String region, Optional<URI> endpoint, Optional<String> accessKey, Optional<String> secretKey) {
  public static AwsSettings region(String region) {
    return new AwsSettings(region, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The real region, or an emulator when {@code endpoint} is present. */
  public static AwsSettings of(String region, Optional<URI> endpoint) {
    return endpoint.map(e -> emulator(region, e)).orElseGet(() -> region(region));
  }

  public static AwsSettings emulator(String region, URI endpoint) {
    return new AwsSettings(region, Optional.of(endpoint), Optional.of("test"), Optional.of("test"));
  }
}
