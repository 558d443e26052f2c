package dev.archsim.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a document the JSON Schema rejected is read so that the semantic rules run on every part of
 * it that is well formed, and one round lists the schema and the semantic problems together.
 *
 * <p>A value the schema refused is read as what the user meant where the problem can tell (the
 * nearest allowed option, the constant); where it cannot, the document is read once with each
 * allowed option in turn ({@link #variants}) and a semantic problem is kept only when every reading
 * finds it: a rule that needs the refused value is skipped, the others run. Semantic problems at or
 * under the place of a schema problem ({@link #covered}) repeat it and are dropped.
 */
final class LenientReading {
  /** At most this many readings of one document (the longest list of options tried). */
  static final int MAX_READINGS = 8;

  private static final Pattern STEP = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

  private LenientReading() {}

  /**
   * How one refused value is read: as each of {@code candidates} in turn.
   *
   * @param path the value's JSON path, e.g. {@code $.stages[0].architecture.database.engine}
   */
  record Repair(String path, List<JsonNode> candidates) {
    Repair {
      candidates = List.copyOf(candidates);
    }

    static Repair texts(String path, List<String> values) {
      return new Repair(path, values.stream().map(v -> (JsonNode) TextNode.valueOf(v)).toList());
    }
  }

  /**
   * The readings of {@code tree} the semantic rules run on: reading {@code i} takes candidate
   * {@code i} of each repair (cycling through shorter lists), so every candidate is read at least
   * once. The tree itself is not changed. One reading when every repair has a single candidate.
   */
  static List<JsonNode> variants(JsonNode tree, List<Repair> repairs) {
    int readings = 1;
    for (Repair r : repairs) {
      readings = Math.max(readings, r.candidates().size());
    }
    readings = Math.min(readings, MAX_READINGS);
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < readings; i++) {
      JsonNode copy = tree.deepCopy();
      for (Repair r : repairs) {
        if (!r.candidates().isEmpty()) {
          set(copy, r.path(), r.candidates().get(i % r.candidates().size()));
        }
      }
      out.add(copy);
    }
    return out;
  }

  /** Sets the value at a JSON path whose parent exists; does nothing otherwise. */
  static void set(JsonNode tree, String path, JsonNode value) {
    if (!path.startsWith("$")) {
      return;
    }
    List<String> fields = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    Matcher m = STEP.matcher(path.substring(1));
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return; // a path this reader does not understand: leave the document as it is
      }
      end = m.end();
      fields.add(m.group(1));
      indices.add(m.group(2) == null ? -1 : Integer.parseInt(m.group(2)));
    }
    if (end != path.length() - 1 || fields.isEmpty()) {
      return;
    }
    JsonNode parent = tree;
    for (int i = 0; i < fields.size() - 1 && parent != null; i++) {
      parent = fields.get(i) != null ? parent.get(fields.get(i)) : parent.get(indices.get(i));
    }
    int last = fields.size() - 1;
    if (fields.get(last) != null && parent instanceof ObjectNode o) {
      o.set(fields.get(last), value);
    } else if (fields.get(last) == null
        && parent instanceof ArrayNode a
        && indices.get(last) < a.size()) {
      a.set(indices.get(last), value);
    }
  }

  /**
   * Whether a semantic problem repeats a schema problem: it lies at or under the place the schema
   * problem is about ({@link ReadableProblems#about}: a missing field's own path, not its object's,
   * so the rest of the object is still checked) or under a part that could not be read at all.
   */
  static boolean covered(Violation semantic, List<Violation> schema, List<String> unreadable) {
    for (Violation s : schema) {
      if (covers(ReadableProblems.about(s), semantic.path())) {
        return true;
      }
    }
    for (String u : unreadable) {
      if (covers(u, semantic.path())) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code inner} is {@code outer} or lies under it; the root covers only itself. */
  static boolean covers(String outer, String inner) {
    if (inner.equals(outer)) {
      return true;
    }
    return !outer.equals("$") && (inner.startsWith(outer + ".") || inner.startsWith(outer + "["));
  }
}
