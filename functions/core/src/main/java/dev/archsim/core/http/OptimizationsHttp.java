package dev.archsim.core.http;

import dev.archsim.core.optimize.OptimizationPlan;
import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.OptimizationViews;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunViews;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimisations API, independent of its transport: {@code POST /optimizations} (body: a
 * scenario with a {@code designSpace}, JSON or YAML; options as query parameters {@code search},
 * {@code trials}, {@code screenTrials}, {@code budgetTrials}, {@code population}, {@code
 * generations}, {@code seed}), {@code GET /optimizations/{id}} (status, progress, the answer),
 * {@code GET /optimizations/{id}/report} (the HTML report {@code archsim optimize --report} writes)
 * and {@code DELETE /optimizations/{id}} (cancel). Every problem of a request is listed in one 400
 * with its place; an optimisation is visible to its owner only (404). An {@code Idempotency-Key}
 * follows the rules of {@code POST /runs}: a retry with the same key and request answers the first
 * optimisation ({@code "created": false}), the same key with another body or query is 422, an empty
 * key 400.
 */
public final class OptimizationsHttp {
  static final Set<String> OPTIONS =
      Set.of(
          "search",
          "trials",
          "screenTrials",
          "budgetTrials",
          "population",
          "generations",
          "seed",
          "pareto");

  private final RunOptimization optimizations;
  private final int maxBodyBytes;

  public OptimizationsHttp(RunOptimization optimizations, int maxBodyBytes) {
    this.optimizations = optimizations;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Whether the path is one of this API's. */
  static boolean routes(String path) {
    return path.equals("/optimizations") || path.startsWith("/optimizations/");
  }

  /** Answers a call to {@link #routes} (the caller is authenticated). */
  HttpAnswer handle(HttpCall call, String path, String baseUrl) {
    try {
      if ("POST".equals(call.method()) && path.equals("/optimizations")) {
        return submit(call, path, baseUrl);
      }
      String[] parts =
          path.startsWith("/optimizations/")
              ? path.substring("/optimizations/".length()).split("/")
              : new String[0];
      if (parts.length >= 1 && !parts[0].isEmpty()) {
        String id = parts[0];
        String url = baseUrl + "/optimizations/" + id;
        if ("GET".equals(call.method()) && parts.length == 1) {
          return HttpAnswer.json(
              200, OptimizationViews.optimization(optimizations.get(call.owner(), id), url));
        }
        if ("GET".equals(call.method()) && parts.length == 2 && parts[1].equals("report")) {
          return report(optimizations.get(call.owner(), id));
        }
        if ("DELETE".equals(call.method()) && parts.length == 1) {
          return HttpAnswer.json(
              200, OptimizationViews.optimization(optimizations.cancel(call.owner(), id), url));
        }
      }
      return HttpAnswer.json(
          404, RunViews.error("no route " + call.method() + " " + call.path(), List.of()));
    } catch (RunOptimization.FinishedException e) {
      return HttpAnswer.json(409, RunViews.error(e.getMessage(), List.of()));
    }
  }

  private HttpAnswer submit(HttpCall call, String path, String baseUrl) {
    byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
    if (body.length > maxBodyBytes) {
      return HttpAnswer.json(
          413, RunViews.error("scenario larger than " + maxBodyBytes + " bytes", List.of()));
    }
    String header = call.headers().get("idempotency-key");
    List<Violation> problems = new ArrayList<>(RunsHttp.idempotencyKeyProblems(header));
    problems.addAll(RunsHttp.unknownParameters(call, OPTIONS));
    OptimizationPlan.Options options =
        new OptimizationPlan.Options(
            call.query().get("search"),
            integer(call, "trials", problems),
            integer(call, "screenTrials", problems),
            number(call, "budgetTrials", problems),
            integer(call, "population", problems),
            integer(call, "generations", problems),
            number(call, "seed", problems),
            flag(call, "pareto", problems));
    com.fasterxml.jackson.databind.JsonNode tree;
    try {
      tree = Bodies.tree(call);
    } catch (ScenarioRejectedException e) {
      problems.addAll(e.violations());
      throw new ScenarioRejectedException(problems);
    }
    if (!problems.isEmpty()) {
      problems.addAll(optimizations.check(tree, options, name -> "?" + name));
      throw new ScenarioRejectedException(problems);
    }
    String key = RunsHttp.idempotencyKey(header);
    RunOptimization.Submitted s =
        optimizations.submit(
            call.owner(),
            tree,
            options,
            name -> "?" + name,
            key,
            key == null ? null : RunsHttp.fingerprint(call.method(), path, call.query(), body));
    String url = baseUrl + "/optimizations/" + s.id();
    var n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    n.put("optimizationId", s.id());
    n.put("url", url);
    n.put("created", s.created());
    n.put("search", s.plan().settings().search().name().toLowerCase(java.util.Locale.ROOT));
    n.put("designs", s.plan().space().size());
    n.put("budgetTrials", s.plan().settings().budgetTrials());
    var warnings = n.putArray("warnings");
    s.warnings()
        .forEach(w -> warnings.addObject().put("path", w.path()).put("message", w.message()));
    return new HttpAnswer(
        202, Map.of("Content-Type", "application/json", "Location", url), n.toString());
  }

  private static HttpAnswer report(OptimizationRecord o) {
    if (o.status() != RunStatus.COMPLETED) {
      return HttpAnswer.json(
          409,
          RunViews.error(
              "optimization "
                  + o.id()
                  + " is "
                  + o.status()
                  + "; its report exists once it is COMPLETED",
              List.of()));
    }
    return HttpAnswer.report(OptimizationViews.report(o));
  }

  private static boolean flag(HttpCall call, String name, List<Violation> problems) {
    String v = call.query().get(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    problems.add(Violation.error("?" + name, "true or false; found '" + v + "'"));
    return false;
  }

  static Integer integer(HttpCall call, String name, List<Violation> problems) {
    Long v = number(call, name, problems);
    if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
      problems.add(Violation.error("?" + name, "out of range; found " + v));
      return null;
    }
    return v == null ? null : v.intValue();
  }

  static Long number(HttpCall call, String name, List<Violation> problems) {
    String v = call.query().get(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.valueOf(v.strip());
    } catch (NumberFormatException e) {
      problems.add(Violation.error("?" + name, "expected an integer; found '" + v + "'"));
      return null;
    }
  }
}
