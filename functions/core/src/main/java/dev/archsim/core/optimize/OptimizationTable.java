package dev.archsim.core.optimize;

import dev.archsim.engine.model.Objectives;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text answer of {@code archsim optimize}: the best design, the finalists, the trials spent.
 */
public final class OptimizationTable {
  /** Rows shown; the rest are counted by outcome. */
  static final int MAX_ROWS = 25;

  /** Columns every line of the answer fits in. */
  public static final int WIDTH = 120;

  /** Where a row's design and why start, under its figures. */
  private static final String INDENT = "      ";

  private OptimizationTable() {}

  public static String render(Optimizer.Result r, Objectives o) {
    StringBuilder b = new StringBuilder(summary(r, o));
    b.append(System.lineSeparator());
    List<Optimizer.Outcome> rows = rows(r);
    b.append(
        String.format(
            Locale.ROOT,
            ROW + "%n",
            "#",
            "outcome",
            "trials",
            "cost $/month",
            "availability [95 % CI]",
            "p99 ms [upper]"));
    b.append(INDENT).append("design; why").append(System.lineSeparator());
    Map<Optimizer.Status, Integer> hidden = new EnumMap<>(Optimizer.Status.class);
    int shown = 0;
    for (Optimizer.Outcome x : rows) {
      if (shown >= MAX_ROWS) {
        hidden.merge(x.status(), 1, Integer::sum);
        continue;
      }
      shown++;
      Judgement j = x.judgement();
      b.append(
          String.format(
              Locale.ROOT,
              ROW + "%n",
              x.design().index() + 1,
              x.status().name().toLowerCase(Locale.ROOT),
              j == null ? "-" : Long.toString(j.trials()),
              j == null ? "-" : cost(j),
              j == null ? "-" : interval(j),
              j == null || Double.isNaN(j.p99Ms()) ? "-" : p99(j)));
      b.append(INDENT).append(x.design().label()).append(System.lineSeparator());
      b.append(INDENT).append("why: ").append(x.reason()).append(System.lineSeparator());
    }
    if (!hidden.isEmpty()) {
      b.append("  and ");
      List<String> parts = new ArrayList<>();
      hidden.forEach((k, v) -> parts.add(v + " " + k.name().toLowerCase(Locale.ROOT)));
      b.append(String.join(", ", parts)).append(" not shown").append(System.lineSeparator());
    }
    return wrap(b.toString(), WIDTH);
  }

