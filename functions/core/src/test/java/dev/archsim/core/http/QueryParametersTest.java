package dev.archsim.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * POST /runs checks its query parameters in one pass with the body: every bad parameter listed,
 * each as {@code ?name: message}, beside the body's own problems; a refused value feeds no later
 * check (the work budget), as a refused value in the document feeds none.
 */
class QueryParametersTest {

  static String scenario() throws Exception {
    return Files.readString(Path.of("../../events/scenarios/whatisthetime.json"));
  }

  static JsonNode post(String body, Map<String, String> query) throws Exception {
    var store = new YamlBodiesTest.Recording();
    HttpAnswer a =
        YamlBodiesTest.runs(store)
            .handle(
                new HttpCall(
                    "POST",
                    "/runs",
                    "alice",
                    body,
                    Map.of("content-type", "application/json"),
                    query),
                "");
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(store.created).isEmpty();
    return YamlBodiesTest.JSON.readTree(a.body());
  }

  static List<String> problems(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer
        .path("problems")
        .forEach(p -> out.add(p.path("path").asText() + ": " + p.path("message").asText()));
    return out;
  }

  @Test
  void everyBadParameterIsListedTogether() throws Exception {
    var answer = post(scenario(), Map.of("trials", "abc", "seed", "x"));
    assertThat(problems(answer))
        .containsExactlyInAnyOrder(
            "?trials: expected an integer; found 'abc'", "?seed: expected an integer; found 'x'");
    assertThat(answer.path("message").asText()).isEqualTo("bad query parameter");
  }

  @Test
  void aRefusedTrialsCountIsOneProblemNotAlsoTheWorkBudget() throws Exception {
    var answer = post(scenario(), Map.of("trials", "1000000"));
    assertThat(problems(answer))
        .containsExactly("?trials: must be between 1 and 100000; found 1000000");
  }

  @Test
  void aBadParameterAndABodyMistakeAreBothListed() throws Exception {
    String body = scenario().replaceFirst("\"trials\"\\s*:\\s*\\d+", "\"trials\": 0");
    assertThat(body).isNotEqualTo(scenario());
    var answer = post(body, Map.of("seed", "x"));
    assertThat(problems(answer))
        .containsExactlyInAnyOrder(
            "?seed: expected an integer; found 'x'", "$.run.trials: must be at least 1 (found 0)");
    assertThat(answer.path("message").asText()).isEqualTo("invalid scenario");
  }

  @Test
  void aGoodParameterStillFeedsTheBodysChecksBesideABadOne() throws Exception {
    // ?seed is refused; ?trials=100000 is good and, applied, puts the run over the work budget
    var answer = post(scenario(), Map.of("trials", "100000", "seed", "x"));
    List<String> p = problems(answer);
    assertThat(p).contains("?seed: expected an integer; found 'x'");
    assertThat(p).anyMatch(s -> s.contains("work units"));
  }

  @Test
  void anUnknownParameterSaysTheNearestOne() throws Exception {
    assertThat(problems(post(scenario(), Map.of("trails", "5"))))
        .containsExactly(
            "?trails: unknown parameter; did you mean ?trials? (the parameters are seed, trials)");
    assertThat(problems(post(scenario(), Map.of("zzz", "5"))))
        .containsExactly("?zzz: unknown parameter (the parameters are seed, trials)");
  }

  @Test
  void anUnreadableBodyIsListedWithTheParameters() throws Exception {
    List<String> p = problems(post("{not json", Map.of("trials", "abc")));
    assertThat(p).contains("?trials: expected an integer; found 'abc'");
    assertThat(p).hasSize(2);
  }
}
