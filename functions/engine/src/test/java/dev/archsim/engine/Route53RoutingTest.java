package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Entry.Route53.Routing;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every Route 53 routing policy is simulated as documented on {@link Routing}, or rejected. */
class Route53RoutingTest {
  static final double RATE = 30;
  static final double TTL = 600;

  static StageSummary removeOneOfThree(Routing routing) {
    Faults removal =
        new Faults(null, null, List.of(new Faults.DnsRemoval(Duration.ofHours(1), true)));
    Architecture arch =
        Scenarios.singleAz("m5.large", 3, new Entry.Route53(TTL, null, null, routing));
    return MechanismsTest.run(
        arch, Scenarios.constant(RATE, 10, 20), removal, Duration.ofHours(4), 1);
  }

  @ParameterizedTest
  @EnumSource(
      value = Routing.class,
      names = {"SIMPLE", "MULTIVALUE", "WEIGHTED", "LATENCY"})
  void evenSpreadPoliciesLoseTheRemovedThirdForHalfATtl(Routing routing) {
    StageSummary r = removeOneOfThree(routing);
    assertThat(r.failedByCause()).containsOnlyKeys("dns-stale");
    assertThat((double) r.failedByCause().get("dns-stale"))
        .isCloseTo(RATE / 3 * TTL / 2, within(1.0));
  }

  @Test
  void failoverSendsEveryClientToThePrimaryAndMovesThemAllWhenItsRecordGoes() {
    // the scheduled removal takes the first present record: the primary, which holds every client
    StageSummary r = removeOneOfThree(Routing.FAILOVER);
    assertThat((double) r.failedByCause().get("dns-stale")).isCloseTo(RATE * TTL / 2, within(1.0));
  }

  @Test
  void everyPolicyHasItsScenarioNameAndAnUnknownOneIsRefused() {
    for (Routing r : Routing.values()) {
      assertThat(Routing.fromId(r.id())).isEqualTo(r);
      assertThat(r.toString()).isEqualTo(r.id());
    }
    assertThat(Routing.fromId(null)).isEqualTo(Routing.SIMPLE);
    assertThatThrownBy(() -> Routing.fromId("geolocation"))
        .hasMessageContaining("unknown Route 53 routing policy geolocation");
  }

  @Test
  void aSimpleRecordWithAHealthCheckIsRejectedWithTheReason() {
    var hc = new Entry.DnsHealthCheck(30, 3);
    List<Violation> simple = validate(new Entry.Route53(60, hc, null, Routing.SIMPLE));
    assertThat(simple)
        .anyMatch(
            v ->
                v.path().equals("$.stages[0].architecture.entry.healthCheck")
                    && v.message().contains("cannot check the health of a 'simple' record")
                    && v.message().contains("'multivalue'"));
    for (Routing ok : List.of(Routing.MULTIVALUE, Routing.WEIGHTED, Routing.FAILOVER)) {
      assertThat(validate(new Entry.Route53(60, hc, null, ok)))
          .as(ok.id())
          .noneMatch(v -> v.path().endsWith("entry.healthCheck"));
    }
  }

  static List<Violation> validate(Entry entry) {
    var s =
        Scenarios.of(
            Duration.ofDays(1),
            1,
            1,
            Scenarios.constant(10, 10, 20),
            Faults.NONE,
            Scenarios.singleAz("m5.large", 2, entry));
    return new ScenarioValidator().validate(s);
  }
}
