package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One point of a {@link DesignSpace}: a value for every choice, in the space's choice order.
 *
 * @param index position in the space's enumeration (first choice varies slowest)
 */
public record Design(int index, Map<String, JsonNode> values) {
  public Design {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The choices as {@code name=value}, e.g. {@code instanceType=m5.large, instancesPerAz=2}. */
  public String label() {
    StringJoiner j = new StringJoiner(", ");
    values.forEach((k, v) -> j.add(k + "=" + (v.isTextual() ? v.asText() : v.toString())));
    return j.toString();
  }
}
