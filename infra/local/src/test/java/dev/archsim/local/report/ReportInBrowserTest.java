package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.report.Reports;
import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.io.File;
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
 * DOM must hold every chart and table, non-empty, and its screenshot must be a real picture.
 * Skipped where no Chromium is installed (CI installs Debian's).
 */
class ReportInBrowserTest {
  static Path html;
  @TempDir static Path dir;

  static Optional<Path> chromium() {
    String explicit = System.getenv("ARCHSIM_CHROMIUM");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Optional.of(Path.of(explicit));
    }
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

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
    JsonNode result = new ObjectMapper().readTree(ResultCodec.writeSummary(RunSummary.of(s, accs)));
    html = dir.resolve("report.html");
    Files.writeString(html, Reports.html(s, result));
  }

  static String run(Path chromium, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile-" + System.nanoTime())));
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
    Optional<Path> chromium = chromium();
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
    assertThat(dom)
        .contains("What each stage changed and what it bought")
        .contains("single-point-of-failure");
  }

  @Test
  void theScreenshotIsARealPicture() throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    Path png = dir.resolve("report.png");
    run(chromium.get(), "--window-size=1200,3000", "--screenshot=" + png, html.toUri().toString());
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(50_000);
    assertThat(new String(bytes, 1, 3)).isEqualTo("PNG");
  }
}
