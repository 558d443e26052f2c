package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.ComputeStage;
import dev.archsim.engine.component.DataStore;
import dev.archsim.engine.component.Edge;
import dev.archsim.engine.component.Egress;
import dev.archsim.engine.component.PathStage;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.component.ReadCache;
import dev.archsim.engine.component.TrialContext;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.RecoveryTally;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The request path around the compute tier: CloudFront and S3 in front, the users' regions and the
 * round trips to them, the region that serves them (the primary, or the DR region after a region
 * outage), and behind the compute tier the cache, the database and an SQS queue. Each traffic step
 * it splits the offered rate into what the edge serves, what fails before reaching compute (region
 * outage, database down or saturated) and what the compute tier serves, and sets the fixed latency
 * those requests carry (round trips, cache and database time).
 */
final class Tiers {
  private final TrialSimulation sim;
  private final Architecture arch;
  private final RequestProfile profile;
  private final AsyncQueue queue;
  private final DisasterRecovery dr;
  private final String primary;

  private final String[] userRegions;
  private final double[] userShares;
  private final Map<String, double[]> roundTrips = new HashMap<>();

  // ---- region and disaster recovery
  private final RegionFailover failover;
  private final Serving.Unit secondaryUnit = new Serving.Unit();

  private final boolean[] azUp;

  // ---- the components' stages of the request path, in path order
  private final List<Components.Present<?>> components;
  private final List<PathStage> stages;
  private final Edge edge;
  private final ComputeStage compute;
  private final ReadCache readCache;
  private final Egress egress;
  private final DataStore database;

  // ---- queue
  private final ArrayDeque<double[]> messages = new ArrayDeque<>();
  private double backlog;
  private double consumersDownUntil = Double.NEGATIVE_INFINITY;

  private RecoveryTally recovery = RecoveryTally.EMPTY;

  Tiers(TrialSimulation sim) {
    this.sim = sim;
    this.arch = sim.arch;
    this.profile = sim.profile;
    this.queue = arch.queue();
    this.dr = arch.dr();
    this.primary = arch.region();
    Workload w = sim.workload;
    if (w.users().isEmpty()) {
      userRegions = new String[] {primary};
      userShares = new double[] {1.0};
    } else {
      userRegions = w.users().stream().map(Workload.Users::region).toArray(String[]::new);
      userShares = w.users().stream().mapToDouble(Workload.Users::share).toArray();
    }
    this.azUp = new boolean[Math.max(1, arch.azs().size())];
    java.util.Arrays.fill(azUp, true);
    TrialContext context = new Context();
    this.components = Components.in(arch);
    this.stages = components.stream().map(c -> c.stage(context)).toList();
    this.edge = first(Edge.class);
    this.compute = first(ComputeStage.class);
    this.readCache = first(ReadCache.class);
    this.egress = first(Egress.class);
    this.database = first(DataStore.class);
    this.failover =
        new RegionFailover(
            sim,
            userRegions,
            userShares,
            writesAtRisk(),
            (seconds, rpo) -> recovery = recovery.plus(seconds, rpo));
  }

  /** The first stage of a kind on the path, or null. */
  private <T> T first(Class<T> kind) {
    return stages.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
  }

  /** True while some state changes continuously (a cache warming, clients moving, a queue). */
  boolean varies() {
    if (failover.varies() || backlog > 0) {
      return true;
    }
    for (PathStage s : stages) {
      if (s.varies()) {
        return true;
      }
    }
    return queue != null && consumersDownUntil > Double.NEGATIVE_INFINITY;
  }

  // ------------------------------------------------------------------ events

  void azDown(int az, double now) {
    if (az < 0 || az >= azUp.length) {
      return;
    }
    azUp[az] = false;
    for (PathStage s : stages) {
      s.azDown(az, now);
    }
  }

  void azUp(int az, double now) {
    if (az < 0 || az >= azUp.length) {
      return;
    }
    azUp[az] = true;
    for (PathStage s : stages) {
      s.azUp(az, now);
    }
  }

  private boolean writesAtRisk() {
    return profile.dbWritesPerRequest() > 0;
  }

  /** The database writer fails (a random failure of its MTBF). */
  void writerFails(double now) {
    if (database != null) {
      database.writerFails(now);
    }
  }

  /** A scheduled fault owned by a component reaches the component's stage. */
  void inject(Faults.ScheduledFault f, double now) {
    Component<?> owner = Components.owner(f).orElseThrow();
    for (int i = 0; i < components.size(); i++) {
      if (components.get(i).component() == owner) {
        stages.get(i).inject(f, now);
      }
    }
  }

