package dev.archsim.engine;

import static dev.archsim.engine.TiersTest.AZS;
import static dev.archsim.engine.TiersTest.DAY;
import static dev.archsim.engine.TiersTest.alb;
import static dev.archsim.engine.TiersTest.run;
import static dev.archsim.engine.TiersTest.scheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.NatComponent;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.NatGateways;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A shared NAT gateway's data between AZs, billed as its own line: the egress of the instances
 * outside the gateway's AZ crosses to it and back, $0.01 a GB out of one AZ and $0.01 into the
 * other. One instance in us-east-1a and three in us-east-1b, 30 % of the dynamic requests calling
 * out with 20 KB each: GB × share of the instances outside the gateway's AZ × 2 × $0.01.
 */
class NatCrossAzTransferTest {
  static final double EGRESS = 0.3;
  static final double KB = 20;
  static final double HORIZON_S = 2 * 86_400;
  static final double MONTH_S = 730 * 3600.0;
  static final String LINE = "nat gateway (data between AZs)";

  static Workload workload(double rps) {
    return new Workload(
        rps,
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

  static Architecture arch(NatGateways nat) {
    return new Architecture(
            "us-east-1",
            AZS,
            alb(),
            new ComputeTier("web", "m5.large", Map.of("us-east-1a", 1, "us-east-1b", 3)))
        .with(new NatComponent(), nat);
  }

  static StageSummary run2Days(NatGateways nat, Faults faults) {
    return run(arch(nat), workload(100), faults, DAY.multipliedBy(2), Duration.ofMinutes(5), 1);
  }

  /** A line of the bill over the two days (the summary gives it per month of 730 hours). */
  static double cost(StageSummary s, String line) {
    return s.costByComponentUsd().getOrDefault(line, 0.0) * HORIZON_S / MONTH_S;
  }

  static final double PRICE = Services.usd(NatComponent.DATA_TRANSFER_INTER_AZ_GB, "us-east-1");

  /** 100 req/s × 30 % × 2 days × 20 KB = 103.68 GB through the gateway. */
  static final double GB = 100 * EGRESS * HORIZON_S * KB / 1e6;

  static final Faults NONE = new Faults(null, null, List.of());

  @Test
  void theSharedGatewaysPriceIsOneCentAGbEachWay() {
    assertThat(PRICE).isEqualTo(0.01);
  }

  @Test
  void aGatewayInTheSmallerAzBillsTheThreeQuartersThatCrossOutAndIn() {
    StageSummary s = run2Days(new NatGateways(false, "us-east-1a"), NONE);
    // 103.68 GB × 3/4 × 2 × $0.01 = $1.5552
    assertThat(cost(s, LINE)).isCloseTo(GB * 0.75 * 2 * PRICE, within(1e-6));
    assertThat(cost(s, LINE)).isCloseTo(1.5552, within(1e-6));
    assertThat(s.countersPerTrial().get("nat.crossAzGb")).isEqualTo(Math.round(GB * 0.75));
    // processing is billed on every GB as before
    assertThat(cost(s, "nat gateway (data processing)"))
        .isCloseTo(GB * Services.usd(NatComponent.NAT_GATEWAY_GB, "us-east-1"), within(1e-6));
    assertThat(s.prices().items())
        .anyMatch(i -> i.item().equals(NatComponent.DATA_TRANSFER_INTER_AZ_GB));
  }

  @Test
  void aGatewayInTheLargerAzBillsTheQuarterFromTheOtherAz() {
    StageSummary s = run2Days(new NatGateways(false, "us-east-1b"), NONE);
    // 103.68 GB × 1/4 × 2 × $0.01 = $0.5184
    assertThat(cost(s, LINE)).isCloseTo(0.5184, within(1e-6));
  }

  @Test
  void aGatewayInEachAzPaysNoDataBetweenAzs() {
    StageSummary s = run2Days(new NatGateways(true, null), NONE);
    assertThat(s.costByComponentUsd()).doesNotContainKey(LINE);
    assertThat(s.countersPerTrial()).doesNotContainKey("nat.crossAzGb");
    assertThat(s.prices().items())
        .noneMatch(i -> i.item().equals(NatComponent.DATA_TRANSFER_INTER_AZ_GB));
  }

  @Test
  void whileTheOtherAzIsLostNothingCrosses() {
    // us-east-1b (three of the four instances) is lost for 6 hours: its egress stops with it, and
    // the instance in us-east-1a beside the gateway sends the rest without crossing. Its requests
    // of the health checks' detection time are the only ones that may differ: within 1 %
    Faults outage = scheduled(new Faults.AzOutage("us-east-1b", DAY, Duration.ofHours(6)));
    StageSummary s = run2Days(new NatGateways(false, "us-east-1a"), outage);
    double crossing = 100 * EGRESS * (HORIZON_S - 6 * 3600) * KB / 1e6 * 0.75;
    assertThat(cost(s, LINE)).isCloseTo(crossing * 2 * PRICE, within(crossing * 2 * PRICE * 0.01));
  }

  @Test
  void explainGivesTheGbThatCrossAndTheirMonthlyCost() {
    Architecture a = arch(new NatGateways(false, "us-east-1a"));
    List<String> lines = new NatComponent().explain(a.natGateways(), a, workload(100));
    // 100 × 0.3 × 20 KB × 2 628 000 s = 1 576.8 GB a month, 3/4 of it crossing: 1 182.6 GB, and
    // 1 182.6 × 2 × $0.01 = $23.65
    assertThat(lines)
        .contains(
            "  ≈ 1183 GB a month of it crosses from the other AZs to the gateway: data between AZs,"
                + " billed out of one and into the other at $0.01 per GB each way, ≈ $23.65 a"
                + " month");
  }

  /** The stage's cost findings about the NAT gateways. */
  static List<String> natCostFindings(NatGateways nat, double rps) {
    StageSummary s = run(arch(nat), workload(rps), NONE, DAY, Duration.ofHours(1), 1);
    return s.findings().stream()
        .filter(f -> f.category().equals("cost") && f.component().equals("nat-gateway"))
        .map(Finding::message)
        .toList();
  }

  @Test
  void theCrossAzTransferTipsProcessingOverTheGatewaysHoursIntoACostFinding() {
    // 40 req/s: 630.72 GB a month, $28.38 of processing against $32.85 of one gateway's hours;
    // 3/4 of it crossing adds 473.04 GB × 2 × $0.01 = $9.46, and $37.84 passes the hours
    assertThat(natCostFindings(new NatGateways(false, "us-east-1a"), 40))
        .containsExactly(
            "NAT data processing ≈ $28.38 a month (630.7 GB) and its data between AZs ≈ $9.46"
                + " (473 GB to the shared gateway), more than the gateways' hours ($32.85):"
                + " traffic to S3 and DynamoDB can take a free gateway endpoint"
                + " (architecture.vpcEndpoints.gateway); a gateway in each AZ keeps the egress"
                + " inside its AZ");
    // from us-east-1b a quarter crosses: $28.38 + $3.15 stays under $32.85
    assertThat(natCostFindings(new NatGateways(false, "us-east-1b"), 40)).isEmpty();
    // a gateway in each AZ: no crossing, and two gateways' hours
    assertThat(natCostFindings(new NatGateways(true, null), 40)).isEmpty();
  }
}
