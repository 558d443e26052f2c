package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of optimisations: the stored answer ({@link #result}) and what {@code GET
 * /optimizations/{id}} shows ({@link #optimization}).
 */
public final class OptimizationViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Designs listed one by one in the answer (the best, then by outcome); the rest are counted. */
  public static final int MAX_LISTED = 200;

  private OptimizationViews() {}

  /**
   * The answer as stored: the search, the trials spent, the best design (with its ready scenario),
   * the designs by outcome with their figures and why each lost, the text answer, the same as
   * Markdown and the report.
   */
  public static String result(
      Optimizer.Result r,
      OptimizationPlan plan,
      String answer,
      String markdown,
      String reportHtml) {
    ObjectNode n = JSON.createObjectNode();
    n.put("search", r.settings().search().name().toLowerCase(Locale.ROOT));
    n.put("spaceSize", r.spaceSize());
    n.put("designs", r.designs());
    n.put("excluded", r.excluded());
    n.put("generations", r.generations());
    n.put("trials", r.settings().trials());
    n.put("trialsUsed", r.trialsUsed());
    n.put("batches", r.batches());
    n.put("largestBatchTrials", r.largestBatchTrials());
    n.put("exhaustiveTrials", r.exhaustiveTrials());
    n.put("budgetTrials", r.settings().budgetTrials());
    n.put("budgetExhausted", r.budgetExhausted());
    if (r.best().isPresent()) {
      ObjectNode best = outcome(n.putObject("best"), r.best().get());
      ObjectNode doc = r.best().get().document().deepCopy();
      ((ObjectNode) doc.with("run")).put("trials", r.settings().trials());
      best.set("scenario", doc);
    } else {
      n.putNull("best");
    }
    Map<Optimizer.Status, Integer> counts = new EnumMap<>(Optimizer.Status.class);
    r.outcomes().forEach(o -> counts.merge(o.status(), 1, Integer::sum));
    ObjectNode byStatus = n.putObject("outcomes");
    counts.forEach((k, v) -> byStatus.put(k.name().toLowerCase(Locale.ROOT), v));
    ArrayNode listed = n.putArray("designsListed");
    List<Optimizer.Outcome> sorted =
        r.outcomes().stream()
            .sorted(
                Comparator.comparing((Optimizer.Outcome o) -> o.status().ordinal())
                    .thenComparingDouble(
                        o -> o.judgement() == null ? Double.MAX_VALUE : o.judgement().costMean())
                    .thenComparingInt(o -> o.design().index()))
            .limit(MAX_LISTED)
            .toList();
    sorted.forEach(o -> outcome(listed.addObject(), o));
    n.put("answer", answer);
    n.put("markdown", markdown);
    n.put("report", reportHtml);
    return n.toString();
  }

  private static ObjectNode outcome(ObjectNode n, Optimizer.Outcome o) {
    n.put("design", o.design().index() + 1);
    n.put("label", o.design().label());
    n.put("stage", o.stageName());
    n.put("status", o.status().name().toLowerCase(Locale.ROOT));
    n.put("reason", o.reason());
    Judgement j = o.judgement();
    if (j != null) {
      n.put("trials", j.trials());
      n.put("monthlyCostUsd", j.costMean());
      putFinite(n, "monthlyCostCi95", j.costCi95());
      n.put("availability", j.availabilityMean());
      putFinite(n, "availabilityCi95", j.availabilityCi95());
      putFinite(n, "latencyP99Ms", j.p99Ms());
      putFinite(n, "latencyP99Ci95", j.p99Ci95());
      putFinite(n, "rtoMeanSeconds", j.rtoMeanSeconds());
      putFinite(n, "rtoCi95", j.rtoCi95());
      putFinite(n, "rpoMeanSeconds", j.rpoMeanSeconds());
      putFinite(n, "rpoCi95", j.rpoCi95());
      putFinite(n, "lostMessagesPerMillion", j.lostPerMillion());
      putFinite(n, "lostMessagesCi95", j.lostCi95());
    }
    return n;
  }

  private static void putFinite(ObjectNode n, String name, double v) {
    if (Double.isFinite(v)) {
      n.put(name, v);
    } else {
      n.putNull(name);
    }
  }

  /**
   * {@code GET /optimizations/{id}}: id, status, progress (trials done of the budget), times, the
   * failure reason, and once COMPLETED the answer without its report (that is {@code
   * /optimizations/{id}/report}).
   */
  public static String optimization(OptimizationRecord o, String url) {
    ObjectNode n = JSON.createObjectNode();
    n.put("optimizationId", o.id());
    n.put("url", url);
    n.put("status", o.status().name());
    ObjectNode p = n.putObject("progress");
    p.put("trialsDone", o.trialsDone());
    p.put("budgetTrials", o.budgetTrials());
    n.put("created", o.createdAt() == null ? null : o.createdAt().toString());
    n.put("updated", o.updatedAt() == null ? null : o.updatedAt().toString());
    if (o.failureReason() != null) {
      n.put("failureReason", o.failureReason());
    }
    if (o.resultJson() != null) {
      ObjectNode result = (ObjectNode) read(o.resultJson());
      result.remove("report");
      n.set("result", result);
    }
    return n.toString();
  }

  /** The report of a completed optimisation (HTML). */
  public static String report(OptimizationRecord o) {
    return read(o.resultJson()).path("report").asText();
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored optimisation answer is not JSON", e);
    }
  }
}