  void consumersDown(double now, double until) {
    consumersDownUntil = Math.max(consumersDownUntil, until);
  }

  /** The primary region is lost (see {@link RegionFailover}). */
  void regionDown(double now) {
    failover.down(now);
  }

  /** The primary region is back. */
  void regionUp(double now) {
    failover.up(now);
  }

  /** Instances the secondary region runs at time t (0 without disaster recovery). */
  int secondaryInService(double t) {
    return failover.secondaryInstances(t);
  }

  boolean primaryUp() {
    return failover.primaryUp();
  }

  /** Messages waiting in the queue now. */
  double backlog() {
    return backlog;
  }

  /**
   * The queue a fleet's backlog-per-instance policy reads: a component stage that is one, else the
   * stage's SQS queue kept here; null when the stage has no queue.
   */
  QueueBacklog queueBacklog() {
    QueueBacklog stage = first(QueueBacklog.class);
    if (stage != null) {
      return stage;
    }
    return sim.arch.queue() == null ? null : this::backlog;
  }

  /** Requests throttled so far by API Gateway or Lambda. */
  double throttledSoFar() {
    return sim.metrics.counter("apigw.throttled") + sim.metrics.counter("lambda.throttled");
  }

  // ------------------------------------------------------------------ traffic

  /** Routes {@code lambda} requests/s offered over [a, b). */
  void route(double a, double b, double lambda) {
    double dt = b - a;
    // failover moments are events, so within [a, b) the moved share is linear: its mean over the
    // segment is its value at the middle
    double mid = a + dt / 2;
    double stat = lambda * profile.staticFraction();
    double dynamic = lambda - stat;
    double staticToOrigin = stat;
    if (edge != null) {
      String originRegion =
          failover.primaryUp()
              ? primary
              : dr != null && failover.movedShare(mid) > 0 ? dr.secondaryRegion() : null;
      staticToOrigin = edge.serveStatic(stat, dt, originRegion);
    }
    double origin = dynamic + staticToOrigin;
    double toSecondary = origin * failover.movedShare(mid);
    double toPrimary = failover.primaryUp() ? origin - toSecondary : 0;
    if (!failover.primaryUp()) {
      sim.serving.fail(FailureCause.REGION_OUTAGE, (origin - toSecondary) * dt);
    }
    double dynShare = origin > 0 ? dynamic / origin : 0;
    double dynServed = toPrimary * dynShare;
    if (egress != null && dynServed > 0) {
      dynServed = egress.pass(dynServed, dt);
    }
    if (database != null && dynServed > 0) {
      dynServed =
          database.serve(
              a,
              dt,
              dynServed,
              readCache,
              queue == null ? 0 : queue.share(),
              queue == null
                  ? 0
                  : lastConsumed * profile.dbWritesPerRequest() / Math.max(1e-12, writeShare()));
    }
    double staticServed = toPrimary * (1 - dynShare);
    double served = dynServed + staticServed;
    setMix(
        primary,
        false,
        failover.switchProgress(mid),
        database == null ? 0 : dbLatencyMs(),
        served > 0 ? dynServed / served : dynShare);
    sim.topology.route(a, b, served);
    if (toSecondary > 0) {
      secondary(a, mid, dt, toSecondary, dynShare);
    }
    billSecondary(a, dt);
    if (queue != null) {
      queueStep(a, dt, dynServed);
    }
    for (PathStage s : stages) {
      s.bill(dt, lambda);
    }
  }

  private void secondary(double a, double mid, double dt, double rate, double dynShare) {
    int n = failover.secondaryInstances(a);
    boolean ready = failover.secondaryReady(a);
    if (!ready || (n == 0 && arch.compute() != null)) {
      sim.serving.fail(FailureCause.REGION_OUTAGE, rate * dt);
      return;
    }
    setMix(
        dr.secondaryRegion(),
        true,
        failover.switchProgress(mid),
        database == null ? 0 : dbLatencyMs(),
        dynShare);
    count("secondary.requests", rate * dt);
    if (arch.compute() == null) {
      sim.serving.servedExponentialMix(rate * dt, 0, arch.functions().meanDurationMs(profile));
    } else {
      sim.serving.serve(secondaryUnit, n, rate / n, dt);
    }
  }

