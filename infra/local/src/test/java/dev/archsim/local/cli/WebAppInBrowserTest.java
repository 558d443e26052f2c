package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.archsim.local.report.Cdp;
import dev.archsim.local.report.Screenshots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web app of {@code archsim serve} used as a person would, in a real headless Chromium: open a
 * library scenario, see it valid with one diagram a stage; make a mistake and see it reported at
 * its line; run, watch the run complete and read its report; run again and compare the two; start a
 * long run and cancel it. Text from the scenario never becomes markup. Screenshots go to
 * target/screenshots, and to docs/ with -Darchsim.screenshots.update=true ({@link Screenshots}).
 * Skipped where no Chromium is installed (CI installs Debian's).
 */
class WebAppInBrowserTest {
  @TempDir Path dir;

  static final Duration WAIT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();

  /** Sets the editor's text as typing would (an input event), from a JS expression. */
  static String type(String jsText) {
    return "(() => { const t = document.getElementById('scenario'); t.value = "
        + jsText
        + "; t.dispatchEvent(new Event('input')); return true; })()";
  }

  @Test
  void aYamlFileStaysYamlWithItsCommentsAndItsProblemsAtItsLines() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    ObjectMapper json = new ObjectMapper();
    String yaml =
        "# our time service, as we run it\n"
            + new YAMLMapper()
                .writeValueAsString(
                    json.readTree(
                        Files.readString(Path.of("../../events/scenarios/whatisthetime.json"))))
                .replaceFirst("horizon: \"?P30D\"?", "horizon: thirty days # a mistake");
    List<String> lines = Arrays.asList(yaml.split("\n", -1));
    int expected =
        lines.indexOf(lines.stream().filter(l -> l.contains("thirty days")).findFirst().get()) + 1;
    assertThat(expected).isGreaterThan(1);
    try (ServeCommand.Server server =
            new ServeCommand.Server(0, 2, new PrintWriter(new StringWriter()));
        Cdp page = new Cdp(chromium.get(), dir.resolve("profile"), 1280, 900)) {
      page.navigate("http://127.0.0.1:" + server.port() + "/");
      page.await("document.querySelectorAll('#library option').length > 1", WAIT);
      // open the file as the file picker does
      page.eval(
          "openFile(new File(["
              + json.writeValueAsString(yaml)
              + "], 'time.yaml', {type: 'application/yaml'})).then(() => true)");
      page.await("document.getElementById('validity').className === 'bad'", WAIT);
      // the editor holds the file as it was written, comment included
      assertThat(page.eval("document.getElementById('scenario').value").asText()).isEqualTo(yaml);
      // the problem is shown at the YAML's own line, the gutter marking it
      JsonNode problem =
          page.eval(
              "(() => { const li = document.querySelector('#problems li[data-path=\"$.run.horizon\"]');"
                  + " return li && {line: Number(li.dataset.line), text: li.textContent}; })()");
      assertThat(problem.path("line").asInt()).isEqualTo(expected);
      assertThat(problem.path("text").asText())
          .startsWith("line " + expected + " · $.run.horizon: ")
          .contains("duration");
      assertThat(page.eval("document.querySelector('#gutter .bad').textContent.trim()").asInt())
          .isEqualTo(expected);
      // fixed, it is valid and drawn, still YAML with its comment
      page.eval(type("t.value.replace('thirty days # a mistake', 'P30D # fixed')"));
      page.await("document.getElementById('validity').className === 'ok'", WAIT);
      page.await("document.querySelectorAll('#diagrams svg.diagram').length === 8", WAIT);
      // the download is the YAML text, named .yaml
      page.eval(
          "(() => { window.saved = null; const make = URL.createObjectURL;"
              + " URL.createObjectURL = (b) => { window.saved = {blob: b}; return make(b); };"
              + " HTMLAnchorElement.prototype.click = function () { window.saved.name = this.download; };"
              + " document.getElementById('download-scenario').click(); return true; })()");
      page.await("window.saved && window.saved.name", WAIT);
      JsonNode saved =
          page.eval(
              "window.saved.blob.text().then(t => ({name: window.saved.name, type:"
                  + " window.saved.blob.type, text: t}))");
      assertThat(saved.path("name").asText()).isEqualTo("WhatIsTheTime.com.yaml");
      assertThat(saved.path("type").asText()).isEqualTo("application/yaml");
      assertThat(saved.path("text").asText())
          .startsWith("# our time service, as we run it\n")
          .contains("horizon: P30D # fixed");
      // Run pressed before an edit is checked: the server's refusal of the YAML body is shown at
      // the YAML's line too (the list emptied first, so the lines are the refusal's)
      page.eval(
          "(() => { document.getElementById('problems').textContent = '';"
              + " const t = document.getElementById('scenario');"
              + " t.value = t.value.replace('P30D # fixed', 'thirty days # again'); return true; })()");
      page.eval("run().then(() => true)");
      JsonNode refused =
          page.eval(
              "(() => { const li = document.querySelector('#problems li[data-path=\"$.run.horizon\"]');"
                  + " return li && {line: Number(li.dataset.line)}; })()");
      assertThat(refused.path("line").asInt()).isEqualTo(expected);
      assertThat(page.eval("document.querySelectorAll('#runs tbody tr').length").asInt()).isZero();
    }
  }

  /** Resolves once the page has painted what it holds now (two animation frames). */
  static final String PAINTED =
      "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))";

  /**
   * The validity line and its class, whether Run is enabled, and whether problems/diagrams are
   * dimmed.
   */
  static final String VERDICT =
      "(() => ({text: document.getElementById('validity').textContent,"
          + " state: document.getElementById('validity').className,"
          + " run: !document.getElementById('run').disabled,"
          + " problems: [...document.querySelectorAll('#problems li')].map(li => li.dataset.path),"
          + " staleProblems: document.getElementById('problems').classList.contains('stale'),"
          + " staleDiagrams: document.getElementById('diagrams').classList.contains('stale')}))()";

  @Test
  void anEditSaysCheckingUntilTheVerdictForItsOwnTextArrives() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    try (ServeCommand.Server server =
            new ServeCommand.Server(0, 2, new PrintWriter(new StringWriter()));
        Cdp page = new Cdp(chromium.get(), dir.resolve("profile"), 1280, 900)) {
      page.navigate("http://127.0.0.1:" + server.port() + "/");
      page.await("document.querySelectorAll('#library option').length > 1", WAIT);
      page.eval(
          "(() => { const s = document.getElementById('library'); s.value = 'whatisthetime';"
              + " s.dispatchEvent(new Event('change')); return true; })()");
      page.await("document.getElementById('validity').textContent === 'Valid.'", WAIT);
      page.await("document.querySelectorAll('#diagrams svg.diagram').length === 8", WAIT);
      String valid = page.eval("document.getElementById('scenario').value").asText();
      String invalid = valid.replace("\"horizon\": \"P30D\"", "\"horizon\": \"thirty days\"");
      assertThat(invalid).isNotEqualTo(valid);

      // an edit: at once (before the debounce has run) "checking…", Run disabled, the previous
      // verdict's problems and diagrams dimmed; then the verdict for this text
      page.eval(type(JSON.writeValueAsString(invalid)));
      JsonNode now = page.eval(VERDICT);
      assertThat(now.path("text").asText()).isEqualTo("checking…");
      assertThat(now.path("state").asText()).isEqualTo("checking");
      assertThat(now.path("run").asBoolean()).isFalse();
      assertThat(now.path("staleDiagrams").asBoolean()).isTrue();
      page.await("document.getElementById('validity').className === 'bad'", WAIT);
      now = page.eval(VERDICT);
      assertThat(now.path("text").asText()).isEqualTo("1 problem to fix:");
      assertThat(now.path("problems"))
          .extracting(JsonNode::asText)
          .containsExactly("$.run.horizon");
      assertThat(now.path("staleProblems").asBoolean()).isFalse();
      // an invalid text keeps the last valid text's diagrams, dimmed
      assertThat(page.eval("document.querySelectorAll('#diagrams svg.diagram').length").asInt())
          .isEqualTo(8);
      assertThat(now.path("staleDiagrams").asBoolean()).isTrue();

      // answers held back in the page (each fetched, its body read, delivered on release)
      page.eval(
          "(() => { window.held = []; const f = window.fetch; window.fetch = (u, o) =>"
              + " String(u).endsWith('/scenarios/validate') ? new Promise(res => f(u, o)"
              + ".then(r => r.text().then(t => window.held.push(() => res(new Response(t,"
              + " {status: r.status, headers: r.headers})))))) : f(u, o); return true; })()");
      // a slow answer for an older text arrives after a newer edit, before that edit is checked:
      // it is dropped, the app still says "checking…" (the old code showed "Valid." here)
      page.eval(type(JSON.writeValueAsString(valid)));
      page.await("window.held.length === 1", WAIT);
      now =
          page.eval(
              "(() => { const t = document.getElementById('scenario'); t.value = "
                  + JSON.writeValueAsString(invalid)
                  + "; t.dispatchEvent(new Event('input')); window.held[0]();"
                  + " return new Promise(r => setTimeout(r, 200)); })().then(() => "
                  + VERDICT
                  + ")");
      assertThat(now.path("text").asText()).isEqualTo("checking…");
      assertThat(now.path("run").asBoolean()).isFalse();
      page.await("window.held.length === 2", WAIT);
      page.eval("window.held[1](); true");
      page.await("document.getElementById('validity').className === 'bad'", WAIT);
      assertThat(page.eval(VERDICT).path("problems"))
          .extracting(JsonNode::asText)
          .containsExactly("$.run.horizon");

      // two checks in flight, the newer answered first: the older answer is dropped when it comes
      page.eval(type(JSON.writeValueAsString(valid)));
      page.await("window.held.length === 3", WAIT);
      page.eval(type(JSON.writeValueAsString(invalid)));
      page.await("window.held.length === 4", WAIT);
      page.eval("window.held[3](); true");
      page.await("document.getElementById('validity').className === 'bad'", WAIT);
      now =
          page.eval(
              "(() => { window.held[2](); return new Promise(r => setTimeout(r, 200)); })().then(() => "
                  + VERDICT
                  + ")");
      assertThat(now.path("text").asText()).isEqualTo("1 problem to fix:");
      assertThat(now.path("run").asBoolean()).isFalse();
      assertThat(now.path("problems"))
          .extracting(JsonNode::asText)
          .containsExactly("$.run.horizon");

      // and a valid text: "Valid.", Run enabled, nothing dimmed
      page.eval(type(JSON.writeValueAsString(valid)));
      assertThat(page.eval(VERDICT).path("text").asText()).isEqualTo("checking…");
      page.await("window.held.length === 5", WAIT);
      page.eval("window.held[4](); true");
      page.await("document.getElementById('validity').className === 'ok'", WAIT);
      now = page.eval(VERDICT);
      assertThat(now.path("text").asText()).isEqualTo("Valid.");
      assertThat(now.path("run").asBoolean()).isTrue();
      assertThat(now.path("problems")).isEmpty();
      assertThat(now.path("staleDiagrams").asBoolean()).isFalse();
    }
  }

  @Test
  void editValidateRunReportCompareAndCancelInTheBrowser() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    try (ServeCommand.Server server =
            new ServeCommand.Server(0, 2, new PrintWriter(new StringWriter()));
        Cdp page = new Cdp(chromium.get(), dir.resolve("profile"), 1280, 900)) {
      page.navigate("http://127.0.0.1:" + server.port() + "/");
      page.await("document.querySelectorAll('#library option').length > 1", WAIT);
      assertThat(page.eval("[...document.querySelectorAll('#library option')].map(o => o.value)"))
          .extracting(JsonNode::asText)
          .contains("whatisthetime", "dr-strategies", "three-tier-10m-pv");

      // open a library scenario: valid, one architecture diagram per stage
      page.eval(
          "(() => { const s = document.getElementById('library'); s.value = 'whatisthetime';"
              + " s.dispatchEvent(new Event('change')); return true; })()");
      page.await("document.getElementById('validity').className === 'ok'", WAIT);
      page.await("document.querySelectorAll('#diagrams svg.diagram').length === 8", WAIT);
      assertThat(page.eval("document.getElementById('run').disabled").asBoolean()).isFalse();
      Screenshots.write("app-editor.png", page.screenshot());

      // the diagram follows the edit: stage 1's instance type and count change, and its node is
      // drawn again with them; stage 2 is marked changed throughout, by its own day-1 resize
      String compute =
          "(i => { const g = document.querySelectorAll('#diagrams svg.diagram')[i]"
              + ".querySelector('g.node[data-node=\"compute@us-east-1a\"]');"
              + " return g && {changed: g.classList.contains('changed'),"
              + " text: [...g.querySelectorAll('text')].map(t => t.textContent).join(' ')}; })";
      JsonNode before = page.eval(compute + "(0)");
      assertThat(before.path("text").asText()).contains("t2.micro").doesNotContain("t3.small");
      JsonNode stageTwo = page.eval(compute + "(1)");
      assertThat(stageTwo.path("changed").asBoolean()).isTrue();
      assertThat(stageTwo.path("text").asText()).contains("t2.micro → m5.large, day 1");
      page.eval(
          type(
              "t.value.replace('\"instanceType\": \"t2.micro\",', '\"instanceType\": \"t3.small\",')"
                  + ".replace('\"countPerAz\": 1,', '\"countPerAz\": 2,')"));
      page.await(compute + "(0).text.includes('t3.small')", WAIT);
      assertThat(page.eval("document.querySelectorAll('#diagrams svg.diagram').length").asInt())
          .isEqualTo(8);
      JsonNode after = page.eval(compute + "(0)");
      assertThat(after.path("text").asText())
          .contains("t3.small")
          .contains("2 instances")
          .doesNotContain("t2.micro");
      assertThat(page.eval(compute + "(1)").path("changed").asBoolean()).isTrue();
      // and back: the node as it was
      page.eval(
          type(
              "t.value.replace('\"instanceType\": \"t3.small\",', '\"instanceType\": \"t2.micro\",')"
                  + ".replace('\"countPerAz\": 2,', '\"countPerAz\": 1,')"));
      page.await(compute + "(0).text.includes('t2.micro')", WAIT);
      assertThat(page.eval(compute + "(0)")).isEqualTo(before);
      assertThat(page.eval(compute + "(1)")).isEqualTo(stageTwo);

      // a mistake: reported with its JSON path, at the line where it is, the gutter marking it
      page.eval(type("t.value.replace('\"horizon\": \"P30D\"', '\"horizon\": \"thirty days\"')"));
      page.await("document.getElementById('validity').className === 'bad'", WAIT);
      JsonNode problem =
          page.eval(
              "(() => { const li = document.querySelector('#problems li[data-path=\"$.run.horizon\"]');"
                  + " return li && {line: Number(li.dataset.line), text: li.textContent}; })()");
      int expected =
          page.eval(
                  "document.getElementById('scenario').value.split('\\n')"
                      + ".findIndex(l => l.includes('\"horizon\"')) + 1")
              .asInt();
      assertThat(problem.path("line").asInt()).isEqualTo(expected).isGreaterThan(1);
      assertThat(problem.path("text").asText())
          .startsWith("line " + expected + " · $.run.horizon: ")
          .contains("duration");
      assertThat(page.eval("document.querySelector('#gutter .bad').textContent.trim()").asInt())
          .isEqualTo(expected);
      assertThat(page.eval("document.getElementById('run').disabled").asBoolean()).isTrue();

      // text from the scenario is shown as text, never run as markup
      page.eval(
          type(
              "t.value.replace('\"thirty days\"', '\"P3D\"')"
                  + ".replace('\"1-t2.micro-elastic-ip\"', '\"<img src=x onerror=window.pwned=1>\"')"));
      page.await("document.getElementById('validity').className === 'ok'", WAIT);
      assertThat(page.eval("typeof window.pwned").asText()).isEqualTo("undefined");
      assertThat(page.eval("document.querySelectorAll('img').length").asInt()).isZero();
      page.await("document.querySelectorAll('#diagrams svg.diagram').length === 8", WAIT);
      assertThat(page.eval("document.querySelector('#diagrams h3').textContent").asText())
          .isEqualTo("<img src=x onerror=window.pwned=1>");
      page.eval(
          type(
              "t.value.replace('\"<img src=x onerror=window.pwned=1>\"',"
                  + " '\"1-t2.micro-elastic-ip\"').replace('\"WhatIsTheTime.com\"', '\"WhatIsTheTime.com, three days\"')"));
      page.await("document.getElementById('validity').className === 'ok'", WAIT);

      // run it: live progress, then the report in the page
      page.eval("document.getElementById('trials').value = '4'; true");
      page.eval("document.getElementById('run').click(); true");
      page.await("document.querySelectorAll('#runs tbody tr').length === 1", WAIT);
      page.await(
          "document.querySelector('#runs tbody tr .status').textContent === 'COMPLETED'", WAIT);
      page.await("document.getElementById('report').srcdoc.includes('Stages side by side')", WAIT);
      String report = page.eval("document.getElementById('report').srcdoc").asText();
      assertThat(report)
          .contains("data-chart=\"cost-availability\"")
          .contains("data-chart=\"latency-distribution-0\"")
          .contains("WhatIsTheTime.com, three days");
      assertThat(page.eval("document.getElementById('report').getAttribute('sandbox')").asText())
          .isEmpty(); // sandboxed with no permission: the report's script never runs here
      page.await(
          "document.getElementById('report').dataset.loaded"
              + " === document.getElementById('report').dataset.run",
          WAIT);
      page.eval("document.getElementById('report-section').scrollIntoView(); true");
      page.eval(PAINTED);
      Thread.sleep(500); // let the frame paint (it may be drawn by a process of its own)
      Screenshots.write("app-report.png", page.screenshot());

      // change one thing (more of the capacity above the reserved base on spot), run again and
      // compare the two: only the stage that has spot differs
      page.eval(type("t.value.replace('\"share\": 0.5', '\"share\": 0.8')"));
      page.await("document.getElementById('validity').className === 'ok'", WAIT);
      page.eval("document.getElementById('run').click(); true");
      page.await("document.querySelectorAll('#runs tbody tr').length === 2", WAIT);
      page.await(
          "[...document.querySelectorAll('#runs tbody tr .status')].every(s => s.textContent === 'COMPLETED')",
          WAIT);
      page.eval(
          "document.querySelectorAll('#runs tbody input[type=checkbox]').forEach(c => { c.checked = true;"
              + " c.dispatchEvent(new Event('change')); }); true");
      assertThat(page.eval("document.getElementById('compare').disabled").asBoolean()).isFalse();
      page.eval("document.getElementById('compare').click(); true");
      page.await("document.querySelectorAll('#comparison-table tr').length > 1", WAIT);
      // four figures for each of the 8 stages, each with a verdict
      assertThat(page.eval("document.querySelectorAll('#comparison-table tr').length").asInt())
          .isEqualTo(1 + 8 * 4);
      assertThat(
              page.eval(
                      "[...document.querySelectorAll('#comparison-table tr td:last-child')]"
                          + ".every(td => /^(better|worse|same|not distinguishable from noise)/.test(td.textContent))")
                  .asBoolean())
          .isTrue();
      JsonNode rows =
          page.eval(
              "[...document.querySelectorAll('#comparison-table tr')].slice(1)"
                  + ".map(tr => [...tr.children].map(td => td.textContent))");
      for (JsonNode row : rows) {
        String stage = row.get(0).asText();
        String figure = row.get(1).asText();
        String verdict = row.get(6).asText();
        if (figure.equals("availability %")) {
          // as the command line shows it: 99.9991, not 100.00
          assertThat(row.get(2).asText()).as(stage).matches("\\d+\\.\\d{4}");
        }
        if (!stage.equals("8-reserved-and-spot")) {
          assertThat(verdict).as(stage + " " + figure).startsWith("same");
        } else if (figure.equals("monthly cost US$")) {
          assertThat(verdict).as("more spot costs less").isEqualTo("better");
          assertThat(row.get(4).asText()).startsWith("-");
        }
      }
      page.eval("document.getElementById('comparison').scrollIntoView(); true");
      Screenshots.write("app-compare.png", page.screenshot());

      // a long run, cancelled from its row
      page.eval(type("t.value.replace('\"P3D\"', '\"P30D\"')"));
      page.await("document.getElementById('validity').className === 'ok'", WAIT);
      page.eval("document.getElementById('trials').value = '1500'; true");
      page.eval("document.getElementById('run').click(); true");
      page.await("document.querySelectorAll('#runs tbody tr').length === 3", WAIT);
      page.await(
          "[...document.querySelectorAll('#runs tbody tr:first-child button')].some(b => b.textContent === 'Cancel')",
          WAIT);
      page.eval(
          "[...document.querySelectorAll('#runs tbody tr:first-child button')]"
              + ".find(b => b.textContent === 'Cancel').click(); true");
      page.await(
          "document.querySelector('#runs tbody tr:first-child .status').textContent.startsWith('CANCELLED')",
          WAIT);

      // schema-aware completion: in "run": {"…, the run's field names the schema allows, not the
      // ones written already nor the document's top-level ones; Enter writes the chosen one
      page.await("document.querySelectorAll('#library option').length > 1", WAIT);
      String ctrlSpace =
          "(() => { const t = document.getElementById('scenario'); t.focus();"
              + " t.setSelectionRange(t.value.length, t.value.length);"
              + " t.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', ctrlKey: true}));"
              + " return true; })()";
      page.eval(type("'{\\n  \"version\": 1,\\n  \"run\": {\"seed\": 3, \"'"));
      page.eval(ctrlSpace);
      page.await("!document.getElementById('completions').hidden", WAIT);
      JsonNode offered =
          page.eval("[...document.querySelectorAll('#completions li')].map(li => li.textContent)");
      assertThat(offered)
          .extracting(JsonNode::asText)
          .contains("horizon", "step", "trials", "mode", "initialState")
          .doesNotContain("seed", "version", "stages");
      // typing narrows them down; Enter writes the key with its quotes and colon
      page.eval(type("t.value + 'mo'"));
      page.eval(ctrlSpace);
      page.await("document.querySelectorAll('#completions li').length === 1", WAIT);
      page.eval(
          "document.getElementById('scenario').dispatchEvent(new KeyboardEvent('keydown', {key:"
              + " 'Enter'})); true");
      assertThat(page.eval("document.getElementById('scenario').value").asText())
          .endsWith("\"run\": {\"seed\": 3, \"mode\": ");
      // in a value, the values of its enum
      page.eval(ctrlSpace);
      page.await("!document.getElementById('completions').hidden", WAIT);
      assertThat(
              page.eval(
                  "[...document.querySelectorAll('#completions li')].map(li => li.textContent)"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("fluid", "requests");
      // the picture shows the verdict for the text in it (the unfinished document's problem), not
      // "checking…" nor the previous text's "Valid."
      page.await(
          "document.getElementById('validity').className === 'bad'"
              + " && document.querySelector('#problems li')",
          WAIT);
      assertThat(page.eval("document.getElementById('completions').hidden").asBoolean()).isFalse();
      page.eval(PAINTED);
      Screenshots.write("app-completion.png", page.screenshot());
    }
  }
}
