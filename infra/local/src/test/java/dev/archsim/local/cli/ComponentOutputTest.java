package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `explain` and `run` say about each component: every component of every library stage has its
 * own lines in `explain`, in words (no counter names, no Java records, plurals right), and a run
 * names each component's figures in words, in text and in Markdown.
 */
class ComponentOutputTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  static final ObjectMapper JSON = new ObjectMapper();
  final CliHarness cli = new CliHarness();

  static String compact(double v) {
    return dev.archsim.core.result.TierFigures.compact(v);
  }

  /** The stage's line in the "Components" block of a text run (its first line, unwrapped). */
  static String componentsOf(String text, String stage) {
    List<String> lines = text.lines().toList();
    int at =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("Components")).findFirst().get());
    StringBuilder b = new StringBuilder();
    for (int i = at + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
      String l = lines.get(i);
      if (l.startsWith("  " + stage + " ")) {
        b.append(l.substring(2 + stage.length()).strip());
      } else if (b.length() > 0 && l.startsWith("   ") && !l.strip().isEmpty()) {
        b.append(' ').append(l.strip());
      } else if (b.length() > 0) {
        break;
      }
    }
    return b.toString();
  }

  static List<Path> library() throws Exception {
    try (var files = Files.list(LIBRARY)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void explainGivesEveryComponentOfEveryLibraryStageItsOwnLines() throws Exception {
    int components = 0;
    for (Path f : library()) {
      Scenario s = new ScenarioCodec().parseJson(Files.readString(f)).orThrow();
      cli.clearOut();
      assertThat(cli.archsim("explain", f.toString(), "--format", "json"))
          .as(f.toString())
          .isZero();
      JsonNode stages = JSON.readTree(cli.out()).get("stages");
      for (int i = 0; i < s.stages().size(); i++) {
        Architecture a = s.stages().get(i).architecture();
        List<String> lines = new ArrayList<>();
        stages.get(i).get("architecture").forEach(l -> lines.add(l.asText()));
        String where = f.getFileName() + " " + s.stages().get(i).name();
        for (Components.Present<?> p : Components.in(a)) {
          List<String> own = p.explain(a, s.workloadOf(s.stages().get(i)));
          assertThat(own).as(where + ": " + p.component().section()).isNotEmpty();
          for (String line : own) {
            assertThat(lines).as(where).contains(line.strip());
          }
          components++;
        }
        String all = String.join("\n", lines);
        // counts agree with their nouns
        assertThat(all)
            .as(where)
            .doesNotContainPattern(
                "\\b1 (policies|read replicas|metrics|alarms|scheduled actions|rules)\\b")
            .doesNotContain(", 0 scheduled actions")
            .doesNotContainPattern("[A-Z][A-Za-z]*\\[[a-zA-Z]+=");
        // a container service says what it runs; the fleet the engine derives from it is not
        // listed again as a compute tier of its own
        if (a.parts().get("ecs") != null) {
          assertThat(lines).as(where).noneMatch(l -> l.startsWith("compute "));
        } else if (a.compute() != null) {
          assertThat(lines).as(where).anyMatch(l -> l.startsWith("compute " + a.compute().name()));
        }
      }
    }
    assertThat(components).isGreaterThan(60);
  }

  @Test
  void explainSaysWhatADynamoDbTableIsAndCountsReplicasRight() throws Exception {
    assertThat(cli.archsim("explain", LIBRARY.resolve("serverless-worker-fleet.json").toString()))
        .isZero();
    assertThat(cli.out()).contains("database dynamodb: on-demand, 20 GB");
    cli.clearOut();
    assertThat(cli.archsim("explain", LIBRARY.resolve("db-failover.json").toString())).isZero();
    assertThat(cli.out()).contains("database rds db.m5.large, 1 read replica\n");
  }

  @Test
  void aRunNamesEachComponentsFiguresInWordsInTextAndMarkdown() throws Exception {
    String egress = LIBRARY.resolve("private-egress.json").toString();
    assertThat(cli.archsim("run", egress, "--trials", "2", "--horizon", "PT12H", "--stage", "3"))
        .as(cli.err())
        .isZero();
    String text = cli.out();
    assertThat(text)
        .contains("Components (a trial's figures")
        .contains("NAT gateways: ")
        .contains(" GB processed")
        .contains("AWS WAF: ")
        .contains(" requests inspected")
        .contains("CloudWatch: ")
        .contains(" GB of logs ingested")
        .contains("VPC endpoints: ");
    // the engine's counter names stay in the JSON
    assertThat(text).doesNotContain("nat.gb", "waf.inspected", "logs.gb", "vpce.gb", "Other tiers");
    assertThat(text.lines()).allMatch(l -> l.length() <= ResultTable.WIDTH);
    // the NAT figure is the JSON's counter, in GB, rounded
    cli.clearOut();
    assertThat(
            cli.archsim(
                "run", egress, "--trials", "2", "--horizon", "PT12H", "--stage", "3", "--json"))
        .isZero();
    double gb = JSON.readTree(cli.out()).at("/stages/0/tiers/perTrial/nat.gb").asDouble();
    assertThat(gb).isPositive();
    assertThat(text).contains("NAT gateways: " + dev.archsim.core.result.TierFigures.compact(gb));

    cli.clearOut();
    String fleet = LIBRARY.resolve("serverless-worker-fleet.json").toString();
    assertThat(
            cli.archsim(
                "run", fleet, "--trials", "2", "--horizon", "PT12H", "--format", "markdown"))
        .isZero();
    assertThat(cli.out())
        .contains("**Components**")
        .contains("| stage | component | figures |")
        .contains("| 1-keeps-up | queue | ")
        .contains("messages sent")
        .containsPattern("backlog at most [0-9.kM]+ messages")
        .contains("| 1-keeps-up | queue workers | ")
        .doesNotContain("queue.maxBacklog", "consumer.invocations");
  }

  /** A web tier in front of an app tier, 20 requests a second, AZ us-east-1a lost for an hour. */
  static final String CHAIN =
      """
      {"version": 1, "name": "chain", "run": {"horizon": "P1D", "trials": 1, "seed": 5},
       "workload": {"requestsPerSecond": 20, "profile": {"cpuMsPerRequest": 20}},
       "faults": {"scheduled": [{"type": "az-outage", "az": "us-east-1a", "at": "PT6H",
         "duration": "PT1H"}]},
       "stages": [{"name": "chain", "architecture": {"region": "us-east-1",
         "azs": ["us-east-1a", "us-east-1b"], "entry": {"type": "alb"},
         "compute": {"name": "web", "instanceType": "m5.large", "countPerAz": 1},
         "tiers": {"chain": [{"name": "app", "instanceType": "m5.large", "countPerAz": 1,
           "port": 8080, "cpuMsPerRequest": 10}]}}}]}
      """;

  @Test
  void aChainTierSaysWhatItServedAndWhatFailedThereInWords(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("chain.json");
    Files.writeString(f, CHAIN);
    assertThat(cli.archsim("run", f.toString(), "--json")).as(cli.err()).isZero();
    JsonNode stage = JSON.readTree(cli.out()).at("/stages/0");
    double served = stage.at("/tiers/perTrial/tier.app.served").asDouble();
    double lost = stage.at("/tiers/perTrial/tier.app.az-outage").asDouble();
    // every request is dynamic (no static share): each reaches the app tier, which serves it or
    // loses it with the AZ; the outage hits the tier's instance in us-east-1a
    assertThat(served + lost).isEqualTo(stage.at("/requests/total").asDouble());
    assertThat(lost).isPositive();
    cli.clearOut();
    assertThat(cli.archsim("run", f.toString())).isZero();
    String text = cli.out();
    assertThat(componentsOf(text, "chain"))
        .isEqualTo(
            "app tier: "
                + compact(served)
                + " requests served, "
                + compact(lost)
                + " failed (az-outage)");
    assertThat(text).doesNotContain("tier.app", "az-outage:");
  }

  @Test
  void theDatabaseCountsTheWritesItBillsNotTheRequests() throws Exception {
    // stage 1: API Gateway + Lambda send every write through the queue, its Lambda workers write;
    // stage 6: no entry, the workers' writes are the only ones
    String fleet = LIBRARY.resolve("serverless-worker-fleet.json").toString();
    for (String stage : List.of("1", "6")) {
      cli.clearOut();
      assertThat(
              cli.archsim(
                  "run", fleet, "--trials", "2", "--horizon", "PT12H", "--stage", stage, "--json"))
          .isZero();
      JsonNode s = JSON.readTree(cli.out()).at("/stages/0");
      double writes = s.at("/tiers/perTrial/db.writes").asDouble();
      double consumed = s.at("/tiers/perTrial/queue.consumed").asDouble();
      double wru = 0;
      for (JsonNode p : s.at("/cost/prices")) {
        if (p.get("item").asText().equals("dynamodb.write-request-unit")) {
          wru = p.get("usd").asDouble();
        }
      }
      // DynamoDB on demand bills one write request unit per write (items under 1 KB): the monthly
      // cost is the writes a trial counted, priced, over 12 h scaled to a 730-hour month
      double billed = s.at("/cost/byComponent/dynamodb (write request units)").asDouble();
      assertThat(writes * wru * 730 / 12).as("stage " + stage).isCloseTo(billed, within(1e-6));
      // the workers write what they consumed: a message holds the writes of one request that
      // writes; behind an entry a request writes at 1 a request (Poisson), so the 1 - e^-1 of the
      // requests that write send 1 / (1 - e^-1) writes a message; without an entry a message is a
      // producer's, with 1 write (the database takes a step's consumption in the next step)
      double perMessage = stage.equals("1") ? 1 / (1 - Math.exp(-1)) : 1;
      assertThat(writes)
          .as("stage " + stage)
          .isCloseTo(consumed * perMessage, within(consumed * perMessage * 0.01));
      cli.clearOut();
      assertThat(cli.archsim("run", fleet, "--trials", "2", "--horizon", "PT12H", "--stage", stage))
          .isZero();
      assertThat(componentsOf(cli.out(), s.get("name").asText()))
          .contains("database: " + compact(writes) + " writes");
    }
  }

  /**
   * Fargate with Fargate Spot above a base of 2, a hundred interruptions a task-month (the schema's
   * most), and a rolling deployment at 10:00.
   */
  static final String ECS =
      """
      {"version": 1, "name": "ecs", "run": {"horizon": "P1D", "trials": 8, "seed": 3},
       "workload": {"requestsPerSecond": 300, "profile": {"cpuMsPerRequest": 50}},
       "stages": [{"name": "svc", "faults": {"scheduled": [{"type": "deployment", "at": "PT10H"}]},
         "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
         "entry": {"type": "alb"},
         "ecs": {"name": "svc", "task": {"vcpu": 2, "memoryGb": 4},
           "capacityProviders": [{"provider": "FARGATE", "base": 2, "weight": 1},
             {"provider": "FARGATE_SPOT", "weight": 3}],
           "tasks": {"desired": 12, "min": 12, "max": 12},
           "spotInterruptionsPerMonth": 100}}}]}
      """;

  @Test
  void aContainerServiceSaysItsTasksDeploymentsAndSpotInterruptions(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("ecs.json");
    Files.writeString(f, ECS);
    assertThat(cli.archsim("run", f.toString(), "--json")).as(cli.err()).isZero();
    JsonNode s = JSON.readTree(cli.out()).at("/stages/0");
    assertThat(s.at("/instances/unit").asText()).isEqualTo("tasks");
    assertThat(s.at("/tiers/perTrial/ecs.deployments").asDouble()).isEqualTo(1.0);
    double interruptions = s.at("/tiers/perTrial/ecs.spotInterruptions").asDouble();
    // each spot task is interrupted at 100 a month: over a trial's spot task-hours, 100 / 730 an
    // hour (8 trials: some 200 interruptions, so within a quarter of the mean)
    double spotHours = s.at("/instanceHoursPerTrial/fargate.2vcpu-4gb~1spot").asDouble();
    assertThat(spotHours).isPositive();
    assertThat(interruptions).isCloseTo(spotHours * 100 / 730, within(spotHours * 100 / 730 / 4));
    JsonNode inService = s.get("instances");
    cli.clearOut();
    assertThat(cli.archsim("run", f.toString())).isZero();
    String text = cli.out();
    assertThat(componentsOf(text, "svc"))
        .isEqualTo(
            "container service: "
                + compact(inService.get("meanInService").asDouble())
                + " tasks in service on average ("
                + inService.get("minInService").asLong()
                + " to "
                + inService.get("maxInService").asLong()
                + "), 1 deployment, "
                + compact(interruptions)
                + " spot interruptions");
    assertThat(text)
        .containsPattern(
            "  svc +"
                + java.util.regex.Pattern.quote(
                    String.format(
                        java.util.Locale.ROOT,
                        "%.1f / %d / %d tasks",
                        inService.get("meanInService").asDouble(),
                        inService.get("minInService").asLong(),
                        inService.get("maxInService").asLong())));
  }

  @Test
  void unitsInServiceAreSaidAsWhatTheyAre() throws Exception {
    String fleet = LIBRARY.resolve("serverless-worker-fleet.json").toString();
    assertThat(cli.archsim("run", fleet, "--trials", "1", "--horizon", "PT6H")).isZero();
    List<String> lines = cli.out().lines().toList();
    int at =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("In service")).findFirst().get());
    // Lambda behind API Gateway: execution environments, not instances
    assertThat(lines.get(at + 1))
        .matches("  1-keeps-up +[0-9.]+ / \\d+ / \\d+ Lambda environments .*");
    // no entry, Lambda workers: nothing of the stage runs on units
    assertThat(lines).anyMatch(l -> l.matches("  6-workers-alone +none .*"));
    // no entry, an EC2 Auto Scaling group consuming the queue
    assertThat(lines)
        .anyMatch(
            l -> l.matches("  7-ec2-workers-alone +[0-9.]+ / \\d+ / \\d+ worker instances .*"));
    assertThat(String.join("\n", lines.subList(at, lines.size())))
        .doesNotContainPattern("keeps-up +[0-9.]+ / \\d+ / \\d+ +reliability");
  }
}
