package dev.archsim.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.validate.Violation;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shaped part of a workload document: {@code trace}, {@code weekly}, {@code growth}, {@code
 * spikes} and {@code steps}, read into a {@link ShapedPattern} over the daily or constant pattern.
 * A workload with none of them keeps its plain pattern, so documents without them read exactly as
 * before.
 */
final class WorkloadShapes {
  private WorkloadShapes() {}

  /** True when the workload document uses any of the shaping fields. */
  static boolean shaped(JsonNode w) {
    return w.has("trace")
        || w.has("weekly")
        || w.has("growth")
        || w.has("spikes")
        || w.has("steps");
  }

  /** The composed pattern over {@code base} (schema-valid input). */
  static ShapedPattern pattern(JsonNode w, TrafficPattern base) {
    ShapedPattern.Trace trace = null;
    JsonNode t = w.path("trace");
    if (t.path("points").isArray() && t.has("periodSeconds")) {
      JsonNode points = t.get("points");
      double[] at = new double[points.size()];
      double[] requests = new double[points.size()];
      for (int i = 0; i < at.length; i++) {
        at[i] = points.get(i).path(0).asDouble();
        requests[i] = points.get(i).path(1).asDouble();
      }
      if (at.length > 0) {
        trace =
            new ShapedPattern.Trace(
                at,
                requests,
                t.get("periodSeconds").asDouble(),
                t.path("scale").asDouble(Defaults.TRACE_SCALE),
                seconds(t, "shift", Defaults.TRACE_SHIFT.toMillis() / 1000.0));
      }
    }
    ShapedPattern.Weekly weekly = null;
    if (w.has("weekly")) {
      JsonNode k = w.get("weekly");
      weekly =
          new ShapedPattern.Weekly(
              k.path("weekendFactor").asDouble(),
              DayOfWeek.valueOf(
                  k.path("startDay").asText(Defaults.WEEKLY_START_DAY).toUpperCase(Locale.ROOT)));
    }
    List<ShapedPattern.Spike> spikes = new ArrayList<>();
    for (JsonNode s : w.path("spikes")) {
      spikes.add(
          new ShapedPattern.Spike(
              seconds(s, "at", 0), seconds(s, "duration", 0), s.path("factor").asDouble()));
    }
    List<ShapedPattern.Step> steps = new ArrayList<>();
    for (JsonNode s : w.path("steps")) {
      steps.add(new ShapedPattern.Step(seconds(s, "at", 0), s.path("factor").asDouble()));
    }
    return new ShapedPattern(
        base, trace, weekly, w.path("growth").path("percentPerMonth").asDouble(0), spikes, steps);
  }

  /** The workload's mean rate when it comes from a trace: the trace's own mean × its scale. */
  static double traceRate(ShapedPattern p) {
    return p.trace() == null ? 0 : p.trace().scale() * p.trace().meanRequestsPerSecond();
  }

  private static double seconds(JsonNode parent, String field, double dflt) {
    return parent.has(field)
        ? Duration.parse(parent.get(field).asText()).toMillis() / 1000.0
        : dflt;
  }

  /**
   * Traces the service cannot take as they are: one naming a file (only the command line reads
   * files; it writes the points in its place), or one without points or periodSeconds.
   */
  static List<Violation> unresolved(JsonNode doc) {
    List<Violation> out = new ArrayList<>();
    unresolved(doc.path("workload"), "$.workload", out);
    JsonNode stages = doc.path("stages");
    for (int i = 0; i < stages.size(); i++) {
      unresolved(stages.path(i).path("workload"), "$.stages[" + i + "].workload", out);
    }
    return out;
  }

  private static void unresolved(JsonNode w, String path, List<Violation> out) {
    JsonNode t = w.path("trace");
    if (!t.isObject()) {
      return;
    }
    String p = path + ".trace";
    if (t.has("file")) {
      out.add(
          Violation.error(
              p + ".file",
              "a trace file is read by the command line (archsim run, validate, explain), which"
                  + " writes its points in the file's place; here send the trace inline as points"
                  + " ([seconds since the start, requests] pairs) with periodSeconds"));
      return;
    }
    if (!t.has("points")) {
      out.add(
          Violation.error(
              p + ".points",
              "required: [seconds since the start, requests] pairs (or, on the command line, a"
                  + " file)"));
    }
    if (!t.has("periodSeconds")) {
      out.add(
          Violation.error(p + ".periodSeconds", "required: the seconds each point's count covers"));
    }
  }
}
