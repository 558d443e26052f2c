package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.archsim.core.report.Reports;
import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WhatIsTheTime report rendered the way a person sees it: headless Chromium loads the file, its
 * DOM must hold every chart and table, non-empty, and its screenshot must be a real picture; the
 * rendered geometry (measured in the page) must show bars proportional to their values, legend
 * entries apart, and diagram nodes apart with their labels inside. Skipped where no Chromium is
 * installed (CI installs Debian's).
 */
class ReportInBrowserTest {
  static Path html;
  static Path laterHtml;
  @TempDir static Path dir;

  @BeforeAll
  static void render() throws Exception {
    String doc =
        Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))
            .replace("\"P30D\"", "\"P3D\"");
    Scenario parsed = new ScenarioCodec().parseJson(doc).orThrow();
    Scenario s = parsed.withRun(parsed.run().withTrials(3));
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      accs.add(new Simulator().simulate(s, new Shard(i, i, 0, 3)));
    }
    ResultView result = ResultView.parse(ResultCodec.writeSummary(RunSummary.of(s, accs)));
    html = dir.resolve("report.html");
    Files.writeString(html, Reports.html(s, result));
    // the last four stages alone: fewer causes, met in another order
    Scenario later = s.onlyStages(s.stages().subList(4, 8).stream().map(st -> st.name()).toList());
    List<StageAccumulator> laterAccs = new ArrayList<>();
    for (int i = 0; i < later.stages().size(); i++) {
      laterAccs.add(new Simulator().simulate(later, new Shard(i, i, 0, 3)));
    }
    laterHtml = dir.resolve("report-later.html");
    Files.writeString(
        laterHtml,
        Reports.html(
            later, ResultView.parse(ResultCodec.writeSummary(RunSummary.of(later, laterAccs)))));
  }

  static String run(Path chromium, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString()));
    cmd.addAll(Cdp.HEADLESS);
    cmd.add("--user-data-dir=" + dir.resolve("profile-" + System.nanoTime()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return dom;
  }

  static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void everyChartAndTableIsInTheRenderedPageAndNotEmpty() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    String dom = run(chromium.get(), "--dump-dom", html.toUri().toString());
    for (String chart : new String[] {"unavailability", "failed-by-cause", "latency", "cost"}) {
      Matcher m =
          Pattern.compile("<svg[^>]*data-chart=\"" + chart + "\"[^>]*>(.*?)</svg>", Pattern.DOTALL)
              .matcher(dom);
      assertThat(m.find()).as(chart).isTrue();
      assertThat(count(m.group(1), "<rect class=\"bar\"")).as(chart + " bars").isGreaterThan(0);
    }
    // a sample trial and (when different) the worst trial per stage, each a drawn line
    assertThat(count(dom, "data-chart=\"timeline-")).isBetween(8, 16);
    assertThat(count(dom, "<polyline class=\"series\"")).isGreaterThanOrEqualTo(16);
    Matcher summary =
        Pattern.compile("<table class=\"data\" id=\"summary\">(.*?)</table>", Pattern.DOTALL)
            .matcher(dom);
    assertThat(summary.find()).isTrue();
    assertThat(count(summary.group(1), "<tr>")).isEqualTo(1 + 8);
    assertThat(count(dom, "<table class=\"data well-architected\">")).isEqualTo(8);
    assertThat(count(dom, "<section class=\"stage\"")).isEqualTo(8);
    // the checklist is folded, the contents link every stage, each stage lists its inputs
    assertThat(count(dom, "<details class=\"well-architected\"><summary>")).isEqualTo(8);
    assertThat(count(dom, "<a href=\"#stage-\\d\">")).isEqualTo(8);
    assertThat(count(dom, "<table class=\"data inputs\">")).isEqualTo(8);
    assertThat(count(dom, "<svg class=\"diagram\"")).isEqualTo(8);
    assertThat(dom)
        .contains("What each stage changed and what it bought")
        .contains("single-point-of-failure");
  }

  @Test
  void theScreenshotIsARealPicture() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    Path png = dir.resolve("report.png");
    run(chromium.get(), "--window-size=1200,3000", "--screenshot=" + png, html.toUri().toString());
    byte[] bytes = Files.readAllBytes(png);
    Screenshots.write("report-whatisthetime.png", bytes);
    assertThat(bytes.length).isGreaterThan(50_000);
    assertThat(new String(bytes, 1, 3)).isEqualTo("PNG");
  }

  /**
   * Printed (Chromium's print media and print to PDF): the contents are left out, each stage starts
   * a page, and the folded Well-Architected checklists open before printing.
   */
  @Test
  void printedEachStageStartsAPageAndTheFoldedSectionsOpen() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (Cdp page = new Cdp(chromium.get(), dir.resolve("profile-print"), 1200, 900)) {
      page.navigate(html.toUri().toString());
      page.await(
          "document.readyState === 'complete' && document.querySelectorAll('section.stage')"
              + ".length === 8",
          java.time.Duration.ofSeconds(60));
      String state =
          "JSON.stringify({toc: getComputedStyle(document.getElementById('toc')).display,"
              + " breaks: [...document.querySelectorAll('section.stage')]"
              + ".map(s => getComputedStyle(s).breakBefore),"
              + " folded: [...document.querySelectorAll('details')].filter(d => !d.open).length,"
              + " checklists: document.querySelectorAll('details.well-architected').length})";
      var screen = json.readTree(page.eval(state).asText());
      assertThat(screen.get("toc").asText()).isNotEqualTo("none");
      // on screen the Well-Architected checklists are folded
      assertThat(screen.get("checklists").asInt()).isEqualTo(8);
      assertThat(screen.get("folded").asInt()).isGreaterThanOrEqualTo(8);
      page.send("Emulation.setEmulatedMedia", json.createObjectNode().put("media", "print"));
      page.eval("window.dispatchEvent(new Event('beforeprint')), true");
      var printed = json.readTree(page.eval(state).asText());
      assertThat(printed.get("toc").asText()).isEqualTo("none");
      assertThat(printed.get("breaks")).hasSize(8).allMatch(b -> b.asText().equals("page"));
      assertThat(printed.get("folded").asInt()).isZero();
      // and printed for real: a title page and the overview, then one page or more per stage
      String pdf =
          new String(
              java.util.Base64.getDecoder()
                  .decode(
                      page.send("Page.printToPDF", json.createObjectNode()).get("data").asText()),
              java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(pdf).startsWith("%PDF");
      assertThat(count(pdf, "/Type\\s*/Page\\b(?!s)")).isGreaterThan(8);
    }
  }

  /**
   * The README's picture of the report's charts, from the DR strategies' report (30 days, the
   * primary region lost on day 10): cost against availability, the pilot light's timeline through
   * the outage, its latency distribution; each drawn, and the timeline's secondary region taking
   * over.
   */
  @Test
  void theChartsPictureOfTheDrStrategiesReport() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    Scenario parsed =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/dr-strategies.json")))
            .orThrow();
    Scenario s = parsed.withRun(parsed.run().withTrials(2));
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      accs.add(new Simulator().simulate(s, new Shard(i, i, 0, 2)));
    }
    String report =
        Reports.html(s, ResultView.parse(ResultCodec.writeSummary(RunSummary.of(s, accs))));
    StringBuilder page =
        new StringBuilder(
            "<!doctype html><html><head><meta charset=\"utf-8\"><style>body{margin:8px;"
                + "font-family:sans-serif}svg{display:block;margin-bottom:14px}</style></head>"
                + "<body>");
    // the region outage of hours is a sliver of the 30-day axis: a zoom an hour either side of it
    Matcher main =
        Pattern.compile(
                "data-chart=\"timeline-1-[0-9]+\".*?<rect class=\"span\"[^>]*data-from=\"([0-9.]+)\""
                    + " data-to=\"([0-9.]+)\"",
                Pattern.DOTALL)
            .matcher(report);
    assertThat(main.find()).as("the pilot light's outage is shaded").isTrue();
    double outageFrom = Double.parseDouble(main.group(1));
    double outageTo = Double.parseDouble(main.group(2));
    Matcher zoom =
        Pattern.compile(
                "<svg class=\"chart\" data-chart=\"timeline-zoom-1-[0-9]+\" data-from=\"([0-9.]+)\""
                    + " data-to=\"([0-9.]+)\"")
            .matcher(report);
    assertThat(zoom.find()).as("a zoom on the outage").isTrue();
    double zoomFrom = Double.parseDouble(zoom.group(1));
    double zoomTo = Double.parseDouble(zoom.group(2));
    // its axis spans the outage and about an hour either side (to the fine record's buckets)
    assertThat(zoomFrom).isBetween(outageFrom - 3600 - 300, outageFrom - 3600 + 1);
    assertThat(zoomTo).isBetween(outageTo + 3600 - 1, outageTo + 3600 + 300);
    for (String chart :
        new String[] {
          "cost-availability",
          "timeline-1-[0-9]+",
          "timeline-zoom-1-[0-9]+",
          "latency-distribution-1"
        }) {
      Matcher m =
          Pattern.compile(
                  "<svg class=\"chart\" data-chart=\"" + chart + "\".*?</svg>", Pattern.DOTALL)
              .matcher(report);
      assertThat(m.find()).as(chart).isTrue();
      page.append(m.group());
    }
    Path file = dir.resolve("charts.html");
    Files.writeString(file, page.append("</body></html>").toString());
    try (Cdp browser = new Cdp(chromium.get(), dir.resolve("profile-charts"), 780, 1460)) {
      browser.navigate(file.toUri().toString());
      browser.await(
          "document.readyState === 'complete' && document.querySelectorAll('svg.chart').length"
              + " === 4",
          java.time.Duration.ofSeconds(60));
      // drawn, not only present: four stage points, a secondary region line that leaves zero
      assertThat(
              browser
                  .eval("document.querySelectorAll('svg.chart text.point-label').length")
                  .asInt())
          .isEqualTo(4);
      assertThat(
              browser
                  .eval(
                      "document.querySelector('polyline[data-series=\"secondary region"
                          + " instances\"]').getBBox().height")
                  .asDouble())
          .isGreaterThan(5);
      assertThat(browser.eval("document.querySelectorAll('svg.chart rect.bin').length").asInt())
          .isGreaterThan(5);
      // on the zoom the outage is a readable stretch, not the 30-day axis' sliver
      assertThat(
              browser
                  .eval(
                      "document.querySelector('svg[data-chart^=\"timeline-zoom-\"] rect.span')"
                          + ".getBoundingClientRect().width")
                  .asDouble())
          .isGreaterThan(300);
      assertThat(
              browser
                  .eval(
                      "document.querySelector('svg[data-chart^=\"timeline-1-\"] rect.span')"
                          + ".getBoundingClientRect().width")
                  .asDouble())
          .isLessThan(20);
      byte[] png = browser.screenshot();
      assertThat(png.length).isGreaterThan(30_000);
      Screenshots.write("report-charts.png", png);
    }
  }

  /**
   * The Elastic IP's single instance loses its AZ for 2 hours on day 20 of 30: on the whole axis a
   * sliver of about 3 px, on the zoom an hour either side a stretch of most of the chart, its shade
   * starting at the "AZ outage" line and ending at the "AZ back" one, as Chromium lays it out.
   */
  @Test
  void theZoomOnASingleAzOutageShowsItFromItsLossToItsReturn() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    Scenario parsed =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")))
            .orThrow();
    Scenario all = parsed.withRun(parsed.run().withTrials(1));
    Scenario s = all.onlyStages(List.of(all.stages().get(0).name()));
    String report =
        Reports.html(
            s,
            ResultView.parse(
                ResultCodec.writeSummary(
                    RunSummary.of(
                        s, List.of(new Simulator().simulate(s, new Shard(0, 0, 0, 1)))))));
    double down = 20 * 86400.0;
    double back = down + 2 * 3600;
    Matcher zoom =
        Pattern.compile(
                "<svg class=\"chart\" data-chart=\"(timeline-zoom-0-0)\" data-from=\"([0-9.]+)\""
                    + " data-to=\"([0-9.]+)\"")
            .matcher(report);
    assertThat(zoom.find()).as("a zoom on the AZ outage").isTrue();
    assertThat(Double.parseDouble(zoom.group(2))).isBetween(down - 3600 - 300, down - 3600);
    assertThat(Double.parseDouble(zoom.group(3))).isBetween(back + 3600, back + 3600 + 300);
    Path file = dir.resolve("az-zoom.html");
    Files.writeString(file, report);
    try (Cdp browser = new Cdp(chromium.get(), dir.resolve("profile-az-zoom"), 1000, 1400)) {
      browser.navigate(file.toUri().toString());
      browser.await(
          "document.readyState === 'complete' &&"
              + " document.querySelector('svg[data-chart=\"timeline-zoom-0-0\"]') !== null",
          java.time.Duration.ofSeconds(60));
      String chart = "document.querySelector('svg[data-chart=\"timeline-zoom-0-0\"]')";
      double left =
          browser
              .eval(chart + ".querySelector('rect.span').getBoundingClientRect().left")
              .asDouble();
      double width =
          browser
              .eval(chart + ".querySelector('rect.span').getBoundingClientRect().width")
              .asDouble();
      // the outage is 2 of the window's 4 hours (and a bucket): half the plot's width
      assertThat(width).isGreaterThan(300);
      for (String[] edge :
          new String[][] {
            {"AZ outage", String.valueOf(left)}, {"AZ back", String.valueOf(left + width)}
          }) {
        double x =
            browser
                .eval(
                    "[..."
                        + chart
                        + ".querySelectorAll('g.marker.incident')].find(g =>"
                        + " g.querySelector('title').textContent.includes('"
                        + edge[0]
                        + " us-east-1a')).querySelector('line').getBoundingClientRect().left")
                .asDouble();
        assertThat(x).as(edge[0]).isCloseTo(Double.parseDouble(edge[1]), within(1.5));
      }
      // on the 30-day axis the same outage is a sliver
      assertThat(
              browser
                  .eval(
                      "(() => { const g = [...document.querySelectorAll('svg[data-chart=\"timeline-0-0\"]"
                          + " g.marker.incident')].filter(g =>"
                          + " /AZ (outage|back) us-east-1a/.test(g.querySelector('title').textContent))"
                          + ".map(g => g.querySelector('line').getBoundingClientRect().left);"
                          + " return g.length === 2 ? g[1] - g[0] : -1; })()")
                  .asDouble())
          .isBetween(0.5, 10.0);
    }
  }

  /**
   * Measures the page as Chromium laid it out: a script appended to a copy of the report writes the
   * rendered boxes of bars, legend entries and diagram nodes into the DOM, which is then dumped.
   */
  static final String MEASURE =
      "<script>(()=>{const out=[];const r=e=>{const b=e.getBoundingClientRect();"
          + "return [b.left,b.top,b.width,b.height].map(v=>v.toFixed(1)).join(',')};"
          + "document.querySelectorAll('svg.chart').forEach(svg=>{const c=svg.dataset.chart;"
          + "svg.querySelectorAll('rect.bar').forEach(b=>out.push(['bar',c,b.getAttribute('y'),"
          + "b.dataset.value,r(b)].join(';')));"
          + "svg.querySelectorAll('rect.legend').forEach(b=>{const t=b.nextElementSibling;"
          + "const x=b.getBoundingClientRect(),y=t.getBoundingClientRect();"
          + "out.push(['legend',c,[x.left,y.top,y.right-x.left,Math.max(x.height,y.height)]"
          + ".map(v=>v.toFixed(1)).join(',')].join(';'))})});"
          + "document.querySelectorAll('svg.diagram').forEach(svg=>{const c=svg.dataset.chart;"
          + "svg.querySelectorAll('g.node').forEach(g=>{out.push(['node',c+'/'+g.dataset.node,"
          + "r(g.querySelector('rect'))].join(';'));"
          + "g.querySelectorAll('text.title,text.detail').forEach(t=>out.push(['text',c+'/'+g.dataset.node,"
          + "r(t)].join(';')))})});"
          + "document.querySelectorAll('svg.chart').forEach(svg=>{const c=svg.dataset.chart;"
          + "out.push(['svg',c,r(svg)].join(';'));"
          + "svg.querySelectorAll('text.point-label').forEach(t=>out.push(['plabel',c,r(t),"
          + "t.textContent].join(';')));"
          + "svg.querySelectorAll('circle.point').forEach(d=>out.push(['pdot',c,r(d),"
          + "d.dataset.label].join(';')));"
          + "svg.querySelectorAll('text.marker-label').forEach(t=>out.push(['mlabel',c,r(t),"
          + "t.textContent].join(';')));"
          + "svg.querySelectorAll('rect.bin').forEach(t=>out.push(['bin',c,r(t)].join(';')))});"
          + "const sci=document.body.innerText.match(/\\b\\d+(\\.\\d+)?E-?\\d+\\b/g)||[];"
          + "out.push(['sci','page',sci.join(' ')].join(';'));"
          + "const p=document.createElement('pre');p.id='measure';p.textContent=out.join('\\n');"
          + "document.body.appendChild(p)})()</script>";

  record Box(double x, double y, double w, double h) {
    static Box of(String csv) {
      String[] v = csv.split(",");
      return new Box(
          Double.parseDouble(v[0]),
          Double.parseDouble(v[1]),
          Double.parseDouble(v[2]),
          Double.parseDouble(v[3]));
    }

    boolean overlaps(Box o) {
      return x < o.x + o.w - 0.5 && o.x < x + w - 0.5 && y < o.y + o.h - 0.5 && o.y < y + h - 0.5;
    }

    /** The gap between this box and {@code o} (0 when they touch or overlap). */
    double distanceTo(Box o) {
      double dx = Math.max(0, Math.max(o.x - (x + w), x - (o.x + o.w)));
      double dy = Math.max(0, Math.max(o.y - (y + h), y - (o.y + o.h)));
      return Math.hypot(dx, dy);
    }

    boolean inside(Box o) {
      return x >= o.x - 0.5
          && x + w <= o.x + o.w + 0.5
          && y >= o.y - 0.5
          && y + h <= o.y + o.h + 0.5;
    }
  }

  static List<String[]> measured() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    Path copy = dir.resolve("measured.html");
    Files.writeString(copy, Files.readString(html).replace("</body>", MEASURE + "</body>"));
    String dom =
        run(
            chromium.get(),
            "--window-size=1400,3000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            copy.toUri().toString());
    Matcher m = Pattern.compile("<pre id=\"measure\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the measuring script ran").isTrue();
    List<String[]> rows = new ArrayList<>();
    for (String line : m.group(1).split("\n")) {
      rows.add(line.split(";"));
    }
    return rows;
  }

  @Test
  void renderedBarsAreProportionalToTheirValuesOnLinearChartsAndOrderedOnLogOnes()
      throws Exception {
    List<String[]> rows = measured();
    String dom = Files.readString(html);
    java.util.Map<String, List<double[]>> byChart = new java.util.LinkedHashMap<>();
    for (String[] r : rows) {
      if (r[0].equals("bar")) {
        byChart
            .computeIfAbsent(r[1], k -> new ArrayList<>())
            .add(new double[] {Double.parseDouble(r[3]), Box.of(r[4]).w()});
      }
    }
    assertThat(byChart).containsKeys("unavailability", "latency", "cost", "failed-by-cause");
    // the unavailability chart: one bar per stage with failures, its width against its mean
    Matcher title =
        Pattern.compile("data-chart=\"unavailability\"[^>]*>.*?</svg>", Pattern.DOTALL)
            .matcher(dom);
    assertThat(title.find()).isTrue();
    boolean log = title.group().contains("(log scale)");
    List<double[]> bars = byChart.get("unavailability");
    assertThat(bars).isNotEmpty();
    for (double[] a : bars) {
      for (double[] b : bars) {
        if (a[0] > b[0]) {
          assertThat(a[1]).as("a larger mean draws a longer bar").isGreaterThan(b[1]);
        }
        if (!log && a[1] > 2 && b[1] > 2) {
          assertThat(a[1] / b[1])
              .isCloseTo(a[0] / b[0], org.assertj.core.api.Assertions.within(0.05 * a[0] / b[0]));
        }
      }
    }
    // the cost chart's segments within one bar are proportional to their dollar values
    java.util.Map<String, List<double[]>> costByRow = new java.util.LinkedHashMap<>();
    for (String[] r : rows) {
      if (r[0].equals("bar") && r[1].equals("cost")) {
        costByRow
            .computeIfAbsent(r[2], k -> new ArrayList<>())
            .add(new double[] {Double.parseDouble(r[3]), Box.of(r[4]).w()});
      }
    }
    assertThat(costByRow).hasSize(8);
    // failures by cause: shares of each stage's failures on a linear axis, so every stage's bar is
    // as long (100 %) and each segment as long as its share
    java.util.Map<String, List<double[]>> causeByRow = new java.util.LinkedHashMap<>();
    for (String[] r : rows) {
      if (r[0].equals("bar") && r[1].equals("failed-by-cause")) {
        causeByRow
            .computeIfAbsent(r[2], k -> new ArrayList<>())
            .add(new double[] {Double.parseDouble(r[3]), Box.of(r[4]).w()});
      }
    }
    assertThat(causeByRow).isNotEmpty();
    Matcher causes =
        Pattern.compile("data-chart=\"failed-by-cause\"[^>]*>.*?</svg>", Pattern.DOTALL)
            .matcher(dom);
    assertThat(causes.find()).isTrue();
    assertThat(causes.group()).doesNotContain("log scale").contains("share of the stage");
    double full = -1;
    for (List<double[]> segs : causeByRow.values()) {
      double sum = segs.stream().mapToDouble(x -> x[1]).sum();
      double shares = segs.stream().mapToDouble(x -> x[0]).sum();
      assertThat(shares).isCloseTo(100, org.assertj.core.api.Assertions.within(0.01));
      if (full < 0) {
        full = sum;
      }
      assertThat(sum)
          .as("every stage's bar is 100 %")
          .isCloseTo(full, org.assertj.core.api.Assertions.within(2.0));
      for (double[] seg : segs) {
        if (seg[1] > 1) {
          assertThat(seg[1] / sum)
              .isCloseTo(seg[0] / 100, org.assertj.core.api.Assertions.within(0.01 + 1.0 / sum));
        }
      }
    }
    for (List<double[]> segs : costByRow.values()) {
      double[] big =
          segs.stream().max(java.util.Comparator.comparingDouble(x -> x[1])).orElseThrow();
      for (double[] seg : segs) {
        if (seg[1] > 3) {
          assertThat(seg[1] / big[1])
              .isCloseTo(
                  seg[0] / big[0], org.assertj.core.api.Assertions.within(0.03 + 1.5 / seg[1]));
        }
      }
    }
  }

  /**
   * The trade-off chart as a reader checks it: each stage's label sits next to its own point
   * (within a few pixels, and nearer it than any other point, so that it cannot be read as
   * another's), and no label covers a point or another label or leaves the chart. In the 3-day
   * report, and in WhatIsTheTime's own 30 days (2 trials), where stage 4's label once sat over
   * stage 2's point and stage 5's under stage 6's.
   */
  @Test
  void theTradeOffChartsLabelsSitNextToTheirOwnPointsAndCoverNothing() throws Exception {
    // 3 days: five stages failed nothing, their points on the axis' floor, two at one place
    labelsNextToTheirPoints(measured(), false);
    Scenario parsed =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")))
            .orThrow();
    Scenario s = parsed.withRun(parsed.run().withTrials(2));
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      accs.add(new Simulator().simulate(s, new Shard(i, i, 0, 2)));
    }
    String chart =
        dev.archsim.core.report.HtmlReport.costAgainstAvailability(
            ResultView.parse(ResultCodec.writeSummary(RunSummary.of(s, accs))));
    Path page = dir.resolve("trade-off-30d.html");
    Files.writeString(
        page,
        "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>"
            + chart
            + MEASURE
            + "</body></html>");
    String dom =
        run(
            Cdp.chromium().orElseThrow(),
            "--window-size=1000,800",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.toUri().toString());
    Matcher m = Pattern.compile("<pre id=\"measure\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the measuring script ran").isTrue();
    List<String[]> rows = new ArrayList<>();
    for (String line : m.group(1).split("\n")) {
      rows.add(line.split(";"));
    }
    labelsNextToTheirPoints(rows, true);
  }

  /** With {@code nearest}, also: each label is nearer its own point than any other point. */
  private static void labelsNextToTheirPoints(List<String[]> rows, boolean nearest) {
    Box chart =
        rows.stream()
            .filter(r -> r[0].equals("svg") && r[1].equals("cost-availability"))
            .map(r -> Box.of(r[2]))
            .findFirst()
            .orElseThrow();
    List<String[]> labels =
        rows.stream()
            .filter(r -> r[0].equals("plabel") && r[1].equals("cost-availability"))
            .toList();
    java.util.Map<String, Box> dots = new java.util.LinkedHashMap<>();
    rows.stream()
        .filter(r -> r[0].equals("pdot") && r[1].equals("cost-availability"))
        .forEach(r -> dots.put(r[3], Box.of(r[2])));
    assertThat(labels).hasSize(8);
    assertThat(dots).hasSize(8);
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.get(i)[3];
      Box a = Box.of(labels.get(i)[2]);
      Box own = dots.get(name);
      assertThat(a.inside(chart)).as("%s is inside the chart", name).isTrue();
      // next to it, or (crowded: two stages at one point) a short leader line away
      assertThat(a.distanceTo(own)).as("%s is next to its own point", name).isLessThan(48);
      for (var d : dots.entrySet()) {
        assertThat(a.overlaps(d.getValue()))
            .as("%s covers the point of %s", name, d.getKey())
            .isFalse();
        Box other = d.getValue();
        // two stages at the same figures share a point: no label can tell them apart
        boolean samePlace = Math.abs(other.x() - own.x()) < 1 && Math.abs(other.y() - own.y()) < 1;
        if (nearest && !d.getKey().equals(name) && !samePlace) {
          assertThat(a.distanceTo(other))
              .as("%s is nearer the point of %s than its own", name, d.getKey())
              .isGreaterThan(a.distanceTo(own));
        }
      }
      for (int j = i + 1; j < labels.size(); j++) {
        assertThat(a.overlaps(Box.of(labels.get(j)[2])))
            .as("%s overlaps %s", name, labels.get(j)[3])
            .isFalse();
      }
    }
  }

  /**
   * WhatIsTheTime's stage 7 over its 30 days (trial 0): auto scaling moves the group about 90
   * times, against a handful of incidents. As rendered, each incident is a red line across every
   * panel and each scaling change a short grey tick, so a reader tells them apart; the title counts
   * them apart.
   */
  @Test
  void incidentsStandApartFromAutoScalingTicksOnAStageSevenTimeline() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    Scenario all =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/whatisthetime.json")))
            .orThrow();
    Scenario s = all.onlyStages(List.of("7-multi-az"));
    var recorder = new dev.archsim.core.report.TimelineRecorder(s.run().horizonSeconds(), 360);
    recorder.want(0, 0, "trial 0");
    new Simulator(recorder).runTrial(s, 0, 0);
    String svg = dev.archsim.core.report.HtmlReport.timeline(recorder.timeline(0, 0), false, "t7");
    Path file = dir.resolve("timeline7.html");
    Files.writeString(
        file,
        "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>"
            + svg
            + "</body></html>");
    try (Cdp page = new Cdp(chromium.get(), dir.resolve("profile-t7"), 800, 900)) {
      page.navigate(file.toUri().toString());
      page.await(
          "document.readyState === 'complete' && document.querySelector('svg.chart') !== null",
          java.time.Duration.ofSeconds(60));
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      var m =
          json.readTree(
              page.eval(
                      "JSON.stringify([...document.querySelectorAll('g.marker')].map(g=>{"
                          + "const l=g.querySelector('line');const b=l.getBoundingClientRect();"
                          + "return {kind:g.getAttribute('class'),stroke:getComputedStyle(l).stroke,"
                          + "h:b.height}}))")
                  .asText());
      double plot =
          page.eval(
                  "(()=>{const p=[...document.querySelectorAll('g.panel')];"
                      + "return p[p.length-1].dataset.bottom-p[0].dataset.top})()")
              .asDouble();
      int incidents = 0;
      int scaling = 0;
      for (var x : m) {
        String kind = x.get("kind").asText();
        if (kind.equals("marker incident")) {
          incidents++;
          assertThat(x.get("stroke").asText()).isEqualTo("rgb(179, 38, 30)");
          assertThat(x.get("h").asDouble())
              .as("an incident crosses every panel")
              .isGreaterThan(plot - 4);
        } else {
          assertThat(kind).isEqualTo("marker scaling");
          scaling++;
          assertThat(x.get("stroke").asText())
              .as("a scaling tick is grey")
              .isEqualTo("rgb(138, 138, 138)");
          assertThat(x.get("h").asDouble()).as("a scaling tick is short").isLessThanOrEqualTo(8);
        }
      }
      assertThat(scaling).isGreaterThan(10 * incidents);
      assertThat(incidents).isGreaterThanOrEqualTo(2);
      assertThat(
              page.eval("document.querySelector('svg.chart').getAttribute('aria-label')").asText())
          .contains(incidents + " incidents, " + scaling + " auto scaling changes marked");
    }
  }

  /**
   * The latency distribution's p50, p99 and p99.9 (close together on a stage that is overloaded)
   * and the availability histogram's marks: no label covers another label or a bar.
   */
  @Test
  void histogramMarkerLabelsAreApartAndCoverNoBar() throws Exception {
    java.util.Map<String, List<String[]>> labels = new java.util.LinkedHashMap<>();
    java.util.Map<String, List<Box>> bins = new java.util.LinkedHashMap<>();
    for (String[] r : measured()) {
      if (r[0].equals("mlabel")) {
        labels.computeIfAbsent(r[1], k -> new ArrayList<>()).add(r);
      } else if (r[0].equals("bin")) {
        bins.computeIfAbsent(r[1], k -> new ArrayList<>()).add(Box.of(r[2]));
      }
    }
    assertThat(labels).containsKey("latency-distribution-0");
    for (var e : labels.entrySet()) {
      List<String[]> l = e.getValue();
      for (int i = 0; i < l.size(); i++) {
        Box a = Box.of(l.get(i)[2]);
        for (int j = i + 1; j < l.size(); j++) {
          assertThat(a.overlaps(Box.of(l.get(j)[2])))
              .as("%s: %s overlaps %s", e.getKey(), l.get(i)[3], l.get(j)[3])
              .isFalse();
        }
        for (Box bin : bins.getOrDefault(e.getKey(), List.of())) {
          assertThat(a.overlaps(bin)).as("%s: %s covers a bar", e.getKey(), l.get(i)[3]).isFalse();
        }
      }
    }
  }

  @Test
  void numbersReadAsAPersonWritesThem() throws Exception {
    // no 1.0E-6 anywhere a person reads (prices per request are tiny)
    String[] sci = measured().stream().filter(r -> r[0].equals("sci")).findFirst().orElseThrow();
    assertThat(sci.length < 3 ? "" : sci[2]).as("numbers in scientific notation").isEmpty();
    String dom = Files.readString(html);
    // the horizon as the scenario wrote it, not Java's PT72H
    assertThat(dom).contains("horizon P3D, traffic step PT5M").doesNotContain("PT72H");
    // a missed objective says which and by how much, with the interval of P(met)
    assertThat(dom)
        .contains("<td class=\"l\">availability</td><td>≥ 99.9000 %</td>")
        .containsPattern("<span class=\"missed\">missed</span>, short by \\d+\\.\\d{4} pp")
        .containsPattern("<td>0\\.00 \\[0\\.00, 0\\.\\d\\d]</td>");
    // counts are counted in whole numbers: no 0.5 instance on a timeline's axis
    Matcher panel =
        Pattern.compile("<g class=\"panel\" data-unit=\"instances\"[^>]*>(.*?)</g>", Pattern.DOTALL)
            .matcher(dom);
    int panels = 0;
    while (panel.find()) {
      panels++;
      Matcher tick = Pattern.compile("text-anchor=\"end\">([^<]+)</text>").matcher(panel.group(1));
      while (tick.find()) {
        assertThat(tick.group(1)).as("an instances tick").matches("\\d+");
      }
    }
    assertThat(panels).isGreaterThanOrEqualTo(8);
  }

  @Test
  void noLegendEntriesOverlapAsRendered() throws Exception {
    java.util.Map<String, List<Box>> legends = new java.util.LinkedHashMap<>();
    for (String[] r : measured()) {
      if (r[0].equals("legend")) {
        legends.computeIfAbsent(r[1], k -> new ArrayList<>()).add(Box.of(r[2]));
      }
    }
    assertThat(legends).containsKeys("cost", "latency", "unavailability");
    for (var e : legends.entrySet()) {
      List<Box> b = e.getValue();
      for (int i = 0; i < b.size(); i++) {
        for (int j = i + 1; j < b.size(); j++) {
          assertThat(b.get(i).overlaps(b.get(j)))
              .as("%s legend entries %d and %d overlap", e.getKey(), i, j)
              .isFalse();
        }
      }
    }
  }

  /** The failure causes' legend of a report as rendered: each cause and its computed fill. */
  static java.util.LinkedHashMap<String, String> causeColours(Path report) throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    String script =
        "<script>(()=>{const out=[];"
            + "const svg=document.querySelector('svg[data-chart=\\'failed-by-cause\\']');"
            + "svg.querySelectorAll('rect.legend').forEach(r=>out.push('legend;'"
            + "+r.nextElementSibling.textContent+';'+getComputedStyle(r).fill));"
            + "svg.querySelectorAll('rect.bar').forEach(r=>out.push('bar;'"
            + "+r.querySelector('title').textContent.split(':')[0]+';'+getComputedStyle(r).fill));"
            + "const p=document.createElement('pre');p.id='causes';p.textContent=out.join('\\n');"
            + "document.body.appendChild(p)})()</script>";
    Path copy = dir.resolve("causes-" + report.getFileName());
    Files.writeString(copy, Files.readString(report).replace("</body>", script + "</body>"));
    String dom =
        run(chromium.get(), "--virtual-time-budget=5000", "--dump-dom", copy.toUri().toString());
    Matcher m = Pattern.compile("<pre id=\"causes\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the script ran").isTrue();
    java.util.LinkedHashMap<String, String> legend = new java.util.LinkedHashMap<>();
    List<String[]> bars = new ArrayList<>();
    for (String line : m.group(1).split("\n")) {
      String[] r = line.split(";");
      if (r[0].equals("legend")) {
        legend.put(r[1], r[2]);
      } else {
        bars.add(r);
      }
    }
    // every segment of every stage's bar has its cause's legend colour
    assertThat(bars).isNotEmpty();
    for (String[] b : bars) {
      assertThat(b[2]).as("the colour of %s in a bar", b[1]).isEqualTo(legend.get(b[1]));
    }
    return legend;
  }

  @Test
  void aFailureCauseHasOneColourInEveryReportAndTheLegendKeepsTheCausesOrder() throws Exception {
    var all = causeColours(html);
    var later = causeColours(laterHtml);
    // the two reports meet different causes, some of them in both
    assertThat(all.keySet()).isNotEqualTo(later.keySet());
    List<String> shared = all.keySet().stream().filter(later::containsKey).toList();
    assertThat(shared).isNotEmpty();
    for (String cause : shared) {
      assertThat(later.get(cause)).as("the colour of %s", cause).isEqualTo(all.get(cause));
    }
    for (var legend : List.of(all, later)) {
      // one colour per cause, and the causes in their fixed order whatever stage met one first
      assertThat(new java.util.HashSet<>(legend.values())).hasSameSizeAs(legend.keySet());
      List<Integer> order =
          legend.keySet().stream()
              .map(c -> dev.archsim.engine.result.FailureCause.fromId(c).ordinal())
              .toList();
      assertThat(order).isSorted();
    }
  }

  @Test
  void everyStageHasADiagramWhoseNodesDoNotOverlapAndHoldTheirLabels() throws Exception {
    java.util.Map<String, Box> nodes = new java.util.LinkedHashMap<>();
    List<String[]> texts = new ArrayList<>();
    for (String[] r : measured()) {
      if (r[0].equals("node")) {
        nodes.put(r[1], Box.of(r[2]));
      } else if (r[0].equals("text")) {
        texts.add(r);
      }
    }
    for (int i = 0; i < 8; i++) {
      assertThat(nodes).containsKeys("diagram-" + i + "/users", "diagram-" + i + "/entry");
      final int stage = i;
      assertThat(
              nodes.keySet().stream().filter(k -> k.startsWith("diagram-" + stage + "/compute@")))
          .isNotEmpty();
    }
    List<String> keys = new ArrayList<>(nodes.keySet());
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < keys.size(); j++) {
        String a = keys.get(i);
        String b = keys.get(j);
        if (a.split("/")[0].equals(b.split("/")[0])) {
          assertThat(nodes.get(a).overlaps(nodes.get(b))).as("%s overlaps %s", a, b).isFalse();
        }
      }
    }
    assertThat(texts).hasSizeGreaterThanOrEqualTo(2 * nodes.size());
    for (String[] t : texts) {
      assertThat(Box.of(t[2]).inside(nodes.get(t[1])))
          .as("label of %s fits its box", t[1])
          .isTrue();
    }
  }
}
