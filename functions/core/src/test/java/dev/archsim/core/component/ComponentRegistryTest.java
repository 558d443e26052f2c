package dev.archsim.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.JsonSection;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.ComputeComponent;
import dev.archsim.engine.component.ComputeStage;
import dev.archsim.engine.component.EntryComponent;
import dev.archsim.engine.component.PathStage;
import dev.archsim.engine.component.RecordingTrial;
import dev.archsim.engine.component.WriteQueue;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  static final Set<String> NOT_YET_MODULES = Set.of("region", "azs");

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

  static <C> boolean bringsTheComputeTier(Components.Present<C> p, Architecture a) {
    return p.component().computeTier(p.config(), a.azs()) != null;
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
          Workload w = s.workloadOf(stage);
          RecordingTrial trial = new RecordingTrial(a, w);
          PathStage path = p.stage(trial);
          if (path == null) { // the fleet keeps their state: the compute tier and its entry
            assertThat(p.component())
                .as(section + " has no stage")
                .isInstanceOfAny(EntryComponent.class, ComputeComponent.class);
            assertThat(a.compute() != null || a.functions() != null).isTrue();
            continue;
          }
          if (path instanceof ComputeStage compute) {
            compute.start();
            compute.serve(0, 3600, w.requestsPerSecond());
          }
          if (path instanceof WriteQueue queue) {
            queue.step(0, 3600, w.requestsPerSecond(), true);
          }
          path.bill(0, 3600, w.requestsPerSecond());
          if (!bringsTheComputeTier(p, a) || !trial.costs.isEmpty()) {
            // a module that brings the stage's compute tier (ECS on Fargate) may bill nothing
            // itself: the fleet bills its tasks
            assertThat(trial.costs).as(section + " bills an hour").isNotEmpty();
          }
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

  /** The documents that set every field of every module section, and none. */
  static final Path SECTIONS = Path.of("src/test/resources/component-sections");

  /** The library. */
  static final Path LIBRARY = Path.of("../../events/scenarios");

  /**
   * What each section read to, one line per present section: {@code file, stage index, section, the
   * configuration record's text}. Written by the codec before the mapping moved into the modules;
   * it also holds the sections the codec still maps (entry, compute, database, queue, dr), so that
   * one moving into a module is checked against what the codec read. {@code
   * -Darchsim.sections.update=true} rewrites the file from the code as it is: run it before moving
   * a section (after adding its fields to the two documents), never to make a failure pass.
   */
  static final Path READ_BEFORE = SECTIONS.resolve("read-before-modules.tsv");

  /**
   * Each module reads its own section ({@link Component#read} over the codec's {@link JsonSection})
   * to exactly what the codec read before the mapping moved into the modules, on every library
   * stage and on two documents that set every field of every module section and none; the
   * architecture the codec builds holds that same configuration ({@link Architecture#part}).
   */
  @Test
  void eachModuleReadsItsSectionAsTheCodecDidBefore() throws IOException {
    ScenarioCodec codec = new ScenarioCodec();
    List<String> now = new ArrayList<>();
    List<Path> docs = new ArrayList<>(jsonFiles(LIBRARY));
    docs.addAll(jsonFiles(SECTIONS));
    for (Path f : docs) {
      JsonNode tree = new ObjectMapper().readTree(Files.readString(f));
      Scenario s = codec.parseJson(Files.readString(f)).orThrow();
      for (int i = 0; i < s.stages().size(); i++) {
        JsonNode architecture = tree.path("stages").get(i).path("architecture");
        Architecture a = s.stage(i).architecture();
        Faults faults = s.stage(i).faults();
        for (int k = 0; faults != null && k < faults.scheduled().size(); k++) {
          Faults.ScheduledFault fault = faults.scheduled().get(k);
          JsonNode json = tree.path("stages").get(i).path("faults").path("scheduled").get(k);
          Optional<Component<?>> reader = Components.readerOf(json.path("type").asText());
          if (reader.isPresent()) {
            String path = "$.stages[" + i + "].faults.scheduled[" + k + "]";
            Faults.ScheduledFault read = reader.get().readFault(new JsonSection(json, path));
            assertThat(read).as(path + " in " + f.getFileName()).isEqualTo(fault);
            assertThat(reader.get().owns(read)).as(path + " owned by its reader").isTrue();
            now.add(line(f, i, "fault " + reader.get().section(), read));
          }
        }
        for (Component<?> c : Components.all()) {
          Object part = a.part(c);
          if (!architecture.has(c.section())) {
            if (part != null) { // the functions of a stage without compute, every default
              now.add(line(f, i, c.section(), part));
            }
            continue;
          }
          String path = "$.stages[" + i + "].architecture." + c.section();
          Object read =
              c.read(JsonSection.of(architecture, c.section(), "$.stages[" + i + "].architecture"));
          assertThat(part).as(path + " in " + f.getFileName()).isEqualTo(read);
          now.add(line(f, i, c.section(), read));
        }
        for (String section : new TreeSet<>(NOT_YET_MODULES)) { // the codec's, until they move
          Object config = notYetModule(a, section);
          if (architecture.has(section) && config instanceof Record) {
            now.add(line(f, i, section, config));
          }
        }
      }
    }
    if (Boolean.getBoolean("archsim.sections.update")) {
      Files.write(READ_BEFORE, now);
    }
    List<String> before = Files.readAllLines(READ_BEFORE);
    assertThat(now).as("sections read now vs " + READ_BEFORE).containsAll(before);
    for (Component<?> c : Components.all()) {
      for (String type : c.faultTypes()) {
        assertThat(before)
            .as(type + " of " + c.section() + " in every-field.json")
            .anyMatch(
                l -> l.startsWith("every-field.json\t") && l.contains("\tfault " + c.section()));
      }
      for (String doc : List.of("every-field.json", "every-default.json")) {
        assertThat(before)
            .as(c.section() + " in " + doc + " and " + READ_BEFORE.getFileName())
            .anyMatch(l -> l.startsWith(doc + "\t") && l.contains("\t" + c.section() + "\t"));
      }
    }
  }

  /** A section not yet a module, as the codec maps it: the architecture's field of that name. */
  private static Object notYetModule(Architecture a, String section) {
    try {
      return Architecture.class.getMethod(section).invoke(a);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("Architecture has no field " + section, e);
    }
  }

  private static String line(Path f, int stage, String section, Object config) {
    return f.getFileName() + "\t" + stage + "\t" + section + "\t" + config;
  }

  private static List<Path> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
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
}
