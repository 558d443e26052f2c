package dev.archsim.local.text;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Text laid out in at most {@link #WIDTH} columns: items or words after a prefix, continued on
 * indented lines, never split (a single word wider than the line, such as a long path, stands whole
 * on its own line so that it can be copied). Colour codes take no columns.
 */
public final class Columns {
  /** The widest line any command prints for a person. */
  public static final int WIDTH = 120;

  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  private Columns() {}

  /**
   * Words laid out after {@code prefix}, wrapped to {@code width} columns with continuation lines
   * indented to the prefix.
   */
  public static String wrap(String prefix, List<String> items, int width) {
    return wrap(prefix, items, width, "  ");
  }

  /** Running text after {@code prefix}, wrapped at spaces to {@code width} columns. */
  public static String wrapText(String prefix, String text, int width) {
    return wrapText(prefix, " ".repeat(Math.min(visible(prefix), width / 2)), text, width);
  }

  /** Running text after {@code prefix}, continued on lines that start with {@code indent}. */
  public static String wrapText(String prefix, String indent, String text, int width) {
    return wrap(prefix, indent, List.of(text.split(" ")), width, " ");
  }

  private static String wrap(String prefix, List<String> items, int width, String sep) {
    return wrap(prefix, " ".repeat(Math.min(visible(prefix), width / 2)), items, width, sep);
  }

  /**
   * Items after {@code prefix}, separated by {@code sep}, wrapped to {@code width} columns (an item
   * is never split) with continuation lines starting with {@code indent}; ends with a newline.
   */
  public static String wrap(
      String prefix, String indent, List<String> items, int width, String sep) {
    StringBuilder b = new StringBuilder(prefix);
    int col = visible(prefix);
    boolean first = true;
    for (String item : items) {
      String piece = (first ? "" : sep) + item;
      if (!first && col + visible(piece) > width) {
        b.append('\n').append(indent);
        col = visible(indent);
        piece = item;
      }
      b.append(piece);
      col += visible(piece);
      first = false;
    }
    return b.append('\n').toString();
  }

  /** The columns {@code s} takes on a terminal: its colour codes take none. */
  public static int visible(String s) {
    return s.indexOf('\u001b') < 0 ? s.length() : ANSI.matcher(s).replaceAll("").length();
  }
}
