package dev.archsim.engine.sim;

import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.component.TierFleet;
import dev.archsim.engine.component.TrialContext;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import java.util.SplittableRandom;

/**
 * What the components' stages of the request path reach of the trial ({@link TrialContext}): the
 * stage's architecture, workload and users, the trial's events, random stream, logs, incidents and
 * counters, the requests served and failed on {@link Serving}, the cost ledger, and fleets of their
 * own ({@link ExtraFleet}).
 */
final class PathContext implements TrialContext {
  private final FleetTrial trial;
  private final Architecture arch;
  private final Workload workload;
  private final RequestProfile profile;
  private final UserRegions users;
  private final Serving serving;
  private final CostLedger costs;
  private final int azCount;

  PathContext(
      FleetTrial trial,
      Architecture arch,
      Workload workload,
      UserRegions users,
      Serving serving,
      CostLedger costs) {
    this.trial = trial;
    this.arch = arch;
    this.workload = workload;
    this.profile = workload.profile();
    this.users = users;
    this.serving = serving;
    this.costs = costs;
    this.azCount = Math.max(1, arch.azs().size());
  }

  @Override
  public Workload workload() {
    return workload;
  }

  @Override
  public double route53Unhealthy(double intervalSeconds, int failureThreshold) {
    return HealthChecks.route53Unhealthy(
        intervalSeconds, failureThreshold, trial.random().nextDouble());
  }

  @Override
  public void note(double at, InfrastructureEvent what) {
    trial.log().note(at, what);
  }

  @Override
  public String region() {
    return arch.region();
  }

  @Override
  public int azCount() {
    return azCount;
  }

  @Override
  public int azIndex(String az) {
    return arch.azs().indexOf(az);
  }

  @Override
  public SplittableRandom random() {
    return trial.random();
  }

  @Override
  public void at(double at, Runnable action) {
    trial.events().at(at, action);
  }

  @Override
  public Entry entry() {
    return arch.entry();
  }

  @Override
  public Architecture architecture() {
    return arch;
  }

  @Override
  public RequestProfile profile() {
    return profile;
  }

  @Override
  public double offeredRate(double a, double b) {
    return workload.meanRate(a, b);
  }

  @Override
  public double requestsPerSecond() {
    return workload.requestsPerSecond();
  }

  @Override
  public void incident() {
    trial.incidents().incident();
  }

  @Override
  public void recovered(double failedAt, double at, double rpoSeconds) {
    trial.incidents().detected(failedAt, failedAt);
    trial.incidents().recovered(failedAt, at);
    trial.incidents().tally(at - failedAt, rpoSeconds);
  }

  @Override
  public void restored(double failedAt, double at) {
    trial.incidents().recovered(failedAt, at);
  }

  @Override
  public void unrecovered(double seconds, double rpoSeconds) {
    trial.incidents().tally(seconds, rpoSeconds);
  }

  @Override
  public void servedAfterMix(double requests, double extraMs, double meanMs) {
    serving.servedExponentialMix(requests, extraMs, meanMs);
  }

  @Override
  public double meanRoundTripMs(String region) {
    return users.meanRoundTrip(region);
  }

  @Override
  public void served(double requests, double fixedMs, double meanMs) {
    serving.servedExponential(requests, fixedMs, meanMs);
  }

  @Override
  public void failed(FailureCause cause, double requests) {
    serving.fail(cause, requests);
  }

  @Override
  public void count(Metric m, double v) {
    trial.metrics().count(m, v);
  }

  @Override
  public void peak(Metric m, double v) {
    trial.metrics().peak(m, v);
  }

  @Override
  public void cost(String component, double usd) {
    costs.add(component, usd);
  }

  @Override
  public TierFleet fleet(ComputeTier tier, QueueBacklog backlog) {
    return new ExtraFleet(trial, arch.entry(), profile, tier, backlog);
  }
}
