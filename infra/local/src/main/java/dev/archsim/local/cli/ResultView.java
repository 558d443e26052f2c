package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.result.WilsonInterval;
import dev.archsim.core.run.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place the command line reads a run result (the JSON of {@code ResultCodec}): every figure
 * the CLI prints comes through here.
 */
record ResultView(JsonNode json) {
  static ResultView of(RunRecord run) {
    try {
      return new ResultView(new ObjectMapper().readTree(run.resultJson()));
    } catch (Exception e) {
      throw new IllegalStateException("run " + run.runId() + " has no readable result", e);
    }
  }

  String scenario() {
    return json.path("scenario").asText();
  }

  long seed() {
    return json.path("seed").asLong();
  }

  int trials() {
    return json.path("trials").asInt();
  }

  List<Stage> stages() {
    List<Stage> out = new ArrayList<>();
    json.path("stages").forEach(s -> out.add(new Stage(s)));
    return out;
  }

  JsonNode comparisons() {
    return json.path("comparisons");
  }

  /** One stage's figures. */
  record Stage(JsonNode n) {
    String name() {
      return n.path("name").asText();
    }

    long trials() {
      return n.path("trials").asLong();
    }

    double availability() {
      return n.at("/availability/mean").asDouble(Double.NaN);
    }

    double availabilityCi95() {
      return n.at("/availability/ci95").asDouble(Double.NaN);
    }

    long failed() {
      return n.at("/requests/failed").asLong();
    }

    Map<String, Long> failedByCause() {
      Map<String, Long> m = new LinkedHashMap<>();
      n.at("/requests/failedByCause")
          .fields()
          .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
      return m;
    }

    double latency(String percentile) {
      return n.path("latencyMs").path(percentile).asDouble(Double.NaN);
    }

    double monthlyUsd() {
      return n.at("/cost/monthlyUsd").asDouble(Double.NaN);
    }

    double monthlyUsdCi95() {
      return n.at("/cost/ci95").asDouble(Double.NaN);
    }

    Map<String, Double> costByComponent() {
      Map<String, Double> m = new LinkedHashMap<>();
      n.at("/cost/byComponent")
          .fields()
          .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
      return m;
    }

    /** Some items had no price: the monthly cost is a lower bound. */
    boolean costPartial() {
      return n.at("/cost/partial").asBoolean(false);
    }

    /** The items without a price ({@code item}, {@code region}). */
    JsonNode unpriced() {
      return n.at("/cost/unpriced");
    }

    /** A budget objective met on a partial cost: it may still be missed. */
    boolean budgetUndetermined() {
      return n.at("/objectives/monthlyBudgetUsd/undetermined").asBoolean(false);
    }

    JsonNode instances() {
      return n.path("instances");
    }

    JsonNode recovery() {
      return n.path("recovery");
    }

    JsonNode tiers() {
      return n.path("tiers");
    }

    JsonNode findings() {
      return n.path("findings");
    }

    JsonNode wellArchitected() {
      return n.path("wellArchitected");
    }

    boolean hasObjectives() {
      return !objectives().isEmpty();
    }

    boolean objectivesMet() {
      return n.at("/objectives/met").asBoolean(true);
    }

    /** P(every objective met in a trial), with its 95 % Wilson interval. */
    Probability allMet() {
      return probability(n.path("objectives").path("probabilityAllMet").asDouble(), trials());
    }

    /** Each objective the scenario sets: its target, the stage's figure, and whether it was met. */
    List<Objective> objectives() {
      JsonNode o = n.path("objectives");
      List<Objective> out = new ArrayList<>();
      if (o.has("availability")) {
        out.add(objective(o, "availability", availability(), true));
      }
      if (o.has("latencyP99Ms")) {
        out.add(objective(o, "latencyP99Ms", latency("p99"), false));
      }
      if (o.has("monthlyBudgetUsd")) {
        out.add(objective(o, "monthlyBudgetUsd", monthlyUsd(), false));
      }
      if (o.has("rtoSeconds")) {
        out.add(
            objective(
                o, "rtoSeconds", n.at("/recovery/rtoSeconds/mean").asDouble(Double.NaN), false));
      }
      if (o.has("rpoSeconds")) {
        out.add(
            objective(
                o, "rpoSeconds", n.at("/recovery/rpoSeconds/mean").asDouble(Double.NaN), false));
      }
      return out;
    }

    private Objective objective(JsonNode o, String field, double actual, boolean atLeast) {
      JsonNode x = o.path(field);
      return new Objective(
          field,
          x.path("target").asDouble(),
          actual,
          atLeast,
          probability(x.path("probabilityMet").asDouble(), trials()));
    }
  }

  private static Probability probability(double p, long trials) {
    long k = Math.round(p * trials);
    WilsonInterval w = WilsonInterval.of(k, trials);
    return new Probability(k, trials, w.low(), w.high());
  }

  /** k of n trials, with a 95 % Wilson interval. */
  record Probability(long k, long n, double low, double high) {
    double p() {
      return n == 0 ? Double.NaN : (double) k / n;
    }

    String text() {
      return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", p(), low, high);
    }
  }

  /**
   * An objective: the target, the stage's figure (NaN when there is none, e.g. no recovery), and
   * whether more is better (availability) or less (latency, cost, RTO, RPO).
   */
  record Objective(String field, double target, double actual, boolean atLeast, Probability met) {
    /** Met on the merged figures (as the result's "met" decides it); no figure counts as met. */
    boolean isMet() {
      if (Double.isNaN(actual)) {
        return true;
      }
      return atLeast ? actual >= target : actual <= target;
    }

    String label() {
      return switch (field) {
        case "availability" -> "availability";
        case "latencyP99Ms" -> "p99 latency";
        case "monthlyBudgetUsd" -> "monthly budget";
        case "rtoSeconds" -> "RTO";
        default -> "RPO";
      };
    }

    /** "availability 99.8812 % < 99.9 % target (short by 0.0188 pp)", or the met form. */
    String text() {
      if (Double.isNaN(actual)) {
        return label() + " target " + value(target) + ": nothing to measure (no recovery)";
      }
      double gap = Math.abs(actual - target);
      String rel = isMet() ? (atLeast ? ">=" : "<=") : (atLeast ? "<" : ">");
      String how = isMet() ? "" : (atLeast ? " (short by " : " (over by ") + delta(gap) + ")";
      return label() + " " + value(actual) + " " + rel + " " + value(target) + " target" + how;
    }

    private String value(double v) {
      return switch (field) {
        case "availability" -> String.format(Locale.ROOT, "%.4f %%", 100 * v);
        case "latencyP99Ms" -> String.format(Locale.ROOT, "%.1f ms", v);
        case "monthlyBudgetUsd" -> String.format(Locale.ROOT, "$%,.2f", v);
        default -> ResultTable.duration(v);
      };
    }

    private String delta(double v) {
      return switch (field) {
        case "availability" -> String.format(Locale.ROOT, "%.4f pp", 100 * v);
        default -> value(v);
      };
    }
  }
}
