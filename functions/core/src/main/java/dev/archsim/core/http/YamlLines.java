package dev.archsim.core.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.scenario.ScenarioCodec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The line each JSON path ({@code $.stages[0].name}) starts on in a YAML text, from the YAML
 * parser's own token positions, so that a problem is shown on the line the user wrote rather than
 * on a converted copy's; and, for a text that does not parse, the line and column where parsing
 * stopped. The text is read with the scenario codec's strict rules (a key twice, a second
 * document), so it stops where the codec's reading stops; the lines read until then are kept.
 */
public final class YamlLines {
  /** The codec's YAML reader: the parser it creates detects a key written twice. */
  private static final ObjectMapper STRICT =
      ScenarioCodec.strict(new ObjectMapper(new YAMLFactory()));

  private final Map<String, Integer> lines = new HashMap<>();

  /** Where the text stops being well-formed YAML ({@code {line, column}}); null when it parses. */
  private int[] error;

  /** Whether the text stops parsing (where, when the parser says, is {@link #error}). */
  private boolean unparsed;

  private YamlLines() {}

  /** The lines of every path of {@code text} that parses, and where it stops parsing if it does. */
  public static YamlLines of(String text) {
    YamlLines out = new YamlLines();
    // a frame: the container's path, the next array index (arrays) or the last key (objects)
    Deque<String[]> stack = new ArrayDeque<>();
    try (JsonParser p = STRICT.createParser(text)) {
      boolean rootRead = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (rootRead) {
          // a second document: the codec refuses anything after the first
          JsonLocation at = p.currentTokenLocation();
          out.error = new int[] {at.getLineNr(), at.getColumnNr()};
          out.unparsed = true;
          break;
        }
        int line = p.currentTokenLocation().getLineNr();
        if (t == JsonToken.FIELD_NAME) {
          String[] top = stack.peek();
          top[1] = top[0] + "." + p.currentName();
          out.lines.putIfAbsent(top[1], line);
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
          rootRead = stack.isEmpty();
          continue;
        }
        String path = valuePath(stack);
        out.lines.putIfAbsent(path, line);
        if (t == JsonToken.START_OBJECT) {
          stack.push(new String[] {path, null, "object"});
        } else if (t == JsonToken.START_ARRAY) {
          stack.push(new String[] {path, "0", "array"});
        } else {
          rootRead = stack.isEmpty();
        }
      }
    } catch (JsonProcessingException e) {
      // where the codec's message says it is
      out.error = ScenarioCodec.whereNotWellFormed(e);
      out.unparsed = true;
    } catch (IOException | RuntimeException e) {
      // the codec reports what is wrong with the text, without a place
      out.unparsed = true;
    }
    return out;
  }

  /** The path of the value the parser is at, advancing its array's index. */
  private static String valuePath(Deque<String[]> stack) {
    String[] top = stack.peek();
    if (top == null) {
      return "$";
    }
    if (top[2].equals("object")) {
      return top[1];
    }
    int index = Integer.parseInt(top[1]);
    top[1] = Integer.toString(index + 1);
    return top[0] + "[" + index + "]";
  }

  /** The line of {@code path}, else of its nearest enclosing path that has one. */
  public OptionalInt lineOf(String path) {
    String p = path;
    while (p != null && !p.isEmpty()) {
      Integer line = lines.get(p);
      if (line != null) {
        return OptionalInt.of(line);
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut <= 0 ? null : p.substring(0, cut);
    }
    return OptionalInt.empty();
  }

  /**
   * Adds to each of {@code problems} (objects with a {@code path}, as {@link
   * dev.archsim.core.run.RunViews#problems} writes them) its place in the text: the {@code line} of
   * the value its path names (of the nearest enclosing one for a field that is missing); for a text
   * that does not parse, the {@code line} and {@code column} where parsing stopped, which is where
   * the codec's one problem with such a text is. A problem outside the document (a query parameter
   * {@code ?trials}, a header) is left as it is.
   */
  void place(ArrayNode problems) {
    for (JsonNode problem : problems) {
      String path = problem.path("path").asText("");
      if (!(path.equals("$") || path.startsWith("$.") || path.startsWith("$["))) {
        continue;
      }
      ObjectNode p = (ObjectNode) problem;
      if (error != null) {
        p.put("line", error[0]);
        p.put("column", error[1]);
      } else if (!unparsed) {
        lineOf(path).ifPresent(n -> p.put("line", n));
      }
    }
  }
}
