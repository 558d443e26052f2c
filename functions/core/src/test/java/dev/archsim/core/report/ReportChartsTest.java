package dev.archsim.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's charts on library scenarios: what the timelines, the distributions and the trade-off
 * chart show must be what the simulation did.
 */
class ReportChartsTest {

  static Scenario scenario(String file, int trials) throws Exception {
    Scenario s =
        new ScenarioCodec()
            .parseJson(Files.readString(Path.of("../../events/scenarios").resolve(file)))
            .orThrow();
    return s.withRun(s.run().withTrials(trials));
  }

  static JsonNode result(Scenario s) throws Exception {
    List<StageAccumulator> accs = new ArrayList<>();
    for (int i = 0; i < s.stages().size(); i++) {
      accs.add(new Simulator().simulate(s, new Shard(i, i, 0, s.run().trials())));
    }
    return new ObjectMapper().readTree(ResultCodec.writeSummary(RunSummary.of(s, accs)));
  }

  @Test
  void theDrTimelineShowsTheSecondaryRegionTakingOverWhileThePrimaryIsDown() throws Exception {
    Scenario s = scenario("dr-strategies.json", 2);
    List<Timeline> timelines = Reports.timelines(s, new ResultView(result(s)));
    Timeline pilot = timelines.stream().filter(t -> t.stage() == 1).findFirst().orElseThrow();
    // the scheduled outage: us-east-1 lost at day 10 for 6 hours
    assertThat(pilot.regionOutages()).hasSize(1);
    Charts.Span outage = pilot.regionOutages().get(0);
    assertThat(outage.from()).isEqualTo(10 * 86400.0);
    assertThat(outage.to()).isCloseTo(outage.from() + 6 * 3600, within(600.0));
    double bucket = pilot.seconds()[1];
    int before = (int) (outage.from() / bucket) - 1;
    int inside = (int) (outage.from() / bucket) + 2; // a bucket wholly inside the outage
    assertThat(pilot.inService()[before]).isGreaterThan(0);
    assertThat(pilot.inService()[inside]).isZero();
    assertThat(pilot.secondaryInService()[inside]).isGreaterThan(0);
    assertThat(pilot.secondaryInService()[before]).isZero(); // pilot light: no instances waiting
    assertThat(pilot.events()).anyMatch(e -> e.label().contains("secondary region"));
    String svg = HtmlReport.timeline(pilot, false, "t");
    assertThat(svg)
        .contains("data-series=\"primary region instances in service\"")
        .contains("data-series=\"secondary region instances\"")
        .contains("class=\"span\"")
        .contains("primary region down");
  }

