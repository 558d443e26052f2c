package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.result.ResultView;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's messages and tables as a person reads them: errors as a sentence and a list,
 * every line within 120 columns, every problem of one command line in one pass, and CSV numbers in
 * fixed-point at each column's precision.
 */
class CliMessagesTest {
  private static final String LIBRARY = "../../events/scenarios";
  private static final String WHATISTHETIME = LIBRARY + "/whatisthetime.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Path> libraryFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(LIBRARY))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  // ------------------------------------------------------------------ help for no such command

  @Test
  void helpForNoSuchCommandIsASentenceThenTheCommandsOnTheirOwnLines() {
    CliHarness.Outcome o = CliHarness.run("help", "nosuch");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.out()).isEmpty();
    List<String> lines = o.err().lines().toList();
    assertThat(lines.get(0)).isEqualTo("help: no command 'nosuch'.");
    assertThat(lines.get(1)).startsWith("Commands: validate, run, compare,");
    assertThat(lines).allMatch(l -> l.length() <= 120);
    // every command is named once, in the lines after the sentence, before "Try ..."
    String listed = String.join(" ", lines.subList(1, lines.size() - 1));
    for (String name : ArchsimCommand.commandLine().getSubcommands().keySet()) {
      assertThat(listed).as(name).containsPattern("[ ,]" + name + "(,|$| )");
    }
    assertThat(lines.getLast()).isEqualTo("Try 'archsim help --help' for more.");

