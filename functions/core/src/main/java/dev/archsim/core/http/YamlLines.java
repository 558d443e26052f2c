package dev.archsim.core.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The line each JSON path ({@code $.stages[0].name}) starts on in a YAML text, from the YAML
 * parser's own token positions, so that a problem is shown on the line the user wrote rather than
 * on a converted copy's. A text that stops parsing part-way keeps the lines read until then.
 */
public final class YamlLines {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final Map<String, Integer> lines = new HashMap<>();

  private YamlLines() {}

  /** The lines of every path of {@code text} that parses. */
  public static YamlLines of(String text) {
    YamlLines out = new YamlLines();
    // a frame: the container's path, the next array index (arrays) or the last key (objects)
    Deque<String[]> stack = new ArrayDeque<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        int line = p.currentTokenLocation().getLineNr();
        if (t == JsonToken.FIELD_NAME) {
          String[] top = stack.peek();
          top[1] = top[0] + "." + p.currentName();
          out.lines.putIfAbsent(top[1], line);
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
          continue;
        }
        String path = valuePath(stack);
        out.lines.putIfAbsent(path, line);
        if (t == JsonToken.START_OBJECT) {
          stack.push(new String[] {path, null, "object"});
        } else if (t == JsonToken.START_ARRAY) {
          stack.push(new String[] {path, "0", "array"});
        }
      }
    } catch (IOException | RuntimeException e) {
      // the codec reports what is wrong with the text; the lines read so far still help
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
}
