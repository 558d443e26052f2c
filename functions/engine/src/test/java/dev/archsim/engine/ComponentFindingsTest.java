package dev.archsim.engine;

import static dev.archsim.engine.EgressAndOperationsTest.EGRESS;
import static dev.archsim.engine.EgressAndOperationsTest.OUTAGE_S;
import static dev.archsim.engine.EgressAndOperationsTest.PER_AZ;
import static dev.archsim.engine.EgressAndOperationsTest.RPS;
import static dev.archsim.engine.EgressAndOperationsTest.S3_AND_SQS;
import static dev.archsim.engine.EgressAndOperationsTest.SINGLE_IN_A;
import static dev.archsim.engine.EgressAndOperationsTest.arch;
import static dev.archsim.engine.EgressAndOperationsTest.egressWorkload;
import static dev.archsim.engine.EgressAndOperationsTest.run2Days;
import static dev.archsim.engine.EgressAndOperationsTest.usd;
import static dev.archsim.engine.TiersTest.AZS;
import static dev.archsim.engine.TiersTest.DAY;
import static dev.archsim.engine.TiersTest.failed;
import static dev.archsim.engine.TiersTest.run;
import static dev.archsim.engine.TiersTest.serverless;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.component.CloudWatchComponent;
import dev.archsim.engine.component.EntryComponent;
import dev.archsim.engine.component.NatComponent;
import dev.archsim.engine.component.Numbers;
import dev.archsim.engine.component.VpcEndpointsComponent;
import dev.archsim.engine.component.WafComponent;
import dev.archsim.engine.findings.Bill;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.CloudWatch;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Functions;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.VpcEndpoints;
import dev.archsim.engine.model.Waf;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The findings and Well-Architected checks of NAT gateways, AWS WAF, CloudWatch logs and the
 * target-tracking policies, each against the number its mechanism gives (and, where a run shows the
 * effect, against the run): EgressAndOperationsTest's 100 req/s, all dynamic, 30 % calling out with
 * 20 KB each, over a month of 730 hours.
 */
class ComponentFindingsTest {
  static final double MONTH_S = 730 * 3600.0;

