package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands beyond validate and run: report, check, stage, compare, explain, new, serve. */
class CliCommandsTest {
  static final String LIBRARY = "../../events/scenarios/whatisthetime.json";
  final CliHarness cli = new CliHarness();

  @Test
  void runWritesTheReportAndCheckFailsWhenObjectivesAreMissed(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.html");
    int code =
        cli.archsim(
            "run",
            LIBRARY,
            "--trials",
            "2",
            "--horizon",
            "P2D",
            "--stage",
            "1-t2.micro-elastic-ip",
            "--stage",
            "7-multi-az",
            "--report",
            report.toString(),
            "--check");
    assertThat(code).as(cli.err()).isEqualTo(1);
    assertThat(cli.err()).contains("objectives missed by 1-t2.micro-elastic-ip");
    String html = Files.readString(report);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("7-multi-az")
        .doesNotContain("2-vertical");
    assertThat(cli.out()).doesNotContain("3-three-m5.large");
  }

  @Test
  void checkPassesWhenEveryStageMeetsItsObjectives() {
    assertThat(
            cli.archsim(
                "run",
                LIBRARY,
                "--trials",
                "2",
                "--horizon",
                "P1D",
                "--stage",
                "7-multi-az",
                "--check"))
        .isZero();
  }

  @Test
  void anUnknownStageIsInvalidInput() {
    assertThat(cli.archsim("run", LIBRARY, "--stage", "9-does-not-exist")).isEqualTo(2);
    assertThat(cli.err()).contains("--stage 9-does-not-exist: no such stage");
  }

  @Test
  void compareRunsBothOnTheSameSeedAndPrintsBMinusA(@TempDir Path dir) throws Exception {
    Path b = dir.resolve("b.json");
    Files.writeString(
        b,
        Files.readString(Path.of(LIBRARY))
            .replace("\"interruptionsPerMonth\": 0.05", "\"interruptionsPerMonth\": 0.5"));
    assertThat(cli.archsim("compare", LIBRARY, b.toString(), "--trials", "1")).isZero();
    assertThat(cli.out())
        .contains("seed 42, 1 trials per stage; B − A with its 95% confidence interval")
        .contains("8-reserved-and-spot");
  }

  @Test
  void explainPrintsTheTreeAndFindingsWithoutSimulating() {
    assertThat(cli.archsim("explain", LIBRARY)).isZero();
    assertThat(cli.out())
        .contains("├─ 4-route53-ttl-1h")
        .contains("Route 53 simple records, TTL 3600 s")
        .contains("Auto Scaling min 5 max 15 desired 5")
        .contains("✗ cost optimization")
        .contains("Well-Architected: ");
  }

