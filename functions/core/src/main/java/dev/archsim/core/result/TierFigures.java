package dev.archsim.core.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stage's per-trial counters and peaks of the tiers beside the fleet ({@code tiers} in the
 * result, keyed by the engine's counter names such as {@code nat.gb}) in words, grouped by the
 * component they belong to, in request-path order: "NAT gateways: 50 GB processed". A counter this
 * class does not know keeps its name, so a new component's figures still show.
 */
public final class TierFigures {
  private TierFigures() {}

  /** What a counter means: its component, its words, and how its value is shown. */
  private record Meaning(String component, String words, double scale, String unit) {}

  /** Instance-hours a burstable fleet ran at its baseline, its CPU credits spent. */
  /** What the figures are, above every listing of them. */
  public static final String HEADING =
      "a trial's figures, the mean over trials; \"at most\": the most in any trial";

  static final String CREDIT_CAPPED = "instance-hours held to the CPU baseline (credits spent)";

  /** The components in request-path order; a figure of another one comes after them. */
  private static final List<String> ORDER =
      List.of(
          "CloudFront",
          "AWS WAF",
          "load balancer",
          "API Gateway",
          "Lambda",
          "compute fleet",
          "container service",
          "NAT gateways",
          "VPC endpoints",
          "cache",
          "S3",
          "EFS",
          "CloudWatch",
          "database",
          "queue",
          "queue workers",
          "regions");

  private static final Map<String, Meaning> COUNTERS = new LinkedHashMap<>();
  private static final Map<String, Meaning> PEAKS = new LinkedHashMap<>();

  static {
    counter("edge.hits", "CloudFront", "requests answered at the edge");
    counter("s3.gets", "S3", "GETs for CloudFront's misses");
    counter("s3.transitions", "S3", "objects moved by lifecycle rules");
    counter("waf.inspected", "AWS WAF", "requests inspected");
    counter("sessions.lost", "load balancer", "sticky sessions lost");
    counter("apigw.throttled", "API Gateway", "requests throttled");
    counter("lambda.invocations", "Lambda", "invocations");
    counter("lambda.coldStarts", "Lambda", "cold starts");
    counter("lambda.throttled", "Lambda", "invocations throttled");
    counter("nat.gb", "NAT gateways", "GB processed");
    counter("nat.crossAzGb", "NAT gateways", "GB from other AZs to a shared gateway");
    counter("vpce.gb", "VPC endpoints", "GB processed by interface endpoints");
    counter("cache.hits", "cache", "reads answered");
    counter("cache.ecpus", "cache", "ECPUs");
    counter("efs.read.gb", "EFS", "GB read");
    counter("efs.write.gb", "EFS", "GB written");
    counter("logs.gb", "CloudWatch", "GB of logs ingested");
    counter("db.reads", "database", "reads");
    counter("db.writes", "database", "writes");
    COUNTERS.put("db.acuSeconds", new Meaning("database", "ACU-hours", 1 / 3600.0, ""));
    counter("queue.sent", "queue", "messages sent");
    counter("queue.consumed", "queue", "messages consumed");
    counter("queue.retries", "queue", "messages received again");
    counter("queue.deadLettered", "queue", "messages dead-lettered");
    counter("queue.expired", "queue", "messages expired (lost)");
    counter("queue.emptyReceives", "queue", "empty receives (long polls that returned nothing)");
    counter("fanout.deliveries", "queue", "fan-out deliveries");
    counter("consumer.invocations", "queue workers", "invocations");
    counter("workers.spotInterruptions", "queue workers", "spot interruptions");
    counter("workers.creditCappedHours", "queue workers", CREDIT_CAPPED);
    counter("workers.deployments", "queue workers", "deployments");
    counter("compute.deployments", "compute fleet", "deployments");
    counter("compute.spotInterruptions", "compute fleet", "spot interruptions");
    counter("ecs.deployments", "container service", "deployments");
    counter("ecs.spotInterruptions", "container service", "spot interruptions");
    counter("secondary.requests", "regions", "requests served outside the primary region");
    peak("lambda.maxConcurrency", "Lambda", "concurrency", "");
    peak("db.writerUtilisationPct", "database", "writer utilisation", " %");
    peak("db.replicaUtilisationPct", "database", "replica utilisation", " %");
    peak("queue.maxBacklog", "queue", "backlog", " messages");
    peak("queue.maxAgeSeconds", "queue", "age of the oldest message", " s");
    peak("queue.maxRetrying", "queue", "messages being retried", "");
    peak("consumer.maxConcurrency", "queue workers", "concurrency", "");
    peak("workers.maxInService", "queue workers", "instances in service", "");
  }

