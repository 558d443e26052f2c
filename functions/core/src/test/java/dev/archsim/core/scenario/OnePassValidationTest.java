package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation in one pass: a document with several independent mistakes, some the JSON Schema finds
 * (a value not among the options, a missing field, an unknown field, a number out of range, a
 * duration that does not parse) and some only the semantic rules find (an unknown security group,
 * an AZ the stage lacks, ACU bounds, a lifecycle rule, an instance type), gets one problem per
 * mistake at its path in a single round: none lost, none repeated.
 */
class OnePassValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScenarioCodec CODEC = new ScenarioCodec();
  private static final String A = "$.stages[0].architecture";

  /** A valid stage with a chain tier, Aurora Serverless, ElastiCache Serverless, a queue, S3. */
  static final String BASE =
      """
      {"version": 1, "name": "one pass",
       "run": {"horizon": "P30D", "trials": 4},
       "workload": {"requestsPerSecond": 10, "profile": {"cpuMsPerRequest": 20}},
       "stages": [{"name": "s", "architecture": {
         "region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
         "entry": {"type": "alb"},
         "compute": {"name": "web", "instanceType": "m5.large", "countPerAz": 1},
         "tiers": {
           "web": {"securityGroup": "web", "ingress": [{"fromGroup": "alb", "port": 80}]},
           "chain": [{"name": "app", "instanceType": "m5.large", "countPerAz": 1, "port": 8080,
             "cpuMsPerRequest": 10,
             "securityGroup": {"securityGroup": "app",
               "ingress": [{"fromGroup": "web", "port": 8080}]}}]},
         "natGateways": {"placement": "single", "az": "us-east-1a"},
         "cloudWatch": {"retentionDays": 14},
         "s3": {"initialGb": 10, "lifecycle": [{"days": 30, "storageClass": "STANDARD_IA"}]},
         "database": {"engine": "aurora", "serverless": {"minAcu": 2, "maxAcu": 8}},
         "cache": {"engine": "redis", "serverless": {"dataGb": 1}, "hitRatio": 0.8},
         "queue": {"share": 1,
           "lambda": {"batchSize": 10, "maximumConcurrency": 2, "messageMs": 10}}}}]}
      """;

  /**
   * One mistake: a change to the valid document (a value set, or a field removed when {@code value}
   * is null) and the one problem it must give.
   */
  record Mistake(String name, String pointer, String value, String problem) {
    JsonNode applyTo(JsonNode doc) {
      JsonPointer p = JsonPointer.compile(pointer);
      ObjectNode parent = (ObjectNode) doc.at(p.head());
      if (value == null) {
        parent.remove(p.last().getMatchingProperty());
      } else {
        try {
          parent.set(p.last().getMatchingProperty(), JSON.readTree(value));
        } catch (Exception e) {
          throw new IllegalArgumentException(value, e);
        }
      }
      return doc;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final String ARCH = "/stages/0/architecture";

  /** Independent mistakes: any subset of them gives exactly their problems. */
  static final List<Mistake> MISTAKES =
      List.of(
          // the schema's
          new Mistake(
              "engine not an option",
              ARCH + "/database/engine",
              "\"aurora-postgresql\"",
              A
                  + ".database.engine: 'aurora-postgresql' is not one of: rds, aurora, dynamodb"
                  + " (did you mean 'aurora'?)"),
          new Mistake(
              "profile missing",
              "/workload/profile",
              null,
              "$.workload: missing required field 'profile'"),
          new Mistake(
              "chain tier without its CPU",
              ARCH + "/tiers/chain/0/cpuMsPerRequest",
              null,
              A + ".tiers.chain[0]: missing required field 'cpuMsPerRequest'"),
          new Mistake(
              "unknown field",
              ARCH + "/cloudWatch/logRetentionDays",
              "14",
              A + ".cloudWatch.logRetentionDays: unknown field (did you mean 'retentionDays'?)"),
          new Mistake(
              "concurrency below the minimum",
              ARCH + "/queue/lambda/maximumConcurrency",
              "1",
              A + ".queue.lambda.maximumConcurrency: must be at least 2 (found 1)"),
          new Mistake(
              "horizon not a duration",
              "/run/horizon",
              "\"30 days\"",
              "$.run.horizon: '30 days' is not a duration; " + ReadableProblems.DURATION_HELP),
          // the semantic rules'
          new Mistake(
              "unknown security group in a chain tier",
              ARCH + "/tiers/chain/0/securityGroup/ingress/0/fromGroup",
              "\"nope\"",
              A
                  + ".tiers.chain[0].securityGroup.ingress[0].fromGroup: unknown security group"
                  + " 'nope': declared are [app, web] and 'alb' (the load balancer's)"),
          new Mistake(
              "NAT gateway in an AZ the stage lacks",
              ARCH + "/natGateways/az",
              "\"us-east-1c\"",
              A
                  + ".natGateways.az: AZ us-east-1c is not one of the architecture's AZs"
                  + " [us-east-1a, us-east-1b]"),
          new Mistake(
              "ACU minimum above the maximum",
              ARCH + "/database/serverless/minAcu",
              "16",
              A + ".database.serverless.minAcu: the minimum 16 ACU is above the maximum 8"),
          new Mistake(
              "nodes on ElastiCache Serverless",
              ARCH + "/cache/nodes",
              "3",
              A + ".cache.nodes: ElastiCache Serverless has no nodes to count; drop nodes"),
          new Mistake(
              "lifecycle transition too early",
              ARCH + "/s3/lifecycle/0/days",
              "10",
              A
                  + ".s3.lifecycle[0].days: objects must be stored at least 30 days before they"
                  + " move to STANDARD_IA; found 10"),
          new Mistake(
              "CloudWatch retention not offered",
              ARCH + "/cloudWatch/retentionDays",
              "17",
              A
                  + ".cloudWatch.retentionDays: CloudWatch Logs keeps logs for one of [1, 3, 5, 7,"
                  + " 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,"
                  + " 2922, 3288, 3653] days (or 0: forever); found 17"));

  static JsonNode base() {
    try {
      return JSON.readTree(BASE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> problems(JsonNode doc) {
    return CODEC.parseTree(doc).errors().stream().map(Violation::toString).toList();
  }

  @Test
  void theBaseDocumentIsValid() {
    assertThat(problems(base())).isEmpty();
  }

  @Test
  void everyMistakeAloneGivesItsOneProblem() {
    for (Mistake m : MISTAKES) {
      assertThat(problems(m.applyTo(base()))).as(m.name()).hasSize(1);
    }
  }

  @Test
  void allTheMistakesTogetherGiveAllTheirProblemsInOneRound() {
    JsonNode doc = base();
    for (Mistake m : MISTAKES) {
      doc = m.applyTo(doc);
    }
    assertThat(problems(doc))
        .containsExactlyInAnyOrderElementsOf(MISTAKES.stream().map(Mistake::problem).toList());
  }

  static LongStream seeds() {
    return LongStream.range(0, 60);
  }

  /** k mistakes drawn at random (seeded) give exactly their k problems. */
  @ParameterizedTest
  @MethodSource("seeds")
  void kIndependentMistakesGiveKProblems(long seed) {
    Random r = new Random(seed);
    List<Mistake> chosen = new ArrayList<>();
    for (Mistake m : MISTAKES) {
      if (r.nextBoolean()) {
        chosen.add(m);
      }
    }
    JsonNode doc = base();
    for (Mistake m : chosen) {
      doc = m.applyTo(doc);
    }
    assertThat(problems(doc))
        .as("%s", chosen)
        .containsExactlyInAnyOrderElementsOf(chosen.stream().map(Mistake::problem).toList());
  }

  @Test
  void aValueWithoutANearestOptionSkipsOnlyTheRulesThatNeedIt() {
    // 'cassandra' is near no engine: read as rds, aurora and dynamodb in turn, a rule that depends
    // on the engine (serverless capacity is Aurora's) says something different each time and is
    // skipped; the NAT gateway's AZ does not depend on it and is reported
    JsonNode doc = base();
    new Mistake("", ARCH + "/database/engine", "\"cassandra\"", null).applyTo(doc);
    MISTAKES.get(7).applyTo(doc);
    assertThat(problems(doc))
        .containsExactly(
            A + ".database.engine: 'cassandra' is not one of: rds, aurora, dynamodb",
            MISTAKES.get(7).problem());
  }

  @Test
  void aStageThatCannotBeReadLeavesTheOtherStagesChecked() {
    JsonNode doc = base();
    MISTAKES.get(7).applyTo(doc); // the NAT gateway's AZ, in stage 0
    ObjectNode broken = JSON.createObjectNode().put("name", "broken").put("architecture", "none");
    ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("stages")).add(broken);
    assertThat(problems(doc))
        .containsExactly(
            "$.stages[1].architecture: must be an object (found \"none\")",
            MISTAKES.get(7).problem());
  }

  /**
   * A repeated region is a schema problem (uniqueItems); reported at the repeat's own path, it
   * leaves the other regions' problems (the primary listed again, an unknown region) in the same
   * round, where a problem at the whole list once hid them.
   */
  @Test
  void aRepeatedRegionLeavesTheOtherRegionsProblemsListed() throws Exception {
    ObjectNode doc = (ObjectNode) base();
    ObjectNode arch = (ObjectNode) doc.at(ARCH);
    for (String section : List.of("tiers", "natGateways", "cache", "queue", "s3", "cloudWatch")) {
      arch.remove(section);
    }
    arch.set(
        "dr",
        JSON.readTree(
            """
            {"strategy": "active-active",
             "regions": ["eu-west-1", "eu-west-1", "us-east-1", "mars-1"]}
            """));

    assertThat(problems(doc))
        .hasSize(3)
        .contains(
            A + ".dr.regions[1]: each item may be listed once; \"eu-west-1\" at [1] repeats [0]",
            A + ".dr.regions[2]: must differ from the primary region us-east-1")
        .anySatisfy(p -> assertThat(p).startsWith(A + ".dr.regions[3]: unknown region 'mars-1'"));
  }

  /**
   * A strategy mixing Fargate and EC2 providers and a task size Fargate does not offer: both in one
   * round (the size was checked only once the mix was fixed).
   */
  @Test
  void aMixedCapacityStrategyLeavesTheTaskSizeChecked() throws Exception {
    JsonNode doc =
        JSON.readTree(
            """
            {"version": 1, "name": "ecs",
             "run": {"horizon": "P1D", "trials": 1},
             "workload": {"requestsPerSecond": 10, "profile": {"cpuMsPerRequest": 20}},
             "stages": [{"name": "s", "architecture": {
               "region": "us-east-1", "azs": ["us-east-1a", "us-east-1b"],
               "entry": {"type": "alb"},
               "ecs": {"name": "api", "task": {"vcpu": 2, "memoryGb": 64},
                 "capacityProviders": [{"provider": "FARGATE_SPOT", "weight": 3},
                                       {"provider": "EC2", "weight": 1,
                                        "instanceType": "m5.large"}],
                 "tasks": {"desired": 4, "min": 4, "max": 8}}}}]}
            """);

    assertThat(problems(doc))
        .containsExactlyInAnyOrder(
            A
                + ".ecs.capacityProviders: a capacity provider strategy holds Fargate providers"
                + " or an Auto Scaling group provider, not both",
            A + ".ecs.task: 64 GB is not a Fargate size for 2 vCPU: 4 to 16 GB in steps of 1 GB",
            A + ".ecs.task: a task of 2 vCPU and 64 GB does not fit on m5.large (2 vCPU, 8 GiB)");

    // on EC2 capacity alone a half-vCPU task is packed four to an m5.large, as before
    ObjectNode ec2 = (ObjectNode) doc.at(ARCH + "/ecs");
    ec2.set("task", JSON.readTree("{\"vcpu\": 0.5, \"memoryGb\": 1}"));
    ec2.set(
        "capacityProviders",
        JSON.readTree("[{\"provider\": \"EC2\", \"weight\": 1, \"instanceType\": \"m5.large\"}]"));
    assertThat(problems(doc)).isEmpty();
  }
}
