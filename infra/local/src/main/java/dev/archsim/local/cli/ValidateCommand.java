package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.http.YamlLines;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Violation;
import dev.archsim.engine.validate.WorkEstimate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "validate",
    description =
        "Checks a scenario against the schema and the simulator's rules in one pass and prints"
            + " every problem as path: message (exit 2 when there is one).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim validate mine.json",
      "  archsim validate mine.yaml --format json     # problems as JSON, for an editor or CI",
      "  cat mine.json | archsim validate -"
    })
final class ValidateCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml); - reads standard input")
  Path file;

  @Mixin OutputOptions output;

  @Mixin WorkBudgetOption budget;

  @ParentCommand ArchsimCommand parent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (!ScenarioFiles.writable(output, err)) {
      return ArchsimCommand.EXIT_INVALID;
    }
    // the text as written (for its YAML lines), and with its trace files inlined (to validate)
    String raw = ScenarioFiles.readText(file, parent.stdin, err);
    String text = raw == null ? null : ScenarioFiles.withTraces(file, raw, err);
    if (text == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    ScenarioParseResult result = ScenarioFiles.parse(file, text, budget.limits());
    List<Violation> shown = output.quiet ? result.errors() : result.violations();
    int code = result.isValid() ? ArchsimCommand.EXIT_OK : ArchsimCommand.EXIT_INVALID;
    String horizon =
        result.isValid() ? ScenarioFiles.horizonAsWritten(ScenarioFiles.asJson(file, text)) : null;
    // a YAML file's problems say their line, as the app's editor does
    YamlLines lines = shown.isEmpty() ? null : ScenarioFiles.yamlLines(file, raw);
    if (output.format == OutputOptions.Format.text) {
      ScenarioFiles.print(shown, err, lines);
      if (!result.isValid()) {
        err.println(file + ": " + problems(result.errors().size()));
        err.flush();
        return code;
      }
      Scenario s = result.scenario().orElseThrow();
      output.emit(
          String.format(
              Locale.ROOT,
              "%s: valid (%s, %d trials each, horizon %s)%n"
                  + "estimated work: %s units of the %s budget (--max-work)%n",
              file,
              s.stages().size() == 1 ? "1 stage" : s.stages().size() + " stages",
              s.run().trials(),
              horizon,
              WorkEstimate.units(WorkEstimate.of(s).total()),
              WorkEstimate.units(budget.maxWork)),
          spec.commandLine());
      return code;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Violation v : shown) {
      rows.add(
          lines == null
              ? List.of(v.path(), v.isError() ? "error" : "warning", v.message())
              : List.of(v.path(), line(lines, v), v.isError() ? "error" : "warning", v.message()));
    }
    List<String> header =
        lines == null
            ? List.of("path", "severity", "message")
            : List.of("path", "line", "severity", "message");
    output.emit(
        switch (output.format) {
          case json -> {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("file", file.toString());
            root.put("valid", result.isValid());
            ArrayNode problems = root.putArray("problems");
            for (Violation v : shown) {
              ObjectNode p = problems.addObject().put("path", v.path());
              if (lines != null) {
                // the line in the user's YAML text, as the app's /scenarios/validate gives it
                lines.lineOf(v.path()).ifPresent(n -> p.put("line", n));
              }
              p.put("severity", v.isError() ? "error" : "warning").put("message", v.message());
            }
            result
                .scenario()
                .ifPresent(
                    s ->
                        root.put("stages", s.stages().size())
                            .put("trials", s.run().trials())
                            .put("horizon", horizon)
                            .put("estimatedWork", WorkEstimate.of(s).total())
                            .put("maxWork", budget.maxWork));
            yield root.toPrettyString() + System.lineSeparator();
          }
          case csv -> OutputOptions.csv(header, rows);
          default ->
              (result.isValid() ? file + ": valid" : file + ": " + problems(result.errors().size()))
                  + "\n\n"
                  + (rows.isEmpty() ? "" : OutputOptions.markdown(header, rows));
        },
        spec.commandLine());
    return code;
  }

  /** The problem's line in the YAML text, or "" where it has none. */
  private static String line(YamlLines lines, Violation v) {
    java.util.OptionalInt n = lines.lineOf(v.path());
    return n.isPresent() ? Integer.toString(n.getAsInt()) : "";
  }

  private static String problems(int n) {
    return n == 1 ? "1 problem" : n + " problems";
  }
}