  /**
   * The AZ outage of day 20 (us-east-1a for 2 hours) is a sliver of the 30-day axis on every stage
   * of the what-is-the-time scenario: marked from its outage to its return ("AZ back"), whatever
   * the stage runs (an Elastic IP, Route 53 records, an ALB's fleet in one AZ or three), and zoomed
   * on an hour either side with the outage shaded. Before, a stage without a load balancer never
   * said its AZ was back, so its outage ran to the horizon and got no zoom.
   */
  @Test
  void aSingleAzOutageIsMarkedBackAndZoomedOnAnHourEitherSide() throws Exception {
    Scenario s = scenario("whatisthetime.json", 2);
    List<Timeline> timelines = Reports.timelines(s, new ResultView(result(s)));
    double down = 20 * 86400.0;
    double back = down + 2 * 3600;
    // the fine record's buckets: a minute each, at most 20 000 over the horizon
    double bucket = s.run().horizonSeconds() / TimelineRecorder.MAX_FINE;
    for (int stage : new int[] {0, 2, 3, 4, 6}) {
      Timeline t = timelines.stream().filter(x -> x.stage() == stage).findFirst().orElseThrow();
      assertThat(t.events())
          .as("stage %d", stage)
          .contains(
              new Charts.Marker(down, "AZ outage us-east-1a", Charts.Kind.INCIDENT),
              new Charts.Marker(back, "AZ back us-east-1a", Charts.Kind.INCIDENT));
      assertThat(t.zooms()).as("stage %d", stage).hasSize(1);
      Timeline zoom = t.zooms().get(0);
      assertThat(zoom.label()).endsWith("zoomed on its longest AZ outage (AZ us-east-1a down)");
      // the window covers the outage and an hour either side, to the fine record's buckets
      assertThat(zoom.seconds()[0])
          .as("stage %d", stage)
          .isBetween(down - 3600 - bucket, down - 3600);
      assertThat(zoom.end()).as("stage %d", stage).isBetween(back + 3600, back + 3600 + 2 * bucket);
      assertThat(zoom.regionOutages())
          .as("stage %d", stage)
          .containsExactly(new Charts.Span(down, back, "AZ us-east-1a down"));
      assertThat(zoom.events())
          .extracting(Charts.Marker::label)
          .contains("AZ outage us-east-1a", "AZ back us-east-1a");
      // the zoom's points are finer than the whole axis' (12 minutes) and a few per hour
      assertThat(zoom.seconds()[1] - zoom.seconds()[0]).isLessThanOrEqualTo(240);
      String svg = HtmlReport.timeline(zoom, false, "z");
      assertThat(svg)
          .contains(
              String.format(java.util.Locale.ROOT, "data-from=\"%s\"", Svg.num(zoom.seconds()[0])))
          .contains("AZ us-east-1a down");
    }
    // one instance in the lost AZ (the Elastic IP's, stage 0): nothing in service while it is out
    Timeline one =
        timelines.stream().filter(x -> x.stage() == 0).findFirst().orElseThrow().zooms().get(0);
    for (int i = 0; i < one.seconds().length; i++) {
      double a = one.seconds()[i];
      double b = a + (one.seconds()[1] - one.seconds()[0]);
      if (a >= down && b <= back) {
        assertThat(one.inService()[i]).as("at %s s", a).isZero();
        assertThat(one.failed()[i]).as("at %s s", a).isCloseTo(one.offered()[i], within(1e-6));
      }
    }
  }

  @Test
  void aServerlessTimelineShowsLambdaConcurrencyAndThrottlesWhenThereAreAny() throws Exception {
    Timeline t =
        new Timeline(
            0,
            0,
            "trial 0",
            new double[] {0, 60},
            new double[] {10, 1000},
            new double[] {9.5, 999.2},
            new double[] {100, 20000},
            new double[] {0, 3000},
            new double[] {0, 2500},
            new double[2],
            new double[] {0, 4000},
            List.of(),
            List.of());
    String svg = HtmlReport.timeline(t, true, "t");
    assertThat(svg)
        .contains("data-series=\"mean Lambda concurrency\"")
        .contains("data-series=\"throttled\"")
        .contains("data-series=\"queue backlog\"")
        .contains("data-unit=\"concurrent executions\"")
        .contains("data-unit=\"messages\"")
        .doesNotContain("secondary region");
  }

