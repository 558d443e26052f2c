package dev.archsim.engine;

import static dev.archsim.engine.TiersTest.AZS;
import static dev.archsim.engine.TiersTest.DAY;
import static dev.archsim.engine.TiersTest.alb;
import static dev.archsim.engine.TiersTest.failed;
import static dev.archsim.engine.TiersTest.run;
import static dev.archsim.engine.TiersTest.scheduled;
import static dev.archsim.engine.TiersTest.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.CloudWatchComponent;
import dev.archsim.engine.component.NatComponent;
import dev.archsim.engine.component.VpcEndpointsComponent;
import dev.archsim.engine.component.WafComponent;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.CloudWatch;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.NatGateways;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.VpcEndpoints;
import dev.archsim.engine.model.Waf;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NAT gateways, VPC endpoints, AWS WAF and CloudWatch in whole trials, each against the number its
 * mechanism gives: 100 req/s for two days, all dynamic, 30 % of them calling out of the VPC with 20
 * KB each; the instances are in us-east-1b, us-east-1a is lost for an hour on day 2.
 */
class EgressAndOperationsTest {
  static final double RPS = 100;
  static final double EGRESS = 0.3;
  static final double KB = 20;
  static final double HORIZON_S = 2 * 86_400;
  static final double OUTAGE_S = 3600;
  static final double MONTH_S = 730 * 3600.0;

  static Workload egressWorkload() {
    return new Workload(
        RPS,
        new TrafficPattern.Constant(),
        new RequestProfile(
            10,
            2048,
            20,
            10_000,
            0,
            0,
            0,
            RequestProfile.DEFAULT_SESSION_SECONDS,
            RequestProfile.DEFAULT_REQUESTS_PER_SESSION,
            EGRESS,
            KB));
  }

  static Architecture arch(NatGateways nat, VpcEndpoints endpoints, CloudWatch cw, Waf waf) {
    return new Architecture("us-east-1", AZS, alb(), web())
        .with(new NatComponent(), nat)
        .with(new VpcEndpointsComponent(), endpoints)
        .with(new CloudWatchComponent(), cw)
        .with(new WafComponent(), waf);
  }

  static StageSummary run2Days(Architecture a) {
    Faults outage = scheduled(new Faults.AzOutage("us-east-1a", DAY, Duration.ofHours(1)));
    return run(a, egressWorkload(), outage, DAY.multipliedBy(2), Duration.ofMinutes(5), 1);
  }

  static double usd(String key) {
    return Services.usd(key, "us-east-1");
  }

  /** A line of the bill over the run (the summary gives it per month of 730 hours). */
  static double cost(StageSummary s, String line) {
    return s.costByComponentUsd().getOrDefault(line, 0.0) * HORIZON_S / MONTH_S;
  }

  static final NatGateways SINGLE_IN_A = new NatGateways(false, "us-east-1a");
  static final NatGateways PER_AZ = new NatGateways(true, null);
  static final VpcEndpoints S3_AND_SQS =
      new VpcEndpoints(
          List.of(new VpcEndpoints.Endpoint("s3", 0.5)),
          List.of(new VpcEndpoints.Endpoint("sqs", 0.2)));

  @Test
  void aSharedNatGatewaysLostAzFailsTheOtherAzsCallsOutForTheOutage() {
    StageSummary s = run2Days(arch(SINGLE_IN_A, null, null, null));
    // every instance is in us-east-1b: for the hour us-east-1a is down, the 30 % that call out fail
    assertThat((double) failed(s, "nat-unavailable"))
        .isCloseTo(RPS * EGRESS * OUTAGE_S, within(1.0));
    assertThat(failed(s, "az-outage")).isZero();
    // one gateway for 48 hours; the bytes of every call that went through
    assertThat(cost(s, "nat gateway (hours)"))
        .isCloseTo(48 * usd(NatComponent.NAT_GATEWAY_HOUR), within(1e-3));
    double gb = RPS * EGRESS * (HORIZON_S - OUTAGE_S) * KB / 1e6; // 101.52 GB
    assertThat(cost(s, "nat gateway (data processing)"))
        .isCloseTo(gb * usd(NatComponent.NAT_GATEWAY_GB), within(1e-3));
  }

