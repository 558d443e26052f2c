package dev.archsim.engine.validate;

import dev.archsim.engine.model.ShapedPattern;
import java.util.List;
import java.util.Locale;

/**
 * Semantic rules of a shaped workload ({@link ShapedPattern}): the trace's points in order and
 * spaced at least a period apart, starting at 0, carrying some requests; growth above −100 %;
 * factors and times that are numbers in range; steps at distinct times; spikes and steps inside the
 * horizon (a warning when not, since they then change nothing).
 *
 * <p>A trace can hold 100 000 points: out-of-order points are reported for the first {@value
 * #MAX_POINT_PROBLEMS} and counted for the rest, so a wholly unsorted trace gives a short list.
 */
final class TrafficShapeRules {
  static final int MAX_POINT_PROBLEMS = 20;

  /** Largest factor of a spike, a step or the weekend: a thousand times the load. */
  static final double MAX_FACTOR = 1000;

  private TrafficShapeRules() {}

  static void check(ShapedPattern s, String path, double horizonSeconds, List<Violation> out) {
    if (s.trace() != null) {
      trace(s.trace(), path + ".trace", out);
    }
    if (s.weekly() != null) {
      range(s.weekly().weekendFactor(), 0, MAX_FACTOR, path + ".weekly.weekendFactor", out);
    }
    double g = s.growthPercentPerMonth();
    if (!(g > -100 && g <= 100)) {
      out.add(
          Violation.error(
              path + ".growth.percentPerMonth",
              "must be above -100 and at most 100 (percent per 730-hour month); found " + g));
    }
    for (int i = 0; i < s.spikes().size(); i++) {
      ShapedPattern.Spike x = s.spikes().get(i);
      String p = path + ".spikes[" + i + "]";
      range(x.factor(), 0, MAX_FACTOR, p + ".factor", out);
      if (!(x.durationSeconds() > 0)) {
        out.add(Violation.error(p + ".duration", "must be longer than zero"));
      }
      if (x.atSeconds() >= horizonSeconds) {
        out.add(
            Violation.warning(
                p + ".at",
                "starts at or after the end of the horizon, so the spike changes nothing"));
      }
    }
    double previous = -1;
    for (int i = 0; i < s.steps().size(); i++) {
      ShapedPattern.Step x = s.steps().get(i);
      String p = path + ".steps[" + i + "]";
      range(x.factor(), 0, MAX_FACTOR, p + ".factor", out);
      if (!(x.atSeconds() > previous)) {
        out.add(
            Violation.error(
                p + ".at", "steps must be in time order, each later than the one before"));
      }
      previous = Math.max(previous, x.atSeconds());
      if (x.atSeconds() >= horizonSeconds) {
        out.add(
            Violation.warning(
                p + ".at",
                "comes at or after the end of the horizon, so the step changes nothing"));
      }
    }
  }

  private static void trace(ShapedPattern.Trace t, String path, List<Violation> out) {
    double period = t.periodSeconds();
    if (!(period > 0) || !Double.isFinite(period)) {
      out.add(
          Violation.error(path + ".periodSeconds", "must be a positive number; found " + period));
      return;
    }
    if (!(t.scale() > 0) || !Double.isFinite(t.scale())) {
      out.add(Violation.error(path + ".scale", "must be a positive number; found " + t.scale()));
    }
    if (t.size() > ModelBounds.MAX_TRACE_POINTS) {
      return; // ModelBounds reports it; do not walk a trace this large
    }
    double[] at = t.at();
    double[] requests = t.requests();
    if (at[0] != 0) {
      out.add(
          Violation.error(
              path + ".points[0]",
              "the first point must be at 0 seconds (times count from the trace's start); found "
                  + num(at[0])));
    }
    int problems = 0;
    int unreported = 0;
    for (int i = 0; i < at.length; i++) {
      String message = null;
      if (!(requests[i] >= 0) || !Double.isFinite(requests[i])) {
        message = "requests must be a non-negative number; found " + requests[i];
      } else if (i > 0 && !(at[i] - at[i - 1] >= period)) {
        message =
            String.format(
                Locale.ROOT,
                "at %s s comes %s s after the point before; points must be in time order and at"
                    + " least periodSeconds (%s) apart",
                num(at[i]),
                num(at[i] - at[i - 1]),
                num(period));
      }
      if (message != null) {
        if (problems++ < MAX_POINT_PROBLEMS) {
          out.add(Violation.error(path + ".points[" + i + "]", message));
        } else {
          unreported++;
        }
      }
    }
    if (unreported > 0) {
      out.add(
          Violation.error(
              path + ".points",
              unreported + " more points out of order or negative (the first 20 are listed)"));
    }
    if (problems == 0 && !(t.totalRequests() > 0)) {
      out.add(Violation.error(path + ".points", "the trace holds no requests"));
    }
  }

  private static void range(double v, double min, double max, String path, List<Violation> out) {
    if (!(v >= min && v <= max)) {
      out.add(
          Violation.error(
              path, "must be in [" + num(min) + ", " + num(max) + "]; found " + num(v)));
    }
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.valueOf(v);
  }
}
