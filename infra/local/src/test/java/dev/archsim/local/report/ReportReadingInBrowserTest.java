package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reader of a report meets, measured in headless Chromium on a 1400 px window: the series of
 * a timeline with five panels (a queue stage) each in a colour of its own in the legend, a diagram
 * wider than the page's column scrolling at full size (its text at 10 px or more, not shrunk to 7),
 * and the stage table's numbers and names on one line each. Skipped where no Chromium is installed
 * (CI installs Debian's).
 */
class ReportReadingInBrowserTest {
  @TempDir static Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The report of a library scenario over one day, 2 trials a stage. */
  static Path report(String file) throws Exception {
    Scenario parsed =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios/" + file)))
            .orThrow();
    Scenario s =
        parsed.withRun(parsed.run().withTrials(2).withHorizon(java.time.Duration.ofDays(1)));
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      accs.add(new Simulator().simulate(s, new Shard(i, i, 0, 2)));
    }
    Path html = dir.resolve(file.replace(".json", ".html"));
    Files.writeString(
        html, Reports.html(s, ResultView.parse(ResultCodec.writeSummary(RunSummary.of(s, accs)))));
    return html;
  }

  static JsonNode measure(Path html, String script) throws Exception {
    return measure(html, script, 1400);
  }

  /** The value of {@code script} in the report as laid out on a window {@code width} px wide. */
  static JsonNode measure(Path html, String script, int width) throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    try (Cdp page =
        new Cdp(chromium.get(), dir.resolve("profile-" + System.nanoTime()), width, 900)) {
      page.navigate(html.toUri().toString());
      page.await(
          "document.readyState === 'complete' && document.querySelector('section.stage') !== null",
          Duration.ofSeconds(60));
      return JSON.readTree(page.eval("JSON.stringify(" + script + ")").asText());
    }
  }

  @Test
  void everySeriesOfAFivePanelQueueTimelineHasALegendColourOfItsOwn() throws Exception {
    Path html = report("serverless-worker-fleet.json");
    // per timeline: its panels, and its legend's entries with their rendered fill
    JsonNode timelines =
        measure(
            html,
            "[...document.querySelectorAll('svg[data-chart^=\"timeline-\"]')].map(svg => ({"
                + "id: svg.dataset.chart, panels: svg.querySelectorAll('g.panel').length,"
                + "legend: [...svg.querySelectorAll('rect.legend')].map(r => ({"
                + "name: r.nextElementSibling.textContent, fill: getComputedStyle(r).fill}))}))");
    assertThat(timelines).isNotEmpty();
    int fivePanels = 0;
    for (JsonNode t : timelines) {
      if (t.get("panels").asInt() >= 5) {
        fivePanels++;
      }
      List<String> fills = new ArrayList<>();
      t.get("legend").forEach(e -> fills.add(e.get("fill").asText()));
      assertThat(new HashSet<>(fills))
          .as("%s: legend colours %s", t.get("id").asText(), t.get("legend"))
          .hasSameSizeAs(fills);
    }
    assertThat(fivePanels).as("timelines with five panels or more").isGreaterThan(0);
  }

  @Test
  void aWideDiagramScrollsAtFullSizeAndItsTextReadsAtTenPixelsOrMore() throws Exception {
    Path html = report("three-tier-10m-pv.json");
    // per diagram: how wide it is drawn against its viewBox, the smallest text it draws, and
    // whether its frame scrolls
    JsonNode diagrams =
        measure(
            html,
            "[...document.querySelectorAll('svg.diagram')].map(svg => {"
                + "const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
                + "const sizes = [...svg.querySelectorAll('text')]"
                + ".map(t => parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize));"
                + "const frame = svg.parentElement;"
                + "return {id: svg.dataset.chart, width: svg.viewBox.baseVal.width,"
                + "column: frame.clientWidth, scrolls: frame.scrollWidth > frame.clientWidth,"
                + "overflow: getComputedStyle(frame).overflowX,"
                + "smallest: Math.min(...sizes) * scale}})");
    assertThat(diagrams).isNotEmpty();
    int wide = 0;
    for (JsonNode d : diagrams) {
      assertThat(d.get("smallest").asDouble())
          .as("%s: its smallest text as drawn, px", d.get("id").asText())
          .isGreaterThanOrEqualTo(10);
      if (d.get("width").asDouble() > d.get("column").asDouble()) {
        wide++;
        assertThat(d.get("scrolls").asBoolean()).as("%s scrolls", d.get("id").asText()).isTrue();
        assertThat(d.get("overflow").asText()).isEqualTo("auto");
      }
    }
    // three-tier-10m-pv's stage 2 is 1,525 px wide: wider than the 1,100 px column
    assertThat(wide).as("diagrams wider than the column").isGreaterThan(0);
  }

  @Test
  void theStageTablesNumbersAndNamesAreOnOneLineEach() throws Exception {
    Path html = report("whatisthetime.json");
    // each cell of the stage table but the objectives: the lines its text is laid out on, on a
    // window of 1,100 px (the report's column) where the objectives' text squeezes the others
    JsonNode cells =
        measure(
            html,
            "[...document.querySelectorAll('#summary tr')].slice(1).flatMap(tr =>"
                + " [...tr.children].slice(0, -1).map(td => {"
                + "const r = document.createRange(); r.selectNodeContents(td);"
                + "const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));"
                + "return {text: td.textContent, lines: tops.size}}))",
            1100);
    assertThat(cells).hasSizeGreaterThan(8 * 7);
    for (JsonNode c : cells) {
      assertThat(c.get("lines").asInt()).as("'%s'", c.get("text").asText()).isEqualTo(1);
    }
    // the cells that wrapped before: a percentage and a stage name with hyphens
    List<String> texts = new ArrayList<>();
    cells.forEach(c -> texts.add(c.get("text").asText()));
    assertThat(texts).contains("1-t2.micro-elastic-ip").anyMatch(t -> t.matches("\\d+\\.\\d+ %"));
  }
}
