package dev.archsim.local.cli;

import dev.archsim.local.text.Columns;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code archsim bench}'s table in Markdown, within {@link Columns#WIDTH} columns: a measurement's
 * name carries its unit and a footnote number, its result is a number in three significant digits,
 * and a legend under the table explains the abbreviations and every footnote the table uses.
 */
final class BenchTable {
  private BenchTable() {}

  /** One measurement: its name (with its unit and footnotes), its result and its target. */
  record Row(String what, String value, String target) {}

  static final List<String> HEADER = List.of("measurement", "result", "target");

  private static final Pattern NOTE = Pattern.compile("\\[(\\d+)]");

  /**
   * The table, a blank line, {@code legend} and the footnotes of {@code notes} that the rows
   * mention, as a Markdown list; every line within {@link Columns#WIDTH} columns. The columns are
   * aligned when they fit, and left ragged (still a valid table) when they would not.
   */
  static String markdown(List<Row> rows, Map<Integer, String> notes, String legend) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(HEADER);
    rows.forEach(r -> cells.add(List.of(cell(r.what()), cell(r.value()), cell(r.target()))));
    int[] widths = new int[HEADER.size()];
    for (List<String> row : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    int total = 1;
    for (int w : widths) {
      total += w + 3;
    }
    boolean aligned = total <= Columns.WIDTH;
    StringBuilder b = new StringBuilder("\n");
    for (int r = 0; r < cells.size(); r++) {
      b.append('|');
      for (int i = 0; i < widths.length; i++) {
        String cell = cells.get(r).get(i);
        b.append(' ').append(aligned ? pad(cell, widths[i]) : cell).append(" |");
      }
      b.append('\n');
      if (r == 0) {
        b.append('|');
        for (int w : widths) {
          b.append("-".repeat(aligned ? w + 2 : 3)).append('|');
        }
        b.append('\n');
      }
    }
    b.append('\n').append(Columns.wrapText("", "", legend, Columns.WIDTH));
    Map<Integer, String> used = new TreeMap<>();
    for (Row row : rows) {
      Matcher m = NOTE.matcher(row.what());
      while (m.find()) {
        int n = Integer.parseInt(m.group(1));
        used.put(n, notes.get(n));
      }
    }
    used.forEach(
        (n, text) -> b.append(Columns.wrapText("- [" + n + "] ", "  ", text, Columns.WIDTH)));
    return b.toString();
  }

  /** A cell's text: a {@code |} in it escaped, so that it does not end the cell. */
  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  /**
   * A figure in at most 7 columns (8 when negative): three significant digits (all the digits of a
   * whole number below 10 000), k, M or G above that, an exponent below 0.001 and from 10^12; "-"
   * for no number.
   */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "-";
    }
    double a = Math.abs(v);
    if (a >= 1e12 || a < 1e-3 && a > 0) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    if (a >= 1e9) {
      return significant(v / 1e9) + " G";
    }
    if (a >= 1e6) {
      return significant(v / 1e6) + " M";
    }
    if (a >= 1e4) {
      return significant(v / 1e3) + " k";
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return significant(v);
  }

  /** A count in few columns: 200, 2 k, 200 k, 1 M (k and M only where they are exact). */
  static String count(long n) {
    if (n != 0 && n % 1_000_000 == 0) {
      return n / 1_000_000 + " M";
    }
    if (n != 0 && n % 1_000 == 0) {
      return n / 1_000 + " k";
    }
    return Long.toString(n);
  }

  private static String significant(double v) {
    if (v == 0) {
      return "0";
    }
    BigDecimal d =
        BigDecimal.valueOf(v).round(new MathContext(3, RoundingMode.HALF_UP)).stripTrailingZeros();
    // 999.6 rounds to 1.00E+3: still four digits at most
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
