package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.engine.model.Objectives;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The text answer fits 120 columns however long the designs' labels and reasons are. */
class OptimizationTableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A design of the 10 000-design three-tier space's kind: nine choices, a long label. */
  private static Design design(int index) throws Exception {
    Map<String, JsonNode> v = new LinkedHashMap<>();
    v.put("instanceType", JSON.readTree("\"m7i-flex.2xlarge\""));
    v.put("azs", JSON.readTree("[\"us-east-1a\",\"us-east-1b\",\"us-east-1c\"]"));
    v.put("instancesPerAz", JSON.readTree(Integer.toString(1 + index % 3)));
    v.put("autoScalingMax", JSON.readTree("12"));
    v.put("scaleOutThresholdPercent", JSON.readTree("70"));
    v.put("databaseClass", JSON.readTree("\"db.r6g.2xlarge\""));
    v.put("readReplicas", JSON.readTree("2"));
    v.put("cache", JSON.readTree("true"));
    v.put("cacheNodeType", JSON.readTree("\"cache.r6g.large\""));
    v.put("drStrategy", JSON.readTree("\"warm-standby\""));
    v.put("drSecondaryRegion", JSON.readTree("\"ap-southeast-2\""));
    return new Design(index, v);
  }

  static Optimizer.Result result() throws Exception {
    List<Optimizer.Outcome> outcomes = new ArrayList<>();
    Optimizer.Status[] statuses = Optimizer.Status.values();
    for (int i = 0; i < 30; i++) {
      Optimizer.Status status = statuses[i % statuses.length];
      Judgement j =
          status == Optimizer.Status.INVALID
              ? null
              : new Judgement(
                  100, 12345.67 + i, 12.34, 0.99987, 0.00002, 183, 14.2, 640, 55, 30, 4);
      outcomes.add(
          new Optimizer.Outcome(
              design(i),
              "3-tier-optimised",
              null,
              j,
              status,
              "p99 upper bound 262 ms above the target 250 ms by 12 ms (p99 240 ms) after 100 trials;"
                  + " and a reason long enough to need wrapping on its own line of the table"));
    }
    Optimizer.Settings s =
        new Optimizer.Settings(Optimizer.Search.EVOLUTIONARY, 100, 4, 200_000, 2, 40, 25);
    return new Optimizer.Result(
        s,
        402,
        0,
        10_000,
        25,
        2716,
        61,
        400,
        1_000_000,
        false,
        Optional.of(outcomes.get(0)),
        outcomes);
  }

  @Test
  void everyLineFits120ColumnsWithTheDesignAndWhyUnderItsRow() throws Exception {
    Optimizer.Result r = result();
    Objectives o = new Objectives(0.999, 250.0, 20000.0, 900.0, 60.0);
    String text = OptimizationTable.render(r, o) + OptimizationTable.pareto(r);
    List<String> lines = text.lines().toList();
    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    // the long lines were wrapped, not cut: every word of a label and a reason is there
    String joined = text.replaceAll("\\s+", " ");
    assertThat(joined)
        .contains(design(3).label())
        .contains("and a reason long enough to need wrapping on its own line of the table");
    // a row: number, outcome, trials, cost ± CI, availability [CI], p99 [upper bound]
    assertThat(lines)
        .anyMatch(
            l ->
                l.matches(
                    "1 +best +100 +12345\\.67 ± 12\\.34 +99\\.987 % \\[99\\.985, 99\\.989] +183 \\[197]"));
    assertThat(lines).anyMatch(l -> l.startsWith("      why: p99 upper bound 262 ms"));
    assertThat(text).contains("and 5 ");
  }

  @Test
  void wrapKeepsShortLinesAndIndentsContinuations() {
    assertThat(OptimizationTable.wrap("short\n", 20)).isEqualTo("short\n");
    assertThat(OptimizationTable.wrap("aaaa bbbb cccc dddd eeee\n", 15))
        .isEqualTo("aaaa bbbb cccc\n      dddd eeee\n");
  }
}
