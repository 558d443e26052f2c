package dev.archsim.engine.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.Scenarios;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentsTest {
  /** Two m5.large behind an ALB, nothing else. */
  static Architecture albAndFleet() {
    return new Architecture(
        "us-east-1",
        List.of("us-east-1a"),
        Scenarios.alb(10, 2, 2),
        new ComputeTier("web", "m5.large", Map.of("us-east-1a", 2)),
        Map.of());
  }

  @Test
  void eachHandsThePresentTheirConfigurationAndTheAbsentTheirWithoutInRegistryOrder() {
    Architecture a = albAndFleet();
    List<String> present = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    Components.each(
        Components.all(),
        a,
        p -> {
          assertThat(p.config()).isSameAs(p.component().config(a));
          present.add(p.component().section());
        },
        c -> absent.add(c.section()));
    assertThat(present).containsExactly("entry", "compute");
    List<String> rest = new ArrayList<>(Components.all().stream().map(Component::section).toList());
    rest.removeAll(present);
    assertThat(absent).isEqualTo(rest);
    // the walk in a caller's order
    present.clear();
    Components.each(Components.listed(), a, p -> present.add(p.component().section()), c -> {});
    assertThat(present).containsExactly("compute", "entry");
  }

  @Test
  void theChecksOfAStageAskTheAbsentComponentsToo() {
    List<PillarCheck> out = new ArrayList<>();
    Components.checks(Components.listed(), albAndFleet(), out);
    // no AWS WAF in front of an entry: its check, not met (WafComponent.checksWithout)
    assertThat(out)
        .filteredOn(c -> c.pillar().equals("security") && c.check().equals(WafComponent.FILTERS))
        .singleElement()
        .satisfies(c -> assertThat(c.met()).isFalse());
  }
}
