package dev.archsim.engine.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A metric's name in the result is its tier's and its figure's, written in one place. */
class MetricTest {
  @Test
  void namesAreTheResultsKeys() {
    assertThat(Metric.of("cache", "hits").name()).isEqualTo("cache.hits");
    assertThat(Metric.Tier.chain("app").failed(FailureCause.AZ_OUTAGE).name())
        .isEqualTo("tier.app.az-outage");
    assertThat(Metric.Tier.chain("app").metric(Metric.FleetFigure.SERVED).name())
        .isEqualTo("tier.app.served");
    assertThat(Metric.Tier.WORKERS.metric(Metric.FleetFigure.MAX_IN_SERVICE).name())
        .isEqualTo("workers.maxInService");
    assertThat(Metric.Tier.ECS.metric(Metric.FleetFigure.SPOT_INTERRUPTIONS).name())
        .isEqualTo("ecs.spotInterruptions");
    assertThat(Metric.Tier.COMPUTE.metric(Metric.FleetFigure.CREDIT_CAPPED_HOURS).name())
        .isEqualTo("compute.creditCappedHours");
    assertThat(Metric.Tier.region("eu-west-1").metric("requests").name())
        .isEqualTo("region.eu-west-1.requests");
  }

  @Test
  void aFigureHasNoDotAndAComponentTierIsAPlainName() {
    assertThatThrownBy(() -> Metric.of("cache", "hits.total"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hits.total");
    assertThatThrownBy(() -> Metric.of("cache", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metric.of("Cache", "hits"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cache");
    assertThatThrownBy(() -> Metric.of("cache.", "hits"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metric.of("cache hits", "total"))
        .isInstanceOf(IllegalArgumentException.class);
    // a part of a component: efs.read.gb
    assertThat(Metric.of("efs.read", "gb").name()).isEqualTo("efs.read.gb");
    assertThatThrownBy(() -> new Metric.Tier("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoMetricsShareANameOnlyWhenTheyAreEqual() {
    // chain tiers may be named anything, dots included: the figure's lack of one keeps names apart
    List<Metric> metrics =
        List.of(
            Metric.Tier.chain("a").metric("served"),
            Metric.Tier.chain("a.served").metric(Metric.FleetFigure.SERVED),
            Metric.Tier.chain("a").failed(FailureCause.OVERLOAD),
            Metric.Tier.chain("a.overload").metric(Metric.FleetFigure.SERVED),
            Metric.Tier.chain("a.b").metric("served"),
            Metric.Tier.chain("a").metric(Metric.FleetFigure.SERVED),
            Metric.of("tier", "served"));
    Map<String, Metric> byName = new HashMap<>();
    for (Metric m : metrics) {
      Metric other = byName.putIfAbsent(m.name(), m);
      if (other != null) {
        assertThat(other).isEqualTo(m);
      }
    }
    assertThat(byName).hasSize(6);
  }
}
