package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tiers behind the web tier and the queue's worker fleet: every mistake at its path in one
 * pass, and the security findings of a security-group chain that admits more than the tier in
 * front.
 */
class ChainValidationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String T = "$.stages[0].architecture.tiers";

  static ObjectNode library(String file) throws Exception {
    return (ObjectNode) JSON.readTree(Files.readString(Path.of("../../events/scenarios/" + file)));
  }

  static ObjectNode tiers(ObjectNode doc) {
    return (ObjectNode) doc.get("stages").get(0).get("architecture").get("tiers");
  }

  static ObjectNode app(ObjectNode doc) {
    return (ObjectNode) tiers(doc).get("chain").get(0);
  }

  static ObjectNode appGroup(ObjectNode doc) {
    return (ObjectNode) app(doc).get("securityGroup");
  }

  @Test
  void everyMistakeOfTheChainIsListedAtItsPath() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    ObjectNode app = app(doc);
    app.put("name", "web").put("instanceType", "m5.hyper").put("port", 9000);
    ((ObjectNode) app.get("autoScaling")).put("min", 5);
    ArrayNode ingress = (ArrayNode) appGroup(doc).get("ingress");
    ingress.addObject().put("fromGroup", "nobody").put("port", 9000);
    ingress.addObject().put("cidr", "10.0.0.0/33").put("port", 9000);
    ingress.addObject().put("fromGroup", "web").put("cidr", "10.0.0.0/16").put("port", 9000);
    ((ObjectNode) app.putObject("placement")).put("eu-west-1a", 1);
    tiers(doc).put("vpcCidr", "ten");

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    List<String> paths = r.errors().stream().map(Violation::path).toList();
    String a = T + ".chain[0]";
    assertThat(paths)
        .contains(
            a + ".name",
            a + ".instanceType",
            a + ".autoScaling",
            a + ".placement.eu-west-1a",
            a + ".securityGroup.ingress[1].fromGroup",
            a + ".securityGroup.ingress[2].cidr",
            a + ".securityGroup.ingress[3]",
            T + ".vpcCidr");
    assertThat(r.errors())
        .anySatisfy(v -> assertThat(v.message()).contains("unknown security group 'nobody'"))
        .anySatisfy(v -> assertThat(v.message()).contains("named twice"))
        .anySatisfy(v -> assertThat(v.message()).contains("exactly one source"));
  }

  /**
   * Sticky sessions on a tier's internal load balancer are not simulated: asking for them is one
   * error at the field with the reason, beside the stage's other mistakes; false is accepted.
   */
  @Test
  void stickySessionsOnATierAreRefusedWithTheReason() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    app(doc).put("stickySessions", true);
    app(doc).put("port", 9000);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.isValid()).isFalse();
    assertThat(r.errors())
        .filteredOn(v -> v.path().equals(T + ".chain[0].stickySessions"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .contains("not simulated")
                    .contains("the tier in front")
                    .contains("architecture.entry.stickySessions"));
    assertThat(r.errors().stream().map(Violation::path))
        .contains(T + ".chain[0].securityGroup.ingress");

    ObjectNode off = library("three-tier-10m-pv.json");
    app(off).put("stickySessions", false);
    assertThat(new ScenarioCodec().parseTree(off).isValid()).isTrue();
  }

  @Test
  void aTierWhoseGroupAdmitsNothingOnItsPortIsRefused() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    app(doc).put("port", 9000);

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo(T + ".chain[0].securityGroup.ingress");
              assertThat(v.message()).contains("listens on port 9000").contains("admits nothing");
            });
  }

  @Test
  void anAppTierOpenToTheInternetOrTheVpcIsAFindingAndTheCheckFails() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    Scenario chained = new ScenarioCodec().parseTree(doc).orThrow();
    assertThat(StaticAnalyzer.analyze(chained, 0))
        .filteredOn(f -> f.component().startsWith("tier:"))
        .isEmpty();
    assertThat(StaticAnalyzer.wellArchitected(chained, 0))
        .filteredOn(c -> c.check().startsWith("each tier behind the web tier"))
        .singleElement()
        .extracting(PillarCheck::met)
        .isEqualTo(true);

    ArrayNode ingress = (ArrayNode) appGroup(doc).get("ingress");
    ingress.addObject().put("cidr", "0.0.0.0/0").put("port", 8080);
    ingress.addObject().put("cidr", "10.0.0.0/16").put("port", 8080);
    ArrayNode db = (ArrayNode) tiers(doc).get("database").get("ingress");
    db.addObject().put("fromGroup", "web").put("port", 5432);
    Scenario open = new ScenarioCodec().parseTree(doc).orThrow();

    List<Finding> f =
        StaticAnalyzer.analyze(open, 0).stream()
            .filter(x -> x.component().startsWith("tier:"))
            .toList();
    assertThat(f)
        .anySatisfy(
            x -> {
              assertThat(x.severity()).isEqualTo("high");
              assertThat(x.message())
                  .startsWith("app admits the whole internet (0.0.0.0/0) on port 8080")
                  .endsWith("admit only sg web");
            })
        .anySatisfy(x -> assertThat(x.message()).contains("app admits the whole VPC (10.0.0.0/16)"))
        .anySatisfy(
            x ->
                assertThat(x.message())
                    .startsWith("database admits sg web, which is not the tier in front of it")
                    .endsWith("admit only sg app"));
    assertThat(StaticAnalyzer.wellArchitected(open, 0))
        .filteredOn(c -> c.check().startsWith("each tier behind the web tier"))
        .singleElement()
        .extracting(PillarCheck::met)
        .isEqualTo(false);
  }

  @Test
  void everyMistakeOfAWorkerFleetIsListedAtItsPath() throws Exception {
    ObjectNode doc = library("serverless-worker-fleet.json");
    ObjectNode q = (ObjectNode) doc.get("stages").get(6).get("architecture").get("queue");
    q.put("consumerRatePerSecond", 10);
    ObjectNode w = (ObjectNode) q.get("workers");
    w.put("instanceType", "fargate.3vcpu-1gb");
    ((ObjectNode) w.get("autoScaling")).put("min", 0).put("desired", 11);
    String p = "$.stages[6].architecture.queue.workers";

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    List<String> paths = r.errors().stream().map(Violation::path).toList();
    assertThat(paths).contains(p, p + ".instanceType", p + ".autoScaling");
    assertThat(r.warnings().stream().map(Violation::path)).contains(p + ".autoScaling.min");
  }

  @Test
  void aTiersAndAWorkerFleetsSpotAndCreditsAreCheckedAtTheirPaths() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    ObjectNode app = app(doc);
    app.remove("autoScaling"); // nothing would replace an interrupted instance
    ((ObjectNode) app.putObject("purchase").putObject("spot")).put("share", 0.5);
    app.putObject("credits").put("mode", "standard"); // m5.large earns no credits
    ObjectNode worker = library("serverless-worker-fleet.json");
    ObjectNode w =
        (ObjectNode) worker.get("stages").get(6).get("architecture").get("queue").get("workers");
    ((ObjectNode) w.putObject("purchase").putObject("spot"))
        .put("share", 1)
        .put("discount", 1.5)
        .put("onDemandBase", 1);
    String a = T + ".chain[0]";
    String p = "$.stages[6].architecture.queue.workers";

    ScenarioParseResult tier = new ScenarioCodec().parseTree(doc);
    ScenarioParseResult workers = new ScenarioCodec().parseTree(worker);

    assertThat(tier.errors())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(a + ".purchase.spot");
              assertThat(v.message()).contains("needs an Auto Scaling group");
            });
    assertThat(tier.warnings())
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo(a + ".credits");
              assertThat(v.message()).contains("m5.large is not burstable");
            });
    // the schema bounds the discount below 1 (as the compute fleet's)
    assertThat(workers.isValid()).isFalse();
    assertThat(workers.errors().stream().map(Violation::path))
        .anySatisfy(path -> assertThat(path).startsWith(p + ".purchase.spot"));

    // a tier's reserved instances are checked as the compute fleet's
    ((ObjectNode) app.get("purchase"))
        .putObject("reserved")
        .put("count", 1)
        .put("term", "1y")
        .put("discount", 1.5);
    assertThat(new ScenarioCodec().parseTree(doc).errors().stream().map(Violation::path))
        .anySatisfy(path -> assertThat(path).startsWith(a + ".purchase.reserved"));
  }

  @Test
  void aTierResizeNamesATierAndAnEc2Type() throws Exception {
    ObjectNode doc = library("three-tier-10m-pv.json");
    ObjectNode stage = (ObjectNode) doc.get("stages").get(0);
    ArrayNode scheduled = stage.putObject("faults").putArray("scheduled");
    scheduled
        .addObject()
        .put("type", "tier-resize")
        .put("at", "P1D")
        .put("tier", "api")
        .put("toInstanceType", "fargate.1vcpu-2gb");
    scheduled
        .addObject()
        .put("type", "tier-resize")
        .put("at", "P2D")
        .put("tier", "app")
        .put("toInstanceType", "m5.xlarge");

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "$.stages[0].faults.scheduled[0].tier",
            "$.stages[0].faults.scheduled[0].toInstanceType");
    assertThat(r.errors())
        .anySatisfy(v -> assertThat(v.message()).contains("no tier 'api' behind the web tier"))
        .anySatisfy(v -> assertThat(v.message()).contains("unknown EC2 instance type"));
  }

  /**
   * Workers as an ECS service: an instance field beside ecs, a task size Fargate does not offer,
   * deployment bounds that cannot move, a worker-resize of a service and a worker-deployment below
   * its bounds are each reported at their path, in one pass.
   */
  @Test
  void everyMistakeOfAnEcsWorkerServiceIsListedAtItsPath() throws Exception {
    ObjectNode doc = library("serverless-worker-fleet.json");
    ObjectNode stage = (ObjectNode) doc.get("stages").get(4);
    ObjectNode w = (ObjectNode) stage.get("architecture").get("queue").get("workers");
    w.put("instanceType", "c7g.large");
    ObjectNode ecs = (ObjectNode) w.get("ecs");
    ((ObjectNode) ecs.get("task")).put("memoryGb", 9);
    ecs.putObject("deployment").put("minimumHealthyPercent", 100).put("maximumPercent", 100);
    ArrayNode scheduled = (ArrayNode) stage.get("faults").get("scheduled");
    scheduled
        .addObject()
        .put("type", "worker-resize")
        .put("at", "PT2H")
        .put("toInstanceType", "c7g.xlarge");
    String p = "$.stages[4].architecture.queue.workers";

    ScenarioParseResult r = new ScenarioCodec().parseTree(doc);

    assertThat(r.errors())
        .extracting(Violation::path)
        .contains(
            p + ".instanceType",
            p + ".ecs.task",
            p + ".ecs.deployment",
            "$.stages[4].faults.scheduled[1]",
            "$.stages[4].faults.scheduled[2]");
    assertThat(r.errors())
        .anySatisfy(
            v -> assertThat(v.message()).contains("give ecs or the instances' instanceType"))
        .anySatisfy(v -> assertThat(v.message()).contains("9 GB is not a Fargate size for 1 vCPU"))
        .anySatisfy(v -> assertThat(v.message()).contains("a worker-resize is for EC2 workers"));
  }
}