  private void billSecondary(double a, double dt) {
    if (dr == null) {
      return;
    }
    String region = dr.secondaryRegion();
    if (arch.compute() != null) {
      int n = failover.secondaryInstances(a);
      if (n > 0) {
        double hourly = Catalog.onDemandUsd(region, arch.compute().instanceType());
        addUsd("dr:" + region + " ec2 " + arch.compute().instanceType(), n * dt / 3600 * hourly);
      }
    }
    if (dr.strategy() == Strategy.BACKUP_RESTORE) {
      addUsd(
          "dr:" + region + " backups",
          dr.dataGb()
              * dt
              / TrialSimulation.SECONDS_PER_MONTH
              * Services.usd("rds.backup.gb-month", region));
    } else if (database != null) {
      database.standbyIn(region, dt);
    }
    if (dr.strategy() != Strategy.BACKUP_RESTORE) {
      addUsd(
          "route53 health checks",
          2
              * dt
              / TrialSimulation.SECONDS_PER_MONTH
              * Services.usd("route53.health-check.month", "us-east-1"));
    }
    if (dr.globalAccelerator()) {
      addUsd(
          "global accelerator", dt / 3600 * Services.usd("global-accelerator.hour", "us-east-1"));
    }
  }

  // the arguments of the last setMix, whose offsets and weights the serving side holds
  private String mixRegion;
  private boolean mixSecondary;
  private double mixProgress;
  private double mixDbMs;
  private double mixDynShare;

