package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.core.result.ResultView;
import dev.archsim.core.result.TierFigures;
import dev.archsim.engine.model.Scenario;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report on the stages of serverless-worker-fleet: the timelines of the stages without an entry
 * draw what runs there (a Lambda consumer's concurrency, a worker fleet's instances, the queue's
 * backlog and the age of its oldest message), and every stage lists its components' figures in the
 * command line's words.
 */
class QueueStageReportTest {
  static Scenario scenario;
  static ResultView result;
  static List<Timeline> timelines;
  static String html;

  @BeforeAll
  static void run() throws Exception {
    scenario = ReportChartsTest.scenario("serverless-worker-fleet.json", 1);
    result = new ResultView(ReportChartsTest.result(scenario));
    timelines = Reports.timelines(scenario, result);
    html = HtmlReport.render(scenario, result, timelines);
  }

  static Timeline timeline(int stage) {
    return timelines.stream().filter(t -> t.stage() == stage).findFirst().orElseThrow();
  }

  /** The stage's section of the report. */
  static String section(int stage) {
    int from = html.indexOf("<section class=\"stage\" id=\"stage-" + stage + "\"");
    assertThat(from).as("stage %d's section", stage).isNotNegative();
    int to = html.indexOf("</section>", from);
    return html.substring(from, to);
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }

  @Test
  void lambdaWorkersAloneDrawTheirConcurrencyUpToTheCapNotAFlatLambdaConcurrency() {
    // stage 6: no entry, a Lambda consumer of maximum concurrency 20 behind a backlog of a million
    Timeline t = timeline(5);
    long peak = result.stages().get(5).tierPeaks().get("consumer.maxConcurrency");
    assertThat(peak).isEqualTo(20);
    assertThat(max(t.consumerConcurrency())).isCloseTo(20, within(1e-9));
    assertThat(Arrays.stream(t.consumerConcurrency()).allMatch(c -> c >= 0 && c <= 20 + 1e-9))
        .isTrue();
    assertThat(max(t.workers())).isZero();
    // the backlog ages: its oldest message, at most the age the result reports
    long oldest = result.stages().get(5).tierPeaks().get("queue.maxAgeSeconds");
    assertThat(max(t.oldestMessageAge())).isPositive().isLessThanOrEqualTo(oldest + 60.0);
    String s = section(5);
    assertThat(s)
        .contains("data-series=\"Lambda consumer concurrency (event source mapping)\"")
        .contains("data-unit=\"concurrent batches\"")
        .contains("data-series=\"queue backlog\"")
        .contains("data-series=\"age of the oldest message\"")
        .contains("data-series=\"messages sent\"")
        .contains("data-unit=\"msg/s\"")
        .contains("Queue consumers, messages and failures over time")
        .doesNotContain("mean Lambda concurrency")
        .doesNotContain("data-series=\"instances in service\"")
        .doesNotContain("data-unit=\"req/s\"");
  }

  @Test
  void ec2WorkersAloneDrawTheirInstancesAsWorkersNotAsLambdaConcurrency() {
    // stage 7: no entry, EC2 workers scaling on the backlog between 2 and 6 instances
    Timeline t = timeline(6);
    assertThat(max(t.consumerConcurrency())).isZero();
    for (int i = 0; i < t.seconds().length; i++) {
      // a stage without an entry counts its workers as its instances: the same figure both ways
      assertThat(t.workers()[i]).isCloseTo(t.inService()[i], within(1e-9));
      assertThat(t.workers()[i]).isBetween(0.0, 6.0);
    }
    assertThat(max(t.workers())).isGreaterThanOrEqualTo(2);
    String s = section(6);
    assertThat(s)
        .contains("data-series=\"worker instances in service\"")
        .contains("data-unit=\"worker instances\"")
        .doesNotContain("mean Lambda concurrency")
        .doesNotContain("concurrent executions")
        .doesNotContain("Lambda consumer concurrency");
  }

  @Test
  void aStageWithAnEntryKeepsItsCountsAndShowsItsQueueConsumersBeside() {
    // stage 1: Lambda behind API Gateway, a Lambda consumer on its queue
    String s = section(0);
    assertThat(s)
        .contains("data-series=\"mean Lambda concurrency\"")
        .contains("data-unit=\"req/s\"")
        .contains("Concurrency, load and failures over time");
    assertThat(max(timeline(0).consumerConcurrency())).isPositive();
    assertThat(s).contains("data-series=\"Lambda consumer concurrency (event source mapping)\"");
  }

  @Test
  void everyStageListsItsComponentsFiguresInTheCommandLinesWords() {
    for (int i = 0; i < result.stages().size(); i++) {
      Map<String, List<String>> figures = TierFigures.of(result.stages().get(i));
      assertThat(figures).as("stage %d has components' figures", i).isNotEmpty();
      String s = section(i);
      assertThat(s).contains("<h3>Components</h3>").contains(Svg.escape(TierFigures.HEADING));
      for (Map.Entry<String, List<String>> e : figures.entrySet()) {
        assertThat(s)
            .contains(
                "<tr><td class=\"l\">"
                    + Svg.escape(e.getKey())
                    + "</td><td class=\"l\">"
                    + Svg.escape(String.join("; ", e.getValue()))
                    + "</td></tr>");
      }
    }
    // the queue's figures are among them: messages sent and consumed, the backlog at most
    assertThat(section(5)).contains("messages sent").contains("backlog at most");
  }
}
