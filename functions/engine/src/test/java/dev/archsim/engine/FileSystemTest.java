package dev.archsim.engine;

import static dev.archsim.engine.EgressAndOperationsTest.HORIZON_S;
import static dev.archsim.engine.EgressAndOperationsTest.OUTAGE_S;
import static dev.archsim.engine.EgressAndOperationsTest.RPS;
import static dev.archsim.engine.EgressAndOperationsTest.cost;
import static dev.archsim.engine.EgressAndOperationsTest.egressWorkload;
import static dev.archsim.engine.EgressAndOperationsTest.run2Days;
import static dev.archsim.engine.EgressAndOperationsTest.usd;
import static dev.archsim.engine.TiersTest.AZS;
import static dev.archsim.engine.TiersTest.alb;
import static dev.archsim.engine.TiersTest.failed;
import static dev.archsim.engine.TiersTest.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.component.FileSystemComponent;
import dev.archsim.engine.component.NatComponent;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.FileSystem;
import dev.archsim.engine.model.NatGateways;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Amazon EFS in whole trials against the numbers its mechanism gives: 100 req/s for two days, all
 * dynamic, the instances in us-east-1b, us-east-1a lost for an hour on day 2 (the fixtures of
 * {@link EgressAndOperationsTest}).
 */
class FileSystemTest {
  static final double SHARE = 0.6;
  static final double READ_KB = 8;
  static final double WRITE_KB = 2;
  static final double GB = 50;
  static final double IA = 0.2;

  static FileSystem oneZone(String az) {
    return new FileSystem(true, az, GB, IA, SHARE, READ_KB, WRITE_KB);
  }

  static final FileSystem REGIONAL = new FileSystem(false, null, GB, IA, SHARE, READ_KB, WRITE_KB);

  static Architecture arch(ComputeTier compute, FileSystem fs) {
    return new Architecture("us-east-1", AZS, alb(), compute).with(new FileSystemComponent(), fs);
  }

  @Test
  void aOneZoneFileSystemsLostAzFailsTheRequestsThatUseItInTheOtherAz() {
    StageSummary s = run2Days(arch(web(), oneZone("us-east-1a")));
    // every instance is in us-east-1b and up: for the hour us-east-1a is down, the 60 % of
    // requests that use the file system fail, 100 × 0.6 × 3 600 = 216 000
    assertThat((double) failed(s, "az-outage")).isCloseTo(RPS * SHARE * OUTAGE_S, within(1.0));
    assertThat(s.failedByCause().keySet()).containsOnly("az-outage");
    // reads and writes of the requests that went through: 100 × 0.6 × (172 800 − 3 600) s
    double used = RPS * SHARE * (HORIZON_S - OUTAGE_S);
    assertThat(cost(s, "efs (reads and writes)"))
        .isCloseTo(
            used
                * (READ_KB * usd(FileSystemComponent.EFS_READ_GB)
                    + WRITE_KB * usd(FileSystemComponent.EFS_WRITE_GB))
                / 1e6,
            within(1e-6));
    // 50 GB for 48 h of a 730-hour month: 80 % One Zone at $0.16, 20 % One Zone-IA at $0.0133
    assertThat(cost(s, "efs (storage)"))
        .isCloseTo(GB * (0.8 * 0.16 + 0.2 * 0.0133) * 48 / 730, within(1e-9));
  }

  @Test
  void aRegionalFileSystemServesThroughTheOutageAndBillsRegionalStorage() {
    StageSummary s = run2Days(arch(web(), REGIONAL));
    assertThat(s.failedByCause()).isEmpty();
    double used = RPS * SHARE * HORIZON_S;
    assertThat(cost(s, "efs (reads and writes)"))
        .isCloseTo(used * (READ_KB * 0.03 + WRITE_KB * 0.06) / 1e6, within(1e-6));
    assertThat(cost(s, "efs (storage)"))
        .isCloseTo(GB * (0.8 * 0.30 + 0.2 * 0.016) * 48 / 730, within(1e-9));
  }

  @Test
  void aOneZoneFileSystemInTheOtherAzAndASharedNatGatewayFailEachTheirShare() {
    // the file system in us-east-1b with the instances: the outage of us-east-1a does not touch it
    assertThat(run2Days(arch(web(), oneZone("us-east-1b"))).failedByCause()).isEmpty();
    // a shared NAT gateway in us-east-1a before it on the path: the 30 % calling out fail first
    // (nat-unavailable), then 60 % of the remaining 70 % for want of the file system
    StageSummary s =
        run2Days(
            arch(web(), oneZone("us-east-1a"))
                .with(new NatComponent(), new NatGateways(false, "us-east-1a")));
    assertThat((double) failed(s, "nat-unavailable"))
        .isCloseTo(RPS * EgressAndOperationsTest.EGRESS * OUTAGE_S, within(1.0));
    assertThat((double) failed(s, "az-outage"))
        .isCloseTo(RPS * (1 - EgressAndOperationsTest.EGRESS) * SHARE * OUTAGE_S, within(1.0));
  }

  @Test
  void aOneZoneFileSystemServingSeveralAzsIsASinglePointOfFailureWithTheRegionalPrice() {
    ComputeTier both = new ComputeTier("web", "m5.large", Map.of("us-east-1a", 1, "us-east-1b", 1));
    Scenario s =
        TiersTest.scenario(
            arch(both, oneZone("us-east-1a")),
            egressWorkload(),
            null,
            TiersTest.DAY,
            java.time.Duration.ofMinutes(5),
            1);
    List<Finding> f = StaticAnalyzer.analyze(s, 0);
    // Regional storage costs 50 × (0.8 × (0.30 − 0.16) + 0.2 × (0.016 − 0.0133)) = $5.627 a month
    assertThat(f)
        .anySatisfy(
            x -> {
              assertThat(x.category()).isEqualTo("single-point-of-failure");
              assertThat(x.message())
                  .contains("One Zone EFS file system in us-east-1a")
                  .contains("fail in us-east-1b")
                  .contains("$5.63 a month more for 50 GB");
            });
    Scenario regional =
        TiersTest.scenario(
            arch(both, REGIONAL),
            egressWorkload(),
            null,
            TiersTest.DAY,
            java.time.Duration.ofMinutes(5),
            1);
    assertThat(StaticAnalyzer.analyze(regional, 0)).noneMatch(x -> x.message().contains("EFS"));
  }

  @Test
  void everyProblemOfTheSectionIsListedAtItsPath() {
    List<Violation> out = new ArrayList<>();
    FileSystem bad = new FileSystem(false, "us-east-1z", -1, 1.5, -0.1, -2, -3);
    new FileSystemComponent()
        .rules(bad, new Architecture("us-east-1", AZS, alb(), web()), "$.fs", out);
    assertThat(out)
        .extracting(Violation::path)
        .containsExactlyInAnyOrder(
            "$.fs.az",
            "$.fs.az",
            "$.fs.infrequentAccessShare",
            "$.fs.requestShare",
            "$.fs.storageGb",
            "$.fs.readKbPerRequest",
            "$.fs.writeKbPerRequest");
  }
}
