package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.ComputeStage;
import dev.archsim.engine.component.DataStore;
import dev.archsim.engine.component.Dependency;
import dev.archsim.engine.component.Edge;
import dev.archsim.engine.component.PathStage;
import dev.archsim.engine.component.QueueBacklog;
import dev.archsim.engine.component.ReadCache;
import dev.archsim.engine.component.RegionFailover;
import dev.archsim.engine.component.TierChain;
import dev.archsim.engine.component.TierFleet;
import dev.archsim.engine.component.TrialContext;
import dev.archsim.engine.component.WriteQueue;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.RecoveryTally;
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
  private final String primary;

  private final String[] userRegions;
  private final double[] userShares;
  private final Map<String, double[]> roundTrips = new HashMap<>();

  // ---- the regions: 0 the primary, 1.. those of the region failover around the path (null
  // without DR); per region whether it is up and its open incident
  private final RegionFailover failover;
  private final String[] regionNames;
  private final Serving.Unit[] regionUnits;
  private final boolean[] regionUp;
  private final double[] regionDownAt;
  private final boolean[] recoveryOpen;
  private final double[] pendingRpo;
  // the plan each open recovery ends by: a newer plan (another region lost or back) supersedes it
  private final int[] recoveryPlans;
  private boolean primaryUp = true;

  private final boolean[] azUp;

  // ---- the components' stages of the request path, in path order
  private final List<Components.Present<?>> components;
  private final List<PathStage> stages;
  private final Edge edge;
  private final ComputeStage compute;
  private final ReadCache readCache;
  private final List<Dependency> dependencies;
  private final TierChain chain;
  private final DataStore database;
  private final WriteQueue queue;

  private RecoveryTally recovery = RecoveryTally.EMPTY;

  Tiers(TrialSimulation sim) {
    this.sim = sim;
    this.arch = sim.arch;
    this.profile = sim.profile;
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
    List<Components.Present<?>> present = new java.util.ArrayList<>();
    List<PathStage> built = new java.util.ArrayList<>();
    for (Components.Present<?> c : Components.in(arch)) {
      PathStage s = c.stage(context);
      if (s != null) { // null: the fleet keeps its state (the entry in front of it)
        present.add(c);
        built.add(s);
      }
    }
    this.components = List.copyOf(present);
    this.stages = List.copyOf(built);
    this.edge = first(Edge.class);
    this.compute = first(ComputeStage.class);
    this.readCache = first(ReadCache.class);
    this.dependencies =
        stages.stream().filter(Dependency.class::isInstance).map(Dependency.class::cast).toList();
    this.chain = first(TierChain.class);
    this.database = first(DataStore.class);
    this.queue = first(WriteQueue.class);
    this.failover = first(RegionFailover.class);
    List<String> others = failover == null ? List.of() : failover.regions();
    int regions = 1 + others.size();
    this.regionNames = new String[regions];
    regionNames[0] = primary;
    this.regionUnits = new Serving.Unit[regions];
    for (int r = 1; r < regions; r++) {
      regionNames[r] = others.get(r - 1);
      regionUnits[r] = new Serving.Unit();
    }
    this.regionUp = new boolean[regions];
    java.util.Arrays.fill(regionUp, true);
    this.regionDownAt = new double[regions];
    java.util.Arrays.fill(regionDownAt, Double.NaN);
    this.recoveryOpen = new boolean[regions];
    this.pendingRpo = new double[regions];
    java.util.Arrays.fill(pendingRpo, Double.NaN);
    this.recoveryPlans = new int[regions];
  }

  /** The stage's regions: the primary first, then those of its region failover (DR). */
  List<String> regions() {
    return List.of(regionNames);
  }

  /** The first stage of a kind on the path, or null. */
  private <T> T first(Class<T> kind) {
    return stages.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
  }

  /** True while some state changes continuously (a cache warming, clients moving, a backlog). */
  boolean varies() {
    if (!primaryUp) {
      return true;
    }
    for (PathStage s : stages) {
      if (s.varies()) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when nothing but the compute tier stands on the path (no edge, cache, database, queue, a
   * dependency such as egress, or region failover): the rate offered reaches the fleet as is, so
   * only its queues bound how far the rate may move within one traffic step (TrialSimulation's
   * stretches).
   */
  boolean computeOnly() {
    return edge == null
        && compute == null
        && readCache == null
        && dependencies.isEmpty()
        && database == null
        && queue == null
        && failover == null;
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

  /**
   * A region is lost ({@code null}: the primary): an incident until the region is back or, with a
   * DR strategy, until the failover is complete ({@link RegionFailover}); no incident when the
   * failover says the loss takes nothing the users are served from (a standby region). Any other
   * region's recovery under way is planned again: this one may have been its failover's target.
   */
  void regionDown(String region, double now) {
    int r = regionIndex(region);
    if (r < 0 || !regionUp[r]) {
      return;
    }
    regionUp[r] = false;
    primaryUp = regionUp[0];
    regionDownAt[r] = now;
    sim.note(now, new InfrastructureEvent.RegionLost(regionNames[r]));
    if (failover == null) {
      sim.incidents++;
      recoveryOpen[r] = true;
      pendingRpo[r] = Double.NaN;
      return;
    }
    RegionFailover.Plan plan = failover.lost(r, now);
    if (plan.incident()) {
      sim.incidents++;
      recoveryOpen[r] = true;
      sim.recordDetection(now, plan.detectedAt());
      pendingRpo[r] = plan.rpoSeconds();
      planRecovery(r, plan.restoredAt(), now);
    }
    planOtherRecoveries(r, now);
  }

  /** A region is back: a planned failback, clients return without failures. */
  void regionUp(String region, double now) {
    int r = regionIndex(region);
    if (r < 0 || regionUp[r]) {
      return;
    }
    regionUp[r] = true;
    primaryUp = regionUp[0];
    sim.note(now, new InfrastructureEvent.RegionBack(regionNames[r]));
    if (recoveryOpen[r]) {
      closeRegionRecovery(r, now, false);
    }
    regionDownAt[r] = Double.NaN;
    if (failover != null) {
      failover.back(r, now);
      planOtherRecoveries(r, now);
    }
  }

  /**
   * The recovery of lost region {@code r} ends at {@code restoredAt} (at once if that has passed;
   * never while it is infinite: the failover cannot complete yet), superseding its earlier plan.
   */
  private void planRecovery(int r, double restoredAt, double now) {
    int plan = ++recoveryPlans[r];
    if (restoredAt < Double.POSITIVE_INFINITY) {
      double done = Math.max(restoredAt, now);
      sim.at(
          done,
          () -> {
            if (recoveryPlans[r] == plan) {
              closeRegionRecovery(r, done, true);
            }
          });
    }
  }

  /** Plans again the recovery of every region still lost but {@code changed}. */
  private void planOtherRecoveries(int changed, double now) {
    for (int q = 0; q < regionNames.length; q++) {
      if (q != changed && !regionUp[q] && recoveryOpen[q]) {
        planRecovery(q, failover.restoredAt(q), now);
      }
    }
  }

  /** The index of a region ({@code null} or the stage's: 0), or -1 when the stage has no such. */
  private int regionIndex(String region) {
    if (region == null) {
      return 0;
    }
    for (int r = 0; r < regionNames.length; r++) {
      if (regionNames[r].equals(region)) {
        return r;
      }
    }
    return -1;
  }

  private void closeRegionRecovery(int r, double now, boolean failedOver) {
    if (!recoveryOpen[r]) {
      return;
    }
    recoveryOpen[r] = false;
    sim.recordRecovery(regionDownAt[r], now);
    double rpo = failedOver && writesAtRisk() ? pendingRpo[r] : (writesAtRisk() ? 0 : Double.NaN);
    recovery = recovery.plus(now - regionDownAt[r], rpo);
  }

  /** Instances the other regions run at time t (0 without disaster recovery). */
  int secondaryInService(double t) {
    int n = 0;
    for (int r = 1; r < regionNames.length; r++) {
      n += failover.instances(r, t);
    }
    return n;
  }

  boolean primaryUp() {
    return primaryUp;
  }

  /** Messages waiting in the queue now (0 without a queue). */
  double backlog() {
    return queue == null ? 0 : queue.visibleMessages();
  }

  /**
   * The queue a fleet's backlog-per-instance policy reads (the queue module's stage); null when the
   * stage has no queue.
   */
  QueueBacklog queueBacklog() {
    return first(QueueBacklog.class);
  }

  /** Requests throttled so far by API Gateway or Lambda. */
  double throttledSoFar() {
    return sim.metrics.counter("apigw.throttled") + sim.metrics.counter("lambda.throttled");
  }

  // ------------------------------------------------------------------ traffic

  /** Routes {@code lambda} requests/s offered over [a, b). */
  void route(double a, double b, double lambda) {
    if (arch.entry() == null) {
      routeToQueue(a, b, lambda);
      return;
    }
    double dt = b - a;
    // failover moments are events, so within [a, b) the moved share is linear: its mean over the
    // segment is its value at the middle
    double mid = a + dt / 2;
    double stat = lambda * profile.staticFraction();
    double dynamic = lambda - stat;
    double staticToOrigin = stat;
    if (edge != null) {
      staticToOrigin = edge.serveStatic(stat, dt, primaryUp ? primary : movedTo(mid));
    }
    double origin = dynamic + staticToOrigin;
    double[] toOther = new double[regionNames.length];
    double moved = 0;
    for (int r = 1; r < regionNames.length; r++) {
      toOther[r] = origin * failover.movedShare(r, mid);
      moved += toOther[r];
    }
    double toPrimary = primaryUp ? origin - moved : 0;
    if (!primaryUp) {
      sim.serving.fail(FailureCause.REGION_OUTAGE, (origin - moved) * dt);
    }
    double dynShare = origin > 0 ? dynamic / origin : 0;
    double dynServed = toPrimary * dynShare;
    if (chain != null && dynServed > 0) {
      dynServed = chain.pass(a, dt, dynServed);
    }
    for (Dependency d : dependencies) {
      if (dynServed > 0) {
        dynServed = d.pass(dynServed, dt);
      }
    }
    if (database != null && dynServed > 0) {
      dynServed =
          database.serve(
              a,
              dt,
              dynServed,
              readCache,
              queue == null ? 0 : queue.writeShare(),
              queue == null
                  ? 0
                  : queue.consumedRate()
                      * profile.dbWritesPerRequest()
                      / Math.max(1e-12, writeShare()));
    }
    double staticServed = toPrimary * (1 - dynShare);
    double served = dynServed + staticServed;
    double dbMs = database == null ? 0 : dbLatencyMs();
    double behindMs = dbMs;
    LatencyLattice tiersTime = null;
    if (chain != null) {
      behindMs += Math.round(chain.latencyMs() * 10) / 10.0;
      tiersTime = chain.latency();
    }
    setMix(0, mid, behindMs, dbMs, tiersTime, served > 0 ? dynServed / served : dynShare);
    sim.topology.route(a, b, served);
    if (regionNames.length > 2 && served > 0) {
      count("region." + primary + ".requests", served * dt);
    }
    for (int r = 1; r < regionNames.length; r++) {
      if (toOther[r] > 0) {
        otherRegion(r, a, mid, dt, toOther[r], dynShare);
      }
    }
    if (database != null && failover != null) {
      for (String region : failover.databaseStandbys()) {
        database.standbyIn(region, dt);
      }
    }
    if (queue != null) {
      // a request that writes sends its queued writes as one message; the consumers work while
      // the data tier accepts writes in the primary region
      boolean downstreamUp = (database == null || database.acceptsWrites()) && primaryUp;
      queue.step(a, dt, dynServed * queue.writeShare() * writeShare(), downstreamUp);
    }
    for (PathStage s : stages) {
      s.bill(a, dt, lambda);
    }
  }

  /**
   * A stage without an entry (docs/decisions/025): the offered rate is the messages producers
   * outside the stage send to its queue. Each is a SendMessage call, answered by SQS while the
   * region is up ({@link #queueIntake}) and lost with the region otherwise; the queue's consumers
   * work the messages off at their own rate, each message's writes going to the database.
   */
  private void routeToQueue(double a, double b, double lambda) {
    double dt = b - a;
    if (primaryUp) {
      sim.topology.route(a, b, lambda);
    } else {
      sim.serving.fail(FailureCause.REGION_OUTAGE, lambda * dt);
    }
    boolean downstreamUp = (database == null || database.acceptsWrites()) && primaryUp;
    if (database != null) {
      database.serve(a, dt, 0, readCache, 1, queue.consumedRate() * profile.dbWritesPerRequest());
    }
    queue.step(a, dt, primaryUp ? lambda : 0, downstreamUp);
    for (PathStage s : stages) {
      s.bill(a, dt, lambda);
    }
  }

  /**
   * What answers the requests of a stage without an entry: SQS takes each message, after the
   * network latency and the send time; no instance serves it. The stage's instances are those of
   * the worker fleet consuming its queue, if it has one.
   */
  ComputeStage queueIntake() {
    return new ComputeStage() {
      @Override
      public void start() {}

      @Override
      public void serve(double a, double b, double rate) {
        sim.serving.servedExponential(
            rate * (b - a), profile.networkLatencyMs() + queue.sendMs(), 0);
      }

      @Override
      public int inService() {
        return queue.instancesInService();
      }
    };
  }

  /** The region the origin's requests go to while the primary is down, or null if none. */
  private String movedTo(double mid) {
    for (int r = 1; r < regionNames.length; r++) {
      if (failover.movedShare(r, mid) > 0) {
        return regionNames[r];
      }
    }
    return null;
  }

  /** Requests sent to region {@code r} ≥ 1: served on its instances, or failed while it is down. */
  private void otherRegion(int r, double a, double mid, double dt, double rate, double dynShare) {
    int n = failover.instances(r, a);
    boolean ready = regionUp[r] && failover.ready(r, a);
    if (!ready || (n == 0 && arch.compute() != null)) {
      sim.serving.fail(FailureCause.REGION_OUTAGE, rate * dt);
      return;
    }
    double dbMs = database == null ? 0 : dbLatencyMs();
    setMix(r, mid, dbMs, dbMs, null, dynShare);
    count("secondary.requests", rate * dt);
    if (regionNames.length > 2) {
      count("region." + regionNames[r] + ".requests", rate * dt);
    }
    if (arch.compute() == null) {
      sim.serving.servedExponentialMix(rate * dt, 0, arch.functions().meanDurationMs(profile));
    } else {
      sim.serving.serve(regionUnits[r], n, rate / n, dt);
    }
  }

  // the arguments of the last setMix, whose offsets and weights the serving side holds
  private String mixRegion;
  private double[] mixUsers;
  private double mixDbMs;
  private double mixFixedMs;
  private LatencyLattice mixTiers;
  private double mixDynShare;

  /**
   * The fixed latencies of the users served from region {@code r}: their round trip, plus for the
   * dynamic share of the requests (static requests skip them) the time behind the fleet: {@code
   * dbMs} in the mean, and in the histogram the fixed {@code fixedMs} plus the tiers' time {@code
   * tiers} (null without tiers, when {@code dbMs} is all fixed).
   */
  private void setMix(
      int r, double mid, double dbMs, double fixedMs, LatencyLattice tiers, double dynShare) {
    String region = regionNames[r];
    int n = userRegions.length;
    double[] users = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      users[i] = userShares[i] * (failover == null ? 1.0 : failover.usersAt(r, i, mid));
      total += users[i];
    }
    if (region.equals(mixRegion)
        && java.util.Arrays.equals(users, mixUsers)
        && dbMs == mixDbMs
        && fixedMs == mixFixedMs
        && java.util.Objects.equals(tiers, mixTiers)
        && dynShare == mixDynShare) {
      return; // the same mix as the last step's: the serving side still has it
    }
    mixRegion = region;
    mixUsers = users.clone();
    mixDbMs = dbMs;
    mixFixedMs = fixedMs;
    mixTiers = tiers;
    mixDynShare = dynShare;
    for (int i = 0; i < n; i++) {
      users[i] = total > 0 ? users[i] / total : userShares[i];
    }
    boolean split = (dbMs > 0 || tiers != null) && dynShare < 1;
    double[] offsets = new double[split ? 2 * n : n];
    double[] weights = new double[offsets.length];
    Serving.Behind[] behind = tiers == null ? null : new Serving.Behind[offsets.length];
    double[] rtt = roundTrips(region);
    for (int i = 0; i < n; i++) {
      double base = profile.networkLatencyMs() + rtt[i];
      offsets[i] = base + dbMs;
      weights[i] = users[i] * (split ? dynShare : 1);
      if (behind != null) {
        behind[i] = new Serving.Behind(tiers, base + fixedMs);
      }
      if (split) {
        offsets[n + i] = base;
        weights[n + i] = users[i] * (1 - dynShare);
      }
    }
    sim.serving.latencyMix(offsets, weights, behind);
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
      ms += queue.writeShare() * writeShare() * queue.sendMs();
    }
    return ms;
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
    for (int r = 0; r < regionNames.length; r++) {
      if (recoveryOpen[r]) {
        recoveryOpen[r] = false;
        recovery =
            recovery.plus(horizon - regionDownAt[r], writesAtRisk() ? pendingRpo[r] : Double.NaN);
      }
    }
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
    public Workload workload() {
      return sim.workload;
    }

    @Override
    public double route53Unhealthy(double intervalSeconds, int failureThreshold) {
      return HealthChecks.route53Unhealthy(intervalSeconds, failureThreshold, sim.rng.nextDouble());
    }

    @Override
    public void note(double at, String what) {
      sim.note(at, what);
    }

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

    @Override
    public TierFleet fleet(dev.archsim.engine.model.ComputeTier tier, QueueBacklog backlog) {
      return new ExtraFleet(sim, tier, backlog);
    }
  }
}
