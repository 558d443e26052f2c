package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.core.report.Diagram;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The architecture diagram of every stage of every library scenario, laid out by Chromium as a
 * person sees it: in each picture no node box over another, every line of a node's text inside its
 * box, every box, label and legend line inside the picture. Takes the README's picture of the
 * diagrams (target/screenshots/report-diagrams.png). Skipped where no Chromium is installed.
 */
class DiagramInBrowserTest {
  @TempDir static Path dir;

  /** Problems found in the page, one line each, measured from the rendered boxes. */
  static final String MEASURE =
      "(() => { const bad = []; let nodes = 0, texts = 0;"
          + "const r = e => e.getBoundingClientRect();"
          + "const inside = (a, b) => a.left >= b.left - 0.5 && a.top >= b.top - 0.5"
          + " && a.right <= b.right + 0.5 && a.bottom <= b.bottom + 0.5;"
          + "const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5"
          + " && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;"
          + "document.querySelectorAll('svg.diagram').forEach(svg => {"
          + " const id = svg.dataset.chart, box = r(svg);"
          + " const gs = [...svg.querySelectorAll('g.node')];"
          + " gs.forEach((g, i) => { nodes++; const b = r(g.querySelector('rect'));"
          + "  if (!inside(b, box)) bad.push(id + ' ' + g.dataset.node + ' outside the picture');"
          + "  gs.slice(i + 1).forEach(h => { if (overlap(b, r(h.querySelector('rect'))))"
          + "   bad.push(id + ' ' + g.dataset.node + ' overlaps ' + h.dataset.node); });"
          + "  g.querySelectorAll('text.title, text.detail').forEach(t => { texts++;"
          + "   if (!inside(r(t), b)) bad.push(id + ' ' + g.dataset.node + ': \"' + t.textContent"
          + "    + '\" outside its box'); }); });"
          + " svg.querySelectorAll('text.legend, text.region-label, text.az-label, text.badge')"
          + "  .forEach(t => { if (!inside(r(t), box)) bad.push(id + ': \"' + t.textContent"
          + "   + '\" outside the picture'); }); });"
          + "return {bad, nodes, texts, pictures: document.querySelectorAll('svg.diagram').length};"
          + "})()";

  static String page(List<String[]> diagrams) {
    StringBuilder b =
        new StringBuilder(
            "<!doctype html><html><head><meta charset=\"utf-8\"><style>body{margin:8px;"
                + "font-family:sans-serif}h3{font-size:14px;margin:10px 0 2px}</style></head><body>");
    for (String[] d : diagrams) {
      b.append("<h3>").append(d[0]).append("</h3>").append(d[1]);
    }
    return b.append("</body></html>").toString();
  }

  static List<String[]> diagrams(Path file, String only) throws Exception {
    Scenario s = new ScenarioCodec().parseJson(Files.readString(file)).orThrow();
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      String name = s.stages().get(i).name();
      if (only != null && !only.equals(name)) {
        continue;
      }
      out.add(
          new String[] {
            s.name() + " · " + name,
            Diagram.render(
                file.getFileName().toString().replace(".json", "") + "-" + i,
                s.stages().get(i).architecture(),
                s.workloadOf(s.stages().get(i)),
                i == 0 ? null : s.stages().get(i - 1).architecture(),
                i == 0 ? null : s.workloadOf(s.stages().get(i - 1)))
          });
    }
    return out;
  }

  @Test
  void everyLibraryDiagramRendersWithoutOverlapsAndWithItsTextInsideItsBoxes() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    List<String[]> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../../events/scenarios"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        all.addAll(diagrams(f, null));
      }
    }
    Path html = dir.resolve("diagrams.html");
    Files.writeString(html, page(all));
    try (Cdp page = new Cdp(chromium.get(), dir.resolve("profile"), 1300, 1000)) {
      page.navigate(html.toUri().toString());
      page.await(
          "document.readyState === 'complete' && document.querySelectorAll('svg.diagram').length"
              + " === "
              + all.size(),
          Duration.ofSeconds(60));
      JsonNode m = page.eval(MEASURE);
      List<String> bad = new ArrayList<>();
      m.path("bad").forEach(x -> bad.add(x.asText()));
      assertThat(bad).isEmpty();
      assertThat(m.path("pictures").asInt()).isEqualTo(all.size()).isGreaterThan(30);
      assertThat(m.path("nodes").asInt()).isGreaterThan(10 * all.size() / 2);
      assertThat(m.path("texts").asInt()).isGreaterThanOrEqualTo(2 * m.path("nodes").asInt());

      // the README's picture: three regions active-active, and a worker fleet behind a queue
      List<String[]> shown = new ArrayList<>();
      shown.addAll(
          diagrams(
              Path.of("../../events/scenarios/three-region-active-active.json"), "1-half-each"));
      shown.addAll(
          diagrams(
              Path.of("../../events/scenarios/private-egress.json"), "2-single-nat-endpoints"));
      Path readme = dir.resolve("readme.html");
      Files.writeString(readme, page(shown));
      page.navigate(readme.toUri().toString());
      page.await(
          "document.readyState === 'complete' && document.querySelectorAll('svg.diagram').length"
              + " === 2",
          Duration.ofSeconds(60));
      byte[] png = page.screenshot();
      assertThat(png.length).isGreaterThan(30_000);
      Screenshots.write("report-diagrams.png", png);
    }
  }
}