  @Test
  void newCopiesALibraryScenarioAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("mine.json");
    assertThat(cli.archsim("new", "--from", "whatisthetime", "-o", target.toString())).isZero();
    assertThat(Files.readString(target)).isEqualTo(Files.readString(Path.of(LIBRARY)));
    assertThat(cli.archsim("new", "--from", "whatisthetime", "-o", target.toString())).isEqualTo(2);
    assertThat(cli.archsim("new", "--from", "nothing-like-it")).isEqualTo(2);
  }

  @Test
  void everyLibraryFileCanBeCopied(@TempDir Path dir) throws Exception {
    try (var files = Files.list(Path.of("../../events/scenarios"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString().replace(".json", "");
        Path target = dir.resolve(name + ".json");
        assertThat(cli.archsim("new", "--from", name, "-o", target.toString())).as(name).isZero();
        assertThat(Files.readString(target)).isEqualTo(Files.readString(f));
      }
    }
  }

  @Test
  void serveKeepsOneRunPerIdempotencyKeyAndRefusesAnotherRequestUnderIt() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    try (var server = new ServeCommand.Server(0, 2, new PrintWriter(new StringWriter()))) {
      String base = "http://127.0.0.1:" + server.port();
      String scenario = Files.readString(Path.of(LIBRARY)).replace("\"P30D\"", "\"P1D\"");
      java.util.function.BiFunction<String, String, HttpResponse<String>> post =
          (query, key) -> {
            try {
              return client.send(
                  HttpRequest.newBuilder(URI.create(base + "/runs" + query))
                      .header("Idempotency-Key", key)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(scenario))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      HttpResponse<String> first = post.apply("?trials=2&seed=5", "serve-key");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      HttpResponse<String> again = post.apply("?seed=5&trials=2", "serve-key");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
      assertThat(json.readTree(again.body()).get("runId"))
          .isEqualTo(json.readTree(first.body()).get("runId"));
      assertThat(json.readTree(again.body()).get("created").asBoolean()).isFalse();
      HttpResponse<String> otherQuery = post.apply("?trials=3&seed=5", "serve-key");
      assertThat(otherQuery.statusCode()).as(otherQuery.body()).isEqualTo(422);
      HttpResponse<String> empty = post.apply("?trials=2&seed=5", "\"\"");
      assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
      assertThat(json.readTree(empty.body()).at("/problems/0/path").asText())
          .isEqualTo("Idempotency-Key");
    }
  }

  @Test
  void serveKeepsOneOptimizationPerIdempotencyKeyAndRefusesAnotherRequestUnderIt()
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    try (var server = new ServeCommand.Server(0, 2, new PrintWriter(new StringWriter()))) {
      String base = "http://127.0.0.1:" + server.port();
      String scenario =
          Files.readString(Path.of("../../events/optimize/whatisthetime-stage7.json"))
              .replace("\"P30D\"", "\"P1D\"");
      java.util.function.BiFunction<String, String, HttpResponse<String>> post =
          (query, key) -> {
            try {
              var b =
                  HttpRequest.newBuilder(URI.create(base + "/optimizations" + query))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(scenario));
              if (key != null) {
                b.header("Idempotency-Key", key);
              }
              return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      HttpResponse<String> first = post.apply("?trials=4&search=racing", "opt-key");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
      assertThat(json.readTree(first.body()).get("created").asBoolean()).isTrue();
      HttpResponse<String> again = post.apply("?search=racing&trials=4", "\"opt-key\"");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
      assertThat(json.readTree(again.body()).get("optimizationId"))
          .isEqualTo(json.readTree(first.body()).get("optimizationId"));
      assertThat(json.readTree(again.body()).get("created").asBoolean()).isFalse();
      HttpResponse<String> otherQuery = post.apply("?trials=6&search=racing", "opt-key");
      assertThat(otherQuery.statusCode()).as(otherQuery.body()).isEqualTo(422);
      assertThat(json.readTree(otherQuery.body()).get("message").asText())
          .contains("opt-key")
          .contains(json.readTree(first.body()).get("optimizationId").asText());
      // an empty key is listed with the request's other problems, in one 400
      HttpResponse<String> empty = post.apply("?trials=many", " ");
      assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
      assertThat(json.readTree(empty.body()).get("problems").findValuesAsText("path"))
          .contains("Idempotency-Key", "?trials");
      // without a key every POST is a new optimisation; under another key too
      String unkeyed =
          json.readTree(post.apply("?trials=4&search=racing", null).body())
              .get("optimizationId")
              .asText();
      String other =
          json.readTree(post.apply("?trials=4&search=racing", "opt-key-2").body())
              .get("optimizationId")
              .asText();
      assertThat(List.of(unkeyed, other))
          .doesNotContain(json.readTree(first.body()).get("optimizationId").asText())
          .doesNotHaveDuplicates();
      // the runs' keys and the optimisations' are apart: the same key on POST /runs is a new run
      HttpResponse<String> run =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/runs?trials=2"))
                  .header("Content-Type", "application/json")
                  .header("Idempotency-Key", "opt-key")
                  .POST(HttpRequest.BodyPublishers.ofString(scenario))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
      assertThat(json.readTree(run.body()).get("created").asBoolean()).isTrue();
    }
  }

  @Test
  void serveAnswersTheRunsApiLocally() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    try (var server = new ServeCommand.Server(0, 2, new PrintWriter(new StringWriter()))) {
      String base = "http://127.0.0.1:" + server.port();
      String scenario = Files.readString(Path.of(LIBRARY));
      HttpResponse<String> posted =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/runs?trials=2&seed=5"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(scenario.replace("\"P30D\"", "\"P1D\"")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String id = json.readTree(posted.body()).get("runId").asText();
      JsonNode run = null;
      long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
      while (System.nanoTime() < deadline) {
        run =
            json.readTree(
                client
                    .send(
                        HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        if (run.get("status").asText().equals("COMPLETED")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(run.at("/result/stages").size()).isEqualTo(8);
      HttpResponse<String> report =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/runs/" + id + "/report")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(report.statusCode()).isEqualTo(200);
      assertThat(report.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
      HttpResponse<String> bad =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/runs"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\": 1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(json.readTree(bad.body()).get("problems").size()).isGreaterThanOrEqualTo(2);
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(base + "/runs/nope")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void theProgressLineShowsTrialsRateAndEta() {
    assertThat(ProgressBar.line(40, 160, 2.0))
        .isEqualTo("  [#######.......................] 40/160 trials  20.0 trials/s  ETA 6 s");
  }

  @Test
  void aSlowRunSaysHowFarItIsAndHowToCancelIt() throws Exception {
    StringWriter hints = new StringWriter();
    var done =
        Runner.run(
            Files.readString(Path.of(LIBRARY)),
            Runner.Options.defaults()
                .withTrials(4)
                .withSeed(1L)
                .withWorkers(1, 1)
                .withHints(new PrintWriter(hints), java.time.Duration.ofMillis(1)));
    assertThat(done.status()).isEqualTo(dev.archsim.core.run.RunStatus.COMPLETED);
    assertThat(hints.toString())
        .startsWith("archsim: still running after 0 s (")
        .contains(" of 32 shards done); press Ctrl-C to cancel it");
  }

  @Test
  void serveCancelsARunOnDeleteAndSaysSoAgain() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper mapper = new ObjectMapper();
    // no worker thread: the run stays QUEUED until it is cancelled
    try (var server = new ServeCommand.Server(0, 0, new PrintWriter(new StringWriter()))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/runs?trials=2"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of(LIBRARY))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String id = mapper.readTree(posted.body()).get("runId").asText();
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> cancelled =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(mapper.readTree(cancelled.body()).get("status").asText()).isEqualTo("CANCELLED");
      }
      HttpResponse<String> unknown =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/runs/no-such-run")).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
  }
}
