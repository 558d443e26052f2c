package dev.archsim.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.archsim.engine.component.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's read-only {@link Section} over a Jackson tree: how the codec hands a component
 * module its section of the document. Each getter reads as Jackson's {@code path(field).asX(dflt)}
 * does, so a module reads exactly what the codec read before the mapping moved into it.
 */
public final class JsonSection implements Section {
  private final JsonNode node;
  private final String path;

  /** The architecture object the section lies in (a missing node when none), and its path. */
  private final JsonNode architecture;

  private final String architecturePath;

  /**
   * @param node the object (a missing node reads as an empty object)
   * @param path its JSON path in the document, for messages
   */
  public JsonSection(JsonNode node, String path) {
    this(node, path, MissingNode.getInstance(), "$");
  }

  private JsonSection(JsonNode node, String path, JsonNode architecture, String architecturePath) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
    this.architecture = architecture == null ? MissingNode.getInstance() : architecture;
    this.architecturePath = architecturePath;
  }

  /**
   * The section {@code section} of a stage's {@code architecture} object at {@code
   * architecturePath}, which it sees as its {@link #architecture()}.
   */
  public static JsonSection of(JsonNode architecture, String section, String architecturePath) {
    return new JsonSection(
        architecture.path(section),
        architecturePath + "." + section,
        architecture,
        architecturePath);
  }

  /** An empty section at {@code path}: every field absent. */
  public static JsonSection empty(String path) {
    return new JsonSection(MissingNode.getInstance(), path);
  }

  @Override
  public Section architecture() {
    return new JsonSection(architecture, architecturePath);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public boolean has(String field) {
    return node.has(field);
  }

  @Override
  public List<String> fields() {
    List<String> out = new ArrayList<>();
    for (var it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Override
  public String text(String field, String dflt) {
    return node.path(field).asText(dflt);
  }

  @Override
  public String text(String field) {
    return node.has(field) ? node.get(field).asText() : null;
  }

  @Override
  public double number(String field, double dflt) {
    return node.path(field).asDouble(dflt);
  }

  @Override
  public int integer(String field, int dflt) {
    return node.has(field) ? saturatedInt(node.get(field), dflt) : dflt;
  }

  /**
   * A number beyond {@code int} as the nearest {@code int}; anything else as Jackson's {@code
   * asInt}.
   */
  static int saturatedInt(JsonNode n, int dflt) {
    if (n.isNumber() && !n.canConvertToInt()) {
      return n.decimalValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    }
    return n.asInt(dflt);
  }

  @Override
  public boolean bool(String field, boolean dflt) {
    return node.path(field).asBoolean(dflt);
  }

  @Override
  public Section object(String field) {
    return new JsonSection(node.path(field), path + "." + field, architecture, architecturePath);
  }

  @Override
  public List<Section> list(String field) {
    List<Section> out = new ArrayList<>();
    int i = 0;
    for (JsonNode e : node.path(field)) {
      out.add(
          new JsonSection(e, path + "." + field + "[" + i++ + "]", architecture, architecturePath));
    }
    return out;
  }

  @Override
  public List<String> texts(String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : node.path(field)) {
      out.add(e.asText());
    }
    return out;
  }
}
