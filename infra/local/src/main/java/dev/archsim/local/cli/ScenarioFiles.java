package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.http.YamlLines;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.core.scenario.Utf8;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Suggestions;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.text.Columns;
import dev.archsim.local.trace.TraceInliner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading scenario files (JSON or YAML, "-" for standard input), narrowing them, and printing their
 * problems.
 */
final class ScenarioFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper STRICT = ScenarioCodec.strict(new ObjectMapper());

  private ScenarioFiles() {}

  static boolean isStdin(Path file) {
    return file.toString().equals("-");
  }

  /**
   * The scenario file's text (standard input for "-") with its workload trace files read and
   * written in ({@link #withTraces}), or null after printing why it cannot be read; bytes that are
   * not UTF-8 are refused with the offset of the first (never replaced).
   */
  static String read(Path file, InputStream stdin, PrintWriter err) {
    String text = readText(file, stdin, err);
    return text == null ? null : withTraces(file, text, err);
  }

  /**
   * The scenario file's text like {@link #read} for a command whose one output is {@code output}'s
   * ({@code -o}, or standard output): null after printing why when that file cannot be written
   * (checked first: nothing is read for an answer that could not be saved) or the scenario cannot
   * be read.
   */
  static String read(Path file, InputStream stdin, OutputOptions output, PrintWriter err) {
    return writable(output, err) ? read(file, stdin, err) : null;
  }

  /** Whether {@code output}'s file can be written; false after printing why not. */
  static boolean writable(OutputOptions output, PrintWriter err) {
    String unwritable = OutputOptions.unwritable("--output", output.output);
    if (unwritable != null) {
      err.println(unwritable);
      err.flush();
      return false;
    }
    return true;
  }

  /** The file's text like {@link #read}, as it is (for documents that are not scenarios). */
  static String readText(Path file, InputStream stdin, PrintWriter err) {
    try {
      if (isStdin(file)) {
        return utf8(file, stdin.readAllBytes(), err);
      }
      if (Files.isDirectory(file)) {
        err.println(file + ": is a directory; give a file in it");
        err.flush();
        return null;
      }
      return utf8(file, Files.readAllBytes(file), err);
    } catch (NoSuchFileException e) {
      err.println(file + ": no such file");
      err.flush();
      return null;
    } catch (IOException e) {
      err.println(file + ": cannot read: " + e.getMessage());
      err.flush();
      return null;
    }
  }

  private static String utf8(Path file, byte[] bytes, PrintWriter err) {
    try {
      return Utf8.decode(bytes);
    } catch (ScenarioRejectedException e) {
      err.println(file + ":");
      print(e.violations(), err);
      return null;
    }
  }

  /** The word {@code file} on its own, as a trace's key is written in JSON or YAML. */
  private static final java.util.regex.Pattern NAMES_FILE =
      java.util.regex.Pattern.compile("(?<![A-Za-z0-9_-])file(?![A-Za-z0-9_-])");

  /**
   * Whether the text holds the word {@code file} on its own (JSON's {@code "file"}, YAML's {@code
   * file:}), which a trace file's key needs; "profile", in most scenarios, does not count.
   */
  static boolean mayNameTraceFile(String text) {
    return NAMES_FILE.matcher(text).find();
  }

  /**
   * The text with each workload trace file (a CSV, relative to the scenario file) read and written
   * in as points, so what is validated, run or submitted holds the data; null after printing the
   * file's problems.
   */
  static String withTraces(Path file, String text, PrintWriter err) {
    if (!mayNameTraceFile(text)) {
      return text; // nothing to inline: no second parse
    }
    // strict: a key twice is not resolved here but left for the parser to report
    ObjectMapper mapper =
        ScenarioCodec.strict(
            isYaml(file, text) ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper());
    Path base =
        isStdin(file)
            ? Path.of("").toAbsolutePath()
            : file.toAbsolutePath().normalize().getParent();
    List<Violation> problems = new ArrayList<>();
    String inlined;
    try {
      inlined = TraceInliner.inlineText(text, mapper, base, problems);
    } catch (IOException e) {
      return text; // not a well-formed document: parsing it says where
    }
    if (!problems.isEmpty()) {
      err.println(file + ":");
      print(problems, err);
      return null;
    }
    return inlined;
  }

  /**
   * Whether the text is YAML: by the file's extension, or (standard input) by its first character.
   */
  static boolean isYaml(Path file, String text) {
    if (isStdin(file)) {
      String t = text.stripLeading();
      return !(t.startsWith("{") || t.startsWith("["));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /**
   * Where each JSON path of {@code text} starts, when the text is YAML (the lines the user wrote);
   * null for JSON, whose paths say where they are.
   */
  static YamlLines yamlLines(Path file, String text) {
    return text != null && isYaml(file, text) ? YamlLines.of(text) : null;
  }

  static ScenarioParseResult parse(Path file, String text) {
    return parse(file, text, Limits.DEFAULT);
  }

  static ScenarioParseResult parse(Path file, String text, Limits limits) {
    ScenarioCodec codec = ScenarioCodec.of(limits);
    return isYaml(file, text) ? codec.parseYaml(text) : codec.parseJson(text);
  }

  /**
   * Parses without the work budget: for a document whose run is submitted next, with the command
   * line's overrides (trials, stages, horizon), where the budget is checked; or one that is not
   * simulated at all.
   */
  static ScenarioParseResult parseBeforeOverrides(Path file, String text) {
    return parse(file, text, Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY));
  }

  /** The document as JSON text (YAML is converted). */
  static String asJson(Path file, String text) throws IOException {
    if (isYaml(file, text)) {
      return JSON.writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(text));
    }
    return text;
  }

  /** The document's run.horizon as written (or the default's), for headers. */
  static String horizonAsWritten(String json) {
    try {
      JsonNode h = JSON.readTree(json).path("run").path("horizon");
      return h.isTextual() ? h.asText() : Durations.iso(RunSettings.DEFAULT_HORIZON);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The document as a JSON tree (YAML converted), read with the codec's strict rules: the form a
   * run stores, with the command line's changes beside it ({@link ScenarioOverrides}).
   */
  static JsonNode tree(Path file, String text) throws IOException {
    return ScenarioCodec.readJsonTree(STRICT, asJson(file, text));
  }

  /** The overrides of the command line's flags (each null when not given; already checked). */
  static ScenarioOverrides overrides(
      Integer trials, Long seed, String horizon, String mode, List<Integer> stages) {
    return new ScenarioOverrides(
        trials,
        seed,
        horizon == null ? null : Duration.parse(horizon),
        mode == null ? null : RunSettings.Mode.fromId(mode),
        stages);
  }

  /** The names of the scenario's stages, in order. */
  static List<String> stageNames(Scenario scenario) {
    List<String> names = new ArrayList<>();
    for (Stage s : scenario.stages()) {
      names.add(s.name());
    }
    return java.util.Collections.unmodifiableList(names);
  }

  /**
   * The places in the file (0 for the first) of the stages {@code wanted} names: each a stage's
   * name, or its number (1 for the first). Unknown ones are reported, with the names there are.
   */
  static List<Integer> resolveStages(
      List<String> wanted, List<String> names, List<Violation> problems) {
    List<Integer> resolved = new ArrayList<>();
    for (String w : wanted) {
      if (names.contains(w)) {
        resolved.add(names.indexOf(w));
      } else if (w.matches("\\d{1,9}")
          && Integer.parseInt(w) >= 1
          && Integer.parseInt(w) <= names.size()) {
        resolved.add(Integer.parseInt(w) - 1);
      } else {
        String suggestion = Suggestions.closest(w, names);
        problems.add(
            Violation.error(
                "--stage " + w,
                "no such stage"
                    + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                    + "; give a name or a number:\n"
                    + stageList(names)));
      }
    }
    return resolved;
  }

  /**
   * The stages as {@code N name}, several to a line within {@link #WIDTH} columns, each line
   * indented by two spaces; a stage is never split between lines.
   */
  static String stageList(List<String> names) {
    StringBuilder b = new StringBuilder();
    int col = 0;
    for (int i = 0; i < names.size(); i++) {
      String item = (i + 1) + " " + names.get(i) + (i + 1 < names.size() ? "," : "");
      if (col > 0 && col + 1 + item.length() > WIDTH) {
        b.append('\n');
        col = 0;
      }
      if (col == 0) {
        b.append("  ").append(item);
        col = 2 + item.length();
      } else {
        b.append(' ').append(item);
        col += 1 + item.length();
      }
    }
    return b.toString();
  }

  /** The columns a line printed for a person takes at most. */
  static final int WIDTH = 120;

  /**
   * Prints each problem as {@code path: message} (a warning's prefixed so) within {@link
   * Columns#WIDTH} columns: the message wraps at spaces, continued under its start (at most half
   * the width in); a path too long to leave room for the message's first word stands whole on its
   * own line, the message below it. A message of several lines (a list after a sentence) keeps its
   * lines, each wrapped under its own indent.
   */
  static void print(List<Violation> violations, PrintWriter err) {
    print(violations, err, null);
  }

  /**
   * Prints the problems as {@link #print(List, PrintWriter)} does, each path followed by the line
   * it is on in the user's YAML text, {@code $.stages[0].workload.rps (line 22): …}, where {@code
   * lines} (null for JSON) has it.
   */
  static void print(List<Violation> violations, PrintWriter err, YamlLines lines) {
    for (Violation v : violations) {
      String at = "";
      // a message that says its own line (a document that does not parse) keeps it alone
      if (lines != null && v.path().startsWith("$") && !v.message().contains(" at line ")) {
        java.util.OptionalInt n = lines.lineOf(v.path());
        at = n.isPresent() ? " (line " + n.getAsInt() + ")" : "";
      }
      String prefix = (v.isError() ? "" : "warning: ") + v.path() + at + ": ";
      for (String line : lines(prefix, v.message())) {
        err.println(line);
      }
    }
    err.flush();
  }

  /** The lines one problem is printed as (see {@link #print}). */
  static List<String> lines(String prefix, String message) {
    String[] parts = message.split("\n", -1);
    String indent = " ".repeat(Math.min(Columns.visible(prefix), Columns.WIDTH / 2));
    StringBuilder b = new StringBuilder();
    String first = parts[0];
    String firstWord = first.split(" ", 2)[0];
    if (Columns.visible(prefix) + Columns.visible(firstWord) > Columns.WIDTH) {
      indent = "  ";
      b.append(prefix.stripTrailing()).append('\n');
      b.append(Columns.wrapText(indent, indent, first, Columns.WIDTH));
    } else {
      b.append(Columns.wrapText(prefix, indent, first, Columns.WIDTH));
    }
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      String own = part.substring(0, part.length() - part.stripLeading().length());
      b.append(Columns.wrapText(own, own, part.stripLeading(), Columns.WIDTH));
    }
    return List.of(b.toString().split("\n"));
  }
}