  /** The search, the trials spent, the objectives and the best design: a line each. */
  static String summary(Optimizer.Result r, Objectives o) {
    StringBuilder b = new StringBuilder();

    Optimizer.Settings s = r.settings();
    if (s.search() == Optimizer.Search.EVOLUTIONARY) {
      b.append(
          String.format(
              Locale.ROOT,
              "Search: evolutionary (NSGA-II, population %d) over a space of %d designs: %d"
                  + " generations screened %d designs on %d trials each, then racing; %d trials to"
                  + " accept a design.%n",
              s.population(),
              r.spaceSize(),
              r.generations(),
              r.designs(),
              s.screenTrials(),
              s.trials()));
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "Search: %s over %d designs%s; %d trials to accept a design%s.%n",
              s.search().name().toLowerCase(Locale.ROOT),
              r.designs(),
              r.excluded() > 0 ? " (" + r.excluded() + " more ruled out by constraints)" : "",
              s.trials(),
              s.search() == Optimizer.Search.RACING ? ", " + s.screenTrials() + " to screen" : ""));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "Trials simulated: %d of a budget of %d (exhaustive search: %d, %.1f %% of it)%s.%n",
            r.trialsUsed(),
            s.budgetTrials(),
            r.exhaustiveTrials(),
            r.exhaustiveTrials() == 0 ? 0.0 : 100.0 * r.trialsUsed() / r.exhaustiveTrials(),
            r.budgetExhausted() ? "; the budget ran out before every design was decided" : ""));
    b.append(
        String.format(
            Locale.ROOT,
            "Batches of evaluations: %d, each asked for once the one before was answered (the"
                + " largest %d trials).%n",
            r.batches(),
            r.largestBatchTrials()));
    long simulated = r.outcomes().stream().filter(x -> x.judgement() != null).count();
    long full =
        r.outcomes().stream()
            .filter(x -> x.judgement() != null && x.judgement().trials() >= s.trials())
            .count();
    b.append(
        String.format(
            Locale.ROOT,
            "Designs simulated: %d of %d, %d of them on all %d trials.%n",
            simulated,
            r.spaceSize(),
            full,
            s.trials()));
    b.append("Objectives: ").append(objectives(o)).append(System.lineSeparator());
    r.best()
        .ifPresentOrElse(
            best ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "Best: %s  ($%.2f a month, availability %s, p99 %s ms)%n",
                        best.design().label(),
                        best.judgement().costMean(),
                        interval(best.judgement()),
                        p99(best.judgement()))),
            () ->
                b.append("Best: none meets the objectives at 95 % confidence")
                    .append(System.lineSeparator()));
    return b.toString();
  }

  /** The designs in the order of the table: by outcome, then cost, then number. */
  static List<Optimizer.Outcome> rows(Optimizer.Result r) {
    List<Optimizer.Outcome> rows = new ArrayList<>(r.outcomes());
    rows.sort(
        Comparator.comparingInt((Optimizer.Outcome x) -> x.status().ordinal())
            .thenComparingDouble(
                x -> x.judgement() == null ? Double.MAX_VALUE : x.judgement().costMean())
            .thenComparingInt(x -> x.design().index()));
    return rows;
  }

  /**
   * The answer as Markdown ({@code archsim optimize --format markdown}): the summary's lines as a
   * list, then the finalists as a table with the design and why in columns of their own.
   */
  public static String markdown(Optimizer.Result r, Objectives o, boolean pareto) {
    StringBuilder b = new StringBuilder("## Optimisation\n\n");
    for (String line : summary(r, o).split("\\R")) {
      if (!line.isBlank()) {
        b.append("- ").append(md(line)).append('\n');
      }
    }
    b.append("\n| # | outcome | trials | cost $/month | availability [95 % CI] | p99 ms [upper] |")
        .append(" design | why |\n");
    b.append("| ---: | --- | ---: | ---: | --- | ---: | --- | --- |\n");
    List<Optimizer.Outcome> rows = rows(r);
    for (Optimizer.Outcome x : rows.subList(0, Math.min(MAX_ROWS, rows.size()))) {
      Judgement j = x.judgement();
      b.append("| ")
          .append(
              String.join(
                  " | ",
                  Integer.toString(x.design().index() + 1),
                  x.status().name().toLowerCase(Locale.ROOT),
                  j == null ? "-" : Long.toString(j.trials()),
                  j == null ? "-" : cost(j),
                  j == null ? "-" : interval(j),
                  j == null || Double.isNaN(j.p99Ms()) ? "-" : p99(j),
                  md(x.design().label()),
                  md(x.reason())))
          .append(" |\n");
    }
    if (rows.size() > MAX_ROWS) {
      b.append('\n').append(rows.size() - MAX_ROWS).append(" more designs not shown.\n");
    }
    if (pareto) {
      List<Optimizer.Outcome> front = ParetoFront.of(r.outcomes(), r.settings().trials());
      b.append("\n### Pareto front (cost, availability, p99)\n\n");
      b.append("| # | cost $/month | availability [95 % CI] | p99 ms [upper] | design |\n");
      b.append("| ---: | ---: | --- | ---: | --- |\n");
      for (Optimizer.Outcome x : front) {
        Judgement j = x.judgement();
        b.append("| ")
            .append(
                String.join(
                    " | ",
                    (x.design().index() + 1)
                        + (x.status() == Optimizer.Status.BEST ? " (best)" : ""),
                    cost(j),
                    interval(j),
                    p99(j),
                    md(x.design().label())))
            .append(" |\n");
      }
    }
    return b.toString();
  }

  /** A cell or line of Markdown: pipes escaped, no line break. */
  private static String md(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  /** A row's figures: 85 columns, the design and why on lines of their own below. */
  private static final String ROW = "%-5s %-9s %6s %18s %-28s %14s";

  /** The p99 and, when its interval is known, its upper bound: {@code 121 [128]}. */
  static String p99(Judgement j) {
    double high = j.p99High();
    return Double.isFinite(high) && high > j.p99Ms()
        ? String.format(Locale.ROOT, "%.0f [%.0f]", j.p99Ms(), high)
        : String.format(Locale.ROOT, "%.0f", j.p99Ms());
  }

  /**
   * Every line of {@code text} broken at spaces to at most {@code width} columns, a continuation
   * indented as its line is (at least {@link #INDENT}); a word longer than the line is cut.
   */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\\R", -1)) {
      int lead = 0;
      while (lead < line.length() && line.charAt(lead) == ' ') {
        lead++;
      }
      String indent = " ".repeat(Math.max(lead, INDENT.length()));
      String rest = line;
      while (rest.length() > width) {
        int cut = rest.lastIndexOf(' ', width);
        if (cut <= indent.length()) {
          cut = width;
        }
        out.append(rest, 0, cut).append(System.lineSeparator());
        rest = indent + rest.substring(cut).stripLeading();
      }
      out.append(rest).append(System.lineSeparator());
    }
    // split keeps the text's last line break as an empty line: drop the separator added for it
    out.setLength(out.length() - System.lineSeparator().length());
    return out.toString();
  }

  /** The cost / availability / p99 front, cheapest first. */
  public static String pareto(Optimizer.Result r) {
    List<Optimizer.Outcome> front =
        dev.archsim.core.optimize.ParetoFront.of(r.outcomes(), r.settings().trials());
    StringBuilder b = new StringBuilder(System.lineSeparator());
    b.append(
        String.format(
            Locale.ROOT,
            "Pareto front (cost, availability, p99; %d designs no other beats on all three):%n",
            front.size()));
    b.append(
        String.format(
            Locale.ROOT,
            "%-5s %18s %-28s %14s%n",
            "#",
            "cost $/month",
            "availability [95 % CI]",
            "p99 ms [upper]"));
    b.append(INDENT).append("design").append(System.lineSeparator());
    for (Optimizer.Outcome x : front) {
      Judgement j = x.judgement();
      b.append(
          String.format(
              Locale.ROOT,
              "%-5s %18s %-28s %14s%s%n",
              x.design().index() + 1,
              cost(j),
              interval(j),
              p99(j),
              x.status() == Optimizer.Status.BEST ? "  (best)" : ""));
      b.append(INDENT).append(x.design().label()).append(System.lineSeparator());
    }
    return wrap(b.toString(), WIDTH);
  }

  static String cost(Judgement j) {
    return Double.isInfinite(j.costCi95())
        ? String.format(Locale.ROOT, "%.2f", j.costMean())
        : String.format(Locale.ROOT, "%.2f ± %.2f", j.costMean(), j.costCi95());
  }

  static String interval(Judgement j) {
    return String.format(
        Locale.ROOT,
        "%.3f %% [%.3f, %.3f]",
        j.availabilityMean() * 100,
        j.availabilityLow() * 100,
        j.availabilityHigh() * 100);
  }

  private static String objectives(Objectives o) {
    List<String> parts = new ArrayList<>();
    if (o.availability() != null) {
      parts.add(
          String.format(
              Locale.ROOT, "availability ≥ %.3f %% (lower bound)", o.availability() * 100));
    }
    if (o.latencyP99Ms() != null) {
      parts.add(String.format(Locale.ROOT, "p99 ≤ %.0f ms", o.latencyP99Ms()));
    }
    if (o.monthlyBudgetUsd() != null) {
      parts.add(String.format(Locale.ROOT, "cost ≤ $%.2f (upper bound)", o.monthlyBudgetUsd()));
    }
    if (o.rtoSeconds() != null) {
      parts.add(String.format(Locale.ROOT, "RTO ≤ %.0f s", o.rtoSeconds()));
    }
    if (o.rpoSeconds() != null) {
      parts.add(String.format(Locale.ROOT, "RPO ≤ %.0f s", o.rpoSeconds()));
    }
    if (o.lostMessagesPerMillion() != null) {
      parts.add(
          "lost messages ≤ "
              + dev.archsim.core.result.ObjectiveText.perMillion(o.lostMessagesPerMillion())
              + " per million (upper bound)");
    }
    return String.join(", ", parts);
  }
}
