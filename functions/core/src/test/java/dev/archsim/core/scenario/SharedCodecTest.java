package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.validate.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One codec per process per set of limits, and one JSON Schema compilation per process whatever the
 * number of codecs: before, every codec compiled the schema on its first parse (a CLI {@code
 * compare} compiled it twice).
 */
class SharedCodecTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");

  /** whatisthetime with three stages: more than a limit of two allows. */
  static final Limits TWO_STAGES =
      new Limits(
          100_000,
          Duration.ofDays(366),
          Duration.ofSeconds(1),
          10_000_000L,
          2,
          100_000,
          1e18,
          Limits.DEFAULT_MAX_WORK);

  @Test
  void everyCodecChecksAgainstTheOneSchemaCompiledInThisProcess() throws Exception {
    String doc = Files.readString(LIBRARY.resolve("whatisthetime.json"));
    for (int i = 0; i < 3; i++) {
      assertThat(new ScenarioCodec().parseJson(doc).isValid()).isTrue();
      assertThat(new ScenarioCodec(TWO_STAGES).parseJson("{}").isValid()).isFalse();
      assertThat(ScenarioCodec.of(Limits.DEFAULT.withMaxWork(1e6 + i)).parseJson("{}").isValid())
          .isFalse();
    }
    assertThat(ScenarioCodec.schemaCompilations()).isEqualTo(1);
  }

  @Test
  void theProcessHasOneCodecPerLimits() {
    assertThat(ScenarioCodec.shared()).isSameAs(ScenarioCodec.of(Limits.DEFAULT));
    assertThat(ScenarioCodec.of(TWO_STAGES)).isSameAs(ScenarioCodec.of(TWO_STAGES));
    assertThat(ScenarioCodec.of(TWO_STAGES)).isNotSameAs(ScenarioCodec.shared());
    assertThat(ScenarioCodec.of(TWO_STAGES).limits()).isEqualTo(TWO_STAGES);
  }

  @Test
  void codecsWithDifferentLimitsEachJudgeByTheirOwn() throws Exception {
    String doc = Files.readString(LIBRARY.resolve("whatisthetime.json"));
    ScenarioParseResult byDefault = ScenarioCodec.shared().parseJson(doc);
    ScenarioParseResult byTwoStages = ScenarioCodec.of(TWO_STAGES).parseJson(doc);
    ScenarioParseResult byTinyBudget =
        ScenarioCodec.of(Limits.DEFAULT.withMaxWork(1)).parseJson(doc);

    assertThat(byDefault.isValid()).as(byDefault.violations().toString()).isTrue();
    assertThat(byDefault.scenario().orElseThrow().stages()).hasSizeGreaterThan(2);
    assertThat(byTwoStages.isValid()).isFalse();
    assertThat(byTwoStages.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.toString()).contains("stages").contains("2"));
    assertThat(byTinyBudget.isValid()).isFalse();
    assertThat(byTinyBudget.violations().toString()).contains("work");
    // the same codecs again: each kept its own limits after the others were used
    assertThat(ScenarioCodec.shared().parseJson(doc).isValid()).isTrue();
    assertThat(ScenarioCodec.of(TWO_STAGES).parseJson(doc).isValid()).isFalse();
  }
}
