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

  /** The components in request-path order; a figure of another one comes after them. */
  private static final List<String> ORDER =
      List.of(
          "CloudFront",
          "AWS WAF",
          "load balancer",
          "API Gateway",
          "Lambda",
          "NAT gateways",
          "VPC endpoints",
          "cache",
          "S3",
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
    counter("vpce.gb", "VPC endpoints", "GB processed by interface endpoints");
    counter("cache.hits", "cache", "reads answered");
    counter("cache.ecpus", "cache", "ECPUs");
    counter("logs.gb", "CloudWatch", "GB of logs ingested");
    counter("db.reads", "database", "reads");
    counter("db.writes", "database", "writes");
    COUNTERS.put("db.acuSeconds", new Meaning("database", "ACU-hours", 1 / 3600.0, ""));
    counter("queue.sent", "queue", "messages sent");
    counter("queue.consumed", "queue", "messages consumed");
    counter("queue.retries", "queue", "messages received again");
    counter("queue.deadLettered", "queue", "messages dead-lettered");
    counter("queue.expired", "queue", "messages expired (lost)");
    counter("fanout.deliveries", "queue", "fan-out deliveries");
    counter("consumer.invocations", "queue workers", "invocations");
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
    ORDER.forEach(c -> by.put(c, new ArrayList<>()));
    Map<String, Double> counters = new LinkedHashMap<>(s.tierCountersPerTrial());
    Map<String, Long> peaks = new LinkedHashMap<>(s.tierPeaks());
    // the known figures in the order they are declared, then the others by name
    COUNTERS.forEach(
        (key, m) -> {
          Double v = counters.remove(key);
          if (v != null) {
            by.get(m.component()).add(compact(orZero(v) * m.scale()) + " " + m.words());
          }
        });
    counters.forEach(
        (key, v) -> {
          if (key.startsWith("region.") && key.endsWith(".requests")) {
            String region = key.substring("region.".length(), key.length() - ".requests".length());
            by.get("regions").add(compact(orZero(v)) + " requests served in " + region);
          } else {
            by.computeIfAbsent(key, k -> new ArrayList<>()).add(compact(orZero(v)));
          }
        });
    PEAKS.forEach(
        (key, m) -> {
          Long v = peaks.remove(key);
          if (v != null) {
            by.get(m.component())
                .add(
                    m.words()
                        + " at most "
                        + (m.unit().equals(" s") ? duration(v) : compact(v) + m.unit()));
          }
        });
    peaks.forEach(
        (key, v) -> by.computeIfAbsent(key, k -> new ArrayList<>()).add("at most " + compact(v)));
    by.values().removeIf(List::isEmpty);
    return by;
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
    of(s).forEach((c, figures) -> out.add(c + ": " + String.join(", ", figures)));
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
