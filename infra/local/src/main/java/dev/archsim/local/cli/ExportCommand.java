package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.export.FisTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Exports a scenario stage for use outside archsim.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim export fis stack.json -o fis.yaml",
      "  archsim export fis stack.json --stage 2-multi-az --trials 20 -o fis.yaml"
    },
    subcommands = {ExportCommand.Fis.class})
final class ExportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing format: fis");
  }

  @Command(
      name = "fis",
      mixinStandardHelpOptions = true,
      description =
          "Writes AWS FIS experiment templates (CloudFormation) reproducing a stage's faults, and"
              + " beside them what the simulation predicts for each experiment.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  archsim export fis stack.json -o fis.yaml",
        "  archsim export fis stack.json --stage 2-multi-az --trials 20 -o fis.yaml --force"
      })
  static final class Fis implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "scenario file (.json, .yaml or .yml)")
    Path file;

    @Option(
        names = "--stage",
        paramLabel = "NAME|NUMBER",
        description = "stage to export: its name or number, 1 for the first (default: the first)")
    String stage;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "template to write (.yaml or .json); default: fis-STAGE.yaml here")
    Path output;

    @Option(
        names = "--trials",
        paramLabel = "N",
        description = "trials per prediction (default: the scenario's, at most 50)")
    Integer trials;

    @Option(names = "--force", description = "overwrite existing files")
    boolean force;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text = ScenarioFiles.read(file, System.in, err);
      if (text == null) {
        return ArchsimCommand.EXIT_INVALID;
      }
      ScenarioParseResult parsed = ScenarioFiles.parse(file, text);
      ScenarioFiles.print(parsed.violations(), err);
      if (!parsed.isValid()) {
        err.println(file + ": not a valid scenario; nothing exported");
        err.flush();
        return ArchsimCommand.EXIT_INVALID;
      }
      ObjectMapper json = new ObjectMapper();
      JsonNode doc = json.readTree(ScenarioFiles.asJson(file, text));
      // --stage as run takes it: a name or a number (1 for the first); the first stage without it
      List<Violation> problems = new java.util.ArrayList<>();
      List<Integer> wanted =
          stage == null
              ? List.of(0)
              : ScenarioFiles.resolveStages(
                  List.of(stage),
                  ScenarioFiles.stageNames(parsed.scenario().orElseThrow()),
                  problems);
      if (!problems.isEmpty()) {
        ScenarioFiles.print(problems, err);
        return ArchsimCommand.EXIT_INVALID;
      }
      JsonNode chosen = doc.path("stages").get(wanted.get(0));
      String name = chosen.path("name").asText();
      Path target =
          output != null
              ? output
              : Path.of("fis-" + name.replaceAll("[^A-Za-z0-9._-]", "-") + ".yaml");
      String base = target.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
      Path predictions = target.resolveSibling(base + ".predictions.md");
      for (Path p : new Path[] {target, predictions}) {
        if (Files.exists(p) && !force) {
          err.println(p + " exists; use --force to overwrite");
          err.flush();
          return ArchsimCommand.EXIT_INVALID;
        }
      }
      FisTemplate.Export export = FisTemplate.of(doc, chosen);
      if (export.template() == null) {
        err.println(file + ": stage '" + name + "' has no fault FIS can inject; nothing exported");
        export.notExported().forEach(n -> err.println("  " + n));
        err.flush();
        return ArchsimCommand.EXIT_INVALID;
      }
      boolean asJson = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
      ObjectMapper writer =
          asJson
              ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
              : new ObjectMapper(
                  new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
      Files.writeString(target, writer.writeValueAsString(export.template()));
      int n = trials != null ? trials : Math.min(50, doc.path("run").path("trials").asInt(100));
      Files.writeString(predictions, predictions(doc, chosen, export, n, target));
      out.println(
          "wrote "
              + target
              + " ("
              + export.experiments().size()
              + " experiment(s)) and "
              + predictions);
      export.notExported().forEach(x -> out.println("  not exported: " + x));
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }

    /** Each experiment simulated alone: the stage with only that experiment's faults. */
    private static String predictions(
        JsonNode doc, JsonNode stage, FisTemplate.Export export, int trials, Path template) {
      StringBuilder b = new StringBuilder();
      b.append("# What archsim predicts for each experiment of ")
          .append(template.getFileName())
          .append("\n\n");
      b.append("Stage '")
          .append(stage.path("name").asText())
          .append("', each experiment simulated alone (the stage with only its fault), ")
          .append(trials)
          .append(" trials of ")
          .append(doc.path("run").path("horizon").asText("P30D"))
          .append(", seed ")
          .append(doc.path("run").path("seed").asText("1"))
          .append(
              ". Hold the real run against these numbers; intervals are 95 % confidence intervals of the mean over trials.\n\n");
      for (FisTemplate.Experiment e : export.experiments()) {
        ObjectNode variant = doc.deepCopy();
        ObjectNode s = stage.deepCopy();
        if (!s.has("workload") && doc.has("workload")) {
          s.set("workload", doc.get("workload").deepCopy());
        }
        s.set("faults", e.simulatedFaults());
        ArrayNode stages = variant.putArray("stages");
        stages.add(s);
        RunRecord run =
            Runner.run(variant.toString(), Runner.Options.defaults().withTrials(trials));
        ResultView.Stage r = ResultView.parse(run.resultJson()).stages().get(0);
        b.append("## ").append(e.id()).append("\n\n").append(e.description()).append(".\n\n");
        if (e.note() != null) {
          b.append("Note: ").append(e.note()).append(".\n\n");
        }
        b.append(
            String.format(
                Locale.ROOT,
                "- availability: %.6f %% ± %.6f %% (worst trial %.6f %%)%n",
                100 * orZero(r.availability()),
                100 * orZero(r.availabilityCi95()),
                100 * orZero(r.availabilityWorst())));
        long t = Math.max(1, r.trials());
        b.append(
            String.format(
                Locale.ROOT, "- failed requests per trial: %,.0f", (double) r.failed() / t));
        StringBuilder byCause = new StringBuilder();
        r.failedByCause()
            .forEach(
                (cause, count) ->
                    byCause
                        .append(byCause.length() == 0 ? "" : ", ")
                        .append(cause)
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%,.0f", (double) count / t)));
        b.append(byCause.length() == 0 ? "\n" : " (" + byCause + ")\n");
        ResultView.Incidents inc = r.incidents();
        b.append(
            String.format(
                Locale.ROOT,
                "- incidents per trial: %.2f; detection %.1f s mean; recovery %.1f s mean, %.1f s worst%n",
                orZero(inc.perTrial()),
                orZero(inc.meanDetectionSeconds()),
                orZero(inc.meanRecoverySeconds()),
                orZero(inc.maxRecoverySeconds())));
        ResultView.Spread rto = r.recovery().rto();
        b.append(
            String.format(
                Locale.ROOT,
                "- recovery time (RTO): %.1f s mean, %.1f s p95%n%n",
                rto == null ? 0 : orZero(rto.mean()),
                rto == null ? 0 : orZero(rto.p95())));
      }
      if (!export.notExported().isEmpty()) {
        b.append("## Not exported\n\n");
        export.notExported().forEach(x -> b.append("- ").append(x).append('\n'));
      }
      return b.toString();
    }

    /** A figure the result has no value for, printed as 0 as before. */
    private static double orZero(double v) {
      return Double.isNaN(v) ? 0 : v;
    }
  }
}
