package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.report.CompareReport;
import dev.archsim.core.report.Reports;
import dev.archsim.core.result.PairedDifference;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.run.CompareRuns;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "compare",
    description = {
      "Runs two scenarios on the same seed and prints B − A per stage with a 95%% confidence"
          + " interval per figure.",
      "Trial t of A and trial t of B draw the same random numbers (common random numbers), so"
          + " the interval comes from the per-trial differences; where it covers zero the"
          + " difference is marked as not distinguishable from noise."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim compare base.json more-spot.json",
      "  archsim compare base.json more-spot.json --trials 400 --json > diff.json",
      "  archsim compare base.json more-spot.json --stage 8 --trials 500   # only the stage changed",
      "  archsim compare base.json more-spot.json --format markdown --report diff.html"
    })
final class CompareCommand implements Callable<Integer>, Flags.Checked {
  @Parameters(index = "0", paramLabel = "A", description = "the first scenario (- for stdin)")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "the second scenario")
  Path b;

  @Option(
      names = "--trials",
      paramLabel = "N",
      description = "trials per stage for both (default: A's run.trials)")
  Integer trials;

  @Option(names = "--seed", paramLabel = "N", description = "seed for both (default: A's seed)")
  Long seed;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      description = "simulated time per trial for both, e.g. P7D (default: each file's own)")
  String horizon;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "worker threads; default: the number of cores")
  Integer workers;

  @Option(
      names = "--stage",
      paramLabel = "NAME|NUMBER",
      description =
          "compare only this stage of both files: its name or number, 1 for the first"
              + " (repeatable)")
  List<String> stages = new ArrayList<>();

  @Mixin OutputOptions output;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "also write an HTML page: the comparison, then both runs' reports")
  Path report;

  @Mixin WorkBudgetOption budget;

  @ParentCommand ArchsimCommand parent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stage pair's differences, figure by figure. */
  record Row(
      String stageA, int numberA, String stageB, int numberB, List<PairedDifference> figures) {
    /** The stages' numbers in their files: {@code 8}, or {@code 2 → 3} when they differ. */
    String numbers() {
      return numberA == numberB ? Integer.toString(numberA) : numberA + " → " + numberB;
    }
  }

  /** Both runs and their differences, stage by stage. */
  record Comparison(ResultView[] r, long seed, int trials, List<Row> rows, String note) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Flags flags =
        new Flags(Limits.DEFAULT)
            .trials(trials)
            .horizon(horizon)
            .workers(workers)
            .writable("--report", report)
            .writable("--output", output.output);
    // the flags' problems, then each file's, in one pass: nothing is simulated unless all are fine
    ScenarioFiles.print(flags.problems, err);
    boolean invalid = !flags.problems.isEmpty();
    Path[] files = {a, b};
    JsonNode[] docs = new JsonNode[2];
    ScenarioParseResult[] parsed = new ScenarioParseResult[2];
    for (int i = 0; i < 2; i++) {
      String text = ScenarioFiles.read(files[i], parent.stdin, err);
      if (text == null) {
        invalid = true;
        continue;
      }
      // the work budget is checked once --trials and --horizon are applied, at submission
      parsed[i] = ScenarioFiles.parseBeforeOverrides(files[i], text);
      if (!parsed[i].isValid()) {
        err.println(files[i] + ":");
        ScenarioFiles.print(output.quiet ? parsed[i].errors() : parsed[i].violations(), err);
        invalid = true;
      } else {
        docs[i] = ScenarioFiles.tree(files[i], text);
      }
    }
    // --stage in each file's terms: a name, or a number (the same place in both)
    List<List<Integer>> chosen = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      if (parsed[i] == null || !parsed[i].isValid()) {
        continue;
      }
      List<Violation> problems = new ArrayList<>();
      chosen.add(
          ScenarioFiles.resolveStages(
              stages, ScenarioFiles.stageNames(parsed[i].scenario().orElseThrow()), problems));
      if (!problems.isEmpty()) {
        err.println(files[i] + ":");
        ScenarioFiles.print(problems, err);
        invalid = true;
      }
    }
    if (invalid) {
      return ArchsimCommand.EXIT_INVALID;
    }
    long commonSeed = seed != null ? seed : parsed[0].scenario().orElseThrow().run().seed();
    int commonTrials = trials != null ? trials : parsed[0].scenario().orElseThrow().run().trials();
    // both parsed once: the common trials, seed and horizon (and the stages chosen) change each
    // as typed copies
    Scenario[] scenarios = new Scenario[2];
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    PairedDifference.Recorder[] recorders = {
      new PairedDifference.Recorder(), new PairedDifference.Recorder()
    };
    ResultView[] results = new ResultView[2];
    RunRecord[] runs = new RunRecord[2];
    for (int i = 0; i < 2; i++) {
      ScenarioOverrides overrides =
          ScenarioFiles.overrides(commonTrials, commonSeed, horizon, null, chosen.get(i));
      try {
        scenarios[i] = overrides.applyTo(parsed[i].scenario().orElseThrow());
        runs[i] =
            Runner.run(
                parsed[i].scenario().orElseThrow(),
                docs[i],
                overrides,
                parsed[i].warnings(),
                Runner.Options.defaults()
                    .withWorkers(threads, 25)
                    .withTrialListener(recorders[i])
                    .withLimits(budget.limits()));
      } catch (ScenarioRejectedException e) {
        err.println(files[i] + ":");
        ScenarioFiles.print(e.violations(), err);
        return ArchsimCommand.EXIT_INVALID;
      }
      if (runs[i].status() != RunStatus.COMPLETED) {
        err.println("archsim: run of " + files[i] + " failed: " + runs[i].failureReason());
        err.flush();
        return ArchsimCommand.EXIT_FAILED;
      }
      results[i] = ResultView.parse(runs[i].resultJson());
    }
    List<List<String>> fileStages =
        List.of(
            ScenarioFiles.stageNames(parsed[0].scenario().orElseThrow()),
            ScenarioFiles.stageNames(parsed[1].scenario().orElseThrow()));
    List<String> sa = results[0].stages().stream().map(ResultView.Stage::name).toList();
    List<String> sb = results[1].stages().stream().map(ResultView.Stage::name).toList();
    List<Row> rows = new ArrayList<>();
    List<CompareRuns.Row> paired = CompareRuns.rows(recorders, sa, sb);
    for (int i = 0; i < paired.size(); i++) {
      CompareRuns.Row r = paired.get(i);
      // numbered as in each file: compare --stage 2 --stage 8 says 2 and 8, as run does
      rows.add(
          new Row(
              r.stageA(),
              ResultTable.number(fileStages.get(0), r.stageA(), i + 1),
              r.stageB(),
              ResultTable.number(fileStages.get(1), r.stageB(), i + 1),
              r.figures()));
    }
    Comparison comparison =
        new Comparison(
            results,
            commonSeed,
            commonTrials,
            rows,
            CompareRuns.note("scenarios", sa.size(), sb.size()));
    output.emit(
        switch (output.format) {
          case json -> json(comparison);
          case csv -> csv(rows);
          case markdown -> markdown(comparison);
          case text -> text(comparison, new OutputOptions.Paint(output.colour()));
        },
        spec.commandLine());
    if (report != null) {
      StringBuilder html = new StringBuilder();
      html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .append(escape("archsim compare: " + a + " vs " + b))
          .append("</title><style>body{font-family:system-ui,sans-serif;margin:1.5rem}")
          .append(CompareReport.STYLE)
          .append("iframe{width:100%;height:90vh;border:1px solid #ccc}</style>")
          .append("</head><body><h1>B − A</h1><p>A: ")
          .append(escape(a + " (" + results[0].scenario() + ")"))
          .append("<br>B: ")
          .append(escape(b + " (" + results[1].scenario() + ")"))
          .append("</p><p>")
          .append(
              escape(
                  String.format(
                      Locale.ROOT,
                      "Seed %d, %d trials per stage. B − A with its 95 %% confidence interval,"
                          + " paired by trial (common random numbers): where the interval covers"
                          + " zero the difference is not distinguishable from noise.",
                      commonSeed,
                      commonTrials)))
          .append("</p>")
          .append(CompareReport.table(labelled(rows)));
      if (comparison.note() != null) {
        html.append("<p>(").append(escape(comparison.note())).append(")</p>");
      }
      for (int i = 0; i < 2; i++) {
        String one = Reports.html(scenarios[i], results[i]);
        html.append("<h2>")
            .append(i == 0 ? "A: " : "B: ")
            .append(escape(files[i].toString()))
            .append("</h2><iframe title=\"report ")
            .append(i == 0 ? "A" : "B")
            .append("\" srcdoc=\"")
            .append(escape(one))
            .append("\"></iframe>");
      }
      html.append("</body></html>\n");
      Files.writeString(report, html.toString(), StandardCharsets.UTF_8);
      output.note(err, "report written to " + report);
    }
    return ArchsimCommand.EXIT_OK;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  // ------------------------------------------------------------------ renderings

  private String text(Comparison c, OutputOptions.Paint paint) {
    ResultView[] r = c.r();
    long seed = c.seed();
    int trials = c.trials();
    List<Row> rows = c.rows();
    String note = c.note();
    StringBuilder s = new StringBuilder();
    s.append(fileLine("A: ", a, r[0].scenario()));
    s.append(fileLine("B: ", b, r[1].scenario()));
    s.append(
        Columns.wrapText(
            "",
            String.format(
                Locale.ROOT,
                "seed %d, %d trials per stage; B − A with its 95%% confidence interval, paired by"
                    + " trial (common random numbers)",
                seed,
                trials),
            ResultTable.WIDTH));
    s.append(stagesText(rows, paint));
    if (note != null) {
      s.append('\n').append('(').append(note).append(")\n");
    }
    return s.toString();
  }

  /** The stage's label: its numbers and name(s), {@code 8 8-reserved-and-spot}. */
  static String label(Row row) {
    return row.numbers()
        + "  "
        + (row.stageA().equals(row.stageB()) ? row.stageA() : row.stageA() + " → " + row.stageB());
  }

  /**
   * The stages' blocks, a row per figure either side has, within {@link Columns#WIDTH} columns: the
   * B − A column as wide as its widest entry, a verdict that still does not fit continued under its
   * start; then what was left out because neither side has it.
   */
  static String stagesText(List<Row> rows, OutputOptions.Paint paint) {
    int deltaWidth = "B − A (95% CI)".length();
    for (Row row : rows) {
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        PairedDifference d = row.figures().get(f.ordinal());
        if (f.shown(d)) {
          deltaWidth = Math.max(deltaWidth, delta(f, d).length());
        }
      }
    }
    StringBuilder s = new StringBuilder();
    for (Row row : rows) {
      s.append('\n');
      for (String line : Columns.wrapText("", "   ", label(row), Columns.WIDTH).split("\n")) {
        s.append(paint.bold(line)).append('\n');
      }
      s.append(
          String.format(Locale.ROOT, "   %-19s %14s %14s  %s%n", "", "A", "B", "B − A (95% CI)"));
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        PairedDifference d = row.figures().get(f.ordinal());
        if (!f.shown(d)) {
          continue;
        }
        String head =
            String.format(
                Locale.ROOT,
                "   %-19s %14s %14s  %-" + deltaWidth + "s ",
                f.label,
                value(f, d.a()),
                value(f, d.b()),
                delta(f, d));
        String verdict = d.verdict().text;
        if (head.length() + verdict.length() <= Columns.WIDTH) {
          s.append(head).append(painted(d.verdict(), verdict, paint)).append('\n');
          continue;
        }
        // too wide: continued under the verdict's start, or (huge figures) on a line of its own
        boolean under = head.length() <= Columns.WIDTH - 24;
        String indent = " ".repeat(under ? head.length() : 6);
        String wrapped =
            under
                ? Columns.wrapText(head, indent, verdict, Columns.WIDTH).substring(head.length())
                : Columns.wrapText(indent, indent, verdict, Columns.WIDTH).substring(6);
        s.append(under ? head : head.stripTrailing() + "\n" + indent);
        List<String> lines = wrapped.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
          String line = i == 0 ? lines.get(i) : lines.get(i).substring(indent.length());
          s.append(i == 0 ? "" : indent).append(painted(d.verdict(), line, paint)).append('\n');
        }
      }
    }
    String leftOut = CompareReport.leftOut(labelled(rows));
    if (leftOut != null) {
      s.append('\n').append(Columns.wrapText("(", leftOut + ")", Columns.WIDTH));
    }
    return s.toString();
  }

  /** The verdict's words as the terminal marks them: a difference bold, noise in yellow. */
  private static String painted(
      PairedDifference.Verdict verdict, String words, OutputOptions.Paint paint) {
    return switch (verdict) {
      case DIFFERS -> paint.bold(words);
      case NOISE -> paint.yellow(words);
      default -> words;
    };
  }

  /** The rows as the report's stages: label and figures. */
  static List<CompareReport.Stage> labelled(List<Row> rows) {
    return rows.stream().map(row -> new CompareReport.Stage(label(row), row.figures())).toList();
  }

  /**
   * {@code A: FILE (scenario name)} in {@link ResultTable#WIDTH} columns: the path stands whole (it
   * can be copied), the name wraps at its spaces under it.
   */
  static String fileLine(String prefix, Path file, String scenario) {
    List<String> words = new ArrayList<>();
    words.add(file.toString());
    words.addAll(List.of(("(" + scenario + ")").split(" ")));
    return Columns.wrap(prefix, "   ", words, ResultTable.WIDTH, " ");
  }

  private static String value(PairedDifference.Figure f, double v) {
    return CompareReport.value(f, v);
  }

  private static String delta(PairedDifference.Figure f, PairedDifference d) {
    return CompareReport.delta(f, d);
  }

  private String json(Comparison c) {
    ResultView[] r = c.r();
    long seed = c.seed();
    int trials = c.trials();
    List<Row> rows = c.rows();
    String note = c.note();
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.putObject("a").put("file", a.toString()).put("scenario", r[0].scenario());
    root.putObject("b").put("file", b.toString()).put("scenario", r[1].scenario());
    root.put("seed", seed);
    root.put("trials", trials);
    root.put(
        "pairing", "common random numbers: trial t of A and B share seed, stage and trial index");
    ArrayNode stages = root.putArray("stages");
    for (Row row : rows) {
      ObjectNode s = stages.addObject();
      s.put("a", row.stageA());
      s.put("b", row.stageB());
      ObjectNode figures = s.putObject("bMinusA");
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        PairedDifference d = row.figures().get(f.ordinal());
        if (!f.shown(d)) {
          continue; // neither side has it: said once, in leftOut
        }
        ObjectNode x = figures.putObject(key(f));
        x.put("trials", d.n());
        num(x, "a", d.a());
        num(x, "b", d.b());
        num(x, "difference", d.mean());
        num(x, "ci95Low", d.low());
        num(x, "ci95High", d.high());
        x.put("distinguishable", d.distinguishable());
        x.put("verdict", d.verdict().text);
      }
    }
    if (note != null) {
      root.put("note", note);
    }
    String leftOut = CompareReport.leftOut(labelled(rows));
    if (leftOut != null) {
      root.put("leftOut", leftOut);
    }
    return root.toPrettyString() + System.lineSeparator();
  }

  private static String key(PairedDifference.Figure f) {
    return f.key();
  }

  private static void num(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  private static String csv(List<Row> rows) {
    List<List<String>> out = new ArrayList<>();
    for (Row row : rows) {
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        PairedDifference d = row.figures().get(f.ordinal());
        if (!f.shown(d)) {
          continue;
        }
        out.add(
            List.of(
                row.stageA(),
                row.stageB(),
                key(f),
                Integer.toString(d.n()),
                OutputOptions.fixed(d.a(), decimals(f)),
                OutputOptions.fixed(d.b(), decimals(f)),
                OutputOptions.fixed(d.mean(), decimals(f)),
                OutputOptions.fixed(d.low(), decimals(f)),
                OutputOptions.fixed(d.high(), decimals(f)),
                Boolean.toString(d.distinguishable()),
                d.verdict().text));
      }
    }
    return OutputOptions.csv(
        List.of(
            "stage_a",
            "stage_b",
            "figure",
            "trials",
            "a",
            "b",
            "b_minus_a",
            "ci95_low",
            "ci95_high",
            "distinguishable",
            "verdict"),
        out);
  }

  /**
   * A figure's decimal places in the CSV, as run's columns have them ({@link ResultTable}); failed
   * requests a trial are means over trials, kept to 3 places.
   */
  static int decimals(PairedDifference.Figure f) {
    return switch (f) {
      case AVAILABILITY -> ResultTable.AVAILABILITY_DECIMALS;
      case FAILED -> 3;
      case P99 -> ResultTable.MS_DECIMALS;
      case COST -> ResultTable.USD_DECIMALS;
      case LOST_MESSAGES -> 3;
    };
  }

  private String markdown(Comparison c) {
    ResultView[] r = c.r();
    long seed = c.seed();
    int trials = c.trials();
    List<Row> rows = c.rows();
    String note = c.note();
    List<List<String>> out = new ArrayList<>();
    for (Row row : rows) {
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        PairedDifference d = row.figures().get(f.ordinal());
        if (!f.shown(d)) {
          continue;
        }
        out.add(
            List.of(
                row.stageA().equals(row.stageB())
                    ? row.stageA()
                    : row.stageA() + " → " + row.stageB(),
                f.label,
                value(f, d.a()),
                value(f, d.b()),
                delta(f, d),
                d.verdict().text));
      }
    }
    return String.format(
            Locale.ROOT,
            "**A**: %s (%s), **B**: %s (%s); seed %d, %d trials per stage, paired by trial%n%n",
            a,
            r[0].scenario(),
            b,
            r[1].scenario(),
            seed,
            trials)
        + OutputOptions.markdown(List.of("stage", "figure", "A", "B", "B − A (95% CI)", ""), out)
        + (note == null ? "" : "\n" + note + "\n")
        + (CompareReport.leftOut(labelled(rows)) == null
            ? ""
            : "\n" + CompareReport.leftOut(labelled(rows)) + "\n");
  }
}
