package dev.archsim.core.http;

import dev.archsim.core.report.Reports;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.run.CancelRun;
import dev.archsim.core.run.Fingerprints;
import dev.archsim.core.run.GetRun;
import dev.archsim.core.run.IdempotencyKeyMismatchException;
import dev.archsim.core.run.RunNotFoundException;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.RunViews;
import dev.archsim.core.run.ScenarioTooLargeException;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Suggestions;
import dev.archsim.engine.validate.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runs API, independent of its transport: {@code POST /runs} (the scenario as JSON, or YAML
 * with {@code Content-Type: application/yaml}), {@code GET /runs/{id}}, {@code GET
 * /runs/{id}/report} (HTML, or JSON with {@code Accept: application/json}) and {@code DELETE
 * /runs/{id}} (cancels the run: 200 with the run CANCELLED, again on a repeat; 409 once it has
 * completed or failed). Client mistakes answer 400/401/404/409/413/422 with every problem listed (a
 * YAML body's each with its {@code line} in the text as sent); only a genuine fault is a 500. A
 * keyed submission follows the IETF Idempotency-Key draft
 * (draft-ietf-httpapi-idempotency-key-header): a retry with the same key and the same request
 * returns the first run; the same key with another body or query is 422; an empty key is 400.
 */
public final class RunsHttp {

  private final SubmitRun submitRun;
  private final GetRun getRun;
  private final CancelRun cancelRun;
  private final int maxBodyBytes;
  private final OptimizationsHttp optimizations;
  private volatile dev.archsim.core.run.CompareRuns compareRuns;

  public RunsHttp(SubmitRun submitRun, GetRun getRun, CancelRun cancelRun, int maxBodyBytes) {
    this(submitRun, getRun, cancelRun, maxBodyBytes, null);
  }

  /** With the optimisations API ({@link OptimizationsHttp}) beside the runs. */
  public RunsHttp(
      SubmitRun submitRun,
      GetRun getRun,
      CancelRun cancelRun,
      int maxBodyBytes,
      dev.archsim.core.optimize.RunOptimization optimizations) {
    this.submitRun = submitRun;
    this.getRun = getRun;
    this.cancelRun = cancelRun;
    this.maxBodyBytes = maxBodyBytes;
    this.optimizations =
        optimizations == null ? null : new OptimizationsHttp(optimizations, maxBodyBytes);
  }

  /** With {@code GET /runs/{a}/compare/{b}} (two runs compared on common random numbers). */
  public RunsHttp comparing(dev.archsim.core.run.CompareRuns compare) {
    this.compareRuns = compare;
    return this;
  }

  /** Handles a call; {@code baseUrl} prefixes the run URLs it returns (may be empty). */
  public HttpAnswer handle(HttpCall call, String baseUrl) {
    try {
      if (call.owner() == null) {
        return HttpAnswer.json(401, RunViews.error("authentication required", List.of()));
      }
      String path =
          call.path().endsWith("/") && call.path().length() > 1
              ? call.path().substring(0, call.path().length() - 1)
              : call.path();
      if (optimizations != null && OptimizationsHttp.routes(path)) {
        return optimizations.handle(call, path, baseUrl);
      }
      if ("POST".equals(call.method()) && "/runs".equals(path)) {
        return submit(call, path, baseUrl);
      }
      if ("GET".equals(call.method()) && path.startsWith("/runs/")) {
        String[] parts = path.substring("/runs/".length()).split("/");
        if (parts.length == 1 && !parts[0].isEmpty()) {
          return HttpAnswer.json(200, RunViews.run(getRun.get(call.owner(), parts[0])));
        }
        if (parts.length == 2 && "report".equals(parts[1])) {
          return report(call, parts[0]);
        }
        if (parts.length == 3 && "compare".equals(parts[1]) && compareRuns != null) {
          return HttpAnswer.json(
              200, comparison(compareRuns.compare(call.owner(), parts[0], parts[2])));
        }
      }
      if ("DELETE".equals(call.method()) && path.startsWith("/runs/")) {
        String id = path.substring("/runs/".length());
        if (!id.isEmpty() && !id.contains("/")) {
          return HttpAnswer.json(200, RunViews.run(cancelRun.cancel(call.owner(), id)));
        }
      }
      return HttpAnswer.json(
          404, RunViews.error("no route " + call.method() + " " + call.path(), List.of()));
    } catch (BadRequest e) {
      return refused(e.getMessage(), e.problems, call);
    } catch (ScenarioRejectedException e) {
      return invalid(e, call);
    } catch (RunNotFoundException e) {
      return HttpAnswer.json(404, RunViews.error(e.getMessage(), List.of()));
    } catch (ScenarioTooLargeException e) {
      return HttpAnswer.json(413, RunViews.error(e.getMessage(), List.of()));
    } catch (dev.archsim.core.run.CompareRuns.NotComparableException e) {
      return HttpAnswer.json(409, RunViews.error(e.getMessage(), List.of()));
    } catch (dev.archsim.core.run.CompareRuns.TooMuchWorkException e) {
      return HttpAnswer.json(413, RunViews.error(e.getMessage(), List.of()));
    } catch (CancelRun.RunFinishedException e) {
      return HttpAnswer.json(409, RunViews.error(e.getMessage(), List.of()));
    } catch (IdempotencyKeyMismatchException e) {
      // the Idempotency-Key draft: a key reused with another payload is 422
      int status = e.reason() == IdempotencyKeyMismatchException.Reason.OTHER_REQUEST ? 422 : 409;
      return HttpAnswer.json(status, RunViews.error(e.getMessage(), List.of()));
    }
  }

  /**
   * The answer to a scenario that cannot be accepted: 400 with every problem. Transports use it for
   * a body they cannot decode ({@link dev.archsim.core.scenario.Utf8}).
   */
  public static HttpAnswer invalid(ScenarioRejectedException e) {
    return HttpAnswer.json(400, RunViews.error("invalid scenario", e.violations()));
  }

  /**
   * The same for the body of {@code call}: a YAML body's problems also say where they are in it,
   * each its {@code line} (and a text that is not well-formed YAML the {@code line} and {@code
   * column} where it stops parsing), as {@code POST /scenarios/validate} says them.
   */
  static HttpAnswer invalid(ScenarioRejectedException e, HttpCall call) {
    return refused("invalid scenario", e.violations(), call);
  }

  /** A 400 listing {@code problems}, each with its line when {@code call}'s body is YAML. */
  private static HttpAnswer refused(String message, List<Violation> problems, HttpCall call) {
    if (!Bodies.isYaml(call)) {
      return HttpAnswer.json(400, RunViews.error(message, problems));
    }
    var placed = RunViews.problems(problems);
    YamlLines.of(call.body()).place(placed);
    return HttpAnswer.json(400, RunViews.error(message, placed));
  }

  private HttpAnswer submit(HttpCall call, String path, String baseUrl) {
    byte[] body = call.body().getBytes(StandardCharsets.UTF_8);
    if (body.length > maxBodyBytes) {
      return HttpAnswer.json(
          413, RunViews.error("scenario larger than " + maxBodyBytes + " bytes", List.of()));
    }
    String header = call.headers().get("idempotency-key");
    List<Violation> problems = new ArrayList<>(idempotencyKeyProblems(header));
    problems.addAll(unknownParameters(call, PARAMETERS));
    Integer trials = OptimizationsHttp.integer(call, "trials", problems);
    Long seed = OptimizationsHttp.number(call, "seed", problems);
    if (!problems.isEmpty()) {
      throw rejectedWithBody(call, problems, ScenarioOverrides.of(trials, seed));
    }
    String key = idempotencyKey(header);
    SubmitRun.Submitted s =
        submitRun.submit(
            new SubmitRun.Request(
                call.owner(),
                Bodies.scenarioJson(call),
                key,
                trials,
                seed,
                key == null ? null : fingerprint(call.method(), path, call.query(), body)));
    String url = baseUrl + "/runs/" + s.runId();
    return new HttpAnswer(
        202,
        Map.of("Content-Type", "application/json", "Location", url),
        RunViews.submitted(s, url));
  }

  private HttpAnswer report(HttpCall call, String id) {
    RunRecord run = getRun.get(call.owner(), id);
    if (run.status() != RunStatus.COMPLETED) {
      return HttpAnswer.json(
          409,
          RunViews.error(
              "run " + id + " is " + run.status() + "; its report exists once it is COMPLETED",
              List.of()));
    }
    var scenario = run.scenario(submitRun.codec()).orThrow();
    ResultView result;
    try {
      result = ResultView.parse(run.resultJson());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored result of run " + id + " is not JSON", e);
    }
    if (call.headers().getOrDefault("accept", "").contains("application/json")) {
      return HttpAnswer.json(200, Reports.json(scenario, result));
    }
    return HttpAnswer.report(Reports.html(scenario, result));
  }

  /**
   * {@code archsim compare --json}'s document for two runs: A's seed and trials, and for every
   * stage B − A of each figure with its paired 95 % interval and verdict.
   */
  static String comparison(dev.archsim.core.run.CompareRuns.Comparison c) {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = json.createObjectNode();
    root.put("a", c.runA());
    root.put("b", c.runB());
    root.put("seed", c.seed());
    root.put("trials", c.trials());
    root.put(
        "pairing",
        "common random numbers: both simulated again on A's seed and trials, trial t of A paired"
            + " with trial t of B");
    var stages = root.putArray("stages");
    var labelled = new java.util.ArrayList<dev.archsim.core.report.CompareReport.Stage>();
    for (var row : c.rows()) {
      var s = stages.addObject();
      s.put("a", row.stageA());
      s.put("b", row.stageB());
      labelled.add(
          new dev.archsim.core.report.CompareReport.Stage(
              labelled.size() + 1 + "  " + row.stageA(), row.figures()));
      var figures = s.putObject("bMinusA");
      for (var f : dev.archsim.core.result.PairedDifference.Figure.values()) {
        var d = row.figures().get(f.ordinal());
        if (!f.shown(d)) {
          continue; // neither run has the figure: said once, in leftOut
        }
        var x = figures.putObject(f.key());
        x.put("trials", d.n());
        finite(x, "a", d.a());
        finite(x, "b", d.b());
        finite(x, "difference", d.mean());
        finite(x, "ci95Low", d.low());
        finite(x, "ci95High", d.high());
        x.put("distinguishable", d.distinguishable());
        x.put("verdict", d.verdict().text);
      }
    }
    if (c.note() != null) {
      root.put("note", c.note());
    }
    String leftOut = dev.archsim.core.report.CompareReport.leftOut(labelled);
    if (leftOut != null) {
      root.put("leftOut", leftOut);
    }
    return root.toString();
  }

  private static void finite(com.fasterxml.jackson.databind.node.ObjectNode n, String f, double v) {
    if (Double.isFinite(v)) {
      n.put(f, v);
    } else {
      n.putNull(f);
    }
  }

  /** The longest idempotency key taken: a UUID needs 36 characters. */
  public static final int MAX_IDEMPOTENCY_KEY = 255;

  /**
   * The {@code Idempotency-Key} header's key: the value, or the string of a quoted structured-field
   * string as the Idempotency-Key draft writes it ({@code "8e03978e-…"}); null when absent.
   *
   * @throws BadRequest for an empty or too long key
   */
  static String idempotencyKey(String header) {
    List<Violation> problems = idempotencyKeyProblems(header);
    if (!problems.isEmpty()) {
      throw new BadRequest("bad Idempotency-Key", problems);
    }
    return header == null ? null : unquoted(header);
  }

  private static String unquoted(String header) {
    String key = header.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return key;
  }

  /** What is wrong with an {@code Idempotency-Key} header (nothing when absent). */
  static List<Violation> idempotencyKeyProblems(String header) {
    if (header == null) {
      return List.of();
    }
    String key = unquoted(header);
    if (key.isBlank()) {
      return List.of(
          Violation.error("Idempotency-Key", "is empty; send a unique key (a UUID) or no header"));
    }
    if (key.length() > MAX_IDEMPOTENCY_KEY) {
      return List.of(
          Violation.error(
              "Idempotency-Key",
              "has "
                  + key.length()
                  + " characters; at most "
                  + MAX_IDEMPOTENCY_KEY
                  + " are allowed (a UUID has 36)"));
    }
    return List.of();
  }

  /**
   * The request's fingerprint, stored with a keyed run: SHA-256 of the method, the path, the query
   * parameters sorted by name and the body bytes, each length-prefixed.
   */
  static String fingerprint(String method, String path, Map<String, String> query, byte[] body) {
    List<byte[]> parts = new java.util.ArrayList<>();
    parts.add(method.getBytes(StandardCharsets.UTF_8));
    parts.add(path.getBytes(StandardCharsets.UTF_8));
    parts.add(Integer.toString(query.size()).getBytes(StandardCharsets.UTF_8));
    new java.util.TreeMap<>(query)
        .forEach(
            (k, v) -> {
              parts.add(k.getBytes(StandardCharsets.UTF_8));
              parts.add(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
            });
    parts.add(body);
    return Fingerprints.sha256(parts.toArray(byte[][]::new));
  }

  /** The query parameters {@code POST /runs} takes. */
  static final List<String> PARAMETERS = List.of("trials", "seed");

  /** A problem for each query parameter not among {@code known}, with the nearest one if any. */
  static List<Violation> unknownParameters(HttpCall call, java.util.Collection<String> known) {
    List<String> names = List.copyOf(new java.util.TreeSet<>(known));
    List<Violation> out = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(call.query().keySet())) {
      if (!names.contains(name)) {
        String nearest = Suggestions.closest(name, names);
        out.add(
            Violation.error(
                "?" + name,
                (nearest == null
                        ? "unknown parameter"
                        : "unknown parameter; did you mean ?" + nearest + "?")
                    + " (the parameters are "
                    + String.join(", ", names)
                    + ")"));
      }
    }
    return out;
  }

  /**
   * The refusal of a request whose header or query has {@code problems}: those, and in the same
   * answer the body's own problems (judged with the query values that were good, {@code overrides};
   * a refused value feeds no check), unless the body cannot be read at all, when why.
   */
  private BadRequest rejectedWithBody(
      HttpCall call, List<Violation> problems, ScenarioOverrides overrides) {
    List<Violation> body;
    try {
      body =
          submitRun
              .codec()
              .parseTree(Bodies.tree(call), overrides, ScenarioOverrides.Terms.REQUEST)
              .violations();
    } catch (ScenarioRejectedException e) {
      body = e.violations();
    }
    List<Violation> all = new ArrayList<>(problems);
    boolean scenario = false;
    for (Violation v : body) {
      if (v.isError()) {
        all.add(v);
        scenario = true;
      }
    }
    String message =
        scenario
            ? "invalid scenario"
            : problems.stream().anyMatch(v -> v.path().startsWith("?"))
                ? "bad query parameter"
                : "bad Idempotency-Key";
    return new BadRequest(message, all);
  }

  /** A client mistake outside the scenario document. */
  private static final class BadRequest extends RuntimeException {
    private final List<Violation> problems;

    BadRequest(String message, List<Violation> problems) {
      super(message);
      this.problems = problems;
    }
  }
}
