package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.core.result.ResultView;
import dev.archsim.core.result.TierFigures;
import dev.archsim.engine.model.Scenario;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** The overview: from its heading to the next section's. */
  static String overview() {
    int from = html.indexOf("<h2 id=\"overview\">");
    assertThat(from).isNotNegative();
    return html.substring(from, html.indexOf("<h2", from + 10));
  }

  /** The cells of the summary table's row of stage {@code name}. */
  static List<String> summaryRow(String name) {
    Matcher m =
        Pattern.compile("<tr><td class=\"l\">" + Pattern.quote(name) + "</td>(.*?)</tr>")
            .matcher(html.substring(html.indexOf("id=\"summary\"")));
    assertThat(m.find()).as("summary row of %s", name).isTrue();
    return Pattern.compile("<td[^>]*>(.*?)</td>")
        .matcher(m.group(1))
        .results()
        .map(r -> r.group(1).replaceAll("<[^>]*>", ""))
        .toList();
  }

  /** Lost messages per million sent, from the stage's own counters. */
  static double lost(int stage) {
    Map<String, Double> c = result.stages().get(stage).tierCountersPerTrial();
    return 1e6 * c.getOrDefault("queue.expired", 0.0) / c.get("queue.sent");
  }

  @Test
  void theConsumerOutageAtSixHoursIsMarkedOnStage1sTimelineAndCountedInItsIncidentsTable() {
    // stage 1: the workers stop at 06:00 for an hour (a consumer-outage fault)
    assertThat(timeline(0).events())
        .contains(
            new Charts.Marker(6 * 3600, "queue consumers down for PT1H", Charts.Kind.INCIDENT),
            new Charts.Marker(7 * 3600, "queue consumers back", Charts.Kind.INCIDENT));
    String s = section(0);
    // a red line at 06:00 across the panels, its words on hover, and the title counts it
    assertThat(s)
        .contains("<g class=\"marker incident\" data-x=\"21600.0\">")
        .contains("<title>day 0 06:00: queue consumers down for PT1H</title>")
        .contains("<g class=\"marker incident\" data-x=\"25200.0\">")
        .contains("Concurrency, load and failures over time, sample trial 0 (2 incidents marked)");
    // the Incidents table: one a trial (was 0.00), recovered when the consumers are back
    Matcher row =
        Pattern.compile("<table class=\"data incidents\">.*?</tr><tr><td>([^<]*)</td>").matcher(s);
    assertThat(row.find()).isTrue();
    assertThat(row.group(1)).isEqualTo("1.00");
    ResultView.Incidents inc = result.stages().get(0).incidents();
    assertThat(inc.perTrial()).isEqualTo(1.0);
    assertThat(inc.maxRecoverySeconds()).isEqualTo(3600.0);
  }

  @Test
  void theWorkersDeploymentIsMarkedAsAChangeAndTheOutageAsAnIncidentOnTheEcsStage() {
    // stage 5: the same outage at 06:00, then a rolling deployment of the tasks at 12:00
    String s = section(4);
    assertThat(s)
        .contains("<g class=\"marker incident\" data-x=\"21600.0\">")
        .contains("<g class=\"marker change\" data-x=\"43200.0\">")
        .contains("<title>day 0 12:00: queue workers: a rolling deployment starts</title>")
        .containsPattern("over time, sample trial 0 \\(2 incidents, 1 change, \\d+ auto scaling");
    // and on stage 6, the workers alone
    assertThat(section(5)).contains("<g class=\"marker incident\" data-x=\"21600.0\">");
  }

  @Test
  void theEcsWorkerTasksPanelCountsTasksNotTheApisLambdaEnvironments() {
    // stage 5: an API's Lambda function in front, an ECS service's tasks as the workers
    assertThat(result.stages().get(4).workers().unit()).isEqualTo("worker tasks");
    String s = section(4);
    assertThat(s)
        .contains("data-unit=\"worker tasks\"")
        .contains("data-series=\"worker tasks in service\"")
        .doesNotContain("worker execution environments")
        .doesNotContain("worker Lambda environments");
  }

  @Test
  void anOverviewWithNoFailedRequestSaysSoInsteadOfDrawingEmptyFramesAndShowsLostMessages() {
    assertThat(result.stages()).allMatch(st -> st.failed() == 0);
    String o = overview();
    // no empty frame: the three charts of failures are words saying why
    for (String chart : List.of("unavailability", "failed-by-cause")) {
      assertThat(o).doesNotContainPattern("<svg[^>]*data-chart=\"" + chart + "\"");
      assertThat(o).contains("<p class=\"no-chart\" data-chart=\"" + chart + "\">");
    }
    // nor a cluster of labels at y = 0: cost is set against the lost messages instead
    assertThat(o).doesNotContain("data-chart=\"cost-availability\"");
    assertThat(o).contains("no stage failed a request in any of its 1 trial: 0 per million");
    // what the stages get wrong instead: stage 2's lost messages, the only bar
    Matcher lost =
        Pattern.compile("<svg[^>]*data-chart=\"lost-messages\".*?</svg>", Pattern.DOTALL)
            .matcher(o);
    assertThat(lost.find()).isTrue();
    List<Double> bars =
        Pattern.compile("<rect class=\"bar\"[^>]*data-value=\"([^\"]+)\"")
            .matcher(lost.group())
            .results()
            .map(r -> Double.parseDouble(r.group(1)))
            .toList();
    assertThat(lost(1)).isGreaterThan(100_000);
    assertThat(bars).hasSize(1);
    assertThat(bars.get(0)).isCloseTo(lost(1), within(lost(1) * 1e-5));
    assertThat(lost.group()).contains(">2-over-capacity<");
    // the trade-off chart plots cost against lost messages, one point per stage
    Matcher scatter =
        Pattern.compile("<svg[^>]*data-chart=\"cost-lost-messages\".*?</svg>", Pattern.DOTALL)
            .matcher(o);
    assertThat(scatter.find()).isTrue();
    assertThat(scatter.group()).contains("lost messages per million sent");
    for (ResultView.Stage st : result.stages()) {
      assertThat(scatter.group()).contains(Svg.escape(st.name()));
    }
  }

  @Test
  void theSummaryAndWhatEachStageBoughtSayTheLostMessages() {
    assertThat(html).contains("<th>lost messages per million sent</th>");
    assertThat(summaryRow("1-keeps-up")).contains("0");
    assertThat(summaryRow("2-over-capacity"))
        .contains(dev.archsim.core.result.ObjectiveText.perMillion(lost(1)));
    // the objective the library sets (1 per million) is missed by stage 2 alone, and says by how
    // much
    String objectives = summaryRow("2-over-capacity").get(summaryRow("2-over-capacity").size() - 1);
    assertThat(objectives).startsWith("missed: lost messages (over by ");
    assertThat(summaryRow("1-keeps-up").get(summaryRow("1-keeps-up").size() - 1)).startsWith("met");
    String perMillion = dev.archsim.core.result.ObjectiveText.perMillion(lost(1));
    assertThat(html)
        .contains(
            "<li>1-keeps-up → 2-over-capacity: availability +0.0000 percentage points, failed"
                + " requests +0, lost messages +"
                + perMillion
                + " per million,")
        .contains(
            "<li>2-over-capacity → 3-poison-whole-batches: availability +0.0000 percentage points,"
                + " failed requests +0, lost messages −"
                + perMillion
                + " per million,")
        .contains("<li>3-poison-whole-batches → 4-no-dead-letter-queue: availability")
        .contains("lost messages ±0 per million,");
  }

  @Test
  void withNoFailureAndNoLossTheOverviewSaysBothInWords() {
    // the same result with no message expired anywhere
    com.fasterxml.jackson.databind.JsonNode copy = result.json().deepCopy();
    for (com.fasterxml.jackson.databind.JsonNode st : copy.path("stages")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) st.at("/tiers/perTrial"))
          .remove("queue.expired");
    }
    String h = HtmlReport.render(scenario, new ResultView(copy), timelines);
    int from = h.indexOf("<h2 id=\"overview\">");
    String o = h.substring(from, h.indexOf("<h2", from + 10));
    assertThat(o)
        .doesNotContain("<svg class=\"chart\" data-chart=\"lost-messages\"")
        .contains("<p class=\"no-chart\" data-chart=\"lost-messages\"><b>Lost messages:</b> no")
        .doesNotContain("data-chart=\"cost-lost-messages\"")
        .doesNotContainPattern("<svg[^>]*data-chart=\"cost-availability\"")
        .contains(
            "<p class=\"no-chart\" data-chart=\"cost-availability\"><b>Cost against"
                + " availability:</b> no stage failed a request")
        .contains("the stages differ by cost alone");
    // the charts that have something to show are still drawn
    assertThat(o).contains("data-chart=\"latency\"").contains("data-chart=\"cost\"");
  }
}
