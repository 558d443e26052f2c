package dev.archsim.local.cli;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.core.result.ResultView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a new user ran into on a fresh clone, walking the README command by command: each test fails
 * on the command line as it was before the fix.
 */
class WalkthroughCliTest {
  static final String WHATISTHETIME = CliUsabilityTest.WHATISTHETIME;
  static final String NL = System.lineSeparator();
  final CliHarness cli = new CliHarness();

  // ------------------------------------------------------------------ help at every depth

  /** Every command and subcommand, as the words that name it: [catalog, types]. */
  static List<List<String>> commands(CommandLine cl, List<String> path, List<List<String>> out) {
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              // an alias names a command already listed
              if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                out.add(p);
                commands(sub, p, out);
              }
            });
    return out;
  }

  @Test
  void everyCommandAtEveryDepthHasExamplesNamedValuesAndTheSameHelpBothWays() {
    List<List<String>> all = commands(ArchsimCommand.commandLine(), List.of(), new ArrayList<>());
    assertThat(all).contains(List.of("catalog", "types"), List.of("export", "fis"));
    for (List<String> words : all) {
      String name = String.join(" ", words);
      List<String> args = new ArrayList<>(words);
      args.add("--help");
      CliHarness.Outcome help = CliHarness.run(args.toArray(String[]::new));
      assertThat(help.exit()).as(name + " --help: " + help.err()).isZero();
      assertThat(help.out()).as(name).contains("Usage: archsim " + name);
      assertThat(help.out()).as(name + " has examples").containsPattern("Examples[^\\n]*:");
      // every value is named in the user's terms (FILE, N, REGION), not after a Java field
      assertThat(help.out()).as(name + " value labels").doesNotContain("=<");
      List<String> viaHelp = new ArrayList<>(List.of("help"));
      viaHelp.addAll(words);
      CliHarness.Outcome same = CliHarness.run(viaHelp.toArray(String[]::new));
      assertThat(same.exit()).as("help " + name).isZero();
      assertThat(same.out()).as("help " + name).isEqualTo(help.out());
    }
  }

  @Test
  void helpOnAnUnknownCommandNamesTheNearestAndExitsTwo() {
    CliHarness.Outcome r = CliHarness.run("help", "catalog", "typs");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("did you mean 'types'?").contains("types, regions, classes");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void noCommandListsTheCommandsOnce() {
    CliHarness.Outcome r = CliHarness.run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("archsim: missing command; one of: validate, run, compare, explain, new")
        .contains("completion");
    assertThat(r.err().lines().filter(l -> l.contains("--help"))).hasSize(1);
  }

  // ------------------------------------------------------------------ values of the wrong kind

  @Test
  void aValueOfTheWrongKindIsSaidAsTypedWithNoJavaInIt() {
    String[][] cases = {
      {"--trials", "abc", "--trials abc: must be a whole number"},
      {"--seed", "x", "--seed x: must be a whole number"},
      {"--workers", "two", "--workers two: must be a whole number"},
      {"--format", "yaml", "--format yaml: must be one of: text, json, csv, markdown"},
      {
        "--shard-time-limit",
        "5m",
        "--shard-time-limit 5m: not a duration; write an ISO-8601 duration such as P30D"
      },
      {"--max-work", "0", "--max-work 0: must be a positive number of work units"},
    };
    for (String[] c : cases) {
      CliHarness.Outcome r = CliHarness.run("run", WHATISTHETIME, c[0], c[1]);
      assertThat(r.exit()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).startsWith(c[2]).doesNotContain("java.").doesNotContain("run: ");
      assertThat(r.err().lines()).as(c[0]).hasSize(1);
      assertThat(r.out()).isEmpty();
    }
    CliHarness.Outcome serve = CliHarness.run("serve", "--retention", "1d");
    assertThat(serve.exit()).isEqualTo(2);
    assertThat(serve.err()).startsWith("--retention 1d: not a duration;");
  }

  @Test
  void aMistypedLibraryNameGetsTheNearestAndWritesNothing(@TempDir Path dir) {
    Path target = dir.resolve("mine.json");
    CliHarness.Outcome r = CliHarness.run("new", "--from", "whatisthetim", "-o", target.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("--from whatisthetim: no such library scenario; did you mean whatisthetime?")
        .contains("three-tier-10m-pv");
    assertThat(target).doesNotExist();
    CliHarness.Outcome none = CliHarness.run("new");
    assertThat(none.err()).contains("'--from=NAME'");
  }

  // ------------------------------------------------------------------ serve's example

  /**
   * The POST of {@code archsim serve --help}, sent as curl sends it: its -H headers, else curl's
   * default for --data-binary (application/x-www-form-urlencoded, which the API refuses).
   */
  @Test
  void theServeHelpsCurlExampleSubmitsARun(@TempDir Path dir) throws Exception {
    String help = CliHarness.run("serve", "--help").out();
    int at = help.indexOf("curl -s -X POST");
    assertThat(at).isPositive();
    String command = help.substring(at, help.indexOf("'\n", help.indexOf("http://", at)) + 1);
    command = command.replace("\\\n", " ");
    java.util.regex.Matcher header =
        java.util.regex.Pattern.compile("-H '([^:]+): ([^']+)'").matcher(command);
    String type = "application/x-www-form-urlencoded";
    while (header.find()) {
      if (header.group(1).equalsIgnoreCase("content-type")) {
        type = header.group(2);
      }
    }
    java.util.regex.Matcher url =
        java.util.regex.Pattern.compile("'http://127\\.0\\.0\\.1:8080(/[^']+)'").matcher(command);
    assertThat(url.find()).as(command).isTrue();
    try (ServeCommand.Server server =
        new ServeCommand.Server(0, 1, new java.io.PrintWriter(new java.io.StringWriter()))) {
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(
                      "http://127.0.0.1:" + server.port() + url.group(1).replace("50", "2")))
              .header("Content-Type", type)
              .POST(
                  java.net.http.HttpRequest.BodyPublishers.ofString(
                      CliUsabilityTest.minimalExample()))
              .build();
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
  }

  // ------------------------------------------------------------------ the table

  @Test
  void chosenStagesKeepTheirNumbersAndTheComparisonNamesWhatItIsAgainst() {
    assertThat(
            cli.archsim(
                "run", WHATISTHETIME, "--stage", "2", "--stage", "8", "--trials", "2", "-q"))
        .as(cli.err())
        .isZero();
    String text = cli.out();
    assertThat(text).containsPattern("(?m)^2  2-vertical-m5\\.large ");
    assertThat(text).containsPattern("(?m)^8  8-reserved-and-spot ");
    assertThat(text).doesNotContainPattern("(?m)^1  ");
    assertThat(text).contains("  8-reserved-and-spot − 2-vertical-m5.large: availability");
    cli.clearOut();
    assertThat(
            cli.archsim(
                "run",
                WHATISTHETIME,
                "--stage",
                "8",
                "--trials",
                "2",
                "-q",
                "--format",
                "markdown"))
        .isZero();
    assertThat(cli.out()).contains("| 8 | 8-reserved-and-spot |");
  }

  @Test
  void colouredTextWrapsWhereThePlainTextDoes() throws Exception {
    assertThat(
            cli.archsim(
                "run", WHATISTHETIME, "--stage", "1", "--trials", "2", "-q", "--format", "json"))
        .isZero();
    ResultView result = ResultView.parse(cli.out());
    String plain = ResultTable.render(result, "P30D", new OutputOptions.Paint(false));
    String coloured = ResultTable.render(result, "P30D", new OutputOptions.Paint(true));
    assertThat(coloured).contains("\u001b[31m");
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    assertThat(plain.lines()).allMatch(l -> l.length() <= ResultTable.WIDTH);
  }

  // ------------------------------------------------------------------ documents that do not parse

  @Test
  void aDocumentThatDoesNotParseSaysWhereAndWhyWithoutTheParsersInternals() {
    cli.stdin("{\n  \"version\": 1,\n  \"stages\": [\n");
    assertThat(cli.archsim("validate", "-")).isEqualTo(2);
    String json = cli.err(); // the problem (wrapped at 120 columns), and the count
    assertThatWrapped(json)
        .startsWith("$: not a well-formed document at line 4, column 1: the document ends before")
        .contains("(opened at line 3, column 13)")
        .doesNotContain("Source")
        .doesNotContain("StreamReadFeature");
    cli.clearErr();
    cli.stdin("version: 1\nstages: [\n");
    assertThat(cli.archsim("validate", "-")).isEqualTo(2);
    List<String> lines = cli.err().lines().toList();
    // one problem (wrapped at 120 columns), and the count
    assertThat(lines.get(lines.size() - 1)).isEqualTo("-: 1 problem");
    assertThat(lines.subList(1, lines.size() - 1)).allMatch(l -> l.startsWith("   "));
    assertThatWrapped(String.join("\n", lines.subList(0, lines.size() - 1)))
        .startsWith("$: not a well-formed document at line")
        .contains("while parsing a flow")
        .doesNotContain("'reader'")
        .doesNotContain("^");
  }

  // ------------------------------------------------------------------ the schema's words

  @Test
  void schemaLimitsAreSaidWithTheValueFoundAndAMissingSectionOnce(@TempDir Path dir)
      throws Exception {
    String base = CliUsabilityTest.minimalExample();
    String[][] cases = {
      {
        "\"requestsPerSecond\": 40",
        "\"requestsPerSecond\": -4",
        "$.workload.requestsPerSecond: must be at least 0 (found -4)"
      },
      {
        "\"azs\": [\"ap-northeast-2a\", \"ap-northeast-2c\"]",
        "\"azs\": []",
        "$.stages[0].architecture.azs: must list at least one item (found 0)"
      },
      {"\"version\": 1", "\"version\": 2", "$.version: must be 1 (found 2)"},
    };
    for (String[] c : cases) {
      assertThat(base).contains(c[0]);
      Path file = dir.resolve("case.json");
      Files.writeString(file, base.replace(c[0], c[1]));
      CliHarness.Outcome r = CliHarness.run("validate", file.toString());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).as(c[1]).contains(c[2] + NL).doesNotContain("must have");
    }
    Path noStages = dir.resolve("no-stages.json");
    Files.writeString(
        noStages, "{\"version\": 1, \"name\": \"x\", \"workload\": {\"requestsPerSecond\": 1}}");
    CliHarness.Outcome r = CliHarness.run("validate", noStages.toString());
    assertThat(r.err())
        .contains("$: missing required field 'stages'")
        .doesNotContain("$.stages: at least one stage");
  }
}