  static Scenario stage(Architecture a, Workload w) {
    return TiersTest.scenario(a, w, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
  }

  static List<Finding> findings(Architecture a, Workload w, String component) {
    return StaticAnalyzer.analyze(stage(a, w), 0).stream()
        .filter(f -> f.component().equals(component))
        .toList();
  }

  static List<PillarCheck> checks(Architecture a, Workload w, String pillar) {
    return StaticAnalyzer.wellArchitected(stage(a, w), 0).stream()
        .filter(c -> c.pillar().equals(pillar))
        .toList();
  }

  // ---- NAT gateways

  @Test
  void aSingleNatGatewayForTwoAzsIsAFindingWithTheShareOfRequestsItsAzTakesDown() {
    List<Finding> single =
        findings(arch(SINGLE_IN_A, null, null, null), egressWorkload(), "nat-gateway");
    assertThat(single.get(0).category()).isEqualTo("single-point-of-failure");
    assertThat(single.get(0).message())
        .startsWith("one NAT gateway in us-east-1a for 2 AZs: when us-east-1a is lost")
        .contains("the 30 % of dynamic requests that call out fail (nat-unavailable)");
    // the run: for the hour us-east-1a is down, exactly that share fails
    StageSummary s = run2Days(arch(SINGLE_IN_A, null, null, null));
    assertThat(failed(s, "nat-unavailable") / (RPS * OUTAGE_S)).isCloseTo(EGRESS, within(1e-4));
    // with S3 (50 %) and SQS (20 %) on endpoints only 30 % of the 30 % needs the gateway: 9 %
    assertThat(findings(arch(SINGLE_IN_A, S3_AND_SQS, null, null), egressWorkload(), "nat-gateway"))
        .first()
        .extracting(Finding::message)
        .asString()
        .contains("the 9 % of dynamic requests");
    // one in each AZ: no finding, and the reliability check met
    assertThat(findings(arch(PER_AZ, null, null, null), egressWorkload(), "nat-gateway"))
        .noneMatch(f -> f.category().equals("single-point-of-failure"));
    String check = "egress does not depend on another AZ (a NAT gateway in each AZ)";
    assertThat(checks(arch(SINGLE_IN_A, null, null, null), egressWorkload(), "reliability"))
        .contains(new PillarCheck("reliability", check, false));
    assertThat(checks(arch(PER_AZ, null, null, null), egressWorkload(), "reliability"))
        .contains(new PillarCheck("reliability", check, true));
  }

  @Test
  void natProcessingAboveTheGatewaysHoursIsACostFindingNamingTheFreeGatewayEndpoints() {
    // 100 req/s × 30 % × 20 KB over 2 628 000 s: 1 576.8 GB a month, × $0.045 = $70.96; one
    // gateway's 730 hours × $0.045 = $32.85, two $65.70: processing dominates both
    double gb = RPS * EGRESS * 20 / 1e6 * MONTH_S;
    double processing = gb * usd(NatComponent.NAT_GATEWAY_GB);
    double hour = 730 * usd(NatComponent.NAT_GATEWAY_HOUR);
    assertThat(gb).isCloseTo(1576.8, within(1e-9));
    for (var nat : List.of(SINGLE_IN_A, PER_AZ)) {
      int gateways = nat.perAz() ? 2 : 1;
      List<Finding> cost =
          findings(arch(nat, null, null, null), egressWorkload(), "nat-gateway").stream()
              .filter(f -> f.category().equals("cost"))
              .toList();
      assertThat(cost).hasSize(1);
      // the shared gateway in us-east-1a serves instances all in us-east-1b: every GB crosses,
      // 1 576.8 × 2 × $0.01 = $31.54 more
      String across =
          nat.perAz()
              ? ""
              : String.format(
                  java.util.Locale.ROOT,
                  " and its data between AZs ≈ $%.2f (1577 GB to the shared gateway)",
                  gb * 2 * usd(NatComponent.DATA_TRANSFER_INTER_AZ_GB));
      assertThat(cost.get(0).message())
          .isEqualTo(
              String.format(
                  java.util.Locale.ROOT,
                  "NAT data processing ≈ $%.2f a month (1577 GB)%s, more than the gateways' hours"
                      + " ($%.2f): traffic to S3 and DynamoDB can take a free gateway endpoint"
                      + " (architecture.vpcEndpoints.gateway)%s",
                  processing,
                  across,
                  gateways * hour,
                  nat.perAz() ? "" : "; a gateway in each AZ keeps the egress inside its AZ"));
      assertThat(cost.get(0).message()).contains(nat.perAz() ? "(1577 GB)," : "$31.54");
    }
    // S3 and SQS on endpoints leave 30 % of it: $21.29, and $9.46 between AZs, below one
    // gateway's hours
    assertThat(findings(arch(SINGLE_IN_A, S3_AND_SQS, null, null), egressWorkload(), "nat-gateway"))
        .noneMatch(f -> f.category().equals("cost"));
    // both gateway endpoints at 10 % each: 80 % through the NAT, $56.77 (+ $25.23 between AZs) >
    // $32.85, and no advice to add what is there
    VpcEndpoints both =
        new VpcEndpoints(
            List.of(
                new VpcEndpoints.Endpoint("s3", 0.1), new VpcEndpoints.Endpoint("dynamodb", 0.1)),
            List.of());
    List<Finding> withEndpoints =
        findings(arch(SINGLE_IN_A, both, null, null), egressWorkload(), "nat-gateway").stream()
            .filter(f -> f.category().equals("cost"))
            .toList();
    assertThat(withEndpoints).hasSize(1);
    assertThat(withEndpoints.get(0).message())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "NAT data processing ≈ $%.2f a month (1261 GB) and its data between AZs ≈ $%.2f"
                    + " (1261 GB to the shared gateway), more than the gateways' hours ($%.2f): a"
                    + " gateway in each AZ keeps the egress inside its AZ",
                0.8 * processing,
                0.8 * gb * 2 * usd(NatComponent.DATA_TRANSFER_INTER_AZ_GB),
                hour));
  }

  @Test
  void anInterfaceEndpointForS3IsACostFindingWithWhatTheFreeGatewayEndpointWouldSave() {
    // S3 over an interface endpoint taking 50 % of the calls out: 2 AZs × 730 h × $0.01 = $14.60
    // a month, and 100 req/s × 30 % × 50 % × 20 KB × 2 628 000 s = 788.4 GB × $0.01 = $7.88
    VpcEndpoints s3Interface =
        new VpcEndpoints(List.of(), List.of(new VpcEndpoints.Endpoint("s3", 0.5)));
    Architecture a = arch(PER_AZ, s3Interface, null, null);
    double gb = RPS * EGRESS * 0.5 * 20 / 1e6 * MONTH_S;
    assertThat(findings(a, egressWorkload(), "vpc-endpoint:s3"))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "an interface endpoint for s3 costs $%.2f a month (2 AZs × 730 h) plus $%.2f for"
                    + " its ≈ 788.4 GB, where a gateway endpoint is free for traffic from inside"
                    + " the VPC (architecture.vpcEndpoints.gateway)",
                2 * 730 * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_HOUR),
                gb * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_GB)));
    // the run bills what the finding says, over its two days
    StageSummary s = run2Days(a);
    assertThat(s.costByComponentUsd().get("vpc endpoints (hours)"))
        .isCloseTo(2 * 730 * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_HOUR), within(0.01));
    assertThat(s.costByComponentUsd().get("vpc endpoints (data processing)"))
        .isCloseTo(gb * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_GB), within(0.01));
    // SQS has no gateway endpoint: no finding
    assertThat(findings(arch(PER_AZ, S3_AND_SQS, null, null), egressWorkload(), "vpc-endpoint:sqs"))
        .isEmpty();
  }

  // ---- AWS WAF

  @Test
  void aStageServingTheInternetWithoutAWebAclFailsTheSecurityCheckThatOneWithRulesMeets() {
    PillarCheck filters = new PillarCheck("security", WafComponent.FILTERS, false);
    String onEntry = "the entry itself is behind AWS WAF (not only the CloudFront distribution)";
    assertThat(checks(arch(null, null, null, null), egressWorkload(), "security"))
        .contains(filters)
        .noneMatch(c -> c.check().equals(onEntry));
    assertThat(
            checks(
                arch(null, null, null, new Waf(List.of("entry"), 5)), egressWorkload(), "security"))
        .contains(
            new PillarCheck("security", WafComponent.FILTERS, true),
            new PillarCheck("security", onEntry, true));
    // a web ACL without rules filters nothing: both checks fail
    assertThat(
            checks(
                arch(null, null, null, new Waf(List.of("entry"), 0)), egressWorkload(), "security"))
        .contains(filters, new PillarCheck("security", onEntry, false));
  }

  @Test
  void aWebAclWithoutRulesIsAFindingWithTheRequestsItBillsForNothing() {
    Architecture a = arch(null, null, null, new Waf(List.of("entry"), 0));
    List<Finding> f = findings(a, egressWorkload(), "waf");
    // 100 req/s over 2 628 000 s, none answered at an edge: 262.8 million inspected a month
    assertThat(f).hasSize(1);
    assertThat(f.get(0).category()).isEqualTo("security");
    assertThat(f.get(0).message())
        .isEqualTo(
            "the web ACL on entry has no rules: ≈ 262.8 million requests inspected and billed a"
                + " month, none blocked; add rules (e.g. AWS managed rule groups, a rate-based"
                + " rule)");
    // the run inspects (and bills) exactly that many a month
    StageSummary s = run2Days(a);
    assertThat(s.countersPerTrial().get("waf.inspected") * MONTH_S / (2 * 86_400.0))
        .isCloseTo(262.8e6, within(1.0));
    assertThat(
            findings(arch(null, null, null, new Waf(List.of("entry"), 1)), egressWorkload(), "waf"))
        .isEmpty();
  }

  // ---- CloudWatch logs against the whole bill

  /** A Lambda function of 1 769 MB (one vCPU) taking 50 ms, behind an HTTP API, with the logs. */
  static Architecture loggingFunction(double logKb) {
    return serverless(new Functions("api", 1769, 50.0, 1000, null, 0, 1500, false, 120, false))
        .with(new CloudWatchComponent(), new CloudWatch(0, 0, logKb, 0));
  }

  static Workload allDynamic() {
    return new Workload(
        RPS, new TrafficPattern.Constant(), new RequestProfile(10, 2048, 20, 10_000));
  }

  @Test
  void logsAThirdOfTheBillOrMoreAreAFindingInAServerlessStageToo() {
    // 10 KB a request at 100 req/s: 2 628 GB a month, $1 314 of ingestion against API Gateway's
    // $262.80, Lambda's $52.56 of requests and 262.8 M × 0.05 s × 1.7275 GB × $0.0000166667 =
    // $378.35 of duration: the logs are 64 % of the stage
    StageSummary s =
        run(loggingFunction(10), allDynamic(), Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    double ingestion = s.costByComponentUsd().get(CloudWatchComponent.LOG_INGESTION);
    double storage = s.costByComponentUsd().get(CloudWatchComponent.LOG_STORAGE);
    assertThat(ingestion)
        .isCloseTo(
            RPS * 10 / 1e6 * MONTH_S * usd(CloudWatchComponent.CLOUDWATCH_LOGS_INGEST_GB),
            within(0.01));
    double share = (ingestion + storage) / s.monthlyCostUsd();
    assertThat(share).isBetween(0.6, 0.7);
    List<Finding> logs =
        s.findings().stream().filter(f -> f.component().equals("cloudwatch:logs")).toList();
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).message())
        .startsWith(
            String.format(
                java.util.Locale.ROOT,
                "logs cost $%.2f a month ($%.2f ingestion of ≈ 2628 GB, $%.2f storage), %s %% of"
                    + " the stage's $%.2f; kept forever",
                ingestion + storage,
                ingestion,
                storage,
                plain(100 * share),
                s.monthlyCostUsd()));
    // 1 KB a request: $131.40 of $825.11, 16 %: no finding
    StageSummary light =
        run(loggingFunction(1), allDynamic(), Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    assertThat(light.findings()).noneMatch(f -> f.component().equals("cloudwatch:logs"));
  }

  @Test
  void theLogsFindingComparesWithTheWholeBillAtAThird() {
    Architecture a =
        arch(null, null, new CloudWatch(1, 2, 2, 30), null); // a fleet with logs kept 30 days
    Scenario sc = stage(a, egressWorkload());
    // $50 of logs in a $150 bill is a third: the finding; in a $151 bill it is not
    List<Finding> at =
        StaticAnalyzer.analyze(
            sc,
            0,
            new Bill(
                Map.of(
                    CloudWatchComponent.LOG_INGESTION, 45.0, CloudWatchComponent.LOG_STORAGE, 5.0),
                150));
    assertThat(at.stream().filter(f -> f.component().equals("cloudwatch:logs")))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo(
            "logs cost $50.00 a month ($45.00 ingestion of ≈ 525.6 GB, $5.00 storage), 33.33 % of"
                + " the stage's $150.00: log less per request (logKbPerRequest 2 KB) or sample");
    List<Finding> below =
        StaticAnalyzer.analyze(
            sc,
            0,
            new Bill(
                Map.of(
                    CloudWatchComponent.LOG_INGESTION, 45.0, CloudWatchComponent.LOG_STORAGE, 5.0),
                151));
    assertThat(below).noneMatch(f -> f.component().equals("cloudwatch:logs"));
    // explain simulates nothing: the static findings never carry it
    assertThat(StaticAnalyzer.analyze(sc, 0))
        .noneMatch(f -> f.component().equals("cloudwatch:logs"));
  }

  // ---- data sent to the internet against the whole bill

  @Test
  void dataSentToTheInternetAThirdOfTheBillOrMoreIsAFinding() {
    // 100 req/s of 60 KB responses (seed 001's page of 10 requests, 600 KB): 100 × 60 000 B ×
    // 2 628 000 s = 15 768 GB a month at $0.09 = $1 419.12, against two m5.large behind an ALB
    Workload heavy =
        new Workload(
            RPS, new TrafficPattern.Constant(), new RequestProfile(10, 60_000, 20, 10_000));
    StageSummary s =
        run(arch(null, null, null, null), heavy, Faults.NONE, DAY, Duration.ofMinutes(5), 1);
    double usd = s.costByComponentUsd().get(EntryComponent.DATA_OUT);
    assertThat(usd).isCloseTo(RPS * 60_000 / 1e9 * MONTH_S * 0.09, within(0.01));
    double share = usd / s.monthlyCostUsd();
    assertThat(share).isGreaterThan(0.5);
    assertThat(s.findings().stream().filter(f -> f.component().equals("data-transfer-out")))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "data sent to the internet costs $%.2f a month (≈ %s GB at $0.09 a GB, 60 KB"
                    + " a response), %s %% of the stage's $%.2f: compress the responses or make"
                    + " them smaller; CloudFront in front bills its own data out instead (nothing"
                    + " from the origin to CloudFront)",
                usd,
                plain(usd / 0.09),
                plain(100 * share),
                s.monthlyCostUsd()));
    // 2 KB responses: $48.44, a small share of the same stage
    StageSummary light =
        run(
            arch(null, null, null, null),
            egressWorkload(),
            Faults.NONE,
            DAY,
            Duration.ofMinutes(5),
            1);
    assertThat(light.costByComponentUsd().get(EntryComponent.DATA_OUT)).isLessThan(50);
    assertThat(light.findings()).noneMatch(f -> f.component().equals("data-transfer-out"));
  }

  /** A number as the findings print it (four significant digits, or the integer). */
  static String plain(double v) {
    return Numbers.plain(v);
  }

  // ---- target tracking that cannot work

  static Architecture requestTracking(int instances, double target) {
    ComputeTier.AutoScaling asg =
        new ComputeTier.AutoScaling(
            instances,
            40,
            instances,
            List.of(new ComputeTier.RequestCountTracking(target)),
            List.of(),
            "elb",
            300,
            120,
            300,
            false);
    return new Architecture(
        "us-east-1",
        AZS,
        TiersTest.alb(),
        new ComputeTier(
            "web",
            "m5.large",
            Map.of("us-east-1a", instances / 2, "us-east-1b", instances - instances / 2),
            null,
            null,
            asg,
            null));
  }

  static Workload fiftyMs(double rps) {
    return new Workload(
        rps, new TrafficPattern.Constant(), new RequestProfile(50, 2048, 20, 10_000));
  }

  @Test
  void aRequestCountTargetAboveWhatAnInstanceServesIsAFindingAndOverloadsTheFleet() {
    // an m5.large (2 vCPU) at 50 ms a request serves 2 × 60 000 / 50 = 2 400 requests a minute;
    // held at 3 000 each, it runs at 125 %: at 300 req/s the group asks for exactly 60 × 300 /
    // 3 000 = 6 instances, each offered 50 req/s against 40 it serves, so about 1 − 40/50 = 20 %
    // of the requests time out (overload)
    List<Finding> f = findings(requestTracking(6, 3000), fiftyMs(300), "compute:web");
    assertThat(f.stream().filter(x -> x.message().startsWith("Auto Scaling keeps")))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo(
            "Auto Scaling keeps 3000 requests a minute on each target, more than one m5.large"
                + " serves (2 vCPU × 60 000 ms / 50 ms a request = 2400 a minute): at the target each"
                + " instance runs at 125 % CPU, its requests queue and time out (overload) before the"
                + " group scales out; a target of 1680 or less keeps it at 70 %");
    StageSummary over =
        run(
            requestTracking(6, 3000),
            fiftyMs(300),
            Faults.NONE,
            Duration.ofHours(1),
            Duration.ofMinutes(1),
            1);
    assertThat(over.instancesMax()).isEqualTo(6);
    assertThat(failed(over, "overload") / (300 * 3600.0)).isBetween(0.15, 0.25);
    // exactly what an instance serves: 100 %, still a finding
    assertThat(findings(requestTracking(6, 2400), fiftyMs(300), "compute:web").stream())
        .map(Finding::message)
        .anyMatch(
            m ->
                m.startsWith(
                        "Auto Scaling keeps 2400 requests a minute on each target, as many as one"
                            + " m5.large serves")
                    && m.contains("runs at 100 % CPU"));
    assertThat(findings(requestTracking(6, 2399), fiftyMs(300), "compute:web"))
        .noneMatch(x -> x.message().startsWith("Auto Scaling keeps"));
    // at the suggested 1 680: ceil(18 000 / 1 680) = 11 instances at 68 %, nothing times out
    assertThat(findings(requestTracking(11, 1680), fiftyMs(300), "compute:web"))
        .noneMatch(x -> x.message().startsWith("Auto Scaling keeps"));
    StageSummary ok =
        run(
            requestTracking(11, 1680),
            fiftyMs(300),
            Faults.NONE,
            Duration.ofHours(1),
            Duration.ofMinutes(1),
            1);
    assertThat(ok.instancesMax()).isEqualTo(11);
    assertThat(failed(ok, "overload")).isZero();
  }

  @Test
  void aWebFleetTrackingABacklogItDoesNotDrainIsAFindingAndRunsAtItsMaximum() {
    // 200 req/s, one write each: 200 (1 − e^-1) = 126.4 messages/s into the queue, consumers at
    // 50/s: the backlog grows by 76.4 a second (275 100 an hour) whatever the web fleet does. It
    // tracks 1 000 messages per instance, so it scales out to its max of 20 m5.large
    double in = 200 * (1 - Math.exp(-1));
    ComputeTier.AutoScaling asg =
        new ComputeTier.AutoScaling(
            2,
            20,
            2,
            List.of(new ComputeTier.BacklogTracking(1000)),
            List.of(),
            "elb",
            300,
            120,
            0,
            false);
    Architecture a = backlogTracking(asg, 50);
    Workload w =
        new Workload(
            200, new TrafficPattern.Constant(), new RequestProfile(10, 2048, 20, 10_000, 0, 0, 1));
    List<Finding> f = findings(a, w, "compute:web");
    assertThat(f.stream().filter(x -> x.message().startsWith("Auto Scaling tracks the queue")))
        .singleElement()
        .extracting(Finding::message)
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "Auto Scaling tracks the queue's backlog per instance (1000 messages), but these"
                    + " instances send the messages and consumers at 50 messages/s take them: 126.4"
                    + " messages/s in against 50 out: the backlog grows by 275100 an hour whatever"
                    + " the group does, and it scales out to its maximum, 20 × m5.large ($%.2f a"
                    + " month on demand); scale the consumers on the backlog (queue.workers) and"
                    + " this fleet on its own CPU or request count",
                20 * 730 * Catalog.onDemandUsd("us-east-1", "m5.large")));
    StageSummary s = run(a, w, Faults.NONE, Duration.ofHours(3), Duration.ofMinutes(1), 1);
    assertThat(s.instancesMax()).isEqualTo(20);
    // the twenty drain nothing: the backlog is what came in less what the consumers took
    assertThat((double) s.peaks().get("queue.maxBacklog"))
        .isCloseTo((in - 50) * 3 * 3600, within(0.01 * (in - 50) * 3 * 3600));
    // consumers faster than the producers: the backlog stays empty and the group at its minimum
    Architecture drained = backlogTracking(asg, 200);
    assertThat(findings(drained, w, "compute:web").stream().map(Finding::message))
        .anyMatch(
            m ->
                m.contains(
                    "126.4 messages/s in against 200 out: the backlog stays near empty"
                        + " and the group at its minimum of 2, whatever its own load"));
  }

  static Architecture backlogTracking(ComputeTier.AutoScaling asg, double consumersPerSecond) {
    return new Architecture(
        "us-east-1",
        AZS,
        TiersTest.alb(),
        new ComputeTier(
            "web", "m5.large", Map.of("us-east-1a", 1, "us-east-1b", 1), null, null, asg, null),
        TiersTest.rds(true, 0, null, false),
        new AsyncQueue(1.0, consumersPerSecond, 5, 0, 96, 0, false),
        null,
        Map.of());
  }
}
