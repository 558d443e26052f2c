package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.result.PairedDifference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare's rows: every one fits 120 columns whatever its verdict and figures, and a figure neither
 * side has (lost messages without a queue) is left out, and said to be, alike in the text, the
 * Markdown, the CSV, the JSON and the HTML report.
 */
class CompareRowsTest {
  static final Path WHATISTHETIME = Path.of("../../events/scenarios/whatisthetime.json");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Trials of a figure: {@code base}, and B with {@code moved} added to some. */
  static PairedDifference of(double base, double moved, int trials, double resolution) {
    double[] a = new double[trials];
    double[] b = new double[trials];
    for (int i = 0; i < trials; i++) {
      a[i] = base + (i % 3) * base / 1000;
      b[i] = a[i] + (i % 2 == 0 ? moved : moved / 3);
    }
    return PairedDifference.of(a, b, resolution);
  }

  static PairedDifference absent(int trials) {
    double[] nan = new double[trials];
    Arrays.fill(nan, Double.NaN);
    return PairedDifference.of(nan, nan, 0.001);
  }

  @Test
  void everyVerdictFitsOneHundredTwentyColumnsWithTheLargestFigures() {
    Set<PairedDifference.Verdict> seen = EnumSet.noneOf(PairedDifference.Verdict.class);
    List<CompareCommand.Row> rows = new ArrayList<>();
    double[] bases = {0.5, 1_234_567_890.123, 99_999_999_999.0};
    double[] moves = {0, 1e-9, -1e-9, 0.04, -987_654_321.5, 1e12};
    int n = 0;
    for (double base : bases) {
      for (double moved : moves) {
        for (int trials : new int[] {1, 2, 500}) {
          List<PairedDifference> figures = new ArrayList<>();
          for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
            PairedDifference d =
                f == PairedDifference.Figure.AVAILABILITY
                    ? of(0.999, moved / 1e12, trials, f.resolution)
                    : of(base, moved, trials, f.resolution);
            figures.add(d);
            seen.add(d.verdict());
          }
          n++;
          rows.add(
              new CompareCommand.Row(
                  "stage-" + n + "-with-a-long-name-of-forty-characters",
                  n,
                  "stage-" + n + "-renamed-in-b-with-a-long-name-too",
                  n + 1,
                  figures));
        }
      }
    }
    // the one-sided and absent figures too
    double[] some = {1, 2, 3};
    double[] none = {Double.NaN, Double.NaN, Double.NaN};
    List<PairedDifference> sided = new ArrayList<>();
    sided.add(PairedDifference.of(some, some, 1e-6));
    sided.add(PairedDifference.of(some, none, 1));
    sided.add(PairedDifference.of(none, some, 0.1));
    sided.add(PairedDifference.of(some, some, 0.01));
    sided.add(absent(3));
    sided.forEach(d -> seen.add(d.verdict()));
    rows.add(new CompareCommand.Row("one-sided", 99, "one-sided", 99, sided));
    // the width test reaches every verdict, "the same to the precision shown" among them
    assertThat(seen).containsExactlyInAnyOrder(PairedDifference.Verdict.values());
    for (boolean colour : new boolean[] {false, true}) {
      String text = CompareCommand.stagesText(rows, new OutputOptions.Paint(colour));
      OutputWidthTest.assertFits("compare rows, colour " + colour, text);
      assertThat(text)
          .contains("the same to the precision shown in every trial".split(" ")[0])
          .contains("only A has this figure")
          .contains("only B has this figure")
          .doesNotContain("neither has this figure")
          .contains("(not compared, as neither side has it: lost msgs/million (stage 99))");
    }
    // the verdict wraps under its own start, every word kept
    String plain = CompareCommand.stagesText(rows, new OutputOptions.Paint(false));
    assertThat(plain.replaceAll("\n +", " "))
        .contains("the same to the precision shown in every trial");
  }

  @Test
  void aFigureNeitherScenarioHasIsLeftOutEverywhereAndTheRowsFit(@TempDir Path dir)
      throws Exception {
    // the README's comparison: ten times the spot interruptions, stage 8 only; whatisthetime has
    // no queue, so no lost messages on either side
    String a = Files.readString(WHATISTHETIME);
    String b = a.replace("\"interruptionsPerMonth\": 0.05", "\"interruptionsPerMonth\": 0.5");
    assertThat(b).isNotEqualTo(a);
    Path fb = dir.resolve("mine.json");
    Files.writeString(fb, b);
    String[] common = {
      "compare",
      WHATISTHETIME.toString(),
      fb.toString(),
      "--stage",
      "8",
      "--trials",
      "6",
      "--horizon",
      "P7D"
    };
    CliHarness.Outcome text = CliHarness.run(common);
    assertThat(text.exit()).as(text.err()).isZero();
    OutputWidthTest.assertFits("compare", text.out());
    assertThat(text.out())
        .doesNotContainPattern("(?m)^ +lost msgs")
        .doesNotContain("too few trials")
        .contains("(not compared, as neither side has it: lost msgs/million)")
        .doesNotContainPattern("-0\\.0+(?![0-9])");

    CliHarness.Outcome json = CliHarness.run(concat(common, "--json"));
    JsonNode j = JSON.readTree(json.out());
    assertThat(j.at("/stages/0/bMinusA").has("lostMessagesPerMillion")).isFalse();
    assertThat(j.at("/stages/0/bMinusA").has("monthlyCostUsd")).isTrue();
    assertThat(j.get("leftOut").asText())
        .isEqualTo("not compared, as neither side has it: lost msgs/million");

    Path report = dir.resolve("diff.html");
    CliHarness.Outcome md =
        CliHarness.run(concat(common, "--format", "markdown", "--report", report.toString()));
    assertThat(md.exit()).as(md.err()).isZero();
    assertThat(md.out()).doesNotContain("| lost msgs").contains("neither side has it");
    CliHarness.Outcome csv = CliHarness.run(concat(common, "--format", "csv"));
    assertThat(csv.out()).doesNotContain("lostMessagesPerMillion").contains("monthlyCostUsd");

    String page = Files.readString(report);
    String table = page.substring(page.indexOf("id=\"b-minus-a\""), page.indexOf("<iframe"));
    assertThat(table)
        .doesNotContain("<td class=\"l\">lost msgs")
        .doesNotContain("too few trials")
        .contains("not compared, as neither side has it: lost msgs/million")
        .doesNotContainPattern("-0\\.0+(?![0-9])");
  }

  static String[] concat(String[] a, String... more) {
    String[] out = Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }
}
