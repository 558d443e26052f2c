package dev.archsim.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A Route 53 record's removal after its instance fails, and its return. */
class AddressBindingTest {
  private static ClientBinding.Dns records(Entry.Route53 entry, int n) {
    return (ClientBinding.Dns) ClientBinding.of(entry, n, new EventQueue(86_400));
  }

  @Test
  void aRecordsHealthCheckRemovesItAtRoute53sDelayFromOneDraw() {
    ClientBinding.Dns dns =
        records(new Entry.Route53(60, new Entry.DnsHealthCheck(30, 3), 10.0, "multivalue"), 2);
    double u = new SplittableRandom(5).nextDouble();
    assertThat(dns.detectionSeconds(new SplittableRandom(5)))
        .as("the health check, not the operator's removal")
        .isEqualTo(HealthChecks.route53Unhealthy(30, 3, u));
  }

  @Test
  void withoutAHealthCheckAnOperatorRemovesItAfterTheRemovalTimeOnAverage() {
    ClientBinding.Dns dns = records(new Entry.Route53(60, null, 10.0, "multivalue"), 2);
    SplittableRandom random = new SplittableRandom(9);
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      sum += dns.detectionSeconds(random);
    }
    assertThat(sum / n).isCloseTo(600, within(600 * 0.02));
  }

  @Test
  void nothingRemovesARecordWithoutAHealthCheckOrAnOperator() {
    ClientBinding.Dns dns = records(new Entry.Route53(60, null, null, "multivalue"), 2);
    assertThat(dns.detectionSeconds(new SplittableRandom(1))).isNaN();
  }

  @Test
  void aRestoredRecordTakesItsShareBackOverOneTtl() {
    ClientBinding.Dns dns = records(new Entry.Route53(60, null, null, "multivalue"), 2);
    dns.setRecord(1, false, 0);
    assertThat(dns.share(1, 60)).isZero();
    dns.restore(1, 100);
    assertThat(dns.present(1)).isTrue();
    assertThat(dns.share(1, 130)).as("half a TTL after").isCloseTo(0.25, within(1e-12));
    dns.restore(1, 130); // present already: the move under way goes on unchanged
    assertThat(dns.share(1, 145)).isCloseTo(0.375, within(1e-12));
    assertThat(dns.share(1, 160)).isCloseTo(0.5, within(1e-12));
  }
}
