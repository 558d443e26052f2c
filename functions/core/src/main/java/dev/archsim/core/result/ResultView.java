package dev.archsim.core.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The typed view of a run's merged result (the JSON {@link ResultCodec#writeSummary} writes): the
 * one place that knows the result's field names. The command line's tables, the report and {@code
 * archsim compare} read every figure through it. A figure the result writes as null (no value, e.g.
 * no recovery happened) reads as NaN.
 *
 * @param json the result as written, for printing it or embedding it whole (not for reading
 *     figures: use the accessors)
 */
public record ResultView(JsonNode json) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The view of a result's JSON text. */
  public static ResultView parse(String resultJson) {
    try {
      return new ResultView(MAPPER.readTree(resultJson));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run result: " + e.getOriginalMessage(), e);
    }
  }

  public String scenario() {
    return json.path("scenario").asText();
  }

  public long seed() {
    return json.path("seed").asLong();
  }

  public int trials() {
    return json.path("trials").asInt();
  }

  public List<Stage> stages() {
    List<Stage> out = new ArrayList<>();
    // loops rather than lambdas in this class: each lambda's class is spun at its first call,
    // start-up work every run's table pays
    for (JsonNode s : json.path("stages")) {
      out.add(new Stage(s));
    }
    return out;
  }

  /** Each stage against the one before it. */
  public List<Comparison> comparisons() {
    List<Comparison> out = new ArrayList<>();
    for (JsonNode c : json.path("comparisons")) {
      out.add(
          new Comparison(
              c.path("from").asText(),
              c.path("to").asText(),
              number(c, "availabilityDelta"),
              c.path("failedRequestsDelta").asLong(),
              number(c, "latencyP99DeltaMs"),
              number(c, "monthlyCostDeltaUsd")));
    }
    return out;
  }

  /** A stage against the one before it: differences of the later minus the earlier. */
  public record Comparison(
      String from,
      String to,
      double availabilityDelta,
      long failedRequestsDelta,
      double latencyP99DeltaMs,
      double monthlyCostDeltaUsd) {}

  private static double number(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }

  /** One stage's figures. */
  public record Stage(JsonNode n) {
    public int index() {
      return n.path("index").asInt();
    }

    public String name() {
      return n.path("name").asText();
    }

    public String description() {
      return n.path("description").asText();
    }

    public long trials() {
      return n.path("trials").asLong();
    }

    public long requests() {
      return n.at("/requests/total").asLong();
    }

    public long served() {
      return n.at("/requests/served").asLong();
    }

    public long failed() {
      return n.at("/requests/failed").asLong();
    }

    public Map<String, Long> failedByCause() {
      Map<String, Long> m = new LinkedHashMap<>();
      longs(n.at("/requests/failedByCause"), m);
      return m;
    }

    public double availability() {
      return number(n.path("availability"), "mean");
    }

    public double availabilityCi95() {
      return number(n.path("availability"), "ci95");
    }

    /** The availability of the worst trial. */
    public double availabilityWorst() {
      return number(n.path("availability"), "worst");
    }

    /** The index of the worst trial. */
    public long worstTrial() {
      return n.at("/availability/worstTrial").asLong(0);
    }

    /**
     * A latency figure in ms: {@code mean}, {@code p50}, {@code p95}, {@code p99}, {@code p999}.
     */
    public double latency(String figure) {
      return number(n.path("latencyMs"), figure);
    }

    public double monthlyUsd() {
      return number(n.path("cost"), "monthlyUsd");
    }

    public double monthlyUsdCi95() {
      return number(n.path("cost"), "ci95");
    }

    public Map<String, Double> costByComponent() {
      return doubles(n.at("/cost/byComponent"));
    }

    /** The price book the cost was computed from. */
    public String priceBook() {
      return n.at("/cost/priceBook").asText();
    }

    /** Some items had no price: the monthly cost is a lower bound. */
    public boolean costPartial() {
      return n.at("/cost/partial").asBoolean(false);
    }

    /** The items without a price. */
    public List<Unpriced> unpriced() {
      List<Unpriced> out = new ArrayList<>();
      for (JsonNode u : n.at("/cost/unpriced")) {
        out.add(new Unpriced(u.path("item").asText(), u.path("region").asText()));
      }
      return out;
    }

    /** The prices the cost used, each with its source and date. */
    public List<Price> prices() {
      List<Price> out = new ArrayList<>();
      for (JsonNode p : n.at("/cost/prices")) {
        out.add(
            new Price(
                p.path("item").asText(),
                p.path("region").asText(),
                p.path("usd").asDouble(),
                p.path("unit").asText(),
                p.path("source").asText(),
                p.path("asOf").asText(),
                p.path("estimate").asBoolean(false)));
      }
      return out;
    }

    /** A budget objective met on a partial cost: it may still be missed. */
    public boolean budgetUndetermined() {
      return n.at("/objectives/monthlyBudgetUsd/undetermined").asBoolean(false);
    }

    public Map<String, Double> instanceHoursPerTrial() {
      return doubles(n.path("instanceHoursPerTrial"));
    }

    public Incidents incidents() {
      JsonNode i = n.path("incidents");
      return new Incidents(
          number(i, "perTrial"),
          number(i, "meanDetectionSeconds"),
          number(i, "meanRecoverySeconds"),
          number(i, "maxRecoverySeconds"));
    }

    /** The queue's consumers in service; {@link Workers#NONE} for a stage without them. */
    public Workers workers() {
      JsonNode w = n.path("workers");
      if (!w.isObject()) {
        return Workers.NONE;
      }
      return new Workers(
          number(w, "meanInService"),
          w.path("minInService").asLong(),
          w.path("maxInService").asLong(),
          w.path("unit").asText(""));
    }

    public Instances instances() {
      JsonNode i = n.path("instances");
      return new Instances(
          number(i, "meanInService"),
          i.path("minInService").asLong(),
          i.path("maxInService").asLong(),
          number(i, "creditCappedHoursPerTrial"),
          i.path("unit").asText("instances"));
    }

    public Recovery recovery() {
      JsonNode r = n.path("recovery");
      return new Recovery(
          number(r, "perTrial"), spread(r.path("rtoSeconds")), spread(r.path("rpoSeconds")));
    }

    private static Spread spread(JsonNode s) {
      return s.isObject() ? new Spread(number(s, "mean"), number(s, "p95")) : null;
    }

    /**
     * The distributions behind the means, or null for a result written without them: served
     * requests by latency (ms) and trials by availability (fractions), each in ascending order.
     */
    public Distributions distributions() {
      JsonNode d = n.path("distributions");
      if (!d.isObject()) {
        return null;
      }
      return new Distributions(
          buckets(d.path("latencyMs"), "requests"),
          buckets(d.path("availabilityByTrial"), "trials"));
    }

    private static List<Bucket> buckets(JsonNode list, String count) {
      List<Bucket> out = new ArrayList<>();
      for (JsonNode b : list) {
        out.add(
            new Bucket(
                b.path("from").asDouble(),
                b.path("to").isNumber() ? b.path("to").asDouble() : Double.POSITIVE_INFINITY,
                b.path(count).asLong()));
      }
      return out;
    }

    /** The availability objective's target, or NaN when the scenario sets none. */
    public double availabilityTarget() {
      JsonNode t = n.at("/objectives/availability/target");
      return t.isNumber() ? t.asDouble() : Double.NaN;
    }

    /** Per-tier counters per trial (by name, e.g. {@code queue.sent}). */
    public Map<String, Double> tierCountersPerTrial() {
      return doubles(n.at("/tiers/perTrial"));
    }

    /** Per-tier peaks over every trial (by name). */
    public Map<String, Long> tierPeaks() {
      Map<String, Long> m = new LinkedHashMap<>();
      longs(n.at("/tiers/peaks"), m);
      return m;
    }

    /** The fields of {@code n} as whole numbers, into {@code m}. */
    private static void longs(JsonNode n, Map<String, Long> m) {
      for (var it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), e.getValue().asLong());
      }
    }

    public List<Finding> findings() {
      List<Finding> out = new ArrayList<>();
      for (JsonNode f : n.path("findings")) {
        out.add(
            new Finding(
                f.path("category").asText(),
                f.path("severity").asText(),
                f.path("component").asText(),
                f.path("message").asText()));
      }
      return out;
    }

    public List<Check> wellArchitected() {
      List<Check> out = new ArrayList<>();
      for (JsonNode c : n.path("wellArchitected")) {
        out.add(
            new Check(
                c.path("pillar").asText(), c.path("check").asText(), c.path("met").asBoolean()));
      }
      return out;
    }

    public boolean hasObjectives() {
      return !objectives().isEmpty();
    }

    /** Whether the stage met every objective on the merged figures. */
    public boolean objectivesMet() {
      return n.at("/objectives/met").asBoolean(true);
    }

    /** The share of trials that met every objective. */
    public double probabilityAllMet() {
      return n.path("objectives").path("probabilityAllMet").asDouble();
    }

    /** P(every objective met in a trial), with its 95 % Wilson interval. */
    public Probability allMet() {
      return probability(n.path("objectives").path("probabilityAllMet").asDouble(), trials());
    }

    /** Each objective the scenario sets: its target, the stage's figure, and whether it was met. */
    public List<Objective> objectives() {
      JsonNode o = n.path("objectives");
      List<Objective> out = new ArrayList<>();
      if (o.has("availability")) {
        out.add(objective(o, Objective.AVAILABILITY, availability(), true));
      }
      if (o.has("latencyP99Ms")) {
        out.add(objective(o, Objective.LATENCY_P99_MS, latency("p99"), false));
      }
      if (o.has("monthlyBudgetUsd")) {
        out.add(objective(o, Objective.MONTHLY_BUDGET_USD, monthlyUsd(), false));
      }
      Recovery r = recovery();
      if (o.has("rtoSeconds")) {
        out.add(
            objective(
                o, Objective.RTO_SECONDS, r.rto() == null ? Double.NaN : r.rto().mean(), false));
      }
      if (o.has("rpoSeconds")) {
        out.add(
            objective(
                o, Objective.RPO_SECONDS, r.rpo() == null ? Double.NaN : r.rpo().mean(), false));
      }
      if (o.has(Objective.LOST_MESSAGES_PER_MILLION)) {
        JsonNode x = o.path(Objective.LOST_MESSAGES_PER_MILLION);
        out.add(
            objective(
                o,
                Objective.LOST_MESSAGES_PER_MILLION,
                number(x, "actual"),
                false,
                number(x, "actualCi95")));
      }
      return out;
    }

    private Objective objective(JsonNode o, String field, double actual, boolean atLeast) {
      return objective(o, field, actual, atLeast, Double.NaN);
    }

    private Objective objective(
        JsonNode o, String field, double actual, boolean atLeast, double ci95) {
      JsonNode x = o.path(field);
      return new Objective(
          field,
          x.path("target").asDouble(),
          actual,
          atLeast,
          probability(x.path("probabilityMet").asDouble(), trials()),
          ci95);
    }

    private static Map<String, Double> doubles(JsonNode n) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (var it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN);
      }
      return m;
    }
  }

  /** Served requests by latency and trials by availability. */
  public record Distributions(List<Bucket> latencyMs, List<Bucket> availabilityByTrial) {}

  /** A bucket [from, to) and what fell in it; {@code to} is infinite for an open last bucket. */
  public record Bucket(double from, double to, long count) {}

  /** An item the price book has no price for, in a region. */
  public record Unpriced(String item, String region) {}

  /** A price a stage's cost used. */
  public record Price(
      String item,
      String region,
      double usd,
      String unit,
      String source,
      String asOf,
      boolean estimate) {}

  /** Incidents per trial and their mean detection and recovery times (NaN: none). */
  public record Incidents(
      double perTrial,
      double meanDetectionSeconds,
      double meanRecoverySeconds,
      double maxRecoverySeconds) {}

  /**
   * The queue's consumers in service: mean, fewest and most over the trials, and what they are
   * ({@code unit}: worker instances, worker tasks, or a Lambda consumer's concurrent batches; empty
   * when the stage has none, or in a result written before they were recorded).
   */
  public record Workers(double meanInService, long minInService, long maxInService, String unit) {
    public static final Workers NONE = new Workers(0, 0, 0, "");

    public boolean present() {
      return !unit.isEmpty();
    }

    /** "2.0 / 2 / 2 worker instances", "0.4 / 0 / 3 concurrent batches"; empty when none. */
    public String text() {
      if (!present()) {
        return "";
      }
      return meanFewestMost(meanInService, minInService, maxInService, unit);
    }
  }

  /** "mean / fewest / most unit", the mean to one decimal (0 when there was none). */
  static String meanFewestMost(double mean, long fewest, long most, String unit) {
    return String.format(
        java.util.Locale.ROOT,
        "%.1f / %d / %d %s",
        Double.isNaN(mean) ? 0 : mean,
        fewest,
        most,
        unit);
  }

  /**
   * Units in service: mean, fewest and most over the trials, and what they are ({@code unit}:
   * instances, tasks, pods, container instances, execution environments, worker instances; empty
   * when nothing of the stage runs on units; a result written before it was recorded reads as
   * instances).
   */
  public record Instances(
      double meanInService,
      long minInService,
      long maxInService,
      double creditCappedHoursPerTrial,
      String unit) {
    /**
     * "2.0 / 2 / 2 instances", "4.0 / 3 / 6 tasks", "1.2 / 0 / 4 Lambda environments" (mean /
     * fewest / most), said as what they are; "none" when nothing of the stage runs on units.
     */
    public String text() {
      if (unit.isEmpty() && maxInService == 0) {
        return "none";
      }
      return meanFewestMost(
          meanInService,
          minInService,
          maxInService,
          unit.equals("execution environments") ? "Lambda environments" : unit);
    }
  }

  /**
   * Region or database recoveries per trial, with their recovery times and data-loss windows (null
   * when there was none).
   */
  public record Recovery(double perTrial, Spread rto, Spread rpo) {}

  /** A mean and 95th percentile in seconds. */
  public record Spread(double mean, double p95) {}

  /** A static finding. */
  public record Finding(String category, String severity, String component, String message) {}

  /** A Well-Architected check. */
  public record Check(String pillar, String check, boolean met) {}

  private static Probability probability(double p, long trials) {
    long k = Math.round(p * trials);
    WilsonInterval w = WilsonInterval.of(k, trials);
    return new Probability(k, trials, w.low(), w.high());
  }

  /** k of n trials, with a 95 % Wilson interval. */
  public record Probability(long k, long n, double low, double high) {
    public double p() {
      return n == 0 ? Double.NaN : (double) k / n;
    }

    public String text() {
      return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", p(), low, high);
    }
  }

  /**
   * An objective: the target, the stage's figure (NaN when there is none, e.g. no recovery), and
   * whether more is better (availability) or less (latency, cost, RTO, RPO, lost messages).
   *
   * @param field the objective's field in the scenario and the result ({@link #AVAILABILITY}, …)
   * @param ci95 half-width of the figure's 95 % interval where the objective's block carries it
   *     (lost messages); NaN otherwise (the others' intervals are elsewhere in the stage)
   */
  public record Objective(
      String field, double target, double actual, boolean atLeast, Probability met, double ci95) {
    public Objective(String field, double target, double actual, boolean atLeast, Probability met) {
      this(field, target, actual, atLeast, met, Double.NaN);
    }

    public static final String AVAILABILITY = "availability";
    public static final String LATENCY_P99_MS = "latencyP99Ms";
    public static final String MONTHLY_BUDGET_USD = "monthlyBudgetUsd";
    public static final String RTO_SECONDS = "rtoSeconds";
    public static final String RPO_SECONDS = "rpoSeconds";
    public static final String LOST_MESSAGES_PER_MILLION = "lostMessagesPerMillion";

    /** Met on the merged figures (as the result's "met" decides it); no figure counts as met. */
    public boolean isMet() {
      if (Double.isNaN(actual)) {
        return true;
      }
      return atLeast ? actual >= target : actual <= target;
    }
  }
}
