package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.ComputeStage;
import dev.archsim.engine.component.PathStage;
import dev.archsim.engine.component.TrialContext;
import dev.archsim.engine.component.WriteQueue;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The component registry against the published schema and the scenario library: each component is
 * registered once, owns a section the schema has, and on every library stage that has it passes its
 * own rules, explains itself and bills something.
 */
class ComponentRegistryTest {
  /**
   * Sections of the architecture still handled outside a component module; this set only shrinks as
   * components move into modules, and a new section must come with its component.
   */
  static final Set<String> NOT_YET_MODULES =
      Set.of("region", "azs", "entry", "compute", "database", "dr");

  @Test
  void eachComponentIsRegisteredOnceUnderASectionOfItsOwn() {
    Set<Class<?>> classes = new HashSet<>();
    Set<String> sections = new HashSet<>();
    for (Component<?> c : Components.all()) {
      assertThat(classes.add(c.getClass())).as("%s registered twice", c.getClass()).isTrue();
      assertThat(sections.add(c.section())).as("section %s owned twice", c.section()).isTrue();
    }
    assertThat(sections).doesNotContainAnyElementsOf(NOT_YET_MODULES);
  }

  @Test
  void everyArchitectureSectionOfTheSchemaIsOwnedByOneComponent() throws IOException {
    JsonNode properties =
        new ObjectMapper()
            .readTree(ScenarioCodec.schemaText())
            .at("/$defs/architecture/properties");
    Set<String> inSchema = new TreeSet<>();
    properties.fieldNames().forEachRemaining(inSchema::add);
    Set<String> owned = new TreeSet<>(NOT_YET_MODULES);
    Components.all().forEach(c -> owned.add(c.section()));
    assertThat(owned).isEqualTo(inSchema);
  }

  @Test
  void everyComponentPassesItsRulesExplainsItselfAndBillsOnTheLibrary() throws IOException {
    Map<String, Integer> stagesWith = new TreeMap<>();
    for (Scenario s : library()) {
      for (Stage stage : s.stages()) {
        Architecture a = stage.architecture();
        for (Components.Present<?> p : Components.in(a)) {
          String section = p.component().section();
          stagesWith.merge(section, 1, Integer::sum);
          List<Violation> violations = new ArrayList<>();
          p.rules(a, "$.architecture", violations);
          assertThat(violations).as(section + " rules on a library stage").isEmpty();
          assertThat(p.explain(a, s.workloadOf(stage)))
              .as(section + " explained")
              .isNotEmpty()
              .allSatisfy(line -> assertThat(line).isNotBlank());
          assertThat(p.stateUnits()).isGreaterThanOrEqualTo(0);
          Recording trial = new Recording(a, s.workloadOf(stage));
          PathStage path = p.stage(trial);
          if (path instanceof ComputeStage compute) {
            compute.start();
            compute.serve(0, 3600, trial.w.requestsPerSecond());
          }
          if (path instanceof WriteQueue queue) {
            queue.step(0, 3600, trial.w.requestsPerSecond(), true);
          }
          path.bill(3600, trial.w.requestsPerSecond());
          assertThat(trial.costs).as(section + " bills an hour").isNotEmpty();
          assertThat(trial.costs.values()).allSatisfy(v -> assertThat(v).isPositive());
        }
      }
    }
    for (Component<?> c : Components.all()) {
      assertThat(stagesWith)
          .as("a library scenario with a " + c.section())
          .containsKey(c.section());
    }
  }

  private static List<Scenario> library() throws IOException {
    ScenarioCodec codec = new ScenarioCodec();
    List<Scenario> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../../events/scenarios"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(codec.parseJson(Files.readString(f)).orThrow());
      }
    }
    return out;
  }

  /** A trial that records what a stage counts and bills. */
  private static final class Recording implements TrialContext {
    final Architecture a;
    final Workload w;
    final Map<String, Double> costs = new TreeMap<>();

    Recording(Architecture a, Workload w) {
      this.a = a;
      this.w = w;
    }

    @Override
    public String region() {
      return a.region();
    }

    @Override
    public int azCount() {
      return Math.max(1, a.azs().size());
    }

    @Override
    public SplittableRandom random() {
      return new SplittableRandom(1);
    }

    @Override
    public void at(double at, Runnable action) {}

    @Override
    public Entry entry() {
      return a.entry();
    }

    @Override
    public RequestProfile profile() {
      return w.profile();
    }

    @Override
    public double offeredRate(double from, double to) {
      return w.requestsPerSecond();
    }

    @Override
    public void servedAfterMix(double requests, double extraMs, double meanMs) {}

    @Override
    public double meanRoundTripMs(String region) {
      return 10;
    }

    @Override
    public void served(double requests, double fixedMs, double meanMs) {}

    @Override
    public void failed(FailureCause cause, double requests) {}

    @Override
    public void count(String key, double v) {}

    @Override
    public void peak(String key, double v) {}

    @Override
    public void cost(String component, double usd) {
      if (usd > 0) {
        costs.merge(component, usd, Double::sum);
      }
    }
  }
}
