package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.local.importer.Profiles;
import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line a person reads from {@code import}, {@code bench} and {@code serve} fits {@link
 * Columns#WIDTH} columns, as every other command's does: the import report of every stack under
 * src/test/resources/import with every fault profile, and bench's table in both its modes whatever
 * the figures, and of a real (small) run.
 */
class OutputWidthTest {
  static final Path FIXTURES = Path.of("src/test/resources/import");

  /** Every template and plan the importer tests read, and the project's own SAM template. */
  static Stream<Path> stacks() throws IOException {
    List<Path> stacks = new ArrayList<>(List.of(Path.of("../../template.yaml")));
    try (Stream<Path> files = Files.walk(FIXTURES)) {
      files
          .filter(f -> !f.startsWith(FIXTURES.resolve("golden")))
          .filter(f -> f.toString().matches(".*\\.(yaml|yml)$") || f.endsWith("plan.json"))
          .sorted()
          .forEach(stacks::add);
    }
    assertThat(stacks).hasSizeGreaterThanOrEqualTo(12);
    return stacks.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stacks")
  void everyLineOfEveryImportReportFits(Path stack, @TempDir Path dir) {
    String format = stack.endsWith("plan.json") ? "terraform" : "cloudformation";
    for (String faults : Profiles.FAULTS) {
      // with -o the report is the output; the temporary directory's long path is in its last line
      Path out = dir.resolve(faults + "-" + stack.getFileName() + ".json");
      CliHarness.Outcome o =
          CliHarness.run(
              "import", format, stack.toString(), "--faults", faults, "-o", out.toString());
      assertThat(o.out()).as(faults).contains("resource(s):");
      assertFits(stack + " --faults " + faults, o.out() + o.err());
    }
    // without -o the scenario (JSON, data rather than text) is the output and the report goes to
    // standard error
    CliHarness.Outcome printed =
        CliHarness.run("import", format, stack.toString(), "--workload", "busy");
    assertThat(printed.err()).contains("resource(s):");
    assertFits(stack + " (report on standard error)", printed.err());
  }

  @Test
  void benchTablesFitInBothModesWhateverTheFigures() {
    double[] values = {
      Double.NaN,
      0,
      1e-9,
      0.0004,
      0.0123,
      0.999,
      9.996,
      999.96,
      9_999.6,
      99_999,
      2.5e8,
      9.99e11,
      1e15
    };
    for (BenchCommand.Plan plan : List.of(BenchCommand.Plan.QUICK, BenchCommand.Plan.FULL)) {
      for (double a : values) {
        for (double b : values) {
          String table = table(plan, figures(plan, a, b));
          assertFits(plan + " with figures " + a + " and " + b, table);
          BenchTableTest.assertValidMarkdown(table);
        }
      }
    }
  }

  @Test
  void theTableOfARealBenchFits() throws Exception {
    BenchCommand bench = new BenchCommand();
    bench.repeat = 1;
    BenchCommand.Plan small =
        new BenchCommand.Plan(
            20_000, 1, List.of("P1D"), 1, 2, 10, List.of("dr-strategies"), 1, 10, 100);
    BenchCommand.Figures f = bench.measure(small);
    // measured, not made up: every figure is a positive, finite number
    assertThat(
            List.of(
                f.requestRate(),
                f.requestSeconds(),
                f.fluidSmall(),
                f.fluidLarge(),
                f.fleet().get(0),
                f.route53(),
                f.albTwin(),
                f.oneWorkerRate(),
                f.twoWorkerRate(),
                (double) f.shardBytes(),
                f.mergeSeconds(),
                f.libraries().get(0).secondsPerTrial(),
                (double) f.smallPeak(),
                (double) f.largePeak()))
        .allMatch(v -> v > 0 && Double.isFinite(v));
    // the request-level mode's mean against Erlang C, from 20 000 requests: within a few percent
    assertThat(f.erlangError()).isBetween(0.0, 0.1);
    assertThat(f.witStages()).isEqualTo(8);
    String table = table(small, f);
    assertFits("a real bench", table);
    BenchTableTest.assertValidMarkdown(table);
    assertThat(table)
        .containsPattern("\\| request mode, M/M/3, rho 0.8, 20 k requests: M req/s \\[1] +\\|")
        .contains("| fluid, dr-strategies, " + f.libraries().get(0).stages() + " stages at PT");
  }

  @Test
  void servesStartLinesFitWhateverTheAddress() throws Exception {
    List<String> urls = new ArrayList<>();
    try (var server =
        new ServeCommand.Server(0, 1, new java.io.PrintWriter(new java.io.StringWriter()))) {
      urls.add(server.guard.baseUrl());
    }
    urls.add(
        new LocalHttpGuard(
                java.net.InetAddress.getByName("0.0.0.0"),
                65535,
                List.of("archsim-simulator.internal.example-corporation-of-america.com"),
                null)
            .baseUrl());
    for (String url : urls) {
      String text = ServeCommand.startLines(url);
      assertFits("serve on " + url, text);
      // every call and both addresses are said, whole: they can be copied
      assertThat(text.lines()).first().isEqualTo("the web app: " + url + "/");
      assertThat(text.replaceAll("\n +", " "))
          .contains("the runs API on " + url + ": POST /runs, GET /runs/{id},")
          .contains("GET /runs/{id}/report, GET /runs/{a}/compare/{b}, DELETE /runs/{id} cancels")
          .endsWith("Ctrl-C stops the server\n");
    }
    // on one line it took 174 columns
    assertThat(ServeCommand.startLines(urls.get(1)).lines().count()).isGreaterThan(3);
  }

  static String table(BenchCommand.Plan plan, BenchCommand.Figures f) {
    return BenchCommand.heading(5)
        + BenchTable.markdown(
            BenchCommand.rows(plan, f), BenchCommand.NOTES, BenchCommand.legend());
  }

  /** Figures of {@code plan}, the first of each pair {@code a}, the second {@code b}. */
  static BenchCommand.Figures figures(BenchCommand.Plan plan, double a, double b) {
    return new BenchCommand.Figures(
        a,
        b,
        a,
        a,
        b,
        plan.fleetHorizons().stream().map(h -> b).toList(),
        b,
        a,
        8,
        a,
        b,
        plan.shardTrials(),
        3,
        (long) b,
        a,
        plan.libraries().stream()
            .map(l -> new BenchCommand.LibraryFigure(l, 12, Duration.ofMinutes(10), b))
            .toList(),
        (long) a,
        (long) b);
  }

  static void assertFits(String what, String text) {
    assertThat(text.lines())
        .as(what + ":\n" + text)
        .allSatisfy(l -> assertThat(Columns.visible(l)).as(l).isLessThanOrEqualTo(Columns.WIDTH));
  }
}
