package dev.archsim.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.archsim.engine.validate.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One mistake, one problem: every library scenario with one typical mistake in its first stage (a
 * misspelt section, a negative count, an empty list, a wrong type, a value not among the options)
 * gets exactly one problem, at a path the file has; the rules do not judge what the schema refused,
 * nor what depends on it (no knock-on problems at places the user did not write).
 */
class OneMistakeOneProblemTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScenarioCodec CODEC = new ScenarioCodec();

  /** A typical mistake in a stage's architecture; null when the stage has nothing to spoil. */
  record Mistake(String name, UnaryOperator<ObjectNode> spoil) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Mistake> MISTAKES =
      List.of(
          new Mistake(
              "misspelt architecture",
              stage -> {
                stage.set("architecure", stage.remove("architecture"));
                return stage;
              }),
          new Mistake(
              "negative countPerAz",
              stage -> {
                JsonNode c = stage.path("architecture").path("compute");
                if (!(c instanceof ObjectNode o) || !o.has("countPerAz")) {
                  return null;
                }
                o.set("countPerAz", IntNode.valueOf(-2));
                return stage;
              }),
          new Mistake(
              "empty AZ list",
              stage -> {
                ((ObjectNode) stage.get("architecture")).set("azs", JSON.createArrayNode());
                return stage;
              }),
          new Mistake(
              "region of the wrong type",
              stage -> {
                ((ObjectNode) stage.get("architecture")).set("region", IntNode.valueOf(7));
                return stage;
              }),
          new Mistake(
              "entry type not an option",
              stage -> {
                JsonNode e = stage.path("architecture").path("entry");
                if (!(e instanceof ObjectNode o)) {
                  return null;
                }
                o.set("type", TextNode.valueOf("load-balancer"));
                return stage;
              }));

  static List<Path> library() throws Exception {
    try (var files = Files.list(Path.of("../../events/scenarios"))) {
      return files.sorted().toList();
    }
  }

  static Stream<Arguments> oneMistakeFiles() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (Path p : library()) {
      for (Mistake m : MISTAKES) {
        out.add(Arguments.of(p.getFileName().toString(), m));
      }
    }
    return out.stream();
  }

  static JsonNode read(String file) throws Exception {
    return JSON.readTree(Files.readString(Path.of("../../events/scenarios", file)));
  }

  static List<Violation> problems(JsonNode doc) {
    return CODEC.parseTree(doc).errors();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("oneMistakeFiles")
  void oneMistakeGivesOneProblemAtAPathTheFileHas(String file, Mistake mistake) throws Exception {
    JsonNode doc = read(file);
    assertThat(problems(doc)).as("the library file itself is valid").isEmpty();
    ObjectNode stage = (ObjectNode) ((ArrayNode) doc.get("stages")).get(0);
    if (mistake.spoil().apply(stage) == null) {
      return; // the stage has nothing this mistake could spoil
    }
    List<Violation> found = problems(doc);
    assertThat(found).as(found.toString()).hasSize(1);
    assertThat(written(doc, found.get(0).path())).as(found.toString()).isTrue();
  }

  /**
   * Three independent mistakes in three stages of one file (a misspelt architecture, a negative
   * count, an empty AZ list) give exactly three problems, each at the path the mistake is at.
   */
  @Test
  void threeIndependentMistakesGiveThreeProblems() throws Exception {
    JsonNode doc = read("whatisthetime.json");
    ArrayNode stages = (ArrayNode) doc.get("stages");
    MISTAKES.get(0).spoil().apply((ObjectNode) stages.get(0));
    MISTAKES.get(1).spoil().apply((ObjectNode) stages.get(1));
    MISTAKES.get(2).spoil().apply((ObjectNode) stages.get(2));
    assertThat(problems(doc).stream().map(Violation::toString).toList())
        .containsExactlyInAnyOrder(
            "$.stages[0].architecure: unknown field (did you mean 'architecture'?)",
            "$.stages[1].architecture.compute.countPerAz: must be at least 0 (found -2)",
            "$.stages[2].architecture.azs: must list at least one item (found 0)");
  }

  /**
   * Whether a problem's path is in the file: the node itself, or for a missing field its object.
   */
  static boolean written(JsonNode doc, String path) {
    return ReadableProblems.at(doc, path) != null;
  }
}
