package dev.archsim.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.result.PairedDifference;
import dev.archsim.local.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --report} rendered by headless Chromium: B − A is a table, a row per stage and
 * figure, each with A, B, the difference, its interval and the verdict the JSON gives, not a
 * preformatted dump of the text. Skipped where no Chromium is installed (CI installs Debian's).
 */
class CompareReportInBrowserTest {
  @TempDir Path dir;

  @Test
  void theReportShowsBMinusAAsATableWithEachIntervalAndVerdict() throws Exception {
    Optional<Path> chromium = Cdp.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium here (install Debian's chromium)");
    String base = "../../events/scenarios/whatisthetime.json";
    Path b = dir.resolve("more-spot.json");
    Files.writeString(
        b,
        Files.readString(Path.of(base))
            .replace("\"interruptionsPerMonth\": 0.05", "\"interruptionsPerMonth\": 5"));
    Path report = dir.resolve("diff.html");
    String[] args = {
      "compare",
      base,
      b.toString(),
      "--stage",
      "2",
      "--stage",
      "8",
      "--trials",
      "6",
      "--horizon",
      "P3D",
      "--report",
      report.toString(),
      "--json",
      "-q"
    };
    CliHarness.Outcome run = CliHarness.run(args);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());

    String dom = dump(chromium.get(), report);
    Matcher table =
        Pattern.compile("<table class=\"data\" id=\"b-minus-a\">(.*?)</table>", Pattern.DOTALL)
            .matcher(dom);
    assertThat(table.find()).as("a B − A table").isTrue();
    assertThat(dom).doesNotContain("<pre>");
    List<List<String>> rows = new ArrayList<>();
    Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(table.group(1));
    while (tr.find()) {
      List<String> cells = new ArrayList<>();
      Matcher td = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>").matcher(tr.group(1));
      while (td.find()) {
        cells.add(td.group(1).replace("&amp;", "&"));
      }
      rows.add(cells);
    }
    assertThat(rows.get(0))
        .containsExactly("stage", "figure", "A", "B", "B − A", "95 % interval", "verdict");
    // two stages, every figure either side has: whatisthetime has no queue, so no lost messages,
    // left out of the table, the JSON, and said to be under the table
    PairedDifference.Figure[] figures =
        java.util.Arrays.stream(PairedDifference.Figure.values())
            .filter(f -> json.at("/stages/0/bMinusA").has(f.key()))
            .toArray(PairedDifference.Figure[]::new);
    int n = figures.length;
    assertThat(n).isEqualTo(PairedDifference.Figure.values().length - 1);
    assertThat(json.at("/stages/0/bMinusA").has("lostMessagesPerMillion")).isFalse();
    assertThat(rows).hasSize(1 + 2 * n);
    assertThat(dom)
        .contains("not compared, as neither side has it: lost msgs/million (every stage)");
    assertThat(rows.get(1).get(0)).isEqualTo("2  2-vertical-m5.large");
    assertThat(rows.get(1 + n).get(0)).isEqualTo("8  8-reserved-and-spot");
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = figures[i].key();
    }
    String[] formats = {"%.4f", "%,.0f", "%.1f", "%,.2f", "%,.3f"};
    for (int s = 0; s < 2; s++) {
      for (int f = 0; f < n; f++) {
        List<String> cells = rows.get(1 + n * s + f);
        JsonNode x = json.at("/stages/" + s + "/bMinusA/" + keys[f]);
        assertThat(cells).as(s + "/" + keys[f]).hasSize(7);
        // the verdict the JSON gives, and the interval's own bounds as the JSON has them
        assertThat(cells.get(6)).as(keys[f]).isEqualTo(x.get("verdict").asText());
        if (x.get("difference").isNull()) {
          // no figure in any trial (a stage without a queue loses no messages): said as "-"
          assertThat(cells.subList(4, 6)).as(keys[f]).containsExactly("-", "-");
          continue;
        }
        double scale = f == 0 ? 100 : 1;
        String unit = f == 0 ? " pp" : "";
        assertThat(cells.get(5))
            .as(keys[f])
            .isEqualTo(
                "["
                    + dev.archsim.core.result.Numbers.format(
                        formats[f], scale * x.get("ci95Low").asDouble())
                    + ", "
                    + dev.archsim.core.result.Numbers.format(
                        formats[f], scale * x.get("ci95High").asDouble())
                    + "]"
                    + unit);
        // the difference as the JSON has it, to the decimals shown (more where ± would round to 0)
        String shown = cells.get(4).substring(0, cells.get(4).indexOf(' ')).replace(",", "");
        int decimals = shown.contains(".") ? shown.length() - shown.indexOf('.') - 1 : 0;
        assertThat(Double.parseDouble(shown))
            .as(keys[f])
            .isCloseTo(
                scale * x.get("difference").asDouble(),
                org.assertj.core.api.Assertions.within(0.5 * Math.pow(10, -decimals) + 1e-12));
      }
    }
    // stage 2 is the same in both files: identical in every trial; stage 8's cost moved
    assertThat(rows.get(1 + PairedDifference.Figure.COST.ordinal()).get(6))
        .isEqualTo("identical in every trial");
    assertThat(rows.get(1 + n + PairedDifference.Figure.COST.ordinal()).get(6))
        .isNotEqualTo("identical in every trial");
    // both runs' own reports follow
    assertThat(dom).contains("title=\"report A\"").contains("title=\"report B\"");
  }

  private String dump(Path chromium, Path html) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString()));
    cmd.addAll(Cdp.HEADLESS);
    cmd.add("--user-data-dir=" + dir.resolve("profile"));
    cmd.addAll(List.of("--dump-dom", html.toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return dom;
  }
}
