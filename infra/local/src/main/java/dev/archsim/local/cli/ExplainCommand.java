package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.Numbers;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
    name = "explain",
    description =
        "Prints each stage's architecture as a tree with its findings and Well-Architected"
            + " checks, without simulating.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim explain mine.json",
      "  archsim explain mine.json --stage 8",
      "  archsim explain mine.json --format markdown -o architecture.md",
      "  archsim explain mine.json --format json | jq '.stages[].findings'"
    })
final class ExplainCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml); - reads standard input")
  Path file;

  @Option(
      names = "--stage",
      paramLabel = "NAME|NUMBER",
      description =
          "explain only this stage: its name or number, 1 for the first (repeatable), as run"
              + " takes it")
  List<String> stages = new ArrayList<>();

  @Mixin OutputOptions output;

  @ParentCommand ArchsimCommand parent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** What explain says about one stage. */
  record Explained(
      String name, List<String> architecture, List<Finding> findings, List<PillarCheck> checks) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String text = ScenarioFiles.read(file, parent.stdin, output, err);
    if (text == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    // nothing is simulated: the work budget does not apply
    ScenarioParseResult parsed = ScenarioFiles.parseBeforeOverrides(file, text);
    ScenarioFiles.print(output.quiet ? parsed.errors() : parsed.violations(), err);
    if (!parsed.isValid()) {
      return ArchsimCommand.EXIT_INVALID;
    }
    Scenario s = parsed.scenario().orElseThrow();
    List<Violation> problems = new ArrayList<>();
    List<Integer> chosen =
        ScenarioFiles.resolveStages(this.stages, ScenarioFiles.stageNames(s), problems);
    if (!problems.isEmpty()) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    List<Explained> stages = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      if (!chosen.isEmpty() && !chosen.contains(i)) {
        continue;
      }
      Stage stage = s.stage(i);
      stages.add(
          new Explained(
              stage.name(),
              architecture(stage, s.workloadOf(stage), s.faultsOf(stage)),
              StaticAnalyzer.analyze(s, i),
              StaticAnalyzer.wellArchitected(s, i)));
    }
    output.emit(
        switch (output.format) {
          case text -> text(s.name(), stages);
          case json -> json(s.name(), stages);
          case csv -> csv(stages);
          case markdown -> markdown(s.name(), stages);
        },
        spec.commandLine());
    return ArchsimCommand.EXIT_OK;
  }

  static String text(String name, List<Explained> stages) {
    StringBuilder b = new StringBuilder(name).append('\n');
    for (Explained e : stages) {
      b.append("├─ ").append(e.name()).append('\n');
      for (int i = 0; i < e.architecture().size(); i++) {
        String line = e.architecture().get(i);
        boolean sub = line.startsWith("  ");
        String branch =
            sub ? "│  │  └─ " : (i == e.architecture().size() - 1 ? "│  └─ " : "│  ├─ ");
        b.append(
            Columns.wrapText(
                branch, sub ? "│  │     " : "│  │  ", line.strip(), ResultTable.WIDTH));
      }
      for (Finding f : e.findings()) {
        b.append(
            Columns.wrapText(
                "│  ! ",
                "│    ",
                String.format(
                    Locale.ROOT,
                    "[%s] %s %s: %s",
                    f.severity(),
                    f.category(),
                    f.component(),
                    f.message()),
                ResultTable.WIDTH));
      }
      long met = e.checks().stream().filter(PillarCheck::met).count();
      b.append(
          String.format(
              Locale.ROOT, "│  Well-Architected: %d of %d checks met%n", met, e.checks().size()));
      for (PillarCheck c : e.checks()) {
        b.append(
            Columns.wrapText(
                "│    " + (c.met() ? "✓ " : "✗ "),
                "│      ",
                c.pillar() + ": " + c.check(),
                ResultTable.WIDTH));
      }
    }
    return b.toString();
  }

  static String json(String name, List<Explained> stages) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("scenario", name);
    ArrayNode out = root.putArray("stages");
    for (Explained e : stages) {
      ObjectNode s = out.addObject();
      s.put("name", e.name());
      ArrayNode arch = s.putArray("architecture");
      e.architecture().forEach(l -> arch.add(l.strip()));
      ArrayNode findings = s.putArray("findings");
      for (Finding f : e.findings()) {
        findings
            .addObject()
            .put("severity", f.severity())
            .put("category", f.category())
            .put("component", f.component())
            .put("message", f.message());
      }
      ArrayNode checks = s.putArray("wellArchitected");
      for (PillarCheck c : e.checks()) {
        checks.addObject().put("pillar", c.pillar()).put("check", c.check()).put("met", c.met());
      }
    }
    return root.toPrettyString() + System.lineSeparator();
  }

  static String csv(List<Explained> stages) {
    List<List<String>> rows = new ArrayList<>();
    for (Explained e : stages) {
      for (Finding f : e.findings()) {
        rows.add(
            List.of(
                e.name(), "finding", f.severity(), f.category(), f.component(), f.message(), ""));
      }
      for (PillarCheck c : e.checks()) {
        rows.add(
            List.of(e.name(), "check", "", c.pillar(), "", c.check(), Boolean.toString(c.met())));
      }
    }
    return OutputOptions.csv(
        List.of("stage", "kind", "severity", "category", "component", "message", "met"), rows);
  }

  static String markdown(String name, List<Explained> stages) {
    StringBuilder b = new StringBuilder("# ").append(name).append("\n");
    for (Explained e : stages) {
      b.append("\n## ").append(e.name()).append("\n\n");
      e.architecture()
          .forEach(
              l -> b.append(l.startsWith("  ") ? "  - " : "- ").append(l.strip()).append('\n'));
      if (!e.findings().isEmpty()) {
        b.append("\n**Findings**\n\n");
        for (Finding f : e.findings()) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "- [%s] %s %s: %s%n",
                  f.severity(),
                  f.category(),
                  f.component(),
                  f.message()));
        }
      }
      long met = e.checks().stream().filter(PillarCheck::met).count();
      b.append(
          String.format(
              Locale.ROOT,
              "%n**Well-Architected**: %d of %d checks met%n%n",
              met,
              e.checks().size()));
      for (PillarCheck c : e.checks()) {
        b.append("- [")
            .append(c.met() ? "x" : " ")
            .append("] ")
            .append(c.pillar())
            .append(": ")
            .append(c.check())
            .append('\n');
      }
    }
    return b.toString();
  }

  // ------------------------------------------------------------------ the architecture, in words

  /** One line per component; lines starting with two spaces belong to the line above. */
  static List<String> architecture(Stage stage, Workload w, Faults f) {
    List<String> out = new ArrayList<>();
    Architecture a = stage.architecture();
    out.add(
        String.format(
            Locale.ROOT,
            "workload: %s req/s mean, %s, %s ms CPU per request",
            number(w.requestsPerSecond()),
            pattern(w.pattern()),
            number(w.profile().cpuMsPerRequest())));
    out.add(
        String.format(Locale.ROOT, "region %s, AZs %s", a.region(), String.join(", ", a.azs())));
    if (a.entry() == null) {
      out.add("entry: none: producers outside the stage send its workload to its queue");
    }
    for (Components.Present<?> component : Components.in(a, Components.onThePath())) {
      out.addAll(component.explain(a, w));
    }
    for (Components.Present<?> component : Components.in(a, Components.aroundThePath())) {
      out.addAll(component.explain(a, w));
    }
    List<String> faults = new ArrayList<>();
    faults.add(
        f.instance() == null
            ? "no instance failures"
            : "instance MTBF " + number(f.instance().mtbfHours()) + " h");
    if (f.az() != null) {
      faults.add(
          "AZ outages "
              + number(f.az().ratePerYear())
              + "/year of "
              + number(f.az().meanDurationHours())
              + " h");
    }
    if (f.region() != null) {
      faults.add(
          "region outages "
              + number(f.region().ratePerYear())
              + "/year of "
              + number(f.region().meanDurationHours())
              + " h");
    }
    if (f.database() != null) {
      faults.add("database MTBF " + number(f.database().mtbfHours()) + " h");
    }
    out.add("faults: " + String.join(", ", faults));
    for (Faults.ScheduledFault s :
        f.scheduled().stream()
            .sorted(java.util.Comparator.comparing(Faults.ScheduledFault::at))
            .toList()) {
      out.add("  at " + Durations.iso(s.at()) + ": " + scheduled(s));
    }
    return out;
  }

  static String scheduled(Faults.ScheduledFault s) {
    return switch (s) {
      case Faults.AzOutage o -> o.az() + " outage for " + Durations.iso(o.duration());
      case Faults.Resize r ->
          "resize to " + r.toInstanceType() + " (" + number(r.downtimeSeconds()) + " s stop/start)";
      case Faults.DnsRemoval d ->
          "an instance removed from DNS" + (d.terminate() ? " and terminated" : "");
      case Faults.RegionOutage o ->
          (o.region() == null ? "region outage" : o.region() + " outage")
              + " for "
              + Durations.iso(o.duration());
      case Faults.InstanceFailure x -> "an instance in " + x.az() + " fails";
      default -> Components.owner(s).orElseThrow().describe(s);
    };
  }

  static String pattern(TrafficPattern p) {
    return switch (p) {
      case TrafficPattern.Constant c -> "constant";
      case TrafficPattern.Daily d ->
          "daily peak ×" + number(d.peakFactor()) + " at " + number(d.peakHourUtc()) + ":00 UTC";
      case ShapedPattern s -> shaped(s);
    };
  }

  /** A composed workload shape, factor by factor. */
  static String shaped(ShapedPattern s) {
    List<String> parts = new ArrayList<>();
    if (s.trace() != null) {
      var t = s.trace();
      parts.add(
          "a trace of "
              + t.size()
              + " points every "
              + number(t.periodSeconds())
              + " s ("
              + number(t.lengthSeconds() / 3600)
              + " h, repeated)"
              + (t.scale() != 1 ? " ×" + number(t.scale()) : "")
              + (t.shiftSeconds() != 0 ? " from " + number(t.shiftSeconds()) + " s" : ""));
    }
    if (!(s.base() instanceof TrafficPattern.Constant)) {
      parts.add(pattern(s.base()));
    }
    if (s.weekly() != null) {
      parts.add("weekends ×" + number(s.weekly().weekendFactor()) + " of a weekday");
    }
    if (s.growthPercentPerMonth() != 0) {
      parts.add("growth " + number(s.growthPercentPerMonth()) + " %/month");
    }
    for (ShapedPattern.Spike x : s.spikes()) {
      parts.add(
          "spike ×"
              + number(x.factor())
              + " at "
              + Durations.iso(Duration.ofMillis(Math.round(x.atSeconds() * 1000)))
              + " for "
              + Durations.iso(Duration.ofMillis(Math.round(x.durationSeconds() * 1000))));
    }
    for (ShapedPattern.Step x : s.steps()) {
      parts.add(
          "step to ×"
              + number(x.factor())
              + " at "
              + Durations.iso(Duration.ofMillis(Math.round(x.atSeconds() * 1000))));
    }
    return String.join(", ", parts);
  }

  /** A number without trailing zeros: 2000, 1.6, 0.05. */
  static String number(double v) {
    return Numbers.plain(v);
  }
}
