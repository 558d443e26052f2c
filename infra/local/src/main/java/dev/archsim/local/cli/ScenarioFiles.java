package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reading scenario files (JSON or YAML) and printing their problems. */
final class ScenarioFiles {
  private ScenarioFiles() {}

  /** The file's text, or null after printing why it cannot be read. */
  static String read(Path file, PrintWriter err) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println(file + ": cannot read: " + e.getMessage());
      return null;
    }
  }

  static ScenarioParseResult parse(Path file, String text) {
    return new ScenarioCodec().parse(file.getFileName().toString(), text);
  }

  /** The document as JSON text (YAML files are converted). */
  static String asJson(Path file, String text) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return new ObjectMapper()
          .writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(text));
    }
    return text;
  }

  static void print(List<Violation> violations, PrintWriter err) {
    for (Violation v : violations) {
      err.println((v.isError() ? "" : "warning: ") + v.path() + ": " + v.message());
    }
    err.flush();
  }
}
