package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a run result as the per-stage comparison table a person reads in a terminal. */
final class ResultTable {
  private ResultTable() {}

  static String render(JsonNode result) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%s — seed %d, %d trials per stage%n%n",
            result.path("scenario").asText(),
            result.path("seed").asLong(),
            result.path("trials").asInt()));
    b.append(
        String.format(
            Locale.ROOT,
            "%-3s %-34s %-24s %14s %9s %9s %10s  %s%n",
            "#",
            "stage",
            "availability (95% CI)",
            "failed req.",
            "p50 ms",
            "p99 ms",
            "$/month",
            "objectives"));
    int i = 1;
    for (JsonNode s : result.path("stages")) {
      JsonNode o = s.path("objectives");
      String objectives =
          o.has("availability") || o.has("latencyP99Ms") || o.has("monthlyBudgetUsd")
              ? String.format(
                  Locale.ROOT,
                  "%s (P=%.2f)",
                  !o.path("met").asBoolean()
                      ? "missed"
                      : o.path("monthlyBudgetUsd").path("undetermined").asBoolean()
                          ? "met, budget undetermined"
                          : "met",
                  o.path("probabilityAllMet").asDouble())
              : "-";
      b.append(
          String.format(
              Locale.ROOT,
              "%-3d %-34s %-24s %,14d %9.1f %9.1f %10s  %s%n",
              i++,
              truncate(s.path("name").asText(), 34),
              percent(s.path("availability")),
              s.path("requests").path("failed").asLong(),
              s.path("latencyMs").path("p50").asDouble(Double.NaN),
              s.path("latencyMs").path("p99").asDouble(Double.NaN),
              String.format(
                  Locale.ROOT,
                  "%.2f%s",
                  s.path("cost").path("monthlyUsd").asDouble(),
                  s.path("cost").path("partial").asBoolean() ? "+" : ""),
              objectives));
    }
    b.append(String.format(Locale.ROOT, "%nFailed requests by cause (all trials)%n"));
    for (JsonNode s : result.path("stages")) {
      StringBuilder causes = new StringBuilder();
      s.path("requests")
          .path("failedByCause")
          .fields()
          .forEachRemaining(
              e ->
                  causes.append(
                      String.format(Locale.ROOT, "  %s %,d", e.getKey(), e.getValue().asLong())));
      b.append(
          String.format(
              Locale.ROOT,
              "  %-34s%s%n",
              truncate(s.path("name").asText(), 34),
              causes.isEmpty() ? "  none" : causes));
    }
    if (result.path("comparisons").size() > 0) {
      b.append(String.format(Locale.ROOT, "%nWhat each stage bought%n"));
      for (JsonNode c : result.path("comparisons")) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %s → %s: availability %+.4f pp, failed requests %+,d, p99 %+.1f ms, cost %+.2f $/month%n",
                c.path("from").asText(),
                c.path("to").asText(),
                c.path("availabilityDelta").asDouble() * 100,
                c.path("failedRequestsDelta").asLong(),
                c.path("latencyP99DeltaMs").asDouble(),
                c.path("monthlyCostDeltaUsd").asDouble()));
      }
    }
    b.append(String.format(Locale.ROOT, "%nCost by component ($/month, mean)%n"));
    for (JsonNode s : result.path("stages")) {
      StringBuilder parts = new StringBuilder();
      s.path("cost")
          .path("byComponent")
          .fields()
          .forEachRemaining(
              e ->
                  parts.append(
                      String.format(
                          Locale.ROOT, "  %s %.2f", e.getKey(), e.getValue().asDouble())));
      b.append(
          String.format(Locale.ROOT, "  %-34s%s%n", truncate(s.path("name").asText(), 34), parts));
    }
    unpriced(result, b);
    b.append(
        String.format(
            Locale.ROOT,
            "%nInstances in service (mean / min / max) and Well-Architected checks met per pillar%n"));
    for (JsonNode s : result.path("stages")) {
      java.util.Map<String, int[]> pillars = new java.util.LinkedHashMap<>();
      for (JsonNode c : s.path("wellArchitected")) {
        int[] counts = pillars.computeIfAbsent(c.path("pillar").asText(), k -> new int[2]);
        counts[0] += c.path("met").asBoolean() ? 1 : 0;
        counts[1]++;
      }
      StringBuilder wa = new StringBuilder();
      pillars.forEach((k, v) -> wa.append(String.format(Locale.ROOT, "  %s %d/%d", k, v[0], v[1])));
      JsonNode inst = s.path("instances");
      b.append(
          String.format(
              Locale.ROOT,
              "  %-34s %5.1f / %d / %d %s%n",
              truncate(s.path("name").asText(), 34),
              inst.path("meanInService").asDouble(),
              inst.path("minInService").asLong(),
              inst.path("maxInService").asLong(),
              wa));
    }
    recoveryAndTiers(result, b);
    b.append(String.format(Locale.ROOT, "%nFindings%n"));
    for (JsonNode s : result.path("stages")) {
      for (JsonNode f : s.path("findings")) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-34s [%s] %s %s: %s%n",
                truncate(s.path("name").asText(), 34),
                f.path("severity").asText(),
                f.path("category").asText(),
                f.path("component").asText(),
                f.path("message").asText()));
      }
    }
    return b.toString();
  }

  /** RTO/RPO of the stages that had to recover, and the other tiers' per-trial figures. */
  private static void recoveryAndTiers(JsonNode result, StringBuilder b) {
    boolean anyRecovery = false;
    for (JsonNode s : result.path("stages")) {
      anyRecovery |= s.path("recovery").path("rtoSeconds").isObject();
    }
    if (anyRecovery) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nRecovery: region and database failovers per trial, RTO and RPO (mean / p95)%n"));
      for (JsonNode s : result.path("stages")) {
        JsonNode r = s.path("recovery");
        b.append(
            String.format(
                Locale.ROOT,
                "  %-34s %5.2f   RTO %s   RPO %s%n",
                truncate(s.path("name").asText(), 34),
                r.path("perTrial").asDouble(),
                meanP95(r.path("rtoSeconds")),
                meanP95(r.path("rpoSeconds"))));
      }
    }
    boolean anyTiers = false;
    for (JsonNode s : result.path("stages")) {
      anyTiers |= s.path("tiers").path("perTrial").size() > 0;
    }
    if (anyTiers) {
      b.append(String.format(Locale.ROOT, "%nOther tiers (per trial; peaks over all trials)%n"));
      for (JsonNode s : result.path("stages")) {
        StringBuilder parts = new StringBuilder();
        s.path("tiers")
            .path("perTrial")
            .fields()
            .forEachRemaining(
                e ->
                    parts.append(
                        String.format(
                            Locale.ROOT, "  %s %s", e.getKey(), compact(e.getValue().asDouble()))));
        s.path("tiers")
            .path("peaks")
            .fields()
            .forEachRemaining(
                e ->
                    parts.append(
                        String.format(
                            Locale.ROOT, "  max %s %d", e.getKey(), e.getValue().asLong())));
        b.append(
            String.format(
                Locale.ROOT, "  %-34s%s%n", truncate(s.path("name").asText(), 34), parts));
      }
    }
  }

  private static String meanP95(JsonNode n) {
    if (!n.isObject()) {
      return "-";
    }
    return duration(n.path("mean").asDouble()) + " / " + duration(n.path("p95").asDouble());
  }

  private static String duration(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }

  private static String compact(double v) {
    if (v >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", v / 1e9);
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (v >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String percent(JsonNode a) {
    if (a.path("mean").isNull()) {
      return "-";
    }
    String ci =
        a.path("ci95").isNull()
            ? ""
            : String.format(Locale.ROOT, " ± %.4f%%", a.path("ci95").asDouble() * 100);
    return String.format(Locale.ROOT, "%.4f%%%s", a.path("mean").asDouble() * 100, ci);
  }

  /**
   * Stages whose cost is partial: the items the price book has no price for (billed at 0, so the
   * cost shown is a lower bound), and a budget objective that cannot be decided.
   */
  private static void unpriced(JsonNode result, StringBuilder b) {
    boolean header = false;
    for (JsonNode s : result.path("stages")) {
      JsonNode cost = s.path("cost");
      if (!cost.path("partial").asBoolean()) {
        continue;
      }
      if (!header) {
        b.append(
            String.format(
                Locale.ROOT,
                "%nPartial costs: no price for these items (billed at 0, the cost is a lower bound)%n"));
        header = true;
      }
      StringBuilder items = new StringBuilder();
      for (JsonNode u : cost.path("unpriced")) {
        items.append(
            String.format(
                Locale.ROOT, "  %s in %s;", u.path("item").asText(), u.path("region").asText()));
      }
      b.append(
          String.format(Locale.ROOT, "  %-34s%s%n", truncate(s.path("name").asText(), 34), items));
      if (s.path("objectives").path("monthlyBudgetUsd").path("undetermined").asBoolean()) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-34s  the budget objective is undetermined: the cost is partial%n",
                ""));
      }
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
