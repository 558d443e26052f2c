package dev.archsim.local.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.archsim.local.cli.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archsim export fis}: the experiments a stage's faults become, the predictions beside them,
 * and the template checked with cfn-lint (which ships the FIS resource schema). The lint test skips
 * only when cfn-lint is not installed, and proves it can fail by linting a broken copy.
 */
class FisExportTest {
  static final Path THREE_TIER =
      Path.of("src/test/resources/import/golden/terraform-three-tier.json");
  static final Path REGION = Path.of("../../events/scenarios/region-failover-routing.json");

  @Test
  void everyFaultOfTheStageBecomesAnExperimentWithItsPrediction(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("fis.yaml");
    CliHarness.Outcome cli =
        CliHarness.run(
            "export", "fis", THREE_TIER.toString(), "-o", out.toString(), "--trials", "2");
    assertThat(cli.exit()).as(cli.err()).isZero();
    JsonNode t = new ObjectMapper(new YAMLFactory()).readTree(out.toFile());
    JsonNode r = t.path("Resources");
    List<String> experiments = new ArrayList<>();
    r.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals("AWS::FIS::ExperimentTemplate")) {
                experiments.add(e.getKey());
              }
            });
    // game-day on the three-tier stack: AZ outage, cache node, database failure; random instance
    // failures of the Auto Scaling group; a spot share in its purchase mix
    assertThat(experiments)
        .containsExactly(
            "AzOutage1",
            "CacheNodeFailure",
            "DatabaseFailover",
            "InstanceFailure",
            "SpotInterruption");
    JsonNode az = r.path("AzOutage1").path("Properties");
    assertThat(actionIds(az))
        .containsExactly(
            "aws:ec2:stop-instances",
            "aws:ec2:asg-insufficient-instance-capacity-error",
            "aws:network:disrupt-connectivity",
            "aws:rds:reboot-db-instances",
            "aws:elasticache:replicationgroup-interrupt-az-power");
    assertThat(
            az.path("Actions")
                .path("StopInstances")
                .path("Parameters")
                .path("startInstancesAfterDuration")
                .asText())
        .isEqualTo("PT1H");
    assertThat(
            az.path("Targets")
                .path("InstancesInAz")
                .path("Filters")
                .get(1)
                .path("Values")
                .get(0)
                .asText())
        .isEqualTo("us-east-1a");
    assertThat(
            az.path("Actions")
                .path("RebootDbInstances")
                .path("Parameters")
                .path("forceFailover")
                .asText())
        .isEqualTo("true");
    assertThat(
            r.path("InstanceFailure")
                .path("Properties")
                .path("Targets")
                .path("OneInstance")
                .path("SelectionMode")
                .asText())
        .isEqualTo("COUNT(1)");
    assertThat(actionIds(r.path("InstanceFailure").path("Properties")))
        .containsExactly("aws:ec2:terminate-instances");
    assertThat(
            r.path("SpotInterruption")
                .path("Properties")
                .path("Actions")
                .path("InterruptSpot")
                .path("Parameters")
                .path("durationBeforeInterruption")
                .asText())
        .isEqualTo("PT2M");
    // stop conditions: the stage's objectives (availability 0.999, p99 1000 ms) on the ALB's
    // metrics
    assertThat(az.path("StopConditions")).hasSize(2);
    assertThat(r.path("AvailabilityAlarm").path("Properties").path("Threshold").asDouble())
        .isEqualTo(0.001);
    assertThat(r.path("LatencyAlarm").path("Properties").path("Threshold").asDouble())
        .isEqualTo(1.0);
    assertThat(r.path("LatencyAlarm").path("Properties").path("ExtendedStatistic").asText())
        .isEqualTo("p99");
    JsonNode permissions =
        r.path("FisExperimentRole")
            .path("Properties")
            .path("Policies")
            .get(0)
            .path("PolicyDocument")
            .path("Statement")
            .get(0)
            .path("Action");
    assertThat(permissions.toString())
        .contains(
            "ec2:TerminateInstances",
            "ec2:SendSpotInstanceInterruptions",
            "rds:RebootDBInstance",
            "elasticache:InterruptClusterAzPower",
            "ec2:InjectApiError");

    String predictions =
        Files.readString(dir.resolve("fis.predictions.md"), StandardCharsets.UTF_8);
    for (String e : experiments) {
      assertThat(predictions).contains("## " + e);
    }
    assertThat(predictions)
        .contains("- availability: ")
        .contains("detection")
        .contains("db-failover");
  }

  @Test
  void instancesFailingTogetherAreAShareOfTheFleetOrACountPerAz(@TempDir Path dir)
      throws Exception {
    // the three-tier stack (2 instances in each of 3 AZs) with: one instance of every AZ failing
    // at P1D (3 of 6, the same half of each AZ: PERCENT(50)), two in us-east-1a at P2D (a count
    // in that AZ: COUNT(2)), and the random failures of the group (one at a time: COUNT(1))
    ObjectMapper json = new ObjectMapper();
    var doc = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(THREE_TIER.toFile());
    var faults = (com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/stages/0/faults");
    var scheduled = faults.putArray("scheduled");
    for (String az : List.of("us-east-1a", "us-east-1b", "us-east-1c")) {
      scheduled.addObject().put("type", "instance-failure").put("at", "P1D").put("az", az);
    }
    for (int i = 0; i < 2; i++) {
      scheduled
          .addObject()
          .put("type", "instance-failure")
          .put("at", "P2D")
          .put("az", "us-east-1a");
    }
    faults.remove("database");
    Path scenario = dir.resolve("failures.json");
    json.writeValue(scenario.toFile(), doc);
    Path out = dir.resolve("fis.yaml");
    CliHarness.Outcome cli =
        CliHarness.run("export", "fis", scenario.toString(), "-o", out.toString(), "--trials", "2");
    assertThat(cli.exit()).as(cli.err()).isZero();
    JsonNode r = new ObjectMapper(new YAMLFactory()).readTree(out.toFile()).path("Resources");

    JsonNode share = r.path("ScheduledInstanceFailure1").path("Properties");
    assertThat(share.at("/Targets/ShareOfFleet/SelectionMode").asText()).isEqualTo("PERCENT(50)");
    assertThat(share.at("/Targets/ShareOfFleet/ResourceType").asText())
        .isEqualTo("aws:ec2:instance");
    assertThat(actionIds(share)).containsExactly("aws:ec2:terminate-instances");
    assertThat(share.path("Description").asText())
        .startsWith("terminate 50 % of the tagged fleet (3 of 6) at once");

    JsonNode count = r.path("ScheduledInstanceFailure2").path("Properties");
    JsonNode inA = count.at("/Targets/InstancesInuseast1a");
    assertThat(inA.path("SelectionMode").asText()).isEqualTo("COUNT(2)");
    assertThat(inA.path("Filters").toString())
        .contains("\"Path\":\"Placement.AvailabilityZone\",\"Values\":[\"us-east-1a\"]");
    assertThat(count.at("/Targets").size()).isEqualTo(1);

    JsonNode one = r.path("InstanceFailure").path("Properties");
    assertThat(one.at("/Targets/OneInstance/SelectionMode").asText()).isEqualTo("COUNT(1)");

    // beside each, the simulation of exactly its failures: three instances at once lose more
    // requests to unhealthy targets than two, and two more than one
    String predictions =
        Files.readString(dir.resolve("fis.predictions.md"), StandardCharsets.UTF_8);
    double three = failedPerTrial(predictions, "ScheduledInstanceFailure1");
    double two = failedPerTrial(predictions, "ScheduledInstanceFailure2");
    double single = failedPerTrial(predictions, "InstanceFailure");
    assertThat(single).isPositive();
    assertThat(two).isGreaterThan(single);
    assertThat(three).isGreaterThan(two);

    Optional<Path> lint = cfnLint();
    if (lint.isPresent()) {
      Lint ok = Lint.run(lint.get(), out);
      assertThat(ok.exit).as(ok.output).isZero();
    }
  }

  /** The failed requests per trial the predictions give for one experiment. */
  private static double failedPerTrial(String predictions, String experiment) {
    int at = predictions.indexOf("## " + experiment + "\n");
    assertThat(at).as(experiment).isNotNegative();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("- failed requests per trial: ([0-9,]+)")
            .matcher(predictions.substring(at));
    assertThat(m.find()).as(experiment).isTrue();
    return Double.parseDouble(m.group(1).replace(",", ""));
  }

  @Test
  void aRegionOutageIsExportedOnlyAsItsNearestAndSaidSo(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("region.json");
    CliHarness.Outcome cli =
        CliHarness.run(
            "export",
            "fis",
            REGION.toString(),
            "--stage",
            "1-route53-failover",
            "-o",
            out.toString(),
            "--trials",
            "2");
    assertThat(cli.exit()).as(cli.err()).isZero();
    JsonNode t = new ObjectMapper().readTree(out.toFile());
    assertThat(actionIds(t.path("Resources").path("RegionOutageNearest").path("Properties")))
        .containsExactly("aws:network:disrupt-connectivity");
    assertThat(
            t.path("Resources")
                .path("RegionOutageNearest")
                .path("Properties")
                .path("Description")
                .asText())
        .startsWith("NOT a region outage (FIS has none)");
    assertThat(cli.out()).contains("not exported: region outage: FIS has no region outage action");
  }

  @Test
  void aStageWithNothingFisCanInjectIsExit2(@TempDir Path dir) {
    Path out = dir.resolve("none.yaml");
    CliHarness.Outcome cli =
        CliHarness.run(
            "export",
            "fis",
            "src/test/resources/import/golden/archsim-template.json",
            "-o",
            out.toString());
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(out).doesNotExist();
    assertThat(cli.err()).contains("has no fault FIS can inject");
  }

  @Test
  void cfnLintAcceptsTheTemplateAndRejectsABrokenOne(@TempDir Path dir) throws Exception {
    Optional<Path> lint = cfnLint();
    Assumptions.assumeTrue(lint.isPresent(), "cfn-lint is not installed (.ci/run installs it)");
    Path out = dir.resolve("fis.yaml");
    CliHarness.Outcome cli =
        CliHarness.run(
            "export", "fis", THREE_TIER.toString(), "-o", out.toString(), "--trials", "1");
    assertThat(cli.exit()).as(cli.err()).isZero();
    Lint ok = Lint.run(lint.get(), out);
    assertThat(ok.exit).as(ok.output).isZero();

    // the same template with an experiment that lost its required RoleArn and has a number where
    // the schema wants a string: cfn-lint must reject it, or this check proves nothing
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(out.toFile());
    var props =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            tree.path("Resources").path("AzOutage1").path("Properties");
    props.remove("RoleArn");
    props.put("Description", 42);
    Path broken = dir.resolve("broken.yaml");
    yaml.writeValue(broken.toFile(), tree);
    Lint bad = Lint.run(lint.get(), broken);
    assertThat(bad.exit).as(bad.output).isNotZero();
    assertThat(bad.output).contains("RoleArn");
  }

  private static List<String> actionIds(JsonNode experimentProperties) {
    List<String> ids = new ArrayList<>();
    experimentProperties.path("Actions").forEach(a -> ids.add(a.path("ActionId").asText()));
    return ids;
  }

  static Optional<Path> cfnLint() {
    String env = System.getenv("ARCHSIM_CFN_LINT");
    List<Path> candidates = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(
        Path.of(System.getProperty("user.home"), ".cache", "archsim-ci-venv", "bin", "cfn-lint"));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "cfn-lint"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  record Lint(int exit, String output) {
    static Lint run(Path lint, Path template) throws Exception {
      Process p =
          new ProcessBuilder(lint.toString(), template.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
      return new Lint(p.exitValue(), output);
    }
  }
}