  @Test
  void aSmallServerlessLoadShowsItsMeanConcurrencyNotOneEnvironment() throws Exception {
    // 2 requests a second of 150 ms, peaking at 1.6 times that by day: by Little's law a mean of
    // 0.3 concurrent executions (0.48 at the peak), where whole environments would read 1 all day
    Scenario s =
        new ScenarioCodec()
            .parseJson(
                """
                {"version": 1, "name": "small api", "run": {"horizon": "P1D", "step": "PT5M",
                  "trials": 1, "seed": 7},
                 "workload": {"requestsPerSecond": 2,
                   "pattern": {"type": "daily", "peakFactor": 1.6},
                   "profile": {"cpuMsPerRequest": 10}},
                 "stages": [{"name": "api", "architecture": {"region": "us-east-1",
                   "azs": ["us-east-1a"], "entry": {"type": "api-gateway"},
                   "functions": {"durationMs": 150}}}]}
                """)
            .orThrow();
    Timeline t = Reports.timelines(s, new ResultView(result(s))).get(0);
    double maxConcurrency = 0;
    for (int i = 0; i < t.seconds().length; i++) {
      // concurrency = arrival rate × duration, bucket by bucket (nothing is throttled here)
      assertThat(t.concurrency()[i]).isCloseTo(t.offered()[i] * 0.150, within(1e-9));
      assertThat(t.inService()[i]).isEqualTo(1.0);
      maxConcurrency = Math.max(maxConcurrency, t.concurrency()[i]);
    }
    double mean = java.util.Arrays.stream(t.concurrency()).average().orElseThrow();
    assertThat(mean).isCloseTo(2 * 0.150, within(0.01));
    assertThat(maxConcurrency).isGreaterThan(0.4).isLessThan(0.5);
    String svg = HtmlReport.timeline(t, true, "t");
    assertThat(svg)
        .contains("data-series=\"mean Lambda concurrency\"")
        .contains("mean Lambda concurrency (concurrent executions)")
        .containsPattern(
            "data-unit=\"concurrent executions\" data-top=\"\\d+\" data-bottom=\"\\d+\" data-max=\"0\\.[1-9]0*\"")
        // failures that are rounding noise (1e-16 req/s) get no panel of ticks all reading 0.00
        .doesNotContain("data-unit=\"failed req/s\"");
  }

  @Test
  void theDistributionsCountEveryServedRequestAndEveryTrial() throws Exception {
    Scenario s = scenario("dr-strategies.json", 6);
    JsonNode r = result(s);
    for (JsonNode stage : r.path("stages")) {
      long served = 0;
      double lastTo = 0;
      for (JsonNode b : stage.at("/distributions/latencyMs")) {
        served += b.path("requests").asLong();
        assertThat(b.path("from").asDouble()).isGreaterThanOrEqualTo(lastTo);
        lastTo = b.path("to").asDouble();
      }
      assertThat(served).isEqualTo(stage.at("/requests/served").asLong());
      long trials = 0;
      double worst = 1;
      for (JsonNode b : stage.at("/distributions/availabilityByTrial")) {
        trials += b.path("trials").asLong();
        worst = Math.min(worst, b.path("from").asDouble());
      }
      assertThat(trials).isEqualTo(6);
      // the worst trial lies in the lowest bucket
      assertThat(stage.at("/availability/worst").asDouble()).isGreaterThanOrEqualTo(worst);
      assertThat(stage.path("tiers").path("perTrial").fieldNames())
          .toIterable()
          .noneMatch(k -> k.startsWith("trials:"));
    }
    String html = HtmlReport.render(s, new ResultView(r), List.of());
    assertThat(html)
        .contains("data-chart=\"cost-availability\"")
        .contains("data-chart=\"latency-distribution-3\"")
        .contains("data-chart=\"trial-availability-0\"");
    // one dot per stage at its cost and failed requests per million
    for (int i = 0; i < 4; i++) {
      JsonNode st = r.path("stages").path(i);
      assertThat(html)
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  "data-x=\"%.6g\" data-y=\"%.6g\"",
                  st.at("/cost/monthlyUsd").asDouble(),
                  1e6 * (1 - st.at("/availability/mean").asDouble())));
    }
  }

  @Test
  void availabilityBucketsHoldFourToADecadeOfUnavailability() {
    assertThat(StageAccumulator.availabilityBucket(1_000_000_000L)).isZero();
    assertThat(StageAccumulator.availabilityBucket(999_999_999L)).isEqualTo(1); // 1 ppb
    assertThat(StageAccumulator.availabilityBucket(999_000_000L)).isEqualTo(25); // 10^6 ppb
    assertThat(StageAccumulator.availabilityBucket(0)).isEqualTo(37);
    for (long u : new long[] {1, 7, 1000, 123_456, 999_999_999}) {
      int k = StageAccumulator.availabilityBucket(1_000_000_000L - u);
      assertThat(u / 1e9)
          .isGreaterThanOrEqualTo(StageAccumulator.bucketUnavailabilityFrom(k) * (1 - 1e-12))
          .isLessThan(StageAccumulator.bucketUnavailabilityTo(k));
    }
  }
}
