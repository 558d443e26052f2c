package dev.archsim.core.report;

import static dev.archsim.core.report.Svg.escape;
import static dev.archsim.core.report.Svg.human;

import dev.archsim.core.result.ObjectiveText;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.result.TierFigures;
import dev.archsim.engine.model.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A self-contained HTML report of a run: inline CSS and SVG, no external assets. */
public final class HtmlReport {
  private HtmlReport() {}

  /** The report's one script: printing unfolds every folded section. */
  static final String PRINT_SCRIPT =
      "addEventListener('beforeprint',()=>document.querySelectorAll('details')"
          + ".forEach(d=>d.open=true))";

  /**
   * The Content-Security-Policy a server sends with the report: its inline stylesheet and SVG, and
   * of scripts only {@link #PRINT_SCRIPT} (by its hash); nothing loaded from anywhere.
   */
  public static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-"
          + sha256(PRINT_SCRIPT)
          + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  private static String sha256(String s) {
    try {
      return java.util.Base64.getEncoder()
          .encodeToString(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String render(Scenario scenario, ResultView result, List<Timeline> timelines) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>archsim — ")
        .append(escape(result.scenario()))
        .append("</title><style>")
        .append("body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}")
        .append(
            "table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:right}")
        .append(
            "th{background:#f3f3f3}td.l,th.l{text-align:left}.met{color:#2a7a2a;font-weight:bold}.missed{color:#b3261e;font-weight:bold}")
        .append(
            "section.stage{border-top:2px solid #ddd;margin-top:24px}.gap{color:#b3261e}.ok{color:#2a7a2a}svg.chart{display:block;margin:8px 0}")
        .append(
            "nav#toc{border:1px solid #ddd;padding:4px 16px;margin:12px 0;background:#fafafa}nav#toc ol{margin:4px 0}")
        .append(
            "details{margin:8px 0}summary{cursor:pointer;font-weight:bold}svg.diagram{display:block;margin:8px 0}")
        // a diagram wider than the column scrolls sideways in its frame instead of shrinking its
        // 10 to 12 px text below reading size; on paper it is scaled to the page
        .append(".diagram-scroll{overflow-x:auto;max-width:100%}")
        // a number and its unit, a stage's name, a price's item, region and date: on one line
        .append(
            "table.data td:not(.l),#summary td.l:first-child,table.prices td:not(:nth-child(5)),.nw{white-space:nowrap}")
        .append(
            "@media print{body{margin:0;max-width:none;font-size:11px}nav#toc{display:none}"
                + ".diagram-scroll{overflow:visible}svg.diagram{max-width:100%;height:auto}"
                + "section.stage{break-before:page}svg,table{break-inside:avoid}"
                + "a{color:inherit;text-decoration:none}}")
        .append("</style></head><body>");
    h.append("<h1>").append(escape(result.scenario())).append("</h1>");
    h.append("<p>").append(escape(scenario.description())).append("</p>");
    h.append(
        String.format(
            Locale.ROOT,
            "<p id=\"run\">Seed %d, %d trials per stage, horizon %s, traffic step %s. Price book %s.</p>",
            result.seed(),
            result.trials(),
            dev.archsim.engine.component.Numbers.iso(scenario.run().horizon()),
            dev.archsim.engine.component.Numbers.iso(scenario.run().step()),
            escape(result.stages().isEmpty() ? "" : result.stages().get(0).priceBook())));
    // the sections first, then the contents read from the sections written: it cannot drift
    StringBuilder body = new StringBuilder();
    summary(body, result);
    overviewCharts(body, result);
    comparisons(body, result);
    recovery(body, result);
    int i = 0;
    for (ResultView.Stage s : result.stages()) {
      stage(body, scenario, s, i, timelines);
      i++;
    }
    h.append(toc(body));
    h.append(body);
    h.append(
        "<p>Made by archsim. Availability is the mean over trials of served / offered requests, with a normal 95 % confidence interval.</p>");
    // printing unfolds every folded section, so that the paper copy is complete
    h.append("<script>").append(PRINT_SCRIPT).append("</script>");
    return h.append("</body></html>").toString();
  }

  /**
   * A section the contents list: an {@code <h2>} with an id, or a stage's {@code <section>} (its
   * id) and the {@code <h2>} it opens with.
   */
  private static final Pattern SECTION =
      Pattern.compile(
          "(?:<section class=\"stage\" id=\"([^\"]+)\"><h2>|<h2 id=\"([^\"]+)\">)(.*?)</h2>");

  /** The table of contents: a link to every section {@code body} has, in its order. */
  static String toc(CharSequence body) {
    StringBuilder t = new StringBuilder("<nav id=\"toc\"><b>Contents</b><ol>");
    Matcher m = SECTION.matcher(body);
    while (m.find()) {
      String id = m.group(1) != null ? m.group(1) : m.group(2);
      // the heading's text as written (already escaped), without any markup inside it
      t.append("<li><a href=\"#")
          .append(id)
          .append("\">")
          .append(m.group(3).replaceAll("<[^>]*>", ""))
          .append("</a></li>");
    }
    return t.append("</ol></nav>").toString();
  }

  private static void summary(StringBuilder h, ResultView result) {
    boolean queues = anyQueue(result.stages());
    h.append(
            "<h2 id=\"summary-title\">Stages side by side</h2><table class=\"data\" id=\"summary\"><tr><th class=\"l\">stage</th><th>availability</th><th>± 95 % CI</th>")
        .append("<th>failed requests</th>")
        .append(queues ? "<th>lost messages per million sent</th>" : "")
        .append(
            "<th>p50 ms</th><th>p99 ms</th><th>US$ a month</th><th>in service (mean / min / max)</th><th class=\"l\">objectives</th></tr>");
    for (ResultView.Stage s : result.stages()) {
      boolean any =
          s.objectives().stream()
              .anyMatch(
                  o ->
                      !o.field().equals(ResultView.Objective.RTO_SECONDS)
                          && !o.field().equals(ResultView.Objective.RPO_SECONDS));
      String objectives =
          any
              ? String.format(
                  Locale.ROOT,
                  "<span class=\"%s\">%s</span>%s; <span class=\"nw\">P(all met) %s</span>",
                  s.objectivesMet() ? "met" : "missed",
                  s.objectivesMet() ? "met" : "missed",
                  // which ones and by how much, as the command line says, so that the table alone
                  // says why
                  s.objectivesMet()
                      ? ""
                      : ": "
                          // each missed objective and its gap on one line
                          + String.join(
                              ", ",
                              s.objectives().stream()
                                  .filter(o -> !o.isMet())
                                  .map(o -> "<span class=\"nw\">" + escape(missedBy(o)) + "</span>")
                                  .toList()),
                  // with its 95 % (Wilson) interval, as each stage's Objectives table
                  escape(s.allMet().text()))
              : "none set";
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td class=\"l\">%s</td><td>%s %%</td><td>%.4f %%</td><td>%,d</td>%s<td>%.1f</td><td>%.1f</td><td>%.2f</td><td>%s</td><td class=\"l\">%s</td></tr>",
              escape(s.name()),
              dev.archsim.core.result.ObjectiveText.availability(orZero(s.availability())),
              100 * orZero(s.availabilityCi95()),
              s.failed(),
              queues ? "<td>" + escape(ObjectiveText.lostText(s)) + "</td>" : "",
              orZero(s.latency("p50")),
              orZero(s.latency("p99")),
              orZero(s.monthlyUsd()),
              escape(
                  s.workers().present()
                      ? s.instances().text() + "; consumers " + s.workers().text()
                      : s.instances().text()),
              objectives));
    }
    h.append("</table>");
  }