  /** The figures of a chain tier's counters, {@code tier.NAME.WHAT}, by what they count. */
  private static final Map<String, String> TIER =
      Map.of(
          "served", "requests served",
          "creditCappedHours", CREDIT_CAPPED,
          "spotInterruptions", "spot interruptions",
          "deployments", "deployments");

  private static final java.util.Set<String> CAUSES = new java.util.HashSet<>();

  static {
    for (dev.archsim.engine.result.FailureCause c :
        dev.archsim.engine.result.FailureCause.values()) {
      CAUSES.add(c.id());
    }
  }

  private static void counter(String key, String component, String words) {
    COUNTERS.put(key, new Meaning(component, words, 1, ""));
  }

  private static void peak(String key, String component, String words, String unit) {
    PEAKS.put(key, new Meaning(component, words, 1, unit));
  }

  /**
   * The figures of a stage by component, in path order: each component's counters per trial (a mean
   * over the trials), then its peaks (the most in any trial) as "backlog at most ...".
   */
  public static Map<String, List<String>> of(ResultView.Stage s) {
    Map<String, List<String>> by = new LinkedHashMap<>();
    // loops rather than lambdas in this class: each lambda's class is spun at its first call,
    // start-up work every run's table pays
    for (String c : ORDER) {
      by.put(c, new ArrayList<>());
    }
    Map<String, Double> counters = new LinkedHashMap<>(s.tierCountersPerTrial());
    Map<String, Long> peaks = new LinkedHashMap<>(s.tierPeaks());
    ResultView.Instances inService = s.instances();
    if (CONTAINERS.contains(inService.unit())) {
      by.get("container service").add(inService(inService));
    }
    tiers(counters, by);
    // the known figures in the order they are declared, then the others by name
    for (Map.Entry<String, Meaning> e : COUNTERS.entrySet()) {
      Meaning m = e.getValue();
      Double v = counters.remove(e.getKey());
      if (v != null) {
        by.get(m.component()).add(counted(orZero(v) * m.scale(), m.words()));
      }
    }
    for (Map.Entry<String, Double> e : counters.entrySet()) {
      String key = e.getKey();
      Double v = e.getValue();
      if (key.startsWith("region.") && key.endsWith(".requests")) {
        String region = key.substring("region.".length(), key.length() - ".requests".length());
        by.get("regions").add(counted(orZero(v), "requests served in " + region));
      } else {
        figuresOf(by, key).add(compact(orZero(v)));
      }
    }
    for (Map.Entry<String, Meaning> e : PEAKS.entrySet()) {
      Meaning m = e.getValue();
      Long v = peaks.remove(e.getKey());
      if (v != null) {
        by.get(m.component())
            .add(
                m.words()
                    + " at most "
                    + (m.unit().equals(" s") ? duration(v) : compact(v) + m.unit()));
      }
    }
    for (Map.Entry<String, Long> e : peaks.entrySet()) {
      figuresOf(by, e.getKey()).add("at most " + compact(e.getValue()));
    }
    for (var it = by.values().iterator(); it.hasNext(); ) {
      if (it.next().isEmpty()) {
        it.remove();
      }
    }
    return by;
  }

  /** The figures listed under {@code key}, a new list the first time. */
  private static List<String> figuresOf(Map<String, List<String>> by, String key) {
    List<String> figures = by.get(key);
    if (figures == null) {
      figures = new ArrayList<>();
      by.put(key, figures);
    }
    return figures;
  }

  /** The units a container service's count in service counts. */
  private static final java.util.Set<String> CONTAINERS =
      java.util.Set.of("tasks", "pods", "container instances");

