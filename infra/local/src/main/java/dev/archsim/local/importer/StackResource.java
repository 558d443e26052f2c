package dev.archsim.local.importer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One resource of a stack, in CloudFormation terms whatever it was read from: its logical id (or
 * Terraform address), CloudFormation type, the path of its properties in the source document (for
 * problems; {@code sourcePaths} maps a property to its source path when the names differ), and its
 * properties with every intrinsic function resolved (references to other resources stay {@link
 * Value.ResourceRef}).
 *
 * @param origin what the resource was read or expanded from, e.g. {@code AWS::Serverless::Function}
 *     or {@code aws_lb}; null when it is the type itself
 */
public record StackResource(
    String id,
    String type,
    String path,
    Map<String, Object> properties,
    String origin,
    Map<String, String> sourcePaths) {
  public StackResource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    sourcePaths = Map.copyOf(sourcePaths);
  }

  public StackResource(
      String id, String type, String path, Map<String, Object> properties, String origin) {
    this(id, type, path, properties, origin, Map.of());
  }

  /**
   * Path of one property in the source document: for a translated resource (a Terraform one) the
   * path of the attribute it was read from.
   */
  public String at(String property) {
    String top = property.contains(".") ? property.substring(0, property.indexOf('.')) : property;
    if (sourcePaths.containsKey(top)) {
      return sourcePaths.get(top) + (top.equals(property) ? "" : " (" + property + ")");
    }
    return path + "." + property;
  }

  /** The source type: the origin when expanded or translated, else the type. */
  public String sourceType() {
    return origin != null ? origin : type;
  }
}