  /** "availability (short by 0.0188 pp)", or the name alone when the result has no figure. */
  private static String missedBy(ResultView.Objective o) {
    String gap = ObjectiveText.gap(o);
    return gap.isEmpty() ? ObjectiveText.label(o) : ObjectiveText.label(o) + " (" + gap + ")";
  }

  private static void overviewCharts(StringBuilder h, ResultView result) {
    List<ResultView.Stage> stages = result.stages();
    List<String> names = new ArrayList<>();
    for (ResultView.Stage s : stages) {
      names.add(s.name());
    }
    int n = names.size();
    double[] unavailable = new double[n];
    double[] ci = new double[n];
    for (int i = 0; i < n; i++) {
      ResultView.Stage s = stages.get(i);
      unavailable[i] = 1e6 * (1 - orZero(s.availability()));
      ci[i] = 1e6 * orZero(s.availabilityCi95());
    }
    h.append("<h2 id=\"overview\">Overview</h2>");
    boolean failures = false;
    for (ResultView.Stage s : stages) {
      failures |= s.failed() > 0;
    }
    int trials = result.trials();
    String noneFailed =
        "no stage failed a request in any of its "
            + trials
            + (trials == 1 ? " trial" : " trials")
            + ": 0 per million in every stage";
    if (failures) {
      h.append(
          Svg.barsWithCi(
              "unavailability",
              "Unavailability: failed requests per million (mean over trials, 95 % CI whisker)",
              names,
              unavailable,
              ci,
              "per million"));
    } else {
      h.append(noChart("unavailability", "Unavailability", noneFailed + ", nothing to draw."));
    }
    lostMessages(h, stages, names);
    if (failures) {
      h.append(costAgainstAvailability(result));
    } else if (anyLost(stages)) {
      h.append(costAgainstLostMessages(stages));
    } else {
      h.append(
          noChart(
              "cost-availability",
              "Cost against availability",
              noneFailed + ", so the stages differ by cost alone (the cost chart below).",
              ""));
    }
    if (failures) {
      h.append(failedByCause(stages, names));
    } else {
      h.append(noChart("failed-by-cause", "Failed requests by cause", noneFailed + "."));
    }
    String[] keys = {"p50", "p95", "p99", "p999"};
    String[] shown = {"p50", "p95", "p99", "p99.9"};
    List<Svg.Series> latency = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = orZero(stages.get(i).latency(keys[k]));
      }
      latency.add(new Svg.Series(shown[k], v));
    }
    h.append(
        Svg.percentiles(
            "latency",
            "Latency percentiles (each segment ends at its percentile)",
            names,
            latency,
            "ms"));
    h.append(
        Svg.stackedBars(
            "cost",
            "Monthly cost by component (mean over trials)",
            names,
            byKey(stages, ResultView.Stage::costByComponent),
            "$"));
  }

  /** A chart left out, said in words where it would stand: why there is nothing to draw. */
  private static String noChart(String id, String title, String why) {
    return noChart(id, title, why, "");
  }

  private static String noChart(String id, String title, String why, String more) {
    return "<p class=\"no-chart\" data-chart=\""
        + id
        + "\"><b>"
        + escape(title)
        + ":</b> "
        + escape(why)
        + escape(more)
        + "</p>";
  }

  /**
   * The 95 % half-width of {@link ObjectiveText#lostPerMillion}: the objective's, when it is set;
   * else 0.
   */
  private static double lostCi95(ResultView.Stage s) {
    for (ResultView.Objective o : s.objectives()) {
      if (o.field().equals(ResultView.Objective.LOST_MESSAGES_PER_MILLION)) {
        return orZero(o.ci95());
      }
    }
    return 0;
  }

  private static boolean anyQueue(List<ResultView.Stage> stages) {
    for (ResultView.Stage s : stages) {
      if (!Double.isNaN(ObjectiveText.lostPerMillion(s))) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyLost(List<ResultView.Stage> stages) {
    for (ResultView.Stage s : stages) {
      if (ObjectiveText.lostPerMillion(s) > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * On a scenario with queues, the messages each stage lost per million sent (mean, 95 % whisker):
   * what a queue's stage gets wrong fails no request, so the unavailability chart cannot show it;
   * in words when no queue lost any.
   */
  private static void lostMessages(
      StringBuilder h, List<ResultView.Stage> stages, List<String> names) {
    if (!anyQueue(stages)) {
      return;
    }
    if (!anyLost(stages)) {
      h.append(
          noChart(
              "lost-messages",
              "Lost messages",
              "no stage's queue lost a message (none expired before a consumer took it)."));
      return;
    }
    int n = stages.size();
    double[] lost = new double[n];
    double[] ci = new double[n];
    for (int i = 0; i < n; i++) {
      lost[i] = orZero(ObjectiveText.lostPerMillion(stages.get(i)));
      ci[i] = lostCi95(stages.get(i));
    }
    h.append(
        Svg.barsWithCi(
            "lost-messages",
            "Lost messages: expired before a consumer took them, per million sent (mean over"
                + " trials, 95 % CI whisker)",
            names,
            lost,
            ci,
            "per million"));
  }

  /**
   * The trade-off across stages whose requests all succeed but whose queues lose messages: monthly
   * cost against lost messages per million sent, each stage a point joined in stage order.
   */
  static String costAgainstLostMessages(List<ResultView.Stage> stages) {
    List<Charts.Point> points = new ArrayList<>();
    for (ResultView.Stage s : stages) {
      points.add(
          new Charts.Point(
              s.name(),
              orZero(s.monthlyUsd()),
              orZero(s.monthlyUsdCi95()),
              orZero(ObjectiveText.lostPerMillion(s)),
              lostCi95(s)));
    }
    return Charts.scatter(
        "cost-lost-messages",
        "Cost against lost messages: each stage with its 95 % CI (lower left is better; no stage"
            + " failed a request)",
        points,
        new Charts.Axis("monthly cost", "$"),
        new Charts.Axis("lost messages per million sent", ""),
        true);
  }

  /**
   * Each stage's failed requests split by cause, as shares of the stage's failures on a linear axis
   * from 0 to 100 % (a log axis would make the segments' lengths meaningless), the stage's count of
   * failed requests after its bar; how many failed is the unavailability chart's to compare.
   */
  static String failedByCause(List<ResultView.Stage> stages, List<String> names) {
    List<Svg.Series> counts =
        CauseColours.ordered(byKey(stages, s -> toDoubles(s.failedByCause())));
    int n = stages.size();
    double[] totals = new double[n];
    for (Svg.Series c : counts) {
      for (int i = 0; i < n; i++) {
        totals[i] += c.values()[i];
      }
    }
    List<Svg.Series> shares = new ArrayList<>();
    for (Svg.Series c : counts) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = totals[i] > 0 ? 100 * c.values()[i] / totals[i] : 0;
      }
      shares.add(new Svg.Series(c.name(), v));
    }
    List<String> ends = new ArrayList<>();
    for (double t : totals) {
      ends.add(t > 0 ? Svg.figure(t) + " failed" : "none failed");
    }
    return Svg.stackedBars(
        "failed-by-cause",
        "Failed requests by cause: each stage's failures split by cause (share of the stage's"
            + " failed requests, all trials)",
        names,
        shares,
        "% of the stage's failed requests",
        CauseColours::of,
        ends);
  }

  /**
   * The trade-off across stages: monthly cost against failed requests per million, each stage a
   * point with its 95 % confidence whiskers, joined in stage order.
   */
  public static String costAgainstAvailability(ResultView result) {
    List<Charts.Point> points = new ArrayList<>();
    for (ResultView.Stage s : result.stages()) {
      points.add(
          new Charts.Point(
              s.name(),
              orZero(s.monthlyUsd()),
              orZero(s.monthlyUsdCi95()),
              1e6 * (1 - orZero(s.availability())),
              1e6 * orZero(s.availabilityCi95())));
    }
    return Charts.scatter(
        "cost-availability",
        "Cost against availability: each stage with its 95 % CI (lower left is better)",
        points,
        new Charts.Axis("monthly cost", "$"),
        new Charts.Axis("failed requests per million", ""),
        true);
  }

  /** One series per key of the figures {@code of} gives in any stage (0 where a stage has none). */
  private static List<Svg.Series> byKey(
      List<ResultView.Stage> stages, Function<ResultView.Stage, Map<String, Double>> of) {
    List<Map<String, Double>> figures = stages.stream().map(of).toList();
    Set<String> keys = new LinkedHashSet<>();
    figures.forEach(f -> keys.addAll(f.keySet()));
    List<Svg.Series> out = new ArrayList<>();
    int n = stages.size();
    for (String k : keys) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = orZero(figures.get(i).getOrDefault(k, 0.0));
      }
      out.add(new Svg.Series(k, v));
    }
    return out;
  }

  private static Map<String, Double> toDoubles(Map<String, Long> counts) {
    Map<String, Double> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> out.put(k, (double) v));
    return out;
  }

  /** A figure the result has no value for, drawn and printed as 0. */
  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** RTO and RPO per stage, when any stage had to recover from a region or database failure. */
  private static void recovery(StringBuilder h, ResultView result) {
    boolean any = false;
    for (ResultView.Stage s : result.stages()) {
      any |= s.recovery().rto() != null;
    }
    if (!any) {
      return;
    }
    h.append(
        "<h2 id=\"recovery-title\">Recovery (region and database failovers)</h2><table class=\"data\" id=\"recovery\">"
            + "<tr><th class=\"l\">stage</th><th>per trial</th><th>RTO mean</th><th>RTO p95</th>"
            + "<th>RPO mean</th><th>RPO p95</th></tr>");
    for (ResultView.Stage s : result.stages()) {
      ResultView.Recovery r = s.recovery();
      h.append("<tr><td class=\"l\">")
          .append(escape(s.name()))
          .append("</td>")
          .append(cell(r.perTrial()))
          .append(durationCell(r.rto() == null ? Double.NaN : r.rto().mean()))
          .append(durationCell(r.rto() == null ? Double.NaN : r.rto().p95()))
          .append(durationCell(r.rpo() == null ? Double.NaN : r.rpo().mean()))
          .append(durationCell(r.rpo() == null ? Double.NaN : r.rpo().p95()))
          .append("</tr>");
    }
    h.append("</table>");
  }

  /**
   * The components' figures of a stage (messages sent, consumed, expired and dead-lettered, the
   * backlog and its oldest message, worker invocations, tasks, deployments, spot interruptions, NAT
   * gigabytes, WAF requests inspected...): the words of the command line's "Components" block, from
   * the same {@link TierFigures}, a row per component; nothing for a stage without any.
   */
  private static void components(StringBuilder h, ResultView.Stage s) {
    Map<String, List<String>> figures = TierFigures.of(s);
    if (figures.isEmpty()) {
      return;
    }
    h.append("<h3>Components</h3><p>")
        .append(escape(TierFigures.HEADING))
        .append("</p><table class=\"data components\"><tr><th class=\"l\">component</th>")
        .append("<th class=\"l\">figures</th></tr>");
    figures.forEach(
        (component, f) ->
            h.append("<tr><td class=\"l\">")
                .append(escape(component))
                .append("</td><td class=\"l\">")
                .append(escape(String.join("; ", f)))
                .append("</td></tr>"));
    h.append("</table>");
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "<td>–</td>" : String.format(Locale.ROOT, "<td>%,.1f</td>", v);
  }

  /**
   * A duration in a table cell as the Objectives table writes it ({@link ObjectiveText#duration}:
   * 45.0 s, 19.5 min, 3.5 h), the exact seconds in its tooltip; "–" for none.
   */
  static String durationCell(double seconds) {
    return Double.isNaN(seconds)
        ? "<td>–</td>"
        : String.format(
            Locale.ROOT,
            "<td title=\"%,.1f s\">%s</td>",
            seconds,
            escape(ObjectiveText.duration(seconds)));
  }

  private static void comparisons(StringBuilder h, ResultView result) {
    if (result.comparisons().isEmpty()) {
      return;
    }
    h.append(
        "<h2 id=\"comparisons-title\">What each stage changed and what it bought</h2>"
            + "<ul id=\"comparisons\">");
    for (ResultView.Comparison c : result.comparisons()) {
      // no negative zero: a cost down by less than a cent is +$0.00
      double cost = Math.round(100 * orZero(c.monthlyCostDeltaUsd())) / 100.0;
      h.append(
          dev.archsim.core.result.Numbers.format(
              "<li>%s → %s: availability %+.4f percentage points, failed requests %+,d,%s p99 %+.1f ms, cost %s$%,.2f a month</li>",
              escape(c.from()),
              escape(c.to()),
              100 * orZero(c.availabilityDelta()),
              c.failedRequestsDelta(),
              escape(ObjectiveText.lostDelta(result.stages(), c)),
              orZero(c.latencyP99DeltaMs()),
              cost < 0 ? "−" : "+",
              Math.abs(cost)));
    }
    h.append("</ul>");
  }

  private static void stage(
      StringBuilder h, Scenario scenario, ResultView.Stage s, int index, List<Timeline> timelines) {
    h.append("<section class=\"stage\" id=\"stage-")
        .append(index)
        .append("\"><h2>")
        .append(escape(s.name()))
        .append("</h2>");
    h.append("<p>").append(escape(s.description())).append("</p>");
    if (index < scenario.stages().size()) {
      h.append("<h3>Architecture</h3><div class=\"diagram-scroll\">")
          .append(
              Diagram.render(
                  "diagram-" + index,
                  scenario.stages().get(index).architecture(),
                  scenario.workloadOf(scenario.stages().get(index)),
                  dev.archsim.engine.component.ComputeComponent.scheduledDiagramChanges(
                      scenario.stages().get(index).architecture(),
                      scenario.faultsOf(scenario.stages().get(index))),
                  index == 0 ? null : scenario.stages().get(index - 1).architecture(),
                  index == 0 ? null : scenario.workloadOf(scenario.stages().get(index - 1))))
          .append("</div>");
      inputs(h, scenario, index);
    }
    Counts counts = Counts.INSTANCES;
    if (index < scenario.stages().size()) {
      var architecture = scenario.stages().get(index).architecture();
      counts =
          architecture.entry() == null
              ? Counts.QUEUE
              : architecture.serverless() ? Counts.LAMBDA : Counts.INSTANCES;
    }
    // the units a queue's worker fleet runs on ("instances", "tasks"): its own figure's, not what
    // serves the stage's entry (an API's Lambda environments)
    String unit =
        (s.workers().present() ? s.workers().unit() : s.instances().unit())
            .replaceFirst("^worker ", "");
    unit = unit.isEmpty() ? "instances" : unit;
    for (Timeline t : timelines) {
      if (t.stage() == index) {
        h.append(timeline(t, counts, unit, "timeline-" + index + "-" + t.trial()));
        for (int z = 0; z < t.zooms().size(); z++) {
          h.append(
              timeline(
                  t.zooms().get(z),
                  counts,
                  unit,
                  "timeline-zoom-" + index + "-" + t.trial() + (z == 0 ? "" : "-" + (z + 1))));
        }
      }
    }
    distributions(h, s, index);
    components(h, s);
    ResultView.Incidents inc = s.incidents();
    h.append(
        String.format(
            Locale.ROOT,
            "<h3>Incidents</h3><table class=\"data incidents\"><tr><th>per trial</th><th>mean detection</th><th>mean recovery</th><th>longest recovery</th></tr>"
                + "<tr><td>%.2f</td>%s%s%s</tr></table>",
            orZero(inc.perTrial()),
            durationCell(inc.meanDetectionSeconds()),
            durationCell(inc.meanRecoverySeconds()),
            durationCell(orZero(inc.maxRecoverySeconds()))));
    h.append(
        "<h3>Objectives</h3><table class=\"data objectives\"><tr><th class=\"l\">objective</th>"
            + "<th>target</th><th>this stage</th><th class=\"l\">verdict</th>"
            + "<th>P(met in a trial) [95 % interval]</th></tr>");
    int rows = 0;
    for (ResultView.Objective o : s.objectives()) {
      rows++;
      String verdict =
          Double.isNaN(o.actual())
              ? "nothing to measure"
              : o.isMet()
                  ? "<span class=\"met\">met</span>"
                  : "<span class=\"missed\">missed</span>, " + escape(ObjectiveText.gap(o));
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td class=\"l\">%s</td><td>%s %s</td><td>%s</td><td class=\"l\">%s</td>"
                  + "<td>%s</td></tr>",
              escape(ObjectiveText.label(o)),
              o.atLeast() ? "≥" : "≤",
              escape(ObjectiveText.value(o, o.target())),
              Double.isNaN(o.actual()) ? "–" : escape(ObjectiveText.value(o, o.actual())),
              verdict,
              escape(o.met().text())));
    }
    if (rows == 0) {
      h.append("<tr><td class=\"l\">none set</td><td>–</td><td>–</td><td>–</td><td>–</td></tr>");
    }
    h.append("</table>");
    h.append("<h3>Findings</h3><ul class=\"findings\">");
    if (s.findings().isEmpty()) {
      h.append("<li>none</li>");
    }
    for (ResultView.Finding f : s.findings()) {
      h.append(
          String.format(
              "<li><b>[%s] %s</b> %s: %s</li>",
              escape(f.severity()),
              escape(f.category()),
              escape(f.component()),
              escape(f.message())));
    }
    h.append(
        "</ul>"
            + wellArchitectedSummary(s)
            + "<table class=\"data well-architected\"><tr><th class=\"l\">pillar</th><th class=\"l\">check</th><th class=\"l\">met</th></tr>");
    for (ResultView.Check c : s.wellArchitected()) {
      boolean met = c.met();
      h.append(
          String.format(
              "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td class=\"l %s\">%s</td></tr>",
              escape(c.pillar()), escape(c.check()), met ? "ok" : "gap", met ? "yes" : "no"));
    }
    h.append("</table></details>");
    prices(s, h);
    h.append(
        String.format(
            Locale.ROOT,
            "<p>Requests: %s offered, %s failed; cost $%,.2f ± $%,.2f a month.</p></section>",
            human((double) s.requests()),
            human((double) s.failed()),
            orZero(s.monthlyUsd()),
            orZero(s.monthlyUsdCi95())));
  }

  /**
   * A trial over time: a panel of counts (instances in service, or the mean concurrent Lambda
   * executions, fractional ticks allowed: a mean concurrency below 1 is common; the DR secondary's
   * instances), one of rates (offered, failed, throttled requests a second) and one of the queue's
   * backlog, each panel only with what the stage has; infrastructure events marked and the primary
   * region's outages shaded.
   */
  public static String timeline(Timeline t, boolean serverless, String id) {
    return timeline(t, serverless ? Counts.LAMBDA : Counts.INSTANCES, "instances", id);
  }

  /** What serves a stage, so what a timeline's first panel counts. */
  public enum Counts {
    /** A fleet of instances (or tasks) behind the entry. */
    INSTANCES,
    /** Lambda functions behind the entry: their mean concurrency. */
    LAMBDA,
    /**
     * No entry (docs/decisions/025): producers outside send messages to the queue; its consumers (a
     * worker fleet, a Lambda consumer) are what runs.
     */
    QUEUE
  }

  /**
   * The same, the first panel counting what serves the stage ({@code counts}); a queue's worker
   * fleet counted in {@code workerUnit} ("instances", "tasks") and its Lambda consumer's concurrent
   * batches each in a panel of their own when the trial has them, and the age of the queue's oldest
   * message under its backlog. On a stage without an entry the rates are messages sent a second.
   */
  public static String timeline(Timeline t, Counts serving, String workerUnit, String id) {
    List<Svg.Series> counts = new ArrayList<>();
    boolean dr = any(t.secondaryInService());
    if (serving == Counts.LAMBDA) {
      // the mean over each interval, unrounded: 2 req/s of 150 ms is 0.3, not one environment
      counts.add(new Svg.Series("mean Lambda concurrency", t.concurrency()));
    } else if (serving == Counts.INSTANCES) {
      counts.add(
          new Svg.Series(
              dr ? "primary region instances in service" : "instances in service", t.inService()));
    }
    if (dr) {
      counts.add(new Svg.Series("secondary region instances", t.secondaryInService()));
    }
    boolean queue = serving == Counts.QUEUE;
    List<Svg.Series> rates = new ArrayList<>();
    rates.add(new Svg.Series(queue ? "messages sent" : "offered", t.offered()));
    // failures a twentieth of the load or less would lie flat on the load's axis: their own panel
    boolean ownPanel = any(t.failed()) && max(t.failed()) < max(t.offered()) / 20;
    if (!ownPanel) {
      rates.add(new Svg.Series("failed", t.failed()));
    }
    if (any(t.throttled())) {
      rates.add(new Svg.Series("throttled", t.throttled()));
    }
    List<Charts.Panel> panels = new ArrayList<>();
    if (serving == Counts.LAMBDA) {
      panels.add(new Charts.Panel("concurrent executions", counts));
    } else if (serving == Counts.INSTANCES || dr) {
      panels.add(new Charts.Panel("instances", counts, true));
    }
    if (any(t.workers())) {
      // a mean over each interval: whole instances at every step, fractions between steps
      panels.add(
          new Charts.Panel(
              "worker " + workerUnit,
              List.of(new Svg.Series("worker " + workerUnit + " in service", t.workers()))));
    }
    if (any(t.consumerConcurrency())) {
      panels.add(
          new Charts.Panel(
              "concurrent batches",
              List.of(
                  new Svg.Series(
                      "Lambda consumer concurrency (event source mapping)",
                      t.consumerConcurrency()))));
    }
    String per = queue ? "msg/s" : "req/s";
    panels.add(new Charts.Panel(per, rates));
    if (ownPanel) {
      panels.add(new Charts.Panel("failed " + per, List.of(new Svg.Series("failed", t.failed()))));
    }
    if (any(t.backlog())) {
      panels.add(
          new Charts.Panel(
              "messages", List.of(new Svg.Series("queue backlog", t.backlog())), true));
    }
    if (any(t.oldestMessageAge())) {
      panels.add(
          new Charts.Panel(
              "seconds",
              List.of(new Svg.Series("age of the oldest message", t.oldestMessageAge()))));
    }
    List<String> marked = new ArrayList<>();
    for (Charts.Kind kind : Charts.Kind.values()) {
      long n = t.events().stream().filter(m -> m.kind() == kind).count();
      if (n > 0) {
        String noun =
            switch (kind) {
              case INCIDENT -> n == 1 ? "incident" : "incidents";
              case CHANGE -> n == 1 ? "change" : "changes";
              case SCALING -> n == 1 ? "auto scaling change" : "auto scaling changes";
            };
        marked.add(n + " " + noun);
      }
    }
    String what =
        (serving == Counts.LAMBDA
                ? "Concurrency, load"
                : serving == Counts.QUEUE ? "Queue consumers, messages" : "Instances, load")
            + " and failures over time, "
            + t.label()
            + (marked.isEmpty() ? "" : " (" + String.join(", ", marked) + " marked)");
    return t.seconds().length > 0 && t.seconds()[0] > 0
        ? Charts.timeline(
            id, what, t.seconds(), panels, t.events(), t.regionOutages(), t.seconds()[0], t.end())
        : Charts.timeline(id, what, t.seconds(), panels, t.events(), t.regionOutages());
  }

  private static double max(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  /**
   * Rates under a millionth of a request a second (one request in 11 days) are the rounding of sums
   * of counts, not something to draw: a panel of them would read 0.00 on every tick.
   */
  private static final double NOTHING = 1e-6;

  private static boolean any(double[] v) {
    for (double x : v) {
      if (x > NOTHING) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stage's latency distribution (served requests by latency, with p50, p99 and p99.9 marked)
   * and its availability across trials (trials by failed requests per million, the objective
   * marked), from the result's distributions.
   */
  private static void distributions(StringBuilder h, ResultView.Stage s, int index) {
    ResultView.Distributions d = s.distributions();
    if (d == null) {
      return;
    }
    List<Charts.Bin> latency = new ArrayList<>();
    for (ResultView.Bucket b : d.latencyMs()) {
      latency.add(new Charts.Bin(b.from(), b.to(), b.count()));
    }
    if (!latency.isEmpty()) {
      List<Charts.Marker> marks = new ArrayList<>();
      for (String[] p : new String[][] {{"p50", "p50"}, {"p99", "p99"}, {"p999", "p99.9"}}) {
        double v = s.latency(p[0]);
        if (!Double.isNaN(v)) {
          marks.add(new Charts.Marker(v, p[1]));
        }
      }
      h.append(
          Charts.histogram(
              "latency-distribution-" + index,
              "Latency distribution: served requests by latency (all trials)",
              latency,
              new Charts.Axis("latency", "ms"),
              true,
              "requests",
              marks));
    }
    List<Charts.Bin> trials = new ArrayList<>();
    long perfect = 0;
    long all = 0;
    for (ResultView.Bucket b : d.availabilityByTrial()) {
      long n = b.count();
      all += n;
      double from = 1e6 * (1 - b.to());
      double to = 1e6 * (1 - b.from());
      if (to <= 0) {
        perfect += n;
      } else {
        trials.add(new Charts.Bin(from, to, n));
      }
    }
    if (all == 0) {
      return;
    }
    trials.sort(java.util.Comparator.comparingDouble(Charts.Bin::from));
    if (trials.isEmpty()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<p class=\"trial-availability\">Availability across trials: every one of the %d"
                  + " trials served every request.</p>",
              all));
      return;
    }
    List<Charts.Marker> marks = new ArrayList<>();
    marks.add(new Charts.Marker(1e6 * (1 - orZero(s.availability())), "mean"));
    double target = s.availabilityTarget();
    if (!Double.isNaN(target)) {
      // the objective as written (99.9 %), then where it falls on this axis
      marks.add(
          new Charts.Marker(
              1e6 * (1 - target),
              "objective "
                  + java.math.BigDecimal.valueOf(100 * target)
                      .round(new java.math.MathContext(8))
                      .stripTrailingZeros()
                      .toPlainString()
                  + " %:"));
    }
    h.append(
        Charts.histogram(
            "trial-availability-" + index,
            String.format(
                Locale.ROOT,
                "Availability across trials: trials by failed requests per million%s",
                perfect > 0
                    ? " (" + perfect + " of " + all + " trials failed none, not drawn)"
                    : ""),
            trials,
            new Charts.Axis("failed requests per million in a trial", ""),
            false,
            "trials",
            marks));
  }

  /** The folded checklist's heading: how many checks the stage meets. */
  private static String wellArchitectedSummary(ResultView.Stage s) {
    int met = 0;
    int all = 0;
    for (ResultView.Check c : s.wellArchitected()) {
      all++;
      met += c.met() ? 1 : 0;
    }
    return String.format(
        Locale.ROOT,
        "<details class=\"well-architected\"><summary>Well-Architected checklist: %d of %d checks met"
            + " (%d gaps)</summary>",
        met,
        all,
        all - met);
  }

  /** The stage's inputs: each component with its settings, the workload and the faults. */
  static void inputs(StringBuilder h, Scenario scenario, int index) {
    var stage = scenario.stages().get(index);
    var a = stage.architecture();
    h.append(
        "<details class=\"inputs\" open><summary>Inputs of this stage</summary><table class=\"data inputs\"><tr><th class=\"l\">input</th><th class=\"l\">value</th></tr>");
    row(h, "region", a.region() + " (" + String.join(", ", a.azs()) + ")");
    for (Diagram.Node n : Diagram.nodes(a)) {
      if (!n.key().startsWith("users")) {
        // a node per AZ or region says which (its key's suffix)
        int at = n.key().indexOf('@');
        row(h, at < 0 ? n.title() : n.title() + " (" + n.key().substring(at + 1) + ")", n.detail());
      }
    }
    var w = scenario.workloadOf(stage);
    row(
        h,
        "workload" + (stage.workload() == null ? " (scenario's)" : " (this stage's)"),
        String.format(
            Locale.ROOT,
            "%s req/s, %s pattern",
            Svg.human(w.requestsPerSecond()),
            w.pattern() instanceof dev.archsim.engine.model.ShapedPattern
                ? "composed (trace, weekly, growth, spikes, steps)"
                : w.pattern().getClass().getSimpleName().toLowerCase(Locale.ROOT)));
    var f = scenario.faultsOf(stage);
    List<String> faults = new ArrayList<>();
    if (f.instance() != null) {
      faults.add(String.format(Locale.ROOT, "instance MTBF %,.0f h", f.instance().mtbfHours()));
    }
    if (f.az() != null) {
      faults.add(
          String.format(
              Locale.ROOT,
              "AZ outage %.2f / year, mean %.1f h",
              f.az().ratePerYear(),
              f.az().meanDurationHours()));
    }
    if (f.region() != null) {
      faults.add(
          String.format(
              Locale.ROOT,
              "region outage %.2f / year, mean %.1f h",
              f.region().ratePerYear(),
              f.region().meanDurationHours()));
    }
    if (f.database() != null) {
      faults.add(String.format(Locale.ROOT, "database MTBF %,.0f h", f.database().mtbfHours()));
    }
    if (!f.scheduled().isEmpty()) {
      faults.add(f.scheduled().size() + " scheduled");
    }
    row(
        h,
        "faults" + (stage.faults() == null ? " (scenario's)" : " (this stage's)"),
        faults.isEmpty() ? "none" : String.join("; ", faults));
    List<String> changes = dev.archsim.engine.component.ComputeComponent.scheduledChanges(a, f);
    if (!changes.isEmpty()) {
      row(
          h,
          "scheduled changes" + (a.compute() == null ? "" : " (" + a.compute().name() + ")"),
          String.join("; ", changes));
    }
    h.append("</table></details>");
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><td class=\"l\">")
        .append(escape(key))
        .append("</td><td class=\"l\">")
        .append(escape(value))
        .append("</td></tr>");
  }

  /**
   * A price as the price book writes it (up to 6 significant digits: $0.0000166667 a GB-second), a
   * derived one (a monthly rate per hour, a regional factor) to 4: 0.1168, not 0.11677083333333332.
   */
  static String price(double usd) {
    java.math.BigDecimal exact = java.math.BigDecimal.valueOf(usd).stripTrailingZeros();
    if (exact.precision() <= 6) {
      return exact.toPlainString();
    }
    return exact.round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** The prices the stage's cost used with their sources, and the unpriced items. */
  private static void prices(ResultView.Stage s, StringBuilder h) {
    if (s.costPartial()) {
      h.append(
          "<p class=\"gap\"><b>Partial cost:</b> no price for these items; they are billed at 0,"
              + " so the cost is a lower bound");
      if (s.budgetUndetermined()) {
        h.append(" and the budget objective is undetermined");
      }
      h.append(":</p><ul class=\"unpriced\">");
      for (ResultView.Unpriced u : s.unpriced()) {
        h.append(String.format("<li>%s in %s</li>", escape(u.item()), escape(u.region())));
      }
      h.append("</ul>");
    }
    h.append(
        String.format(
            "<h3>Prices used (price book %s)</h3><table class=\"data prices\"><tr><th class=\"l\">item</th><th class=\"l\">region</th><th>US$</th><th class=\"l\">unit</th><th class=\"l\">source</th><th class=\"l\">as of</th></tr>",
            escape(s.priceBook())));
    for (ResultView.Price p : s.prices()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%s</td><td class=\"l\">%s</td><td class=\"l\">%s</td><td class=\"l\">%s</td></tr>",
              escape(p.item()),
              escape(p.region()),
              price(p.usd()),
              escape(p.unit()),
              escape(p.source()),
              escape(p.asOf())));
    }
    h.append("</table>");
  }
}
