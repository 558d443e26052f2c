package dev.archsim.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A group of identical EC2 instances.
 *
 * @param name component name used in results and cost
 * @param instanceType EC2 instance type, e.g. {@code m5.large}
 * @param placement instances per Availability Zone, in AZ order
 */
public record ComputeTier(String name, String instanceType, Map<String, Integer> placement) {
  public ComputeTier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(instanceType, "instanceType");
    placement = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(placement));
  }

  /** Instances over all AZs; saturates at {@code Integer.MAX_VALUE} instead of overflowing. */
  public int totalInstances() {
    long total = placement.values().stream().mapToLong(Integer::longValue).sum();
    return (int) Math.min(Integer.MAX_VALUE, total);
  }
}
