package dev.archsim.local.cli;

import dev.archsim.core.result.Numbers;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.result.TierFigures;
import dev.archsim.local.text.Columns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run result for a person (text that fits 120 columns) or a program (CSV, Markdown). The
 * JSON form is the result itself.
 */
final class ResultTable {
  static final int WIDTH = Columns.WIDTH;
  private static final int NAME = 28;

  /** The headings of the stages' table, in text and in Markdown. */
  private static final List<String> HEADINGS =
      List.of(
          "#",
          "stage",
          "availability (95% CI)",
          "failed req.",
          "p50 ms",
          "p99 ms",
          "$/month",
          "objectives");

  private ResultTable() {}

  /** The text form; {@code horizon} as the scenario wrote it (null: not shown). */
  static String render(ResultView result, String horizon, OutputOptions.Paint paint) {
    return render(result, horizon, paint, List.of());
  }

  /**
   * The text form, each stage numbered as in the file whose stages are {@code fileStages} (a run of
   * some of them, {@code --stage 2 --stage 8}, still says 2 and 8; empty: numbered as listed).
   */
  static String render(
      ResultView result, String horizon, OutputOptions.Paint paint, List<String> fileStages) {
    StringBuilder b = new StringBuilder();
    b.append(header(paint.bold(result.scenario()), result.seed(), result.trials(), horizon))
        .append('\n');
    b.append(
        String.format(
            Locale.ROOT, "%-2s %-" + NAME + "s %-22s %15s %8s %8s %11s  %s%n", HEADINGS.toArray()));
    int i = 0;
    for (ResultView.Stage s : result.stages()) {
      int number = number(fileStages, s.name(), ++i);
      String objectives =
          !s.hasObjectives()
              ? "-"
              : !s.objectivesMet()
                  ? paint.red("missed")
                  : s.budgetUndetermined()
                      ? paint.yellow("met, budget undetermined")
                      : paint.green("met");
      b.append(
          String.format(
              Locale.ROOT,
              "%-2d %-" + NAME + "s %-22s %,15d %8.1f %8.1f %11s  %s%n",
              number,
              truncate(s.name(), NAME),
              percent(s.availability(), s.availabilityCi95()),
              s.failed(),
              s.latency("p50"),
              s.latency("p99"),
              String.format(Locale.ROOT, "%,.2f%s", s.monthlyUsd(), s.costPartial() ? "+" : ""),
              objectives));
    }
    objectives(result, b, paint);
    b.append(String.format(Locale.ROOT, "%nFailed requests by cause (all trials)%n"));
    for (ResultView.Stage s : result.stages()) {
      List<String> causes = new ArrayList<>();
      // loops rather than lambdas in the table: each lambda's class is spun at its first call
      for (Map.Entry<String, Long> e : s.failedByCause().entrySet()) {
        causes.add(String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()));
      }
      b.append(line(s.name(), causes.isEmpty() ? List.of("none") : causes));
    }
    if (result.comparisons().size() > 0) {
      b.append(
          String.format(Locale.ROOT, "%nWhat each stage bought (the stage − the one before)%n"));
      for (ResultView.Comparison c : result.comparisons()) {
        List<String> parts = new ArrayList<>();
        parts.add(Numbers.format("availability %+.4f pp,", orZero(c.availabilityDelta()) * 100));
        parts.add(Numbers.format("failed requests %+,d,", c.failedRequestsDelta()));
        // messages lost at retention, when either stage has a queue (as the report says it)
        String lost = dev.archsim.core.result.ObjectiveText.lostDelta(result.stages(), c).trim();
        if (!lost.isEmpty()) {
          parts.add(lost);
        }
        parts.add(Numbers.format("p99 %+.1f ms,", orZero(c.latencyP99DeltaMs())));
        parts.add(Numbers.format("cost %+,.2f $/month", orZero(c.monthlyCostDeltaUsd())));
        b.append(
            Columns.wrap(
                "  "
                    + c.to()
                    + (adjacent(fileStages, c.from(), c.to()) ? "" : " − " + c.from())
                    + ": ",
                parts,
                WIDTH));
      }
    }
    b.append(String.format(Locale.ROOT, "%nCost by component ($/month, mean)%n"));
    for (ResultView.Stage s : result.stages()) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, Double> e : s.costByComponent().entrySet()) {
        parts.add(String.format(Locale.ROOT, "%s %,.2f", e.getKey(), e.getValue()));
      }
      b.append(line(s.name(), parts));
    }
    unpriced(result, b);
    b.append(
        String.format(
            Locale.ROOT,
            "%nIn service (mean / min / max: EC2 instances, tasks, Lambda environments) and"
                + " Well-Architected checks met per pillar%n"));
    for (ResultView.Stage s : result.stages()) {
      Map<String, int[]> pillars = new LinkedHashMap<>();
      for (ResultView.Check c : s.wellArchitected()) {
        int[] counts = pillars.get(c.pillar());
        if (counts == null) {
          counts = new int[2];
          pillars.put(c.pillar(), counts);
        }
        counts[0] += c.met() ? 1 : 0;
        counts[1]++;
      }
      ResultView.Instances inst = s.instances();
      List<String> parts = new ArrayList<>();
      parts.add(inst.text());
      if (s.workers().present()) {
        parts.add("consumers " + s.workers().text());
      }
      for (Map.Entry<String, int[]> e : pillars.entrySet()) {
        int[] v = e.getValue();
        parts.add(String.format(Locale.ROOT, "%s %d/%d", e.getKey(), v[0], v[1]));
      }
      b.append(line(s.name(), parts));
    }
    recoveryAndTiers(result, b);
    b.append(String.format(Locale.ROOT, "%nFindings%n"));
    for (ResultView.Stage s : result.stages()) {
      if (s.findings().isEmpty()) {
        b.append(line(s.name(), List.of("none"))); // as the report says it
      }
      for (ResultView.Finding f : s.findings()) {
        b.append(
            Columns.wrapText(
                String.format(Locale.ROOT, "  %-" + NAME + "s ", truncate(s.name(), NAME)),
                String.format(
                    Locale.ROOT,
                    "[%s] %s %s: %s",
                    f.severity(),
                    f.category(),
                    f.component(),
                    f.message()),
                WIDTH));
      }
    }
    return b.toString();
  }

  /** Which objective each stage missed and by how much, with P(met) and its interval. */
  private static void objectives(ResultView result, StringBuilder b, OutputOptions.Paint paint) {
    boolean any = false;
    for (ResultView.Stage s : result.stages()) {
      any |= s.hasObjectives();
    }
    if (!any) {
      return;
    }
    b.append(
        String.format(
            Locale.ROOT, "%nObjectives: P = share of trials meeting it [95%% Wilson interval]%n"));
    String indent = " ".repeat(NAME + 3);
    for (ResultView.Stage s : result.stages()) {
      if (!s.hasObjectives()) {
        continue;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "  %-" + NAME + "s %s, P(all met) %s of %d trials%n",
              truncate(s.name(), NAME),
              s.objectivesMet() ? paint.green("met") : paint.red("missed"),
              s.allMet().text(),
              s.trials()));
      for (ResultView.Objective o : s.objectives()) {
        String mark = o.isMet() ? paint.green("✓") : paint.red("✗");
        b.append(Columns.wrapText(indent + mark + " ", text(o) + "; P " + o.met().text(), WIDTH));
      }
    }
  }

  /**
   * {@code NAME — seed N, T trials per stage, horizon H}, wrapped at spaces to {@link #WIDTH}
   * columns (a scenario's name can take most of a line); ends with a newline.
   */
  static String header(String name, long seed, int trials, String horizon) {
    return Columns.wrapText(
        "",
        "  ",
        String.format(
            Locale.ROOT,
            "%s — seed %d, %d trials per stage%s",
            name,
            seed,
            trials,
            horizon == null ? "" : ", horizon " + horizon),
        WIDTH);
  }

  private static String line(String stage, List<String> parts) {
    return Columns.wrap(
        String.format(Locale.ROOT, "  %-" + NAME + "s ", truncate(stage, NAME)), parts, WIDTH);
  }

  /** RTO/RPO of the stages that had to recover, and the other tiers' per-trial figures. */
  private static void recoveryAndTiers(ResultView result, StringBuilder b) {
    boolean anyRecovery = false;
    for (ResultView.Stage s : result.stages()) {
      anyRecovery |= s.recovery().rto() != null;
    }
    if (anyRecovery) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nRecovery: region and database failovers per trial, RTO and RPO (mean / p95)%n"));
      for (ResultView.Stage s : result.stages()) {
        ResultView.Recovery r = s.recovery();
        b.append(
            String.format(
                Locale.ROOT,
                "  %-" + NAME + "s %5.2f   RTO %s   RPO %s%n",
                truncate(s.name(), NAME),
                orZero(r.perTrial()),
                meanP95(r.rto()),
                meanP95(r.rpo())));
      }
    }
    boolean anyTiers = false;
    for (ResultView.Stage s : result.stages()) {
      anyTiers |= !TierFigures.of(s).isEmpty();
    }
    if (anyTiers) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nComponents (a trial's figures, the mean over trials; \"at most\": the most in any"
                  + " trial)%n"));
      for (ResultView.Stage s : result.stages()) {
        List<String> parts = TierFigures.line(s);
        String prefix = String.format(Locale.ROOT, "  %-" + NAME + "s ", truncate(s.name(), NAME));
        b.append(
            Columns.wrapText(
                prefix,
                " ".repeat(prefix.length()),
                parts.isEmpty() ? "-" : String.join("; ", parts),
                WIDTH));
      }
    }
  }

  /** The components' figures of each stage, a row per stage and component. */
  static String componentsMarkdown(ResultView result) {
    List<List<String>> rows = new ArrayList<>();
    for (ResultView.Stage s : result.stages()) {
      TierFigures.of(s).forEach((c, f) -> rows.add(List.of(s.name(), c, String.join(", ", f))));
    }
    return rows.isEmpty()
        ? ""
        : String.format(
                Locale.ROOT,
                "%n**Components** (a trial's figures, the mean over trials; \"at most\": the most"
                    + " in any trial)%n%n")
            + OutputOptions.markdown(List.of("stage", "component", "figures"), rows);
  }

  // ------------------------------------------------------------------ CSV and Markdown

  private static final List<String> COLUMNS =
      List.of(
          "stage",
          "trials",
          "availability",
          "availability_ci95",
          "failed_requests",
          "p50_ms",
          "p95_ms",
          "p99_ms",
          "p999_ms",
          "monthly_usd",
          "monthly_usd_ci95",
          "objectives",
          "p_all_met",
          "p_all_met_low",
          "p_all_met_high",
          "missed");

  /**
   * Decimal places of the CSV's numbers, per kind. Availability is a fraction kept to 10 places: a
   * trial's is counted in parts per billion, and its 95% half-width over trials can be a few parts
   * in ten million. Latencies in ms to the microsecond; dollars to a hundredth of a cent; the
   * probability of meeting the objectives to 5 places (k of at most 100 000 trials).
   */
  static final int AVAILABILITY_DECIMALS = 10;

  static final int MS_DECIMALS = 3;
  static final int USD_DECIMALS = 4;
  static final int PROBABILITY_DECIMALS = 5;

  static String csv(ResultView result) {
    List<List<String>> rows = new ArrayList<>();
    for (ResultView.Stage s : result.stages()) {
      ResultView.Probability p = s.allMet();
      rows.add(
          List.of(
              s.name(),
              Long.toString(s.trials()),
              OutputOptions.fixed(s.availability(), AVAILABILITY_DECIMALS),
              OutputOptions.fixed(s.availabilityCi95(), AVAILABILITY_DECIMALS),
              Long.toString(s.failed()),
              OutputOptions.fixed(s.latency("p50"), MS_DECIMALS),
              OutputOptions.fixed(s.latency("p95"), MS_DECIMALS),
              OutputOptions.fixed(s.latency("p99"), MS_DECIMALS),
              OutputOptions.fixed(s.latency("p999"), MS_DECIMALS),
              OutputOptions.fixed(s.monthlyUsd(), USD_DECIMALS),
              OutputOptions.fixed(s.monthlyUsdCi95(), USD_DECIMALS),
              !s.hasObjectives() ? "" : s.objectivesMet() ? "met" : "missed",
              s.hasObjectives() ? OutputOptions.fixed(p.p(), PROBABILITY_DECIMALS) : "",
              s.hasObjectives() ? OutputOptions.fixed(p.low(), PROBABILITY_DECIMALS) : "",
              s.hasObjectives() ? OutputOptions.fixed(p.high(), PROBABILITY_DECIMALS) : "",
              missed(s)));
    }
    return OutputOptions.csv(COLUMNS, rows);
  }

  static String markdown(ResultView result, String horizon) {
    return markdown(result, horizon, List.of());
  }

  /** The Markdown form, stages numbered as in the file (see {@link #render}). */
  static String markdown(ResultView result, String horizon, List<String> fileStages) {
    List<List<String>> rows = new ArrayList<>();
    int i = 0;
    for (ResultView.Stage s : result.stages()) {
      rows.add(
          List.of(
              Integer.toString(number(fileStages, s.name(), ++i)),
              s.name(),
              percent(s.availability(), s.availabilityCi95()),
              String.format(Locale.ROOT, "%,d", s.failed()),
              String.format(Locale.ROOT, "%.1f", s.latency("p50")),
              String.format(Locale.ROOT, "%.1f", s.latency("p99")),
              String.format(Locale.ROOT, "$%,.2f", s.monthlyUsd()),
              !s.hasObjectives()
                  ? "-"
                  : (s.objectivesMet() ? "met" : "missed: " + missed(s))
                      + "; P(all met) "
                      + s.allMet().text()));
    }
    return String.format(
            Locale.ROOT,
            "**%s** — seed %d, %d trials per stage%s%n%n",
            result.scenario(),
            result.seed(),
            result.trials(),
            horizon == null ? "" : ", horizon " + horizon)
        + OutputOptions.markdown(HEADINGS, rows)
        + componentsMarkdown(result);
  }

  /** A stage's number in the file (1 for the first), or {@code listed} when it is not known. */
  static int number(List<String> fileStages, String name, int listed) {
    int at = fileStages.indexOf(name);
    return at >= 0 ? at + 1 : listed;
  }

  /** True when {@code from} comes right before {@code to} in the file (or the file is unknown). */
  private static boolean adjacent(List<String> fileStages, String from, String to) {
    int a = fileStages.indexOf(from);
    int b = fileStages.indexOf(to);
    return a < 0 || b < 0 || b == a + 1;
  }

  /** The missed objectives of a stage, "; "-separated ("" when none). */
  static String missed(ResultView.Stage s) {
    return String.join(
        "; ", s.objectives().stream().filter(o -> !o.isMet()).map(ResultTable::text).toList());
  }

  private static String meanP95(ResultView.Spread n) {
    if (n == null) {
      return "-";
    }
    return duration(orZero(n.mean())) + " / " + duration(orZero(n.p95()));
  }

  /** A figure the result has no value for printed as 0, as the table always has. */
  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** "availability 99.8812 % < 99.9 % target (short by 0.0188 pp)", or the met form. */
  static String text(ResultView.Objective o) {
    return dev.archsim.core.result.ObjectiveText.text(o);
  }

  static String duration(double seconds) {
    return dev.archsim.core.result.ObjectiveText.duration(seconds);
  }

  static String percent(double mean, double ci95) {
    if (Double.isNaN(mean)) {
      return "-";
    }
    String ci = Double.isNaN(ci95) ? "" : String.format(Locale.ROOT, " ± %.4f%%", ci95 * 100);
    return dev.archsim.core.result.ObjectiveText.availability(mean) + "%" + ci;
  }

  /**
   * Stages whose cost is partial: the items the price book has no price for (billed at 0, so the
   * cost shown is a lower bound), and a budget objective that cannot be decided.
   */
  private static void unpriced(ResultView result, StringBuilder b) {
    boolean header = false;
    for (ResultView.Stage s : result.stages()) {
      if (!s.costPartial()) {
        continue;
      }
      if (!header) {
        b.append(
            String.format(
                Locale.ROOT,
                "%nPartial costs: no price for these items (billed at 0, the cost is a lower"
                    + " bound)%n"));
        header = true;
      }
      List<String> items = new ArrayList<>();
      for (ResultView.Unpriced u : s.unpriced()) {
        items.add(u.item() + " in " + u.region() + ";");
      }
      if (s.budgetUndetermined()) {
        items.add("the budget objective is undetermined: the cost is partial");
      }
      b.append(line(s.name(), items));
    }
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
