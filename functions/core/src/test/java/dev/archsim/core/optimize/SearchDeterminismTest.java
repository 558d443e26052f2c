package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same search, byte for byte, whatever the worker threads and whatever the
 * process: each run loads the optimiser and Jenetics afresh ({@link IsolatedSearch}), as a new run
 * of the command line does, so an order drawn from identity hash codes (Jenetics' genotypes hash
 * their chromosome's class) shows as a different path.
 */
class SearchDeterminismTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * 5 types × 5 counts × 4 reserved counts = 100 designs on the k-of-n availability target of
   * {@link OptimizerTest}: the evolution meets the same designs again (its unique-population repair
   * at work) and racing decides among several that meet the target.
   */
  static String space() {
    return OptimizerTest.kOfN(8)
        .replace(
            "{\"instancesPerAz\": [1, 2, 3, 4, 5]}",
            "{\"instanceType\": [\"m5.xlarge\", \"c5.large\", \"m5.large\", \"t3.large\","
                + " \"c5.xlarge\"], \"instancesPerAz\": [1, 2, 3, 4, 5],"
                + " \"reservedCount\": [0, 1, 2, 3]}");
  }

  @Test
  void evolutionThenRacingAnswersTheSameBytesOnOneTwoAndThreeWorkersAndAgain() throws Exception {
    String first = IsolatedSearch.answerIsolated(space(), "evolutionary", 2, 12, 10, 1);
    JsonNode answer = JSON.readTree(first);
    // the search did what the test is about: evolution met designs again, racing took some of
    // them past the screen and decided between designs that meet the target
    assertThat(answer.get("generations").asInt()).isGreaterThan(2);
    assertThat(answer.get("designs").asInt()).isBetween(13, 99);
    assertThat(answer.get("best").get("trials").asInt()).isEqualTo(8);
    assertThat(answer.at("/outcomes/meets").asInt() + answer.at("/outcomes/outpriced").asInt())
        .isPositive();
    for (int threads : new int[] {2, 3, 1, 2}) {
      String again = IsolatedSearch.answerIsolated(space(), "evolutionary", 2, 12, 10, threads);
      // the path first (readable when it differs), then every byte of the answer
      assertThat(path(again))
          .as("%d worker thread(s), the optimiser loaded afresh", threads)
          .isEqualTo(path(first));
      assertThat(again).isEqualTo(first);
    }
  }

  @Test
  void racingAnswersTheSameBytesOnOneTwoAndThreeWorkers() throws Exception {
    String first = IsolatedSearch.answerIsolated(space(), "racing", 2, 12, 10, 1);
    assertThat(JSON.readTree(first).get("designs").asInt()).isEqualTo(100);
    for (int threads : new int[] {2, 3}) {
      String again = IsolatedSearch.answerIsolated(space(), "racing", 2, 12, 10, threads);
      assertThat(path(again)).as("%d worker thread(s)", threads).isEqualTo(path(first));
      assertThat(again).isEqualTo(first);
    }
  }

  /** Trials spent, designs screened, the best design and each listed design's trials. */
  static String path(String answer) throws Exception {
    JsonNode a = JSON.readTree(answer);
    StringBuilder s =
        new StringBuilder()
            .append(a.get("trialsUsed"))
            .append(" trials, ")
            .append(a.get("designs"))
            .append(" designs, best ")
            .append(a.at("/best/label").asText())
            .append(':');
    a.get("designsListed")
        .forEach(d -> s.append(' ').append(d.get("design")).append('/').append(d.get("trials")));
    return s.toString();
  }
}