  @Test
  void aNatGatewayInEachAzKeepsEgressThroughTheOutageAndBillsEachGateway() {
    StageSummary s = run2Days(arch(PER_AZ, null, null, null));
    assertThat(failed(s, "nat-unavailable")).isZero();
    assertThat(cost(s, "nat gateway (hours)"))
        .isCloseTo(2 * 48 * usd(NatComponent.NAT_GATEWAY_HOUR), within(1e-3));
    double gb = RPS * EGRESS * HORIZON_S * KB / 1e6; // 103.68 GB
    assertThat(cost(s, "nat gateway (data processing)"))
        .isCloseTo(gb * usd(NatComponent.NAT_GATEWAY_GB), within(1e-3));
  }

  @Test
  void endpointsTakeTheirShareOffTheNatGatewayAndOutOfItsFailure() {
    StageSummary s = run2Days(arch(SINGLE_IN_A, S3_AND_SQS, null, null));
    // S3 (50 %) and SQS (20 %) go through the endpoints: 30 % of the calls still need the NAT
    double viaNat = EGRESS * 0.3;
    assertThat((double) failed(s, "nat-unavailable"))
        .isCloseTo(RPS * viaNat * OUTAGE_S, within(1.0));
    assertThat(cost(s, "nat gateway (data processing)"))
        .isCloseTo(
            RPS * viaNat * (HORIZON_S - OUTAGE_S) * KB / 1e6 * usd(NatComponent.NAT_GATEWAY_GB),
            within(1e-3));
    // the interface endpoint: in both AZs for 48 hours, and the SQS bytes; the gateway one is free
    assertThat(cost(s, "vpc endpoints (hours)"))
        .isCloseTo(2 * 48 * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_HOUR), within(1e-3));
    assertThat(cost(s, "vpc endpoints (data processing)"))
        .isCloseTo(
            RPS
                * EGRESS
                * 0.2
                * HORIZON_S
                * KB
                / 1e6
                * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_GB),
            within(1e-3));
  }

  /** The findings of a stage's VPC endpoints, by component. */
  static List<String> endpointFindings(VpcEndpoints endpoints) {
    Architecture a = arch(SINGLE_IN_A, endpoints, null, null);
    return StaticAnalyzer.analyze(
            TiersTest.scenario(a, egressWorkload(), Faults.NONE, DAY, Duration.ofMinutes(5), 1), 0)
        .stream()
        .filter(f -> f.component().startsWith("vpc-endpoint:"))
        .map(f -> f.category() + " " + f.severity() + " " + f.component() + ": " + f.message())
        .toList();
  }

  @Test
  void anInterfaceEndpointForAServiceWithAFreeGatewayEndpointIsACostFinding() {
    // S3 and DynamoDB have gateway endpoints, free; an interface endpoint to either bills $0.01
    // an hour in each AZ (2 × 730 h: $14.60) and $0.01 a GB for what the gateway would carry for
    // nothing: 100 req/s × 30 % × share × 20 KB × 2 628 000 s
    String s3 = interfaceFinding("s3", 0.5, "788.4");
    assertThat(
            endpointFindings(
                new VpcEndpoints(List.of(), List.of(new VpcEndpoints.Endpoint("s3", 0.5)))))
        .containsExactly(s3);
    assertThat(
            endpointFindings(
                new VpcEndpoints(
                    List.of(),
                    List.of(
                        new VpcEndpoints.Endpoint("dynamodb", 0.2),
                        new VpcEndpoints.Endpoint("sqs", 0.2)))))
        .containsExactly(interfaceFinding("dynamodb", 0.2, "315.4"));
    // a service without a gateway endpoint (SQS) needs the interface one: no finding; a gateway
    // endpoint for S3 does not excuse an interface one for DynamoDB
    assertThat(endpointFindings(S3_AND_SQS)).isEmpty();
    assertThat(
            endpointFindings(
                new VpcEndpoints(
                    List.of(new VpcEndpoints.Endpoint("s3", 0.3)),
                    List.of(new VpcEndpoints.Endpoint("dynamodb", 0.2)))))
        .containsExactly(interfaceFinding("dynamodb", 0.2, "315.4"));
  }

  static String interfaceFinding(String service, double share, String gb) {
    return String.format(
        java.util.Locale.ROOT,
        "cost low vpc-endpoint:%s: an interface endpoint for %s costs $%.2f a month (2 AZs × 730"
            + " h) plus $%.2f for its ≈ %s GB, where a gateway endpoint is free for traffic from"
            + " inside the VPC (architecture.vpcEndpoints.gateway)",
        service,
        service,
        2 * 730 * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_HOUR),
        RPS
            * EGRESS
            * share
            * KB
            / 1e6
            * MONTH_S
            * usd(VpcEndpointsComponent.VPC_ENDPOINT_INTERFACE_GB),
        gb);
  }

  @Test
  void aWebAclBillsItsMonthItsRulesAndEveryRequestItInspects() {
    StageSummary s = run2Days(arch(null, null, null, new Waf(List.of("entry"), 5)));
    double months = HORIZON_S / MONTH_S;
    assertThat(cost(s, "waf (web acls)"))
        .isCloseTo(
            (usd(WafComponent.WAF_WEB_ACL_MONTH) + 5 * usd(WafComponent.WAF_RULE_MONTH)) * months,
            within(1e-3));
    // 17.28 million requests, every one inspected
    assertThat(cost(s, "waf (requests)"))
        .isCloseTo(RPS * HORIZON_S * usd(WafComponent.WAF_REQUEST), within(1e-3));
  }

  @Test
  void logsKeptForADayStopGrowingAfterItLogsKeptForeverGrowAllRun() {
    double rate = RPS * 2 / 1e6; // GB a second at 2 KB a request
    double storage = usd(CloudWatchComponent.CLOUDWATCH_LOGS_STORAGE_GB_MONTH);
    StageSummary day = run2Days(arch(null, null, new CloudWatch(3, 2, 2, 1), null));
    StageSummary forever = run2Days(arch(null, null, new CloudWatch(3, 2, 2, 0), null));
    // kept a day: stored = rate·min(t, 1 day); its integral over two days is rate·(D²/2 + D·D)
    double d = 86_400;
    assertThat(cost(day, "cloudwatch (log storage)"))
        .isCloseTo(rate * (d * d / 2 + d * d) / MONTH_S * storage, within(1e-4));
    // kept forever: rate·T²/2
    assertThat(cost(forever, "cloudwatch (log storage)"))
        .isCloseTo(rate * HORIZON_S * HORIZON_S / 2 / MONTH_S * storage, within(1e-4));
    assertThat(cost(day, "cloudwatch (log ingestion)"))
        .isCloseTo(
            rate * HORIZON_S * usd(CloudWatchComponent.CLOUDWATCH_LOGS_INGEST_GB), within(1e-3));
    assertThat(cost(day, "cloudwatch (metrics)"))
        .isCloseTo(
            3 * HORIZON_S / MONTH_S * usd(CloudWatchComponent.CLOUDWATCH_METRIC_MONTH),
            within(1e-4));
    assertThat(cost(day, "cloudwatch (alarms)"))
        .isCloseTo(
            2 * HORIZON_S / MONTH_S * usd(CloudWatchComponent.CLOUDWATCH_ALARM_MONTH),
            within(1e-4));
  }
}
