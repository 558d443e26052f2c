package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Functions;
import dev.archsim.engine.result.FailureCause;

/**
 * A Lambda tier behind API Gateway. Concurrency is rate × duration (Little's law). Execution
 * environments scale by 1,000 every 10 s up to the reserved or account limit; what they cannot take
 * is throttled (429), as is what passes the API's throttle. Invocations landing on a new
 * environment (scale-up, recycling) pay the cold start. Lambda runs in every AZ of the region, so
 * an AZ outage does not take capacity away.
 */
final class Lambdas implements TrialSimulation.Topology {
  private final TrialSimulation sim;
  private final Functions fn;
  private final Entry.ApiGateway api;
  private final double durationMs;
  private final TrialSimulation.CountStats counts = new TrialSimulation.CountStats();
  private double environments;

  Lambdas(TrialSimulation sim) {
    this.sim = sim;
    this.fn = sim.arch.functions();
    this.api = (Entry.ApiGateway) sim.arch.entry();
    this.durationMs = fn.meanDurationMs(sim.profile);
  }

  @Override
  public void start() {
    double initial = sim.workload.meanRate(0, 1) * durationMs / 1000.0;
    environments =
        Math.max(fn.provisionedConcurrency(), Math.min(Math.ceil(initial), fn.concurrencyLimit()));
  }

  @Override
  public void route(double a, double b, double lambda) {
    double dt = b - a;
    Tiers tiers = sim.tiers;
    double admitted = lambda;
    if (lambda > api.throttleRps()) {
      sim.serving.fail(FailureCause.THROTTLED, (lambda - api.throttleRps()) * dt);
      tiers.count("apigw.throttled", (lambda - api.throttleRps()) * dt);
      admitted = api.throttleRps();
    }
    double d = durationMs / 1000.0;
    double needed = admitted * d;
    double limit = fn.concurrencyLimit();
    double target = Math.min(needed, limit);
    double cold = 0;
    if (target > environments) {
      double grown = Math.min(target, environments + Functions.SCALING_PER_10_SECONDS * dt / 10.0);
      cold += Math.max(0, grown - Math.max(environments, fn.provisionedConcurrency()));
      environments = grown;
    } else {
      environments = Math.max(fn.provisionedConcurrency(), target);
    }
    double onDemandEnvs = Math.max(0, Math.min(environments, needed) - fn.provisionedConcurrency());
    cold += onDemandEnvs * dt / (fn.environmentLifetimeMinutes() * 60);
    double servedRate = d > 0 ? Math.min(admitted, environments / d) : admitted;
    double throttled = admitted - servedRate;
    if (throttled > 0) {
      sim.serving.fail(FailureCause.THROTTLED, throttled * dt);
      tiers.count("lambda.throttled", throttled * dt);
    }
    double invocations = servedRate * dt;
    double timedOut = invocations * Math.exp(-api.timeoutSeconds() * 1000 / durationMs);
    sim.serving.fail(FailureCause.OVERLOAD, timedOut);
    double ok = invocations - timedOut;
    double coldShare = invocations > 0 ? Math.min(1, cold / invocations) : 0;
    sim.serving.servedExponentialMix(ok * (1 - coldShare), 0, durationMs);
    sim.serving.servedExponentialMix(ok * coldShare, fn.coldStartEffectiveMs(), durationMs);
    tiers.count("lambda.invocations", invocations);
    tiers.count("lambda.coldStarts", Math.min(cold, invocations));
    tiers.peak("lambda.maxConcurrency", Math.min(environments, needed));
    counts.observe((int) Math.ceil(Math.min(environments, needed)), dt);
    String region = sim.arch.region();
    String name = fn.name();
    tiers.addUsd(
        "lambda:" + name + " (requests)", invocations * Services.usd("lambda.request", region));
    double gbSeconds = invocations * d * fn.memoryMb() / 1024.0;
    tiers.addUsd(
        "lambda:" + name + " (duration)",
        gbSeconds
            * Services.usd(fn.arm64() ? "lambda.gb-second.arm64" : "lambda.gb-second", region));
    if (fn.provisionedConcurrency() > 0) {
      tiers.addUsd(
          "lambda:" + name + " (provisioned concurrency)",
          fn.provisionedConcurrency()
              * fn.memoryMb()
              / 1024.0
              * dt
              * Services.usd("lambda.provisioned.gb-second", region));
    }
    tiers.addUsd(
        api.rest() ? "api-gateway (REST)" : "api-gateway (HTTP)",
        admitted
            * dt
            * Services.usd(api.rest() ? "apigw.rest.request" : "apigw.http.request", region));
  }

  @Override
  public boolean varies() {
    return false;
  }

  @Override
  public boolean stepsOnlyForTheRate() {
    return false; // concurrency and cold starts follow the rate step by step
  }

  @Override
  public double maxStep(double step) {
    return step;
  }

  @Override
  public void azDown(int az, double now) {}

  @Override
  public void azUp(int az, double now) {}

  @Override
  public void resize(Faults.Resize r, double now) {}

  @Override
  public void dnsRemoval(Faults.DnsRemoval d, double now) {}

  @Override
  public void instanceFails(int az, double now) {
    // no instances: the validator rejects an instance failure without a compute tier
  }

  @Override
  public int[] billed() {
    return new int[] {0, 0};
  }

  @Override
  public TrialSimulation.CountStats countStats() {
    return counts;
  }
}
