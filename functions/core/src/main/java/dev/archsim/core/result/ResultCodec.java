package dev.archsim.core.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.result.ExactStat;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.RecoveryTally;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.WorkerTally;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON forms of results: the exact, mergeable shard result (integers and big integers as strings,
 * histogram as a dense run of counts) and the user-facing run result.
 */
public final class ResultCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The version of the run result's JSON form ({@link #RESULT_SCHEMA_RESOURCE} describes it). */
  public static final int RESULT_VERSION = 1;

  /** The published JSON Schema of the run result. */
  public static final String RESULT_SCHEMA_RESOURCE = "/schema/result-v1.schema.json";

  private ResultCodec() {}

  /** The published JSON Schema of run results. */
  public static String resultSchemaText() {
    try (var in = ResultCodec.class.getResourceAsStream(RESULT_SCHEMA_RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ shard results (exact)

  public static String writeAccumulator(StageAccumulator a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("stage", a.stage());
    n.put("trials", a.trials());
    n.put("requests", a.requests());
    ArrayNode failed = n.putArray("failedByCause");
    for (long v : a.failedByCause()) {
      failed.add(v);
    }
    long[] h = a.histogram();
    int first = 0;
    while (first < h.length && h[first] == 0) {
      first++;
    }
    int last = h.length - 1;
    while (last >= first && h[last] == 0) {
      last--;
    }
    ObjectNode hist = n.putObject("histogram");
    hist.put("offset", first);
    ArrayNode counts = hist.putArray("counts");
    for (int i = first; i <= last; i++) {
      counts.add(h[i]);
    }
    n.put("latencySumMicros", a.latencySumMicros().toString());
    n.set("availabilityPpb", stat(a.availabilityPpb()));
    n.set("monthlyCostMicroUsd", stat(a.monthlyCostMicroUsd()));
    n.set("costByComponentMicroUsd", MAPPER.valueToTree(a.costByComponentMicroUsd()));
    n.set("instanceSeconds", MAPPER.valueToTree(a.instanceSeconds()));
    n.put("trialsMeetingAvailability", a.trialsMeetingAvailability());
    n.put("trialsMeetingLatency", a.trialsMeetingLatency());
    n.put("trialsMeetingBudget", a.trialsMeetingBudget());
    n.put("trialsMeetingAll", a.trialsMeetingAll());
    n.put("incidents", a.incidents());
    n.put("detections", a.detections());
    n.put("detectionMillisSum", a.detectionMillisSum().toString());
    n.put("recoveries", a.recoveries());
    n.put("recoveryMillisSum", a.recoveryMillisSum().toString());
    n.put("maxRecoveryMillis", a.maxRecoveryMillis());
    n.set("inServiceMilli", stat(a.inServiceMilli()));
    n.put("minInService", a.minInService());
    n.put("maxInService", a.maxInService());
    n.put("creditCappedSeconds", a.creditCappedSeconds());
    ObjectNode workers = n.putObject("workers");
    workers.set("meanMilli", stat(a.workers().meanMilli()));
    workers.put("min", a.workers().min());
    workers.put("max", a.workers().max());
    RecoveryTally r = a.recovery();
    ObjectNode rn = n.putObject("recovery");
    rn.put("rtoEvents", r.rtoEvents());
    rn.put("rtoMillisSum", r.rtoMillisSum().toString());
    rn.set("rtoHistogram", sparse(r.rtoHistogram()));
    rn.put("rpoEvents", r.rpoEvents());
    rn.put("rpoMillisSum", r.rpoMillisSum().toString());
    rn.set("rpoHistogram", sparse(r.rpoHistogram()));
    rn.put("maxRtoMillis", r.maxRtoMillis());
    rn.put("maxRpoMillis", r.maxRpoMillis());
    n.set("counters", MAPPER.valueToTree(a.counters()));
    n.set("peaks", MAPPER.valueToTree(a.peaks()));
    return n.toString();
  }

  public static StageAccumulator readAccumulator(String text) {
    JsonNode n;
    try {
      n = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a shard result: " + e.getOriginalMessage(), e);
    }
    long[] failed = new long[n.get("failedByCause").size()];
    for (int i = 0; i < failed.length; i++) {
      failed[i] = n.get("failedByCause").get(i).asLong();
    }
    long[] histogram = new long[LatencyHistogram.SIZE];
    int offset = n.get("histogram").get("offset").asInt();
    JsonNode counts = n.get("histogram").get("counts");
    for (int i = 0; i < counts.size(); i++) {
      histogram[offset + i] = counts.get(i).asLong();
    }
    return new StageAccumulator(
        n.get("stage").asInt(),
        n.get("trials").asLong(),
        n.get("requests").asLong(),
        failed,
        histogram,
        new BigInteger(n.get("latencySumMicros").asText()),
        readStat(n.get("availabilityPpb")),
        readStat(n.get("monthlyCostMicroUsd")),
        longMap(n.get("costByComponentMicroUsd")),
        longMap(n.get("instanceSeconds")),
        n.get("trialsMeetingAvailability").asLong(),
        n.get("trialsMeetingLatency").asLong(),
        n.get("trialsMeetingBudget").asLong(),
        n.get("trialsMeetingAll").asLong(),
        n.get("incidents").asLong(),
        n.get("detections").asLong(),
        new BigInteger(n.get("detectionMillisSum").asText()),
        n.get("recoveries").asLong(),
        new BigInteger(n.get("recoveryMillisSum").asText()),
        n.get("maxRecoveryMillis").asLong(),
        readStat(n.get("inServiceMilli")),
        n.get("minInService").asLong(),
        n.get("maxInService").asLong(),
        n.get("creditCappedSeconds").asLong(),
        readRecovery(n.get("recovery")),
        longMap(n.get("counters")),
        longMap(n.get("peaks")),
        n.has("workers")
            ? new WorkerTally(
                readStat(n.get("workers").get("meanMilli")),
                n.get("workers").get("min").asLong(),
                n.get("workers").get("max").asLong())
            : WorkerTally.EMPTY);
  }

  private static ObjectNode sparse(long[] h) {
    ObjectNode o = MAPPER.createObjectNode();
    for (int i = 0; i < h.length; i++) {
      if (h[i] != 0) {
        o.put(Integer.toString(i), h[i]);
      }
    }
    return o;
  }

  private static long[] dense(JsonNode n) {
    long[] h = new long[LatencyHistogram.SIZE];
    // loops rather than lambdas in this class: each lambda's class is spun at its first call, and
    // every run's result passes through here once
    for (var it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h[Integer.parseInt(e.getKey())] = e.getValue().asLong();
    }
    return h;
  }

  private static RecoveryTally readRecovery(JsonNode r) {
    return new RecoveryTally(
        r.get("rtoEvents").asLong(),
        new BigInteger(r.get("rtoMillisSum").asText()),
        dense(r.get("rtoHistogram")),
        r.get("rpoEvents").asLong(),
        new BigInteger(r.get("rpoMillisSum").asText()),
        dense(r.get("rpoHistogram")),
        r.get("maxRtoMillis").asLong(),
        r.get("maxRpoMillis").asLong());
  }

  private static ObjectNode stat(ExactStat s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("count", s.count());
    n.put("sum", s.sum().toString());
    n.put("sumOfSquares", s.sumOfSquares().toString());
    n.put("min", s.min());
    n.put("minTrial", s.minTrial());
    n.put("max", s.max());
    n.put("maxTrial", s.maxTrial());
    return n;
  }

  private static ExactStat readStat(JsonNode n) {
    return new ExactStat(
        n.get("count").asLong(),
        new BigInteger(n.get("sum").asText()),
        new BigInteger(n.get("sumOfSquares").asText()),
        n.get("min").asLong(),
        n.get("minTrial").asLong(),
        n.get("max").asLong(),
        n.get("maxTrial").asLong());
  }

  private static TreeMap<String, Long> longMap(JsonNode n) {
    TreeMap<String, Long> m = new TreeMap<>();
    for (var it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().asLong());
    }
    return m;
  }

  // ------------------------------------------------------------------ the run result

  /** The merged result as a JSON tree. */
  public static ObjectNode summaryTree(RunSummary run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", RESULT_VERSION);
    root.put("scenario", run.scenario());
    root.put("seed", run.seed());
    root.put("trials", run.trials());
    ArrayNode stages = root.putArray("stages");
    for (StageSummary s : run.stages()) {
      stages.add(stage(s));
    }
    ArrayNode comparisons = root.putArray("comparisons");
    for (RunSummary.Comparison c : run.comparisons()) {
      ObjectNode n = comparisons.addObject();
      n.put("from", c.from());
      n.put("to", c.to());
      num(n, "availabilityDelta", c.availabilityDelta());
      n.put("failedRequestsDelta", c.failedRequestsDelta());
      num(n, "latencyP99DeltaMs", c.latencyP99DeltaMs());
      num(n, "monthlyCostDeltaUsd", c.monthlyCostDeltaUsd());
    }
    return root;
  }

  public static String writeSummary(RunSummary run) {
    return summaryTree(run).toString();
  }

  public static String writeSummaryPretty(RunSummary run) {
    try {
      return PRETTY.writeValueAsString(summaryTree(run));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void buckets(ArrayNode out, List<StageSummary.Bucket> buckets, String what) {
    for (StageSummary.Bucket b : buckets) {
      ObjectNode o = out.addObject();
      num(o, "from", b.from());
      if (Double.isInfinite(b.to())) {
        o.putNull("to");
      } else {
        num(o, "to", b.to());
      }
      o.put(what, b.count());
    }
  }

  private static ObjectNode stage(StageSummary s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("index", s.index());
    n.put("name", s.name());
    n.put("description", s.description());
    n.put("trials", s.trials());
    ObjectNode requests = n.putObject("requests");
    requests.put("total", s.requestsTotal());
    requests.put("served", s.requestsServed());
    requests.put("failed", s.requestsFailed());
    ObjectNode byCause = requests.putObject("failedByCause");
    for (Map.Entry<String, Long> e : s.failedByCause().entrySet()) {
      byCause.put(e.getKey(), e.getValue());
    }
    ObjectNode availability = n.putObject("availability");
    num(availability, "mean", s.availabilityMean());
    num(availability, "ci95", s.availabilityCi95());
    num(availability, "worst", s.availabilityWorst());
    availability.put("worstTrial", s.worstTrial());
    ObjectNode latency = n.putObject("latencyMs");
    num(latency, "mean", s.latencyMeanMs());
    num(latency, "p50", s.latencyP50Ms());
    num(latency, "p95", s.latencyP95Ms());
    num(latency, "p99", s.latencyP99Ms());
    num(latency, "p999", s.latencyP999Ms());
    ObjectNode cost = n.putObject("cost");
    num(cost, "monthlyUsd", s.monthlyCostUsd());
    num(cost, "ci95", s.monthlyCostCi95());
    ObjectNode components = cost.putObject("byComponent");
    for (Map.Entry<String, Double> e : s.costByComponentUsd().entrySet()) {
      num(components, e.getKey(), e.getValue());
    }
    cost.put("priceBook", s.priceBook());
    prices(cost, s.prices());
    ObjectNode hours = n.putObject("instanceHoursPerTrial");
    for (Map.Entry<String, Double> e : s.instanceHoursPerTrial().entrySet()) {
      num(hours, e.getKey(), e.getValue());
    }
    ObjectNode incidents = n.putObject("incidents");
    num(incidents, "perTrial", s.incidentsPerTrial());
    num(incidents, "meanDetectionSeconds", s.meanDetectionSeconds());
    num(incidents, "meanRecoverySeconds", s.meanRecoverySeconds());
    num(incidents, "maxRecoverySeconds", s.maxRecoverySeconds());
    ObjectNode instances = n.putObject("instances");
    num(instances, "meanInService", s.instancesMean());
    instances.put("minInService", s.instancesMin());
    instances.put("maxInService", s.instancesMax());
    num(instances, "creditCappedHoursPerTrial", s.creditCappedHoursPerTrial());
    instances.put("unit", s.instancesUnit());
    if (!s.workers().unit().isEmpty()) {
      ObjectNode workers = n.putObject("workers");
      num(workers, "meanInService", s.workers().mean());
      workers.put("minInService", s.workers().min());
      workers.put("maxInService", s.workers().max());
      workers.put("unit", s.workers().unit());
    }
    StageSummary.Recovery r = s.recovery();
    ObjectNode recovery = n.putObject("recovery");
    num(recovery, "perTrial", r.perTrial());
    if (Double.isNaN(r.rtoMean())) {
      recovery.putNull("rtoSeconds");
    } else {
      ObjectNode rto = recovery.putObject("rtoSeconds");
      num(rto, "mean", r.rtoMean());
      num(rto, "p95", r.rtoP95());
    }
    if (Double.isNaN(r.rpoMean())) {
      recovery.putNull("rpoSeconds");
    } else {
      ObjectNode rpo = recovery.putObject("rpoSeconds");
      num(rpo, "mean", r.rpoMean());
      num(rpo, "p95", r.rpoP95());
    }
    ObjectNode distributions = n.putObject("distributions");
    buckets(distributions.putArray("latencyMs"), s.distributions().latencyMs(), "requests");
    buckets(
        distributions.putArray("availabilityByTrial"),
        s.distributions().availabilityByTrial(),
        "trials");
    ObjectNode tiers = n.putObject("tiers");
    ObjectNode perTrial = tiers.putObject("perTrial");
    for (Map.Entry<String, Double> e : s.countersPerTrial().entrySet()) {
      num(perTrial, e.getKey(), e.getValue());
    }
    ObjectNode peaks = tiers.putObject("peaks");
    for (Map.Entry<String, Long> e : s.peaks().entrySet()) {
      peaks.put(e.getKey(), e.getValue());
    }
    ArrayNode findings = n.putArray("findings");
    for (Finding f : s.findings()) {
      ObjectNode fn = findings.addObject();
      fn.put("category", f.category());
      fn.put("severity", f.severity());
      fn.put("component", f.component());
      fn.put("message", f.message());
    }
    ArrayNode pillars = n.putArray("wellArchitected");
    for (var c : s.wellArchitected()) {
      ObjectNode pn = pillars.addObject();
      pn.put("pillar", c.pillar());
      pn.put("check", c.check());
      pn.put("met", c.met());
    }
    StageSummary.ObjectivesOutcome o = s.objectives();
    ObjectNode objectives = n.putObject("objectives");
    objectives.put("met", o.met());
    probability(objectives, "probabilityAllMet", o.allMetProbability(), s.trials());
    objective(objectives, "availability", o.availabilityTarget(), o.availabilityProbability(), s);
    objective(objectives, "latencyP99Ms", o.latencyP99TargetMs(), o.latencyProbability(), s);
    ObjectNode budget =
        objective(objectives, "monthlyBudgetUsd", o.monthlyBudgetUsd(), o.budgetProbability(), s);
    if (budget != null && s.budgetUndetermined()) {
      budget.put("undetermined", true);
      budget.put(
          "note",
          "the cost is partial ("
              + s.prices().unpriced().size()
              + " unpriced items): it is a lower bound, so a budget met on it may still be"
              + " missed");
    }
    objective(objectives, "rtoSeconds", o.rtoTargetSeconds(), o.rtoProbability(), s);
    objective(objectives, "rpoSeconds", o.rpoTargetSeconds(), o.rpoProbability(), s);
    ObjectNode lost =
        objective(
            objectives,
            "lostMessagesPerMillion",
            o.lostMessagesTargetPerMillion(),
            o.lostMessagesProbability(),
            s);
    if (lost != null) {
      // the figure is nowhere else in the result: the queue's counters give it only per trial
      num(lost, "actual", o.lostMessagesPerMillion());
      num(lost, "actualCi95", o.lostMessagesCi95());
    }
    return n;
  }

  /** The objective's target and the share of trials meeting it, or null when it has none. */
  private static ObjectNode objective(
      ObjectNode objectives, String field, Double target, double probability, StageSummary s) {
    if (target == null) {
      return null;
    }
    ObjectNode a = objectives.putObject(field);
    num(a, "target", target);
    probability(a, "probabilityMet", probability, s.trials());
    return a;
  }

  /**
   * A probability over trials, with the trials behind it and its 95 % Wilson interval as {@code
   * <field>Ci95: [low, high]}.
   */
  private static void probability(ObjectNode n, String field, double p, long trials) {
    num(n, field, p);
    long k = Math.round(p * trials);
    WilsonInterval w = WilsonInterval.of(k, trials);
    ArrayNode ci = n.putArray(field + "Ci95");
    ci.add(w.low());
    ci.add(w.high());
  }

  /**
   * The prices a stage's cost used, each with source and date, and the unpriced items: with any,
   * {@code partial} is true and the monthly cost is a lower bound.
   */
  private static void prices(ObjectNode cost, dev.archsim.engine.catalog.PriceUse.Sheet sheet) {
    cost.put("partial", sheet.partial());
    ArrayNode unpriced = cost.putArray("unpriced");
    ArrayNode used = cost.putArray("prices");
    for (var i : sheet.items()) {
      if (!i.priced()) {
        ObjectNode u = unpriced.addObject();
        u.put("item", i.item());
        u.put("region", i.region());
        continue;
      }
      ObjectNode p = used.addObject();
      p.put("item", i.item());
      p.put("region", i.region());
      p.put("usd", i.price().usd());
      p.put("unit", i.price().unit());
      p.put("source", i.price().source());
      p.put("asOf", i.price().asOf());
      if (i.price().estimate()) {
        p.put("estimate", true);
      }
    }
  }

  /** Writes a number, or null when it is NaN or infinite (JSON has neither). */
  private static void num(ObjectNode n, String field, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}
