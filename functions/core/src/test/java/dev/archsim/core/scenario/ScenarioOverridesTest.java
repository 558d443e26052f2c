package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's and the API's changes to a scenario applied as typed copies of the parsed
 * model agree with the same changes applied to the stored document and parsed again: same model,
 * same verdict, same problems, for every library scenario and a range of overrides.
 */
class ScenarioOverridesTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  static final ObjectMapper STRICT = ScenarioCodec.strict(new ObjectMapper());

  static Stream<String> library() throws IOException {
    try (Stream<Path> files = Files.list(LIBRARY)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static List<ScenarioOverrides> overridesOf(Scenario s) {
    String last = s.stages().get(s.stages().size() - 1).name();
    return List.of(
        ScenarioOverrides.NONE,
        ScenarioOverrides.of(7, 99L),
        new ScenarioOverrides(3, null, Duration.ofDays(2), null, List.of(last)),
        new ScenarioOverrides(null, 5L, Duration.ofHours(36), RunSettings.Mode.REQUESTS, List.of()),
        new ScenarioOverrides(
            2, null, null, RunSettings.Mode.FLUID, List.of(s.stages().get(0).name(), last)),
        // past the work budget: both ways must reject it alike
        new ScenarioOverrides(100_000, null, Duration.ofDays(365), null, List.of()));
  }

  @ParameterizedTest
  @MethodSource("library")
  void typedCopiesAgreeWithTheChangedDocumentParsedAgain(String file) throws Exception {
    ScenarioCodec codec = new ScenarioCodec(Limits.DEFAULT);
    JsonNode tree = ScenarioCodec.readJsonTree(STRICT, Files.readString(LIBRARY.resolve(file)));
    Scenario parsed =
        new ScenarioCodec(Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY))
            .parseTree(tree)
            .orThrow();
    for (ScenarioOverrides o : overridesOf(parsed)) {
      JsonNode changed = o.applyTo(tree);
      ScenarioParseResult again = codec.parseTree(changed);
      ScenarioParseResult typed = codec.check(o.applyTo(parsed), changed);
      String what = file + " with " + o;
      assertThat(typed.isValid()).as(what).isEqualTo(again.isValid());
      assertThat(typed.violations()).as(what).isEqualTo(again.violations());
      if (again.isValid()) {
        // the typed copy of a stage selection keeps each stage's number in the file (its random
        // streams); the changed document numbers what is left from 0: equal once renumbered
        Scenario copy = typed.scenario().orElseThrow();
        assertThat(copy.withStages(copy.stages()))
            .as(what)
            .isEqualTo(again.scenario().orElseThrow());
      }
    }
    assertThat(tree)
        .as("the original document is left as it was")
        .isEqualTo(ScenarioCodec.readJsonTree(STRICT, Files.readString(LIBRARY.resolve(file))));
  }

  @Test
  void aRunThatIsNotAnObjectIsLeftForTheSchemaToReport() throws Exception {
    JsonNode doc = STRICT.readTree("{\"run\": 5, \"stages\": []}");
    assertThat(ScenarioOverrides.of(3, 4L).applyTo(doc)).isEqualTo(doc);
    JsonNode notAnObject = STRICT.readTree("[1]");
    assertThat(ScenarioOverrides.of(3, 4L).applyTo(notAnObject)).isSameAs(notAnObject);
  }

  @Test
  void onlyTheNamedStagesAreKeptInTheScenariosOrder() throws Exception {
    Scenario s =
        new ScenarioCodec()
            .parseTree(
                ScenarioCodec.readJsonTree(
                    STRICT, Files.readString(LIBRARY.resolve("whatisthetime.json"))))
            .orThrow();
    List<String> names = new ArrayList<>();
    s.stages().forEach(x -> names.add(x.name()));
    Scenario two =
        new ScenarioOverrides(null, null, null, null, List.of(names.get(3), names.get(1)))
            .applyTo(s);
    assertThat(two.stages()).extracting(x -> x.name()).containsExactly(names.get(1), names.get(3));
    assertThat(two.run()).isEqualTo(s.run());
  }
}
