package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * What `explain` and `run` say about each component: every component of every library stage has its
 * own lines in `explain`, in words (no counter names, no Java records, plurals right), and a run
 * names each component's figures in words, in text and in Markdown.
 */
class ComponentOutputTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  static final ObjectMapper JSON = new ObjectMapper();
  final CliHarness cli = new CliHarness();

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
}
