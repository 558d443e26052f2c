package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Functions;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lambda functions behind API Gateway, the serverless compute stage: the API's throttle and
 * timeout, concurrency as rate × duration (Little's law) up to the reserved or account limit,
 * execution environments scaling by 1,000 every 10 s, cold starts, and the per-request and
 * GB-second bill.
 */
public final class FunctionsComponent implements Component<Functions> {
  /** Requests API Gateway's throttle rejected (a counter). */
  public static final Metric APIGW_THROTTLED = Metric.of("apigw", "throttled");

  /** Requests Lambda throttled at its concurrency limit (a counter). */
  public static final Metric LAMBDA_THROTTLED = Metric.of("lambda", "throttled");

  /** Function invocations (a counter). */
  static final Metric LAMBDA_INVOCATIONS = Metric.of("lambda", "invocations");

  /** Invocations that started an execution environment (a counter). */
  static final Metric LAMBDA_COLD_STARTS = Metric.of("lambda", "coldStarts");

  /** The most concurrent executions (a peak). */
  static final Metric LAMBDA_MAX_CONCURRENCY = Metric.of("lambda", "maxConcurrency");

  @Override
  public String section() {
    return "functions";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return Functions.DEFAULTS.entries();
  }

  @Override
  public Functions read(Section s) {
    return new Functions(
        s.text("name", Functions.DEFAULT_NAME),
        s.integer("memoryMb", Functions.DEFAULT_MEMORY_MB),
        s.number("durationMs"),
        s.integer("accountConcurrency", Functions.DEFAULT_ACCOUNT_CONCURRENCY),
        s.integer("reservedConcurrency"),
        s.integer("provisionedConcurrency", Functions.DEFAULT_PROVISIONED_CONCURRENCY),
        s.number("coldStartMs", Functions.DEFAULT_COLD_START_MS),
        s.bool("snapStart", Functions.DEFAULT_SNAP_START),
        s.number("environmentLifetimeMinutes", Functions.DEFAULT_ENVIRONMENT_LIFETIME_MINUTES),
        s.bool("arm64", Functions.DEFAULT_ARM64));
  }

  @Override
  public void rules(Functions f, Architecture a, String fp, List<Violation> out) {
    String path = fp.substring(0, fp.length() - ".functions".length());
    if (!(a.entry() instanceof Entry.ApiGateway)) {
      out.add(
          Violation.error(
              path + ".entry",
              "Lambda functions are reached through an api-gateway entry; found "
                  + a.entry().type()));
    }
    if (f.memoryMb() < 128 || f.memoryMb() > 10_240) {
      out.add(Violation.error(fp + ".memoryMb", "must be in [128, 10240]; found " + f.memoryMb()));
    }
    if (f.durationMs() != null) {
      Ranges.positive(f.durationMs(), fp + ".durationMs", out);
    }
    if (f.accountConcurrency() < 1) {
      out.add(
          Violation.error(
              fp + ".accountConcurrency", "must be at least 1; found " + f.accountConcurrency()));
    }
    if (f.reservedConcurrency() != null
        && (f.reservedConcurrency() < 1 || f.reservedConcurrency() > f.accountConcurrency())) {
      out.add(
          Violation.error(
              fp + ".reservedConcurrency",
              "must be in [1, accountConcurrency " + f.accountConcurrency() + "]"));
    }
    if (f.provisionedConcurrency() < 0 || f.provisionedConcurrency() > f.concurrencyLimit()) {
      out.add(
          Violation.error(
              fp + ".provisionedConcurrency",
              "must be in [0, the concurrency limit " + f.concurrencyLimit() + "]"));
    }
    Ranges.nonNegative(f.coldStartMs(), fp + ".coldStartMs", out);
    Ranges.positive(f.environmentLifetimeMinutes(), fp + ".environmentLifetimeMinutes", out);
  }

  @Override
  public void prices(Functions f, Architecture a, PriceList out) {
    String region = a.region();
    out.uses("lambda.request", region);
    out.uses(f.arm64() ? "lambda.gb-second.arm64" : "lambda.gb-second", region);
    if (f.provisionedConcurrency() > 0) {
      out.uses("lambda.provisioned.gb-second", region);
    }
    if (a.entry() instanceof Entry.ApiGateway api) {
      out.uses(api.rest() ? "apigw.rest.request" : "apigw.http.request", region);
    }
  }

  @Override
  public void findings(Functions fn, Scenario scenario, Stage stage, List<Finding> out) {
    Workload w = scenario.workloadOf(stage);
    if (w == null) {
      return;
    }
    double peakFactor = w.pattern().maxFactor(0, scenario.run().horizonSeconds());
    double concurrency =
        w.requestsPerSecond() * peakFactor * fn.meanDurationMs(w.profile()) / 1000.0;
    if (concurrency > fn.concurrencyLimit()) {
      out.add(
          new Finding(
              "performance",
              "high",
              "lambda:" + fn.name(),
              String.format(
                  Locale.ROOT,
                  "the daily peak needs %.0f concurrent executions, above the limit of %d:"
                      + " requests are throttled (429); raise the account limit",
                  concurrency,
                  fn.concurrencyLimit())));
    }
  }

  @Override
  public void checks(Functions fn, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "reliability", "runs in two or more Availability Zones (Lambda: always)", true));
    out.add(
        new PillarCheck(
            "performance efficiency", "capacity follows load (Lambda scales per request)", true));
    out.add(new PillarCheck("security", "no servers reachable from the internet", true));
    out.add(new PillarCheck("cost optimization", "pay per request, nothing idle", true));
  }

  @Override
  public List<String> explain(Functions fn, Architecture a, Workload w) {
    return List.of(
        String.format(
            Locale.ROOT,
            "Lambda %s: %d MB, %s ms per invocation, concurrency limit %d%s",
            fn.name(),
            fn.memoryMb(),
            Numbers.plain(fn.meanDurationMs(w.profile())),
            fn.concurrencyLimit(),
            fn.snapStart() ? ", SnapStart" : ""));
  }

  /** The function, centred on the zones, on the path after its entry. */
  @Override
  public List<DiagramNode> diagram(Functions f, Architecture a, Workload w) {
    List<String> d = new ArrayList<>();
    d.add(f.memoryMb() + " MB" + (f.arm64() ? ", arm64" : ""));
    if (f.provisionedConcurrency() > 0) {
      d.add("provisioned " + f.provisionedConcurrency());
    }
    d.add(
        f.reservedConcurrency() != null
            ? "reserved " + f.reservedConcurrency()
            : "concurrency " + f.accountConcurrency());
    if (f.snapStart()) {
      d.add("SnapStart");
    }
    return List.of(
        DiagramNode.of(
                DiagramNode.Place.COMPUTE,
                "lambda",
                DiagramNode.COMPUTE,
                DiagramNode.Lane.MID,
                "Lambda " + f.name(),
                d)
            .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
            .onThePath());
  }

  @Override
  public ComputeStage stage(Functions fn, TrialContext trial) {
    return new Environments(fn, trial);
  }

  /**
   * The function's execution environments in one trial. Environments scale by 1,000 every 10 s up
   * to the concurrency limit; what they cannot take is throttled (429), as is what passes the API's
   * throttle. Invocations landing on a new environment (scale-up, recycling) pay the cold start.
   * Lambda runs in every AZ of the region, so an AZ outage takes no capacity away.
   */
  private static final class Environments implements ComputeStage {
    private final Functions fn;
    private final Entry.ApiGateway api;
    private final TrialContext trial;
    private final double durationMs;
    private double environments;
    private int inService;
    private double concurrency;

    Environments(Functions fn, TrialContext trial) {
      this.fn = fn;
      this.api = (Entry.ApiGateway) trial.entry();
      this.trial = trial;
      this.durationMs = fn.meanDurationMs(trial.profile());
    }

    @Override
    public void start() {
      double initial = trial.offeredRate(0, 1) * durationMs / 1000.0;
      environments =
          Math.max(
              fn.provisionedConcurrency(), Math.min(Math.ceil(initial), fn.concurrencyLimit()));
    }

    @Override
    public void serve(double a, double b, double lambda) {
      double dt = b - a;
      double admitted = lambda;
      if (lambda > api.throttleRps()) {
        trial.failed(FailureCause.THROTTLED, (lambda - api.throttleRps()) * dt);
        trial.count(APIGW_THROTTLED, (lambda - api.throttleRps()) * dt);
        admitted = api.throttleRps();
      }
      double d = durationMs / 1000.0;
      double needed = admitted * d;
      double limit = fn.concurrencyLimit();
      double target = Math.min(needed, limit);
      double cold = 0;
      if (target > environments) {
        double grown =
            Math.min(target, environments + Functions.SCALING_PER_10_SECONDS * dt / 10.0);
        cold += Math.max(0, grown - Math.max(environments, fn.provisionedConcurrency()));
        environments = grown;
      } else {
        environments = Math.max(fn.provisionedConcurrency(), target);
      }
      double onDemandEnvs =
          Math.max(0, Math.min(environments, needed) - fn.provisionedConcurrency());
      cold += onDemandEnvs * dt / (fn.environmentLifetimeMinutes() * 60);
      double servedRate = d > 0 ? Math.min(admitted, environments / d) : admitted;
      double throttled = admitted - servedRate;
      if (throttled > 0) {
        trial.failed(FailureCause.THROTTLED, throttled * dt);
        trial.count(LAMBDA_THROTTLED, throttled * dt);
      }
      double invocations = servedRate * dt;
      double timedOut = invocations * Math.exp(-api.timeoutSeconds() * 1000 / durationMs);
      trial.failed(FailureCause.OVERLOAD, timedOut);
      double ok = invocations - timedOut;
      double coldShare = invocations > 0 ? Math.min(1, cold / invocations) : 0;
      trial.servedAfterMix(ok * (1 - coldShare), 0, durationMs);
      trial.servedAfterMix(ok * coldShare, fn.coldStartEffectiveMs(), durationMs);
      trial.count(LAMBDA_INVOCATIONS, invocations);
      trial.count(LAMBDA_COLD_STARTS, Math.min(cold, invocations));
      concurrency = Math.min(environments, needed);
      trial.peak(LAMBDA_MAX_CONCURRENCY, concurrency);
      inService = (int) Math.ceil(concurrency);
      String region = trial.region();
      String name = fn.name();
      trial.cost(
          "lambda:" + name + " (requests)", invocations * Services.usd("lambda.request", region));
      double gbSeconds = invocations * d * fn.memoryMb() / 1024.0;
      trial.cost(
          "lambda:" + name + " (duration)",
          gbSeconds
              * Services.usd(fn.arm64() ? "lambda.gb-second.arm64" : "lambda.gb-second", region));
      if (fn.provisionedConcurrency() > 0) {
        trial.cost(
            "lambda:" + name + " (provisioned concurrency)",
            fn.provisionedConcurrency()
                * fn.memoryMb()
                / 1024.0
                * dt
                * Services.usd("lambda.provisioned.gb-second", region));
      }
      trial.cost(
          api.rest() ? "api-gateway (REST)" : "api-gateway (HTTP)",
          admitted
              * dt
              * Services.usd(api.rest() ? "apigw.rest.request" : "apigw.http.request", region));
    }

    @Override
    public int inService() {
      return inService;
    }

    @Override
    public double concurrency() {
      return concurrency;
    }
  }
}
