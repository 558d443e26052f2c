package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioOverrides.Terms;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line's and the API's changes applied to the parsed model, and the problems of the
 * changed scenario said in the user's terms: the document's paths (a stage at its place in the
 * file) and the flag or query parameter that set a run setting.
 */
class ScenarioOverridesTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  static final ObjectMapper STRICT = ScenarioCodec.strict(new ObjectMapper());

  static JsonNode tree(String file) throws Exception {
    return ScenarioCodec.readJsonTree(STRICT, Files.readString(LIBRARY.resolve(file)));
  }

  static List<String> paths(ScenarioParseResult r) {
    return r.violations().stream().map(Violation::path).toList();
  }

  @Test
  void theStagesAtTheGivenPlacesAreKeptInTheFilesOrderEachWithItsPlace() throws Exception {
    Scenario s = new ScenarioCodec().parseTree(tree("whatisthetime.json")).orThrow();
    Scenario two = new ScenarioOverrides(7, 9L, null, null, List.of(3, 1)).applyTo(s);
    assertThat(two.stages())
        .extracting(x -> x.name())
        .containsExactly(s.stage(1).name(), s.stage(3).name());
    assertThat(two.stageNumbers()).containsExactly(1, 3);
    assertThat(two.run()).isEqualTo(s.run().withTrials(7).withSeed(9L));
    // applied again on the selection (an API override on a stored --stage run) it keeps them
    assertThat(ScenarioOverrides.of(3, null).applyTo(two).stageNumbers()).containsExactly(1, 3);
    assertThat(new ScenarioOverrides(null, null, null, null, List.of(3, 1, 3)).stages())
        .containsExactly(1, 3);
    assertThatThrownBy(() -> new ScenarioOverrides(null, null, null, null, List.of(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSelectedStagesProblemsAreSaidAtItsPlaceInTheFileAndAFlagsAsTheFlag() throws Exception {
    ScenarioCodec codec = new ScenarioCodec();
    JsonNode doc = tree("whatisthetime.json");
    Scenario asParsed = codec.parseTree(doc).orThrow();
    // stage 6 (place 5) has Auto Scaling and faults: neither is simulated per request
    ScenarioParseResult r =
        codec.check(
            asParsed,
            doc,
            new ScenarioOverrides(0, null, null, RunSettings.Mode.REQUESTS, List.of(5)),
            Terms.COMMAND_LINE);
    assertThat(r.isValid()).isFalse();
    assertThat(paths(r))
        .contains("$.stages[5].architecture.compute.autoScaling", "--trials 0")
        .noneMatch(p -> p.startsWith("$.stages[0]") || p.startsWith("$.run"));
    assertThat(r.violations())
        .filteredOn(v -> v.path().equals("--trials 0"))
        .extracting(Violation::message)
        .containsExactly("must be between 1 and 100000");
    // a place the file does not have
    assertThat(
            paths(
                codec.check(
                    asParsed,
                    doc,
                    new ScenarioOverrides(null, null, null, null, List.of(8)),
                    Terms.COMMAND_LINE)))
        .contains("--stage 9");
  }

  @Test
  void theWorkBudgetIsJudgedOnTheScenarioAsItWillRun() throws Exception {
    ScenarioCodec codec = new ScenarioCodec(Limits.DEFAULT);
    JsonNode doc = tree("whatisthetime.json");
    Scenario asParsed = codec.parseTree(doc).orThrow();
    ScenarioOverrides big = new ScenarioOverrides(100_000, null, Duration.ofDays(365), null, null);
    ScenarioParseResult tooMuch = codec.check(asParsed, doc, big, Terms.COMMAND_LINE);
    assertThat(tooMuch.isValid()).isFalse();
    assertThat(tooMuch.errors()).anyMatch(v -> v.message().contains("work units"));
    // the same document with fewer trials than it asks for fits
    ScenarioParseResult few = codec.parseTree(doc, ScenarioOverrides.of(2, null), Terms.REQUEST);
    assertThat(few.isValid()).as("%s", few.violations()).isTrue();
    assertThat(few.scenario().orElseThrow().run().trials()).isEqualTo(2);
  }

  @Test
  void aRefusedFlagIsOneProblemAndFeedsNoOtherCheck() throws Exception {
    ScenarioCodec codec = new ScenarioCodec(Limits.DEFAULT);
    JsonNode doc = tree("whatisthetime.json");
    Scenario asParsed = codec.parseTree(doc).orThrow();
    // a million trials would also be over the work budget, which is judged on the file's trials
    ScenarioParseResult r =
        codec.check(
            asParsed,
            doc,
            new ScenarioOverrides(1_000_000, null, null, null, null),
            Terms.COMMAND_LINE);
    assertThat(r.violations())
        .extracting(v -> v.path() + ": " + v.message())
        .containsExactly("--trials 1000000: must be between 1 and 100000");
    // a refused value beside a good one: said once, at the parameter, not also at $.run.trials
    ScenarioParseResult both =
        codec.parseTree(
            doc, new ScenarioOverrides(0, null, Duration.ofDays(365), null, null), Terms.REQUEST);
    assertThat(paths(both)).contains("?trials").doesNotContain("$.run.trials");
    assertThat(both.violations())
        .filteredOn(v -> v.path().equals("?trials"))
        .extracting(Violation::message)
        .containsExactly("must be between 1 and 100000; found 0");
  }

  @Test
  void aDocumentsSchemaAndRuleProblemsAndTheRequestsComeInOnePass() throws Exception {
    String text =
        Files.readString(LIBRARY.resolve("whatisthetime.json"))
            .replace("\"P30D\"", "\"thirty days\"") // schema
            .replace("\"2-vertical-m5.large\"", "\"1-t2.micro-elastic-ip\""); // rule: duplicate
    JsonNode doc = ScenarioCodec.readJsonTree(STRICT, text);
    ScenarioParseResult r =
        new ScenarioCodec().parseTree(doc, ScenarioOverrides.of(0, null), Terms.REQUEST);
    assertThat(r.isValid()).isFalse();
    assertThat(paths(r)).contains("$.run.horizon", "$.stages[1].name", "?trials");
    assertThat(r.violations())
        .filteredOn(v -> v.path().equals("?trials"))
        .extracting(Violation::message)
        .containsExactly("must be between 1 and 100000; found 0");
    // without the schema problem, the rules and the request's problem together as well
    JsonNode schemaValid =
        ScenarioCodec.readJsonTree(STRICT, text.replace("\"thirty days\"", "\"P30D\""));
    assertThat(
            paths(
                new ScenarioCodec()
                    .parseTree(schemaValid, ScenarioOverrides.of(100_001, null), Terms.REQUEST)))
        .contains("$.stages[1].name", "?trials");
  }
}
