package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.archsim.engine.model.Objectives;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Pareto charts: which points are on the front, where they sit, the objectives' lines. */
class ParetoChartTest {
  private static Optimizer.Outcome outcome(
      int i, long trials, double cost, double a, double p99, Optimizer.Status status) {
    return new Optimizer.Outcome(
        new Design(i, Map.of("instancesPerAz", IntNode.valueOf(i))),
        "s",
        null,
        new Judgement(trials, cost, 1, a, 0.0001, p99, Double.NaN, Double.NaN),
        status,
        "");
  }

  static Optimizer.Result result(List<Optimizer.Outcome> outcomes) {
    return new Optimizer.Result(
        new Optimizer.Settings(Optimizer.Search.EXHAUSTIVE, 40, 40, 1000, 1),
        outcomes.size(),
        0,
        outcomes.size(),
        0,
        160,
        160,
        false,
        outcomes.stream().filter(o -> o.status() == Optimizer.Status.BEST).findFirst(),
        outcomes);
  }

  /** The (cx, cy) of every circle of {@code cls} in the chart {@code id}. */
  static List<double[]> points(String html, String id, String cls) {
    int from = html.indexOf("data-chart=\"" + id + "\"");
    String svg = html.substring(from, html.indexOf("</svg>", from));
    Matcher m =
        Pattern.compile("<circle class=\"" + cls + "\" cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"")
            .matcher(svg);
    List<double[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    return out;
  }

  @Test
  void frontPointsAreFilledDominatedOnesHollowAndTheBestRinged() {
    var cheap = outcome(0, 40, 100, 0.990, 300, Optimizer.Status.FAILS);
    var best = outcome(1, 40, 150, 0.9995, 200, Optimizer.Status.BEST);
    var fast = outcome(2, 40, 200, 0.9992, 100, Optimizer.Status.MEETS);
    var dominated = outcome(3, 40, 250, 0.9991, 250, Optimizer.Status.MEETS); // worse than best
    var screened = outcome(4, 4, 50, 1.0, 50, Optimizer.Status.FAILS); // not on full trials
    Objectives o = new Objectives(0.999, 250.0, 220.0, null, null);
    String svg = ParetoChart.render(result(List.of(cheap, best, fast, dominated, screened)), o);

    assertThat(points(svg, "pareto-p99", "front")).hasSize(3);
    assertThat(points(svg, "pareto-p99", "design")).hasSize(1);
    assertThat(points(svg, "pareto-p99", "best")).hasSize(1);
    assertThat(points(svg, "pareto-availability", "front")).hasSize(3);
    // cost grows to the right; p99 grows upwards (smaller y)
    List<double[]> front = points(svg, "pareto-p99", "front");
    assertThat(front.get(0)[0]).isLessThan(front.get(1)[0]);
    assertThat(front.get(1)[0]).isLessThan(front.get(2)[0]);
    assertThat(front.get(0)[1]).isLessThan(front.get(1)[1]); // 300 ms above 200 ms
    // the ring is on the best design's point
    assertThat(points(svg, "pareto-p99", "best").get(0)).containsExactly(front.get(1));
    // the 4-trial screen is not drawn; objectives are: budget and both targets
    assertThat(svg).doesNotContain("#5 ").contains("#2 instancesPerAz=1: $150.00 a month");
    assertThat(svg.split("stroke-dasharray", -1)).hasSize(1 + 4);
    assertThat(svg).contains(">budget<").contains(">target<");
  }

  @Test
  void noDesignOnFullTrialsDrawsNothing() {
    var screened = outcome(0, 4, 50, 1.0, 50, Optimizer.Status.FAILS);
    Objectives o = new Objectives(0.999, null, null, null, null);
    assertThat(ParetoChart.render(result(List.of(screened)), o)).isEmpty();
    assertThat(OptimizationReport.render("x", result(List.of(screened)), o, "answer"))
        .contains("no front to draw")
        .contains("<pre>answer</pre>");
  }
}
