package dev.archsim.local.cli;

import static dev.archsim.local.WrappedText.assertThatWrapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.WrappedText;
import dev.archsim.local.text.Columns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scenario's problems, as validate (and every command reading a scenario) prints them, fit {@link
 * Columns#WIDTH} columns and lose no word: one mistake (the deepest field of the last stage
 * misspelt) in every library scenario, and the layout's edge cases (a path wider than the line, a
 * message with a list).
 */
class ProblemLinesWrapTest {
  static final Path LIBRARY = Path.of("../../events/scenarios");
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> library() throws IOException {
    try (Stream<Path> files = Files.list(LIBRARY)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(10);
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("library")
  void aMisspeltDeepFieldIsReportedWithinTheWidthAndWhole(Path scenario, @TempDir Path dir)
      throws IOException {
    JsonNode tree = JSON.readTree(scenario.toFile());
    JsonNode stages = tree.path("stages");
    ObjectNode deepest = deepestObject((ObjectNode) stages.get(stages.size() - 1), 0).node();
    String field = deepest.fieldNames().next();
    String misspelt = field.substring(0, field.length() - 1); // the last letter dropped
    rename(deepest, field, misspelt);
    Path file = dir.resolve(scenario.getFileName());
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree));

    CliHarness.Outcome o = CliHarness.run("validate", file.toString());

    String printed = o.out() + o.err();
    assertThat(o.exit()).as(printed).isNotZero();
    assertThat(printed).contains(misspelt);
    assertFits(scenario.toString(), printed);
    // no word lost: each problem, as one line of text, is in the output with only its spaces moved
    List<Violation> problems = ScenarioFiles.parse(file, Files.readString(file)).violations();
    assertThat(problems).isNotEmpty();
    for (Violation v : problems) {
      assertThatWrapped(printed)
          .contains((v.isError() ? "" : "warning: ") + v.path() + ": " + v.message());
    }
  }

  @Test
  void aPathWiderThanTheLineStandsWholeWithTheMessageBelowIt() {
    String path = "$.stages[3].architecture." + "veryLongName.".repeat(10) + "field";
    String message =
        "unknown field; the fields here are " + String.join(", ", words("allowedField", 30));
    List<String> lines = print(List.of(Violation.error(path, message)));

    assertThat(lines.get(0)).isEqualTo(path + ":");
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(l -> assertThat(l).startsWith("  ").hasSizeLessThanOrEqualTo(Columns.WIDTH));
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(WrappedText.flat(String.join("\n", lines))).isEqualTo(path + ": " + message);
  }

  @Test
  void aLongMessageContinuesUnderItsStartAndAListKeepsItsLines() {
    String path = "$.stages[1].architecture.compute.placement";
    String sentence =
        "counts per zone must name zones of the region: " + String.join(" ", words("zone", 40));
    String list = "  1 first, 2 second, 3 third";
    List<String> lines = print(List.of(Violation.warning(path, sentence + ":\n" + list)));

    String prefix = "warning: " + path + ": ";
    assertThat(lines.get(0)).startsWith(prefix);
    int listAt = lines.indexOf(list);
    assertThat(listAt).as("the list's line is kept as written: %s", lines).isPositive();
    assertThat(lines.subList(1, listAt))
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith(" ".repeat(prefix.length()))
                    .doesNotStartWith(" ".repeat(prefix.length() + 1)));
    assertFits(path, String.join("\n", lines));
    assertThat(WrappedText.flat(String.join("\n", lines)))
        .isEqualTo(WrappedText.flat(prefix + sentence + ":\n" + list).stripTrailing());
  }

  private static List<String> print(List<Violation> violations) {
    StringWriter s = new StringWriter();
    ScenarioFiles.print(violations, new PrintWriter(s));
    return s.toString().lines().toList();
  }

  private static List<String> words(String stem, int n) {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      w.add(stem + i);
    }
    return w;
  }

  static void assertFits(String what, String text) {
    text.lines()
        .forEach(
            l ->
                assertThat(Columns.visible(l))
                    .as("%s: a line of %d columns: %s", what, Columns.visible(l), l)
                    .isLessThanOrEqualTo(Columns.WIDTH));
  }

  private record Deepest(ObjectNode node, int depth) {}

  /** The object with at least one field that lies deepest under {@code node} (itself at depth). */
  private static Deepest deepestObject(ObjectNode node, int depth) {
    Deepest best = new Deepest(node, depth);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      JsonNode child = it.next().getValue();
      List<JsonNode> objects = new ArrayList<>();
      if (child.isObject()) {
        objects.add(child);
      } else if (child.isArray()) {
        child.forEach(objects::add);
      }
      for (JsonNode o : objects) {
        if (o.isObject() && o.size() > 0) {
          Deepest d = deepestObject((ObjectNode) o, depth + 1);
          if (d.depth() > best.depth()) {
            best = d;
          }
        }
      }
    }
    return best;
  }

  /** The field renamed in place (its place among the others kept). */
  private static void rename(ObjectNode node, String from, String to) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    node.fields().forEachRemaining(e -> fields.add(Map.entry(e.getKey(), e.getValue())));
    node.removeAll();
    for (Map.Entry<String, JsonNode> e : fields) {
      node.set(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
    }
  }
}
