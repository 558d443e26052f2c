package dev.archsim.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.archsim.core.run.RunViews;
import dev.archsim.engine.validate.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where {@link YamlLines} places a problem of a YAML text, by its path. */
class YamlLinesTest {
  static final String YAML =
      """
      # a comment first
      version: 1
      run:
        trials: 4
      stages:
        - name: a
          architecture:
            region: us-east-1
        - name: b
          architecture: {region: eu-west-1, azs: [eu-west-1a, eu-west-1b]}
      """;

  static ArrayNode placed(String text, String... paths) {
    ArrayNode problems =
        RunViews.problems(
            java.util.Arrays.stream(paths).map(p -> Violation.error(p, "wrong")).toList());
    YamlLines.of(text).place(problems);
    return problems;
  }

  static List<Object> lines(ArrayNode problems) {
    java.util.ArrayList<Object> out = new java.util.ArrayList<>();
    for (JsonNode p : problems) {
      out.add(p.has("line") ? p.get("line").asInt() : "none");
    }
    return out;
  }

  @Test
  void aProblemIsOnItsValuesLineAMissingFieldOnItsParentsAndNoneOutsideTheDocument() {
    ArrayNode problems =
        placed(
            YAML,
            "$.run.trials",
            "$.stages[0].architecture.region",
            "$.stages[1].name",
            "$.stages[1].architecture.azs[1]",
            // missing: the nearest enclosing value that is written
            "$.run.horizon",
            "$.stages[0].architecture.compute",
            "$",
            // not in the document: a query parameter, a header
            "?trials",
            "Idempotency-Key");
    assertThat(lines(problems)).containsExactly(4, 8, 9, 10, 3, 7, 2, "none", "none");
    problems.forEach(p -> assertThat(p.has("column")).isFalse());
  }

  @Test
  void aTextThatStopsParsingPlacesItsDocumentProblemWhereItStopsAndNothingElse() {
    ArrayNode problems = placed("version: 1\nrun:\n  trials: [4\n  seed: 1\n", "$", "?seed");
    assertThat(problems.get(0).path("line").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(problems.get(0).path("column").asInt()).isPositive();
    assertThat(problems.get(1).has("line")).isFalse();
    // a key written twice: at the second one, not at the first (where its path was first seen)
    ArrayNode twice = placed("run:\n  trials: 4\n  trials: 5\n", "$.run.trials");
    assertThat(twice.get(0).path("line").asInt()).isEqualTo(3);
  }
}