    // a near miss says what was meant, still a sentence of its own
    CliHarness.Outcome near = CliHarness.run("help", "rnu");
    assertThat(near.exit()).isEqualTo(2);
    assertThat(near.err().lines().findFirst())
        .hasValue("help: no command 'rnu'; did you mean 'run'?");
    // a subcommand: the list is that command's subcommands
    CliHarness.Outcome sub = CliHarness.run("help", "catalog", "nosuch");
    assertThat(sub.exit()).isEqualTo(2);
    assertThat(sub.err()).contains("\nCommands: types, regions, classes\n");
  }

  @Test
  void newFromNoSuchScenarioIsASentenceThenTheLibraryOnItsOwnLines() {
    CliHarness.Outcome o = CliHarness.run("new", "--from", "nosuch");
    assertThat(o.exit()).isEqualTo(2);
    List<String> lines = o.err().lines().toList();
    assertThat(lines.get(0)).isEqualTo("--from nosuch: no such library scenario.");
    assertThat(lines.get(1)).startsWith("The library: whatisthetime, ");
    assertThat(lines).hasSizeGreaterThan(2).allMatch(l -> l.length() <= 120);
    String listed = String.join(" ", lines.subList(1, lines.size()));
    for (String name : NewCommand.LIBRARY) {
      assertThat(listed).contains(name);
    }
  }

  // ------------------------------------------------------------------ 120 columns

  /**
   * Every library file with every flag wrong at once (and a stage it does not have) gets its errors
   * in lines of at most 120 columns, for run, compare and optimize alike; the stages listed as
   * {@code N name}, none split between lines, each of them present.
   */
  @Test
  void everyErrorLineFitsOneHundredTwentyColumnsForEveryLibraryFile() throws Exception {
    List<Path> files = libraryFiles();
    assertThat(files).hasSizeGreaterThan(8);
    for (Path f : files) {
      List<String> names = new ArrayList<>();
      JSON.readTree(f.toFile()).get("stages").forEach(s -> names.add(s.get("name").asText()));
      List<String[]> commands =
          List.of(
              new String[] {
                "run",
                f.toString(),
                "--stage",
                "99",
                "--trials",
                "0",
                "--horizon",
                "P999D",
                "--workers",
                "0",
                "--shard-time-limit",
                "5m",
                "--format",
                "yaml"
              },
              new String[] {"compare", f.toString(), f.toString(), "--stage", "no-such-stage"},
              new String[] {"validate", f.toString()},
              new String[] {"explain", f.toString()});
      for (String[] args : commands) {
        CliHarness.Outcome o = CliHarness.run(args);
        String what = String.join(" ", args);
        assertThat(o.err().lines()).as(what).allMatch(l -> l.length() <= 120);
        if (args[0].equals("run") || args[0].equals("compare")) {
          assertThat(o.exit()).as(what).isEqualTo(2);
          assertThat(o.err()).as(what).contains(": no such stage");
          List<String> lines = o.err().lines().toList();
          for (int i = 0; i < names.size(); i++) {
            String item = (i + 1) + " " + names.get(i);
            // on one line, whole, as "N name," or "N name" at the end
            assertThat(lines)
                .as(what + ": " + item)
                .anyMatch(l -> l.startsWith("  ") && (l + ",").contains(item + ","));
          }
        }
      }
    }
  }

  @Test
  void theStageListWrapsWithinTheWidthAndKeepsEachStageWhole() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      names.add("stage-with-a-rather-long-name-" + i);
    }
    String list = ScenarioFiles.stageList(names);
    assertThat(list.lines()).hasSizeGreaterThan(5).allMatch(l -> l.length() <= 120);
    assertThat(list.lines()).allMatch(l -> l.startsWith("  ") && !l.startsWith("   "));
    assertThat(list.replaceAll("\\s+", " ").strip())
        .isEqualTo(
            String.join(
                ", ",
                java.util.stream.IntStream.range(0, 30)
                    .mapToObj(i -> (i + 1) + " " + names.get(i))
                    .toList()));
  }

  /** catalog regions and prices show: long rows and sources wrapped, nothing lost. */
  @Test
  void catalogAndPricesFitOneHundredTwentyColumns() {
    CliHarness.Outcome regions = CliHarness.run("catalog", "regions");
    assertThat(regions.exit()).isZero();
    assertThat(regions.out().lines()).allMatch(l -> l.length() <= 120);
    // us-east-1's six zones, each whole, the continuation under the zones' column
    String useast = regions.out().substring(regions.out().indexOf("\nus-east-1 ") + 1);
    List<String> rows = useast.lines().toList();
    int column = rows.get(0).indexOf("use1-az1");
    assertThat(column).isPositive();
    StringBuilder zones = new StringBuilder(rows.get(0).substring(column));
    for (int i = 1; i < rows.size() && rows.get(i).startsWith(" ".repeat(column)); i++) {
      assertThat(rows.get(i).charAt(column)).isNotEqualTo(' ');
      zones.append(' ').append(rows.get(i).strip());
    }
    assertThat(zones.toString())
        .isEqualTo(
            "use1-az1 (us-east-1d), use1-az2 (us-east-1a), use1-az3 (us-east-1e),"
                + " use1-az4 (us-east-1b), use1-az5 (us-east-1f), use1-az6 (us-east-1c)");

    CliHarness.Outcome price =
        CliHarness.run("prices", "show", "m7i.large", "--region", "eu-west-1");
    assertThat(price.exit()).isZero();
    assertThat(price.out().lines()).allMatch(l -> l.length() <= 120);
    assertThat(price.out().replaceAll("\\s+", " "))
        .contains(
            "source: SkyPilot catalog catalogs/v7/aws/vms.csv (skypilot-org/skypilot-catalog at");
  }

  /** export fis takes --stage as run does: a number too; a directory is not called a scenario. */
  @Test
  void exportTakesAStagesNumberAndImportSaysWhatADirectoryIs(@TempDir Path dir) throws Exception {
    Path fis = dir.resolve("fis.yaml");
    CliHarness.Outcome byNumber =
        CliHarness.run(
            "export", "fis", WHATISTHETIME, "--stage", "7", "-o", fis.toString(), "--trials", "2");
    assertThat(byNumber.exit()).as(byNumber.err()).isZero();
    String template = Files.readString(fis);
    // stage 7 (multi-AZ) is the one exported: its AZ outage of us-east-1a
    assertThat(template).contains("us-east-1a");
    assertThat(Files.readString(dir.resolve("fis.predictions.md"))).contains("7-multi-az");
    CliHarness.Outcome unknown =
        CliHarness.run("export", "fis", WHATISTHETIME, "--stage", "9", "-o", fis.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .startsWith(
            "--stage 9: no such stage; give a name or a number:\n  1 1-t2.micro-elastic-ip,");

    CliHarness.Outcome directory = CliHarness.run("import", "terraform", dir.toString());
    assertThat(directory.exit()).isEqualTo(2);
    assertThat(directory.err()).isEqualTo(dir + ": is a directory; give a file in it\n");
  }

  // ------------------------------------------------------------------ one pass

  @Test
  void compareReportsABadFlagAndAMissingFileInOnePass(@TempDir Path dir) throws Exception {
    CliHarness.Outcome o = CliHarness.run("compare", WHATISTHETIME, "nosuch.json", "--trials", "0");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.out()).isEmpty();
    assertThat(o.err())
        .contains("--trials 0: must be between 1 and 100,000")
        .contains("nosuch.json: no such file");

    // a flag picocli cannot convert, a missing A and an invalid B: all three at once
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"version\": 2}");
    CliHarness.Outcome three =
        CliHarness.run("compare", "missing-a.json", bad.toString(), "--trials", "abc");
    assertThat(three.exit()).isEqualTo(2);
    assertThat(three.err())
        .contains("--trials abc: must be a whole number")
        .contains("missing-a.json: no such file")
        .contains(bad + ":")
        .contains("$.version: must be 1");

    // the stage chosen is still checked in the file that parses, with the flags wrong
    CliHarness.Outcome stage =
        CliHarness.run("compare", WHATISTHETIME, "nosuch.json", "--workers", "0", "--stage", "9");
    assertThat(stage.exit()).isEqualTo(2);
    assertThat(stage.err())
        .contains("--workers 0: must be between 1 and 1024")
        .contains("nosuch.json: no such file")
        .contains("--stage 9: no such stage");
  }

  // ------------------------------------------------------------------ CSV numbers

  /** Each run CSV column's decimal places, "" for a column that is not a decimal number. */
  private static final Map<String, Integer> RUN_DECIMALS =
      Map.ofEntries(
          Map.entry("availability", 10),
          Map.entry("availability_ci95", 10),
          Map.entry("p50_ms", 3),
          Map.entry("p95_ms", 3),
          Map.entry("p99_ms", 3),
          Map.entry("p999_ms", 3),
          Map.entry("monthly_usd", 4),
          Map.entry("monthly_usd_ci95", 4),
          Map.entry("p_all_met", 5),
          Map.entry("p_all_met_low", 5),
          Map.entry("p_all_met_high", 5));

  private static List<CSVRecord> records(String csv) throws IOException {
    return CSVFormat.RFC4180
        .builder()
        .setHeader()
        .setSkipHeaderRecord(true)
        .get()
        .parse(new StringReader(csv))
        .getRecords();
  }

  private static BigDecimal rounded(double v, int decimals) {
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
  }

  @Test
  void runCsvHasNoExponentsAndEachColumnAtItsPrecisionAgreeingWithTheJson() throws Exception {
    // stage 1 has a CI half-width of a few parts in ten million (2.2E-7 as a raw double)
    String[] args = {
      "run",
      WHATISTHETIME,
      "--stage",
      "1",
      "--stage",
      "5",
      "--stage",
      "7",
      "--trials",
      "3",
      "--quiet"
    };
    CliHarness cli = new CliHarness();
    assertThat(cli.archsim(concat(args, "--format", "csv"))).isZero();
    String csv = cli.out();
    cli.clearOut();
    assertThat(cli.archsim(concat(args, "--json"))).isZero();
    ResultView result = ResultView.parse(cli.out());
    assertThat(csv).doesNotContainPattern("\\d[eE][-+]?\\d");
    List<CSVRecord> rows = records(csv);
    assertThat(rows).hasSize(result.stages().size());
    boolean smallSeen = false;
    for (int i = 0; i < rows.size(); i++) {
      CSVRecord r = rows.get(i);
      ResultView.Stage s = result.stages().get(i);
      assertThat(r.get("stage")).isEqualTo(s.name());
      for (var col : RUN_DECIMALS.entrySet()) {
        String cell = r.get(col.getKey());
        assertThat(cell)
            .as(s.name() + " " + col.getKey())
            .matches("\\d+\\.\\d{" + col.getValue() + "}");
      }
      assertThat(r.get("failed_requests")).isEqualTo(Long.toString(s.failed()));
      // the numbers are the JSON's, rounded
      assertThat(new BigDecimal(r.get("availability"))).isEqualTo(rounded(s.availability(), 10));
      assertThat(new BigDecimal(r.get("availability_ci95")))
          .isEqualTo(rounded(s.availabilityCi95(), 10));
      assertThat(new BigDecimal(r.get("p99_ms"))).isEqualTo(rounded(s.latency("p99"), 3));
      assertThat(new BigDecimal(r.get("monthly_usd"))).isEqualTo(rounded(s.monthlyUsd(), 4));
      assertThat(new BigDecimal(r.get("p_all_met_high"))).isEqualTo(rounded(s.allMet().high(), 5));
      if (s.availabilityCi95() > 0 && s.availabilityCi95() < 1e-5) {
        smallSeen = true;
        // a small half-width keeps its significant digits, not rounded away to zero
        assertThat(new BigDecimal(r.get("availability_ci95")).signum()).isPositive();
      }
    }
    assertThat(smallSeen).as("a stage whose half-width is under 1e-5").isTrue();
  }

  @Test
  void compareCsvHasEachFigureAtItsPrecision(@TempDir Path dir) throws Exception {
    Path b = CliUsabilityTest.moreSpot(dir);
    CliHarness.Outcome o =
        CliHarness.run(
            "compare",
            WHATISTHETIME,
            b.toString(),
            "--stage",
            "8",
            "--trials",
            "4",
            "--horizon",
            "P3D",
            "--format",
            "csv",
            "--quiet");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).doesNotContainPattern("\\d[eE][-+]?\\d");
    Map<String, Integer> decimals =
        Map.of(
            "availability", 10,
            "failedRequestsPerTrial", 3,
            "latencyP99MsTrialMean", 3,
            "monthlyCostUsd", 4);
    List<CSVRecord> rows = records(o.out());
    assertThat(rows)
        .extracting(r -> r.get("figure"))
        .containsExactlyInAnyOrderElementsOf(decimals.keySet());
    for (CSVRecord r : rows) {
      int places = decimals.get(r.get("figure"));
      for (String col : List.of("a", "b", "b_minus_a", "ci95_low", "ci95_high")) {
        assertThat(r.get(col))
            .as(r.get("figure") + " " + col)
            .matches("-?\\d+\\.\\d{" + places + "}");
      }
      // B − A is b minus a, to the rounding of each
      BigDecimal diff = new BigDecimal(r.get("b")).subtract(new BigDecimal(r.get("a")));
      assertThat(diff.subtract(new BigDecimal(r.get("b_minus_a"))).abs())
          .isLessThanOrEqualTo(BigDecimal.ONE.movePointLeft(places).multiply(BigDecimal.TWO));
      assertThat(new BigDecimal(r.get("ci95_low")))
          .isLessThanOrEqualTo(new BigDecimal(r.get("b_minus_a")));
      assertThat(new BigDecimal(r.get("ci95_high")))
          .isGreaterThanOrEqualTo(new BigDecimal(r.get("b_minus_a")));
    }
  }

  @Test
  void fixedNeverWritesAnExponentOrANegativeZero() {
    assertThat(OutputOptions.fixed(3.31233916E-7, 10)).isEqualTo("0.0000003312");
    assertThat(OutputOptions.fixed(7500.033202190831, 3)).isEqualTo("7500.033");
    assertThat(OutputOptions.fixed(1.0E12, 2)).isEqualTo("1000000000000.00");
    assertThat(OutputOptions.fixed(-1.0E-9, 4)).isEqualTo("0.0000");
    assertThat(OutputOptions.fixed(-0.0, 3)).isEqualTo("0.000");
    assertThat(OutputOptions.fixed(2.675, 2)).isEqualTo("2.68");
    assertThat(OutputOptions.fixed(Double.NaN, 3)).isEmpty();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
