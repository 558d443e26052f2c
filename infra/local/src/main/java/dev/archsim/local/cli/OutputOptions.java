package dev.archsim.local.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** --format, --output and --quiet, shared by run, compare, explain and validate. */
final class OutputOptions {
  enum Format {
    text,
    json,
    csv,
    markdown
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text (default), json, csv or markdown")
  Format format = Format.text;

  @Option(names = "--json", description = "the same as --format json")
  void json(boolean on) {
    if (on) {
      format = Format.json;
    }
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the output to FILE instead of standard output")
  Path output;

  @Option(
      names = {"-q", "--quiet"},
      description = "print only the output and errors: no progress, warnings or notes")
  boolean quiet;

  /**
   * The output file's problem in the user's terms (its directory is missing, or it is a directory),
   * or null when it can be written; checked before any work.
   */
  static String unwritable(String flag, Path file) {
    if (file == null) {
      return null;
    }
    Path abs = file.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      return flag + " " + file + ": is a directory";
    }
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      return flag + " " + file + ": the directory " + dir + " does not exist";
    }
    if (dir != null && !Files.isWritable(dir)) {
      return flag + " " + file + ": the directory " + dir + " is not writable";
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      return flag + " " + file + ": not writable";
    }
    return null;
  }

  /** Writes {@code text} to --output, or to standard output. */
  void emit(String text, CommandLine cl) throws IOException {
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
      note(cl.getErr(), "wrote " + output);
    } else {
      PrintWriter out = cl.getOut();
      out.print(text);
      out.flush();
    }
  }

  /** A note for a person (not the output): on stderr, unless --quiet. */
  void note(PrintWriter err, String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  /** Whether text output gets colour: a terminal, not a file, NO_COLOR unset and TERM not dumb. */
  boolean colour() {
    return output == null
        && format == Format.text
        && Terminal.colour(System.getenv(), Terminal.isTerminal());
  }

  /** Terminal detection, separate so that its rule can be tested. */
  static final class Terminal {
    private Terminal() {}

    static boolean colour(Map<String, String> env, boolean terminal) {
      if (env.containsKey("NO_COLOR") && !env.get("NO_COLOR").isEmpty()) {
        return false;
      }
      if ("dumb".equals(env.get("TERM"))) {
        return false;
      }
      return terminal;
    }

    /** True when standard output is an interactive terminal (Console.isTerminal from JDK 22). */
    static boolean isTerminal() {
      java.io.Console c = System.console();
      if (c == null) {
        return false;
      }
      try {
        return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
      } catch (ReflectiveOperationException e) {
        return true; // JDK 21: a console exists only on a terminal
      }
    }
  }

  /** ANSI colour, or none. */
  record Paint(boolean on) {
    String red(String s) {
      return on ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    String green(String s) {
      return on ? "\u001b[32m" + s + "\u001b[0m" : s;
    }

    String yellow(String s) {
      return on ? "\u001b[33m" + s + "\u001b[0m" : s;
    }

    String bold(String s) {
      return on ? "\u001b[1m" + s + "\u001b[0m" : s;
    }
  }

  // ------------------------------------------------------------------ table writers

  /** A CSV document: a header row and rows, quoted where a cell needs it (RFC 4180). */
  static String csv(List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder();
    csvRow(b, header);
    rows.forEach(r -> csvRow(b, r));
    return b.toString();
  }

  private static void csvRow(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i) == null ? "" : cells.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
        b.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        b.append(c);
      }
    }
    b.append("\r\n");
  }

  /**
   * A number for a CSV cell: fixed-point with {@code decimals} places (never an exponent, no
   * grouping, a point for the decimal separator whatever the locale), the shortest decimal form of
   * the double rounded half up, as a person rounds it; zero is never negative; empty for NaN or an
   * infinity.
   */
  static String fixed(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "";
    }
    java.math.BigDecimal d =
        java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP);
    if (d.signum() == 0) {
      d = d.abs();
    }
    return d.toPlainString();
  }

  /** A Markdown (GitHub) table. */
  static String markdown(List<String> header, List<List<String>> rows) {
    StringBuilder b = new StringBuilder();
    mdRow(b, header);
    b.append('|');
    header.forEach(h -> b.append(" --- |"));
    b.append('\n');
    rows.forEach(r -> mdRow(b, r));
    return b.toString();
  }

  private static void mdRow(StringBuilder b, List<String> cells) {
    b.append('|');
    for (String c : cells) {
      b.append(' ').append(c == null ? "" : c.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    b.append('\n');
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