  /**
   * The fixed latencies of the users served from {@code region}: their round trip, plus the data
   * tier's time for the dynamic share of the requests (static requests skip the database).
   */
  private void setMix(
      String region, boolean secondary, double progress, double dbMs, double dynShare) {
    if (region.equals(mixRegion)
        && secondary == mixSecondary
        && progress == mixProgress
        && dbMs == mixDbMs
        && dynShare == mixDynShare) {
      return; // the same mix as the last step's: the serving side still has it
    }
    mixRegion = region;
    mixSecondary = secondary;
    mixProgress = progress;
    mixDbMs = dbMs;
    mixDynShare = dynShare;
    int n = userRegions.length;
    double[] users = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      double toSecondary = failover.nearerSecondary(i) ? 1 : progress;
      users[i] = userShares[i] * (secondary ? toSecondary : 1 - toSecondary);
      total += users[i];
    }
    for (int i = 0; i < n; i++) {
      users[i] = total > 0 ? users[i] / total : userShares[i];
    }
    boolean split = dbMs > 0 && dynShare < 1;
    double[] offsets = new double[split ? 2 * n : n];
    double[] weights = new double[offsets.length];
    double[] rtt = roundTrips(region);
    for (int i = 0; i < n; i++) {
      double base = profile.networkLatencyMs() + rtt[i];
      offsets[i] = base + dbMs;
      weights[i] = users[i] * (split ? dynShare : 1);
      if (split) {
        offsets[n + i] = base;
        weights[n + i] = users[i] * (1 - dynShare);
      }
    }
    sim.serving.latencyMix(offsets, weights);
  }

  private double meanRoundTrip(String region) {
    double m = 0;
    double[] rtt = roundTrips(region);
    for (int i = 0; i < userRegions.length; i++) {
      m += userShares[i] * rtt[i];
    }
    return m;
  }

  /** Round trips from each user region to {@code region}, computed once. */
  private double[] roundTrips(String region) {
    return roundTrips.computeIfAbsent(
        region,
        r -> {
          double[] out = new double[userRegions.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = Services.roundTripMs(userRegions[i], r);
          }
          return out;
        });
  }

  private double writeShare() {
    return 1 - Math.exp(-profile.dbWritesPerRequest());
  }

  /**
   * Fixed time the data tier adds to a dynamic request, rounded to 0.1 ms (a hundredth of a
   * histogram bucket at 10 ms) so the latency masses of nearby steps are computed once.
   */
  private double dbLatencyMs() {
    return Math.round(dbLatencyExactMs() * 10) / 10.0;
  }

  private double dbLatencyExactMs() {
    double ms = database.latencyMs();
    if (queue != null && profile.dbWritesPerRequest() > 0) {
      ms += queue.share() * writeShare() * AsyncQueue.SEND_MS;
    }
    return ms;
  }

  // ------------------------------------------------------------------ queue

  private double lastConsumed;

  private void queueStep(double a, double dt, double servedRate) {
    double in = servedRate * queue.share() * writeShare();
    double end = a + dt;
    if (in > 0) {
      messages.addLast(new double[] {a + dt / 2, in * dt});
      backlog += in * dt;
    }
    count("queue.sent", in * dt);
    boolean up =
        a >= consumersDownUntil
            && (database == null || database.acceptsWrites())
            && failover.primaryUp();
    double retries = 1 + queue.poisonShare() * (queue.maxReceiveCount() - 1);
    double capacity = up ? queue.consumerRatePerSecond() / retries * dt : 0;
    double consumed = 0;
    while (capacity > 1e-12 && !messages.isEmpty()) {
      double[] head = messages.peekFirst();
      double take = Math.min(capacity, head[1]);
      head[1] -= take;
      capacity -= take;
      consumed += take;
      if (head[1] <= 1e-12) {
        messages.pollFirst();
      }
    }
    backlog = Math.max(0, backlog - consumed);
    lastConsumed = consumed / dt;
    count("queue.consumed", consumed);
    count("queue.deadLettered", consumed * queue.poisonShare());
    double retention = queue.retentionHours() * 3600;
    while (!messages.isEmpty() && end - messages.peekFirst()[0] > retention) {
      double[] old = messages.pollFirst();
      backlog = Math.max(0, backlog - old[1]);
      count("queue.expired", old[1]);
    }
    if (backlog < 1e-9) {
      backlog = 0;
      messages.clear();
    }
    peak("queue.maxBacklog", backlog);
    if (!messages.isEmpty()) {
      peak("queue.maxAgeSeconds", end - messages.peekFirst()[0]);
    }
    double requests = in * dt + consumed * retries * 2;
    addUsd("sqs", requests * Services.usd("sqs.request", primary));
    if (queue.fanoutSubscribers() > 0) {
      if (queue.eventBridge()) {
        addUsd("eventbridge", in * dt * Services.usd("eventbridge.event", primary));
      } else {
        addUsd("sns", in * dt * Services.usd("sns.publish", primary));
      }
      count("fanout.deliveries", in * dt * queue.fanoutSubscribers());
      addUsd("sqs", in * dt * queue.fanoutSubscribers() * 2 * Services.usd("sqs.request", primary));
    }
  }

  // ------------------------------------------------------------------ results

  void count(String key, double v) {
    sim.metrics.count(key, v);
  }

  void peak(String key, double v) {
    sim.metrics.peak(key, v);
  }

  private void addUsd(String component, double dollars) {
    sim.costs.add(component, dollars);
  }

  /** Closes what is still open at the horizon (a recovery still running is counted as is). */
  void finish(double horizon) {
    failover.finish(horizon);
    for (PathStage s : stages) {
      s.finish(horizon);
    }
  }

  RecoveryTally recovery() {
    return recovery;
  }

  TreeMap<String, Long> counters() {
    return sim.metrics.counters();
  }

  TreeMap<String, Long> peaks() {
    return sim.metrics.peaks();
  }

  /** The compute stage a component provides (Lambda), or null when the fleet is the engine's. */
  ComputeStage compute() {
    return compute;
  }

  /** True when an edge stage (CloudFront) sends the data out rather than the origin. */
  boolean cdnInFront() {
    return edge != null;
  }

  /** What the components' stages reach of the trial. */
  private final class Context implements TrialContext {
    @Override
    public String region() {
      return primary;
    }

    @Override
    public int azCount() {
      return azUp.length;
    }

    @Override
    public int azIndex(String az) {
      return arch.azs().indexOf(az);
    }

    @Override
    public SplittableRandom random() {
      return sim.rng;
    }

    @Override
    public void at(double at, Runnable action) {
      sim.at(at, action);
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
      return sim.workload.meanRate(a, b);
    }

    @Override
    public double requestsPerSecond() {
      return sim.workload.requestsPerSecond();
    }

    @Override
    public void incident() {
      sim.incidents++;
    }

    @Override
    public void recovered(double failedAt, double at, double rpoSeconds) {
      sim.recordDetection(failedAt, failedAt);
      sim.recordRecovery(failedAt, at);
      recovery = recovery.plus(at - failedAt, rpoSeconds);
    }

    @Override
    public void unrecovered(double seconds, double rpoSeconds) {
      recovery = recovery.plus(seconds, rpoSeconds);
    }

    @Override
    public void servedAfterMix(double requests, double extraMs, double meanMs) {
      sim.serving.servedExponentialMix(requests, extraMs, meanMs);
    }

    @Override
    public double meanRoundTripMs(String region) {
      return meanRoundTrip(region);
    }

    @Override
    public void served(double requests, double fixedMs, double meanMs) {
      sim.serving.servedExponential(requests, fixedMs, meanMs);
    }

    @Override
    public void failed(FailureCause cause, double requests) {
      sim.serving.fail(cause, requests);
    }

    @Override
    public void count(String key, double v) {
      Tiers.this.count(key, v);
    }

    @Override
    public void peak(String key, double v) {
      Tiers.this.peak(key, v);
    }

    @Override
    public void cost(String component, double usd) {
      addUsd(component, usd);
    }
  }
}
