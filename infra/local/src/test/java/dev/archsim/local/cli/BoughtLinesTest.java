package dev.archsim.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code archsim run}'s "What each stage bought" lines say what a queue stage lost, as the report
 * does: the change in messages lost per million sent, computed here from the result's own counters.
 */
class BoughtLinesTest {
  private static final String FLEET = "../../events/scenarios/serverless-worker-fleet.json";
  private static final String WHATISTHETIME = "../../events/scenarios/whatisthetime.json";

  private static CliHarness.Outcome run(String file, String... more) {
    String[] args = new String[6 + more.length];
    args[0] = "run";
    args[1] = file;
    args[2] = "--trials";
    args[3] = "2";
    args[4] = "--quiet";
    args[5] = "--horizon";
    System.arraycopy(more, 0, args, 6, more.length);
    CliHarness.Outcome o = CliHarness.run(args);
    assertThat(o.exit()).as(o.err()).isZero();
    return o;
  }

  private static double lostPerMillion(JsonNode stage) {
    JsonNode t = stage.path("tiers").path("perTrial");
    return 1e6 * t.path("queue.expired").asDouble(0) / t.path("queue.sent").asDouble();
  }

  @Test
  void aQueueStageSaysTheMessagesItLostMoreOrFewer() throws Exception {
    JsonNode result = new ObjectMapper().readTree(run(FLEET, "P2D", "--json").out());
    double first = lostPerMillion(result.get("stages").get(0));
    double second = lostPerMillion(result.get("stages").get(1));
    assertThat(second - first).as("stage 2 runs over its consumers' capacity").isGreaterThan(1000);
    String text = run(FLEET, "P2D").out().replaceAll("\\s+", " ");
    String more = String.format(Locale.ROOT, "%,.0f", second - first);
    assertThat(text)
        .contains(
            "2-over-capacity: availability +0.0000 pp, failed requests +0, lost messages +"
                + more
                + " per million,")
        .contains("3-poison-whole-batches: availability")
        .contains("lost messages −" + more + " per million,");
  }

  @Test
  void aStageWithoutAQueueSaysNothingOfMessages() {
    String text = run(WHATISTHETIME, "P1D").out();
    assertThat(text).contains("What each stage bought").doesNotContain("lost messages");
  }
}
