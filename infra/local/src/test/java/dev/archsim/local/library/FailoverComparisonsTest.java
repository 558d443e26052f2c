package dev.archsim.local.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.result.StageSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's failover claims on events/scenarios/db-failover.json and region-failover-routing.json.
 */
class FailoverComparisonsTest {

  @Test
  void multiAzBeatsAReadReplicaAndRdsProxyCutsTheFailover() throws Exception {
    List<StageSummary> s = Library.simulate(Library.load("db-failover.json"));
    StageSummary multiAz = s.get(0);
    StageSummary replica = s.get(1);
    StageSummary proxy = s.get(2);
    // Multi-AZ: "typically 60-120 seconds" -> mean 90 s
    assertThat(multiAz.recovery().rtoMean()).isBetween(80.0, 100.0);
    assertThat(multiAz.recovery().rtoP95()).isLessThanOrEqualTo(120.0);
    // the replica waits for an operator: 10 minutes
    assertThat(replica.recovery().rtoMean()).isCloseTo(600.0, within(0.5));
    // RDS Proxy: up to 66 % shorter
    assertThat(proxy.recovery().rtoMean() / multiAz.recovery().rtoMean())
        .isCloseTo(0.34, within(0.05));
    // synchronous standby: nothing lost; asynchronous replica: its lag (2 s mean)
    assertThat(multiAz.recovery().rpoMean()).isZero();
    assertThat(replica.recovery().rpoMean()).isBetween(1.0, 3.5);
    assertThat(proxy.requestsFailed()).isLessThan(multiAz.requestsFailed());
    assertThat(multiAz.requestsFailed()).isLessThan(replica.requestsFailed());
    for (StageSummary st : s) {
      assertThat(st.failedByCause().keySet()).as(st.name()).containsOnly("db-failover");
    }
    // during a failover with a replica only writing requests fail (1 - e^-0.3 of them);
    // without one every request does: per second of downtime the replica stage loses less
    double perSecondReplica =
        replica.requestsFailed()
            / (replica.recovery().rtoMean() * replica.recovery().perTrial() * replica.trials());
    double perSecondMultiAz =
        multiAz.requestsFailed()
            / (multiAz.recovery().rtoMean() * multiAz.recovery().perTrial() * multiAz.trials());
    assertThat(perSecondReplica / perSecondMultiAz).isCloseTo(1 - Math.exp(-0.3), within(0.03));
  }

  @Test
  void globalAcceleratorDoesNotWaitForDnsCaches() throws Exception {
    List<StageSummary> s = Library.simulate(Library.load("region-failover-routing.json"));
    StageSummary dns = s.get(0);
    StageSummary ga = s.get(1);
    // Route 53 health checks 30 s x 3: 13 of 15 checkers' phases (30 x 13 / 16), two more
    // intervals and the 4 s connection timeout = 88.4 s on average (sd 2.84 s per outage); each
    // region runs a full fleet (nothing to boot); DNS adds the TTL
    double detection = 30 * 13 / 16.0 + 2 * 30 + 4;
    double error = 3 * 2.84 / Math.sqrt(ga.trials());
    assertThat(ga.meanDetectionSeconds()).isCloseTo(detection, within(error));
    assertThat(ga.recovery().rtoMean()).isCloseTo(ga.meanDetectionSeconds(), within(0.01));
    assertThat(dns.recovery().rtoMean()).isCloseTo(dns.meanDetectionSeconds() + 300, within(0.01));
    assertThat(ga.requestsFailed()).isLessThan(dns.requestsFailed());
    assertThat(ga.costByComponentUsd()).containsKey("global accelerator");
  }

  @Test
  void theReportAndTheJsonCarryTheRecoveryFigures() throws Exception {
    var scenario = Library.load("db-failover.json");
    var json =
        dev.archsim.core.result.ResultCodec.summaryTree(
            dev.archsim.engine.result.RunSummary.of(scenario, Library.accumulators(scenario, 20)));
    assertThat(json.at("/stages/1/recovery/rtoSeconds/mean").asDouble()).isEqualTo(600.0);
    assertThat(json.at("/stages/0/recovery/rpoSeconds/p95").asDouble()).isZero();
    String html =
        dev.archsim.core.report.HtmlReport.render(
            scenario, new dev.archsim.core.result.ResultView(json), List.of());
    String table = html.substring(html.indexOf("id=\"recovery\""));
    table = table.substring(0, table.indexOf("</table>"));
    assertThat(table)
        .contains(
            "1-multi-az",
            "2-read-replica",
            "3-multi-az-proxy",
            "<td title=\"600.0 s\">10.0 min</td>");
  }
}