  /** "4 tasks in service on average (3 to 6)": a stage's units in service, mean and bounds. */
  static String inService(ResultView.Instances i) {
    String mean = compact(orZero(i.meanInService()));
    return mean
        + " "
        + i.unit()
        + " in service on average"
        + (i.minInService() == i.maxInService()
            ? ""
            : " (" + i.minInService() + " to " + i.maxInService() + ")");
  }

  /**
   * A chain tier's counters ({@code tier.NAME.WHAT}) as the figures of "NAME tier", after the
   * components before it on the path: requests served, failed by cause (those that round to none
   * left out), instance-hours at the CPU baseline, spot interruptions. Removes them from {@code
   * counters}.
   */
  private static void tiers(Map<String, Double> counters, Map<String, List<String>> by) {
    Map<String, List<String>> tiers = new LinkedHashMap<>();
    var it = counters.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      String key = e.getKey();
      int dot = key.lastIndexOf('.');
      if (!key.startsWith("tier.") || dot <= "tier.".length()) {
        continue;
      }
      String name = key.substring("tier.".length(), dot);
      String what = key.substring(dot + 1);
      double v = orZero(e.getValue());
      String figure;
      if (TIER.containsKey(what)) {
        figure = counted(v, TIER.get(what));
      } else if (CAUSES.contains(what)) {
        figure = compact(v).equals("0") ? null : compact(v) + " failed (" + what + ")";
      } else {
        continue; // not a tier's figure this class knows: shown under its own name
      }
      it.remove();
      List<String> figures = figuresOf(tiers, name + " tier");
      if (figure != null) {
        if (what.equals("served")) {
          figures.add(0, figure);
        } else {
          figures.add(figure);
        }
      }
    }
    if (tiers.isEmpty()) {
      return;
    }
    // after the stage's fleet and before the NAT gateways: the request path's order
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : by.entrySet()) {
      if (e.getKey().equals("NAT gateways")) {
        ordered.putAll(tiers);
      }
      ordered.put(e.getKey(), e.getValue());
    }
    by.clear();
    by.putAll(ordered);
  }

  /** Plural nouns of the figures, and their singular for a count of one. */
  private static final Map<String, String> SINGULAR =
      Map.ofEntries(
          Map.entry("requests", "request"),
          Map.entry("deployments", "deployment"),
          Map.entry("interruptions", "interruption"),
          Map.entry("invocations", "invocation"),
          Map.entry("starts", "start"),
          Map.entry("messages", "message"),
          Map.entry("objects", "object"),
          Map.entry("deliveries", "delivery"),
          Map.entry("receives", "receive"),
          Map.entry("reads", "read"),
          Map.entry("writes", "write"));

  /**
   * "3 deployments", "1 deployment", "1 spot interruption": a count and its words, in agreement.
   */
  static String counted(double v, String words) {
    String n = compact(v);
    if (n.equals("1")) {
      String[] w = words.split(" ", -1);
      for (int i = 0; i < w.length; i++) {
        if (SINGULAR.containsKey(w[i])) {
          w[i] = SINGULAR.get(w[i]);
          return n + " " + String.join(" ", w);
        }
      }
    }
    return n + " " + words;
  }

  private static double orZero(Double v) {
    return v == null || Double.isNaN(v) ? 0 : v;
  }

  /** Seconds as a person reads them: 45 s, 59.5 min, 4 h. */
  static String duration(double seconds) {
    if (seconds < 120) {
      return compact(seconds) + " s";
    }
    if (seconds < 7200) {
      return compact(seconds / 60) + " min";
    }
    return compact(seconds / 3600) + " h";
  }

  /** The figures of a stage on one line: "NAT gateways: 50 GB processed; CloudWatch: ...". */
  public static List<String> line(ResultView.Stage s) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : of(s).entrySet()) {
      out.add(e.getKey() + ": " + String.join(", ", e.getValue()));
    }
    return out;
  }

  /** 12, 4.5, 12.3k, 8.64M: three significant digits at most, no trailing zeros. */
  public static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e9) {
      return trim(String.format(Locale.ROOT, "%.2f", v / 1e9)) + "G";
    }
    if (a >= 1e6) {
      return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
    }
    if (a >= 1e4) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
    }
    if (a >= 100 || a == 0) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return trim(String.format(Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v));
  }

  private static String trim(String s) {
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
