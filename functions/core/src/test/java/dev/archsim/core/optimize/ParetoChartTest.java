package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Pareto charts: only the front is drawn, in cost order, with its figures and the best. */
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
        1,
        160,
        160,
        false,
        outcomes.stream().filter(o -> o.status() == Optimizer.Status.BEST).findFirst(),
        outcomes);
  }

  /** The (data-x, data-y) of every point of the chart {@code id}. */
  static List<double[]> points(String html, String id) {
    int from = html.indexOf("data-chart=\"" + id + "\"");
    String svg = html.substring(from, html.indexOf("</svg>", from));
    Matcher m =
        Pattern.compile(
                "<circle class=\"point\"[^>]* data-x=\"([-0-9.e+]+)\" data-y=\"([-0-9.e+]+)\"")
            .matcher(svg);
    List<double[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    return out;
  }

  @Test
  void drawsTheFrontCheapestFirstWithItsFiguresAndTheBest() {
    var cheap = outcome(0, 40, 100, 0.990, 300, Optimizer.Status.FAILS);
    var best = outcome(1, 40, 150, 0.9995, 200, Optimizer.Status.BEST);
    var fast = outcome(2, 40, 200, 0.9992, 100, Optimizer.Status.MEETS);
    var dominated = outcome(3, 40, 250, 0.9991, 250, Optimizer.Status.MEETS); // worse than best
    var screened = outcome(4, 4, 50, 1.0, 50, Optimizer.Status.FAILS); // not on full trials
    String svg = ParetoChart.render(result(List.of(fast, dominated, screened, best, cheap)));

    assertThat(points(svg, "pareto-p99"))
        .extracting(p -> p[0] + "/" + p[1])
        .containsExactly("100.0/300.0", "150.0/200.0", "200.0/100.0");
    // availability as failed requests per million: 1e6 × (1 − a)
    assertThat(points(svg, "pareto-availability"))
        .extracting(p -> Math.round(p[1]))
        .containsExactly(10_000L, 500L, 800L);
    assertThat(svg)
        .contains(">#2 (best)</text>")
        .contains(">#1</text>")
        .contains(">#3</text>")
        .doesNotContain(">#4")
        .doesNotContain(">#5")
        .contains("<polyline class=\"front\"")
        .contains("Pareto front, 3 designs");
  }

  @Test
  void noDesignOnFullTrialsDrawsNothing() {
    var screened = outcome(0, 4, 50, 1.0, 50, Optimizer.Status.FAILS);
    assertThat(ParetoChart.render(result(List.of(screened)))).isEmpty();
    assertThat(OptimizationReport.render("x", result(List.of(screened)), "answer"))
        .contains("no front to draw")
        .contains("--pareto")
        .contains("<li>answer</li>")
        .doesNotContain("<pre>")
        .contains("<table class=\"finalists\">");
  }

  /** The cx of every point of the chart {@code id}, in drawing order. */
  static List<Double> cx(String html, String id) {
    int from = html.indexOf("data-chart=\"" + id + "\"");
    String svg = html.substring(from, html.indexOf("</svg>", from));
    Matcher m = Pattern.compile("<circle class=\"point\" cx=\"([-0-9.]+)\"").matcher(svg);
    List<Double> out = new ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out;
  }

  /**
   * Designs from $330 to $340 a month on an axis from $0 would sit in its top thirtieth, all on one
   * spot: the cost axis starts near the data, its ticks round, and the points spread over most of
   * the plot. An axis whose data come near zero still starts at zero.
   */
  @Test
  void costsFarFromZeroAreNotSquashedOntoOneSpot() {
    var a = outcome(0, 40, 330, 0.9990, 300, Optimizer.Status.BEST);
    var b = outcome(1, 40, 335, 0.9995, 200, Optimizer.Status.MEETS);
    var c = outcome(2, 40, 340, 0.9999, 100, Optimizer.Status.MEETS);
    String html = ParetoChart.render(result(List.of(a, b, c)));
    List<Double> xs = cx(html, "pareto-p99");
    assertThat(xs).hasSize(3);
    // the plot is 440 px wide (LEFT + 10 to RIGHT - 90): the three spread over more than half
    assertThat(xs.get(2) - xs.get(0)).isGreaterThan(220);
    int from = html.indexOf("data-chart=\"pareto-p99\"");
    String svg = html.substring(from, html.indexOf("</svg>", from));
    assertThat(svg).doesNotContain(">$0<").contains(">$330<").contains(">$340<");
    // p99 from 100 to 300 ms: zero is near enough to keep (the data fill most of the axis)
    assertThat(svg).contains(">0<");

    var near = outcome(3, 40, 20, 0.9990, 400, Optimizer.Status.MEETS);
    String wide = ParetoChart.render(result(List.of(near, a)));
    int w = wide.indexOf("data-chart=\"pareto-p99\"");
    assertThat(wide.substring(w, wide.indexOf("</svg>", w))).contains(">$0<");
  }
}
