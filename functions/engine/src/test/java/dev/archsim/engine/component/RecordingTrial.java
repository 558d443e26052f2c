package dev.archsim.engine.component;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A trial for one component's stage on its own: it records what the stage counts, peaks and bills,
 * and answers the rest from the architecture and workload it is given (or, without them, from
 * us-east-1 with one AZ and {@link #PROFILE}). Events are not run and nothing is served: a test
 * drives the stage's methods itself. Shared by the component tests here and, through the engine's
 * test-jar, by the registry test of the codec's module.
 */
public final class RecordingTrial implements TrialContext {
  /** The request profile of a trial without a workload. */
  public static final RequestProfile PROFILE = new RequestProfile(10, 1000, 20, 10_000);

  /** The users' round trip to any region, ms. */
  public static final double ROUND_TRIP_MS = 10;

  /** The bill's lines, dollars by component (positive amounts only, as the trial's ledger). */
  public final Map<String, Double> costs = new TreeMap<>();

  /** The trial's counters (positive additions only). */
  public final Map<String, Double> counters = new TreeMap<>();

  /** The trial's peaks. */
  public final Map<String, Double> peaks = new TreeMap<>();

  private final Architecture architecture;
  private final Workload workload;

  /** A trial in us-east-1 with one AZ, no architecture and no workload. */
  public RecordingTrial() {
    this(null, null);
  }

  /** A trial of {@code architecture} (may be null) under {@code workload} (may be null). */
  public RecordingTrial(Architecture architecture, Workload workload) {
    this.architecture = architecture;
    this.workload = workload;
  }

  /** Forgets what was counted, peaked and billed so far. */
  public void clear() {
    costs.clear();
    counters.clear();
    peaks.clear();
  }

  @Override
  public String region() {
    return architecture == null ? "us-east-1" : architecture.region();
  }

  @Override
  public Workload workload() {
    if (workload == null) {
      throw new IllegalStateException("this trial was given no workload");
    }
    return workload;
  }

  @Override
  public int azCount() {
    return architecture == null ? 1 : Math.max(1, architecture.azs().size());
  }

  @Override
  public int azIndex(String az) {
    return architecture == null ? 0 : architecture.azs().indexOf(az);
  }

  @Override
  public SplittableRandom random() {
    return new SplittableRandom(1);
  }

  @Override
  public void at(double at, Runnable action) {}

  /** The health checks' failure threshold times their interval (no draw). */
  @Override
  public double route53Unhealthy(double intervalSeconds, int failureThreshold) {
    return failureThreshold * intervalSeconds;
  }

  @Override
  public void note(double at, dev.archsim.engine.sim.InfrastructureEvent what) {}

  @Override
  public Entry entry() {
    return architecture == null ? null : architecture.entry();
  }

  @Override
  public Architecture architecture() {
    return architecture;
  }

  @Override
  public RequestProfile profile() {
    return workload == null ? PROFILE : workload.profile();
  }

  /** The workload's nominal rate all along (0 without a workload). */
  @Override
  public double offeredRate(double a, double b) {
    return requestsPerSecond();
  }

  @Override
  public double requestsPerSecond() {
    return workload == null ? 0 : workload.requestsPerSecond();
  }

  @Override
  public double meanRoundTripMs(String region) {
    return ROUND_TRIP_MS;
  }

  @Override
  public void served(double requests, double fixedMs, double meanMs) {}

  @Override
  public void servedAfterMix(double requests, double extraMs, double meanMs) {}

  @Override
  public void failed(FailureCause cause, double requests) {}

  @Override
  public void count(dev.archsim.engine.result.Metric m, double v) {
    if (v > 0) {
      counters.merge(m.name(), v, Double::sum);
    }
  }

  @Override
  public void peak(dev.archsim.engine.result.Metric m, double v) {
    peaks.merge(m.name(), v, Math::max);
  }

  @Override
  public void incident() {}

  @Override
  public void recovered(double failedAt, double at, double rpoSeconds) {}

  @Override
  public void unrecovered(double seconds, double rpoSeconds) {}

  @Override
  public void restored(double failedAt, double at) {}

  @Override
  public void cost(String component, double usd) {
    if (usd > 0) {
      costs.merge(component, usd, Double::sum);
    }
  }

  /** The tier's instances as placed, always in service: what an hour bills. */
  @Override
  public TierFleet fleet(dev.archsim.engine.model.ComputeTier tier, QueueBacklog backlog) {
    int n = tier.totalInstances();
    return new TierFleet() {
      double billedTo;

      @Override
      public int inService() {
        return n;
      }

      @Override
      public Served serve(double dt, double rate, double cpuMs) {
        return new Served(rate, cpuMs, new double[FailureCause.values().length], null);
      }

      @Override
      public void worked(double busyShare, double dt) {}

      @Override
      public void instanceFails(int az, double now) {}

      @Override
      public void azDown(int az, double now) {}

      @Override
      public void azUp(int az, double now) {}

      @Override
      public void resize(String toInstanceType, double downtimeSeconds, double now) {}

      @Override
      public void deploy(
          int minimumHealthyPercent, int maximumPercent, boolean instanceRefresh, double now) {}

      @Override
      public int vcpu() {
        return dev.archsim.engine.catalog.Catalog.instanceType(tier.instanceType())
            .map(t -> t.vcpu())
            .orElse(1);
      }

      @Override
      public double speed() {
        return 1.0;
      }

      @Override
      public Usage takeUsage(double now) {
        double s = n * (now - billedTo);
        billedTo = now;
        return new Usage(s, 0, 0, 0, tier.instanceType());
      }
    };
  }
}
