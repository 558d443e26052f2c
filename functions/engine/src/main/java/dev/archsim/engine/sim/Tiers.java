package dev.archsim.engine.sim;

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
import dev.archsim.engine.component.TrialContext;
import dev.archsim.engine.component.WriteQueue;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The request path around the compute tier: CloudFront and S3 in front, the region that serves the
 * users (the primary, or another after a region outage: {@link Regions}), and behind the compute
 * tier the cache, the database and an SQS queue, each a component's {@link PathStage} built with
 * the trial as {@link PathContext} shows it. Each traffic step it splits the offered rate into what
 * the edge serves, what fails before reaching compute (region outage, database down or saturated)
 * and what the compute tier serves, and sets the fixed latency those requests carry ({@link
 * LatencyMix}: the users' round trips, cache and database time).
 */
final class Tiers {
  private final FleetTrial trial;
  private final Architecture arch;
  private final RequestProfile profile;
  private final Serving serving;
  private final String primary;

  /** The stage's AZs, by index (at least one). */
  private final int azCount;

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

  /** The region failover around the path; null without DR. */
  private final RegionFailover failover;

  private final Regions regions;

  /** The requests each region served (counted with three regions or more). */
  private final Metric[] regionRequests;

  /** The requests the DR secondary region served. */
  private static final Metric SECONDARY_REQUESTS = Metric.Tier.SECONDARY.metric("requests");

  private final LatencyMix latency;

  /**
   * The request path of a stage's {@code arch} under its {@code workload}, its requests served and
   * failed on {@code serving}, its costs added to {@code costs}; its components' stages and fleets
   * see the {@code trial}'s events, random stream, logs and counters.
   */
  Tiers(FleetTrial trial, Architecture arch, Workload workload, Serving serving, CostLedger costs) {
    this.trial = trial;
    this.arch = arch;
    this.profile = workload.profile();
    this.serving = serving;
    this.primary = arch.region();
    this.azCount = Math.max(1, arch.azs().size());
    UserRegions users = new UserRegions(workload, primary);
    TrialContext context = new PathContext(trial, arch, workload, users, serving, costs);
    List<Components.Present<?>> present = new ArrayList<>();
    List<PathStage> built = new ArrayList<>();
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
    this.regions = new Regions(trial, primary, failover, writesAtRisk());
    this.regionRequests = new Metric[regions.count()];
    for (int r = 0; r < regions.count(); r++) {
      regionRequests[r] = Metric.Tier.region(regions.name(r)).metric("requests");
    }
    this.latency = new LatencyMix(users, profile, serving, failover);
  }

  /** The stage's regions: the primary first, then those of its region failover (DR). */
  Regions regions() {
    return regions;
  }

  /** The first stage of a kind on the path, or null. */
  private <T> T first(Class<T> kind) {
    return stages.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
  }

  /** True while some state changes continuously (a cache warming, clients moving, a backlog). */
  boolean varies() {
    if (!regions.primaryUp()) {
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
    if (az < 0 || az >= azCount) {
      return;
    }
    for (PathStage s : stages) {
      s.azDown(az, now);
    }
  }

  void azUp(int az, double now) {
    if (az < 0 || az >= azCount) {
      return;
    }
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

  /** Messages waiting in the queue now (0 without a queue). */
  double backlog() {
    return queue == null ? 0 : queue.visibleMessages();
  }

  /** Instances (or tasks) of the queue's worker fleet in service now (0 without one). */
  int workersInService() {
    return queue == null ? 0 : queue.instancesInService();
  }

  /** The queue's Lambda consumer's concurrent batches over the last step (0 without one). */
  double consumerConcurrency() {
    return queue == null ? 0 : queue.consumerConcurrency();
  }

  /** Age at {@code now} of the queue's oldest message waiting its first receive (0 for none). */
  double oldestMessageAgeSeconds(double now) {
    return queue == null ? 0 : queue.oldestMessageAgeSeconds(now);
  }

  /**
   * The queue a fleet's backlog-per-instance policy reads (the queue module's stage); null when the
   * stage has no queue.
   */
  QueueBacklog queueBacklog() {
    return first(QueueBacklog.class);
  }

  // ------------------------------------------------------------------ traffic

  /**
   * Routes {@code lambda} requests/s offered over [a, b), the compute tier's share to {@code
   * topology}.
   */
  void route(double a, double b, double lambda, Topology topology) {
    if (arch.entry() == null) {
      routeToQueue(a, b, lambda, topology);
      return;
    }
    double dt = b - a;
    boolean primaryUp = regions.primaryUp();
    // failover moments are events, so within [a, b) the moved share is linear: its mean over the
    // segment is its value at the middle
    double mid = a + dt / 2;
    double stat = lambda * profile.staticFraction();
    double dynamic = lambda - stat;
    double staticToOrigin = stat;
    if (edge != null) {
      staticToOrigin = edge.serveStatic(stat, dt, primaryUp ? primary : regions.movedTo(mid));
    }
    double origin = dynamic + staticToOrigin;
    double[] toOther = new double[regions.count()];
    double moved = 0;
    for (int r = 1; r < regions.count(); r++) {
      toOther[r] = origin * failover.movedShare(r, mid);
      moved += toOther[r];
    }
    double toPrimary = primaryUp ? origin - moved : 0;
    if (!primaryUp) {
      serving.fail(FailureCause.REGION_OUTAGE, (origin - moved) * dt);
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
    latency.set(
        0, primary, mid, behindMs, dbMs, tiersTime, served > 0 ? dynServed / served : dynShare);
    topology.route(a, b, served);
    if (regions.count() > 2 && served > 0) {
      count(regionRequests[0], served * dt);
    }
    for (int r = 1; r < regions.count(); r++) {
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
  private void routeToQueue(double a, double b, double lambda, Topology topology) {
    double dt = b - a;
    boolean primaryUp = regions.primaryUp();
    if (primaryUp) {
      topology.route(a, b, lambda);
    } else {
      serving.fail(FailureCause.REGION_OUTAGE, lambda * dt);
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
        serving.servedExponential(rate * (b - a), profile.networkLatencyMs() + queue.sendMs(), 0);
      }

      @Override
      public int inService() {
        return queue.instancesInService();
      }
    };
  }

  /** Requests sent to region {@code r} ≥ 1: served on its instances, or failed while it is down. */
  private void otherRegion(int r, double a, double mid, double dt, double rate, double dynShare) {
    int n = failover.instances(r, a);
    boolean ready = regions.up(r) && failover.ready(r, a);
    if (!ready || (n == 0 && arch.compute() != null)) {
      serving.fail(FailureCause.REGION_OUTAGE, rate * dt);
      return;
    }
    double dbMs = database == null ? 0 : dbLatencyMs();
    latency.set(r, regions.name(r), mid, dbMs, dbMs, null, dynShare);
    count(SECONDARY_REQUESTS, rate * dt);
    if (regions.count() > 2) {
      count(regionRequests[r], rate * dt);
    }
    if (arch.compute() == null) {
      serving.servedExponentialMix(rate * dt, 0, arch.functions().meanDurationMs(profile));
    } else {
      serving.serve(regions.unit(r), n, rate / n, dt);
    }
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

  private void count(Metric m, double v) {
    trial.metrics().count(m, v);
  }

  /** Closes what is still open at the horizon (a recovery still running is counted as is). */
  void finish(double horizon) {
    regions.finish(horizon);
    for (PathStage s : stages) {
      s.finish(horizon);
    }
  }

  /** The compute stage a component provides (Lambda), or null when the fleet is the engine's. */
  ComputeStage compute() {
    return compute;
  }

  /** True when an edge stage (CloudFront) sends the data out rather than the origin. */
  boolean cdnInFront() {
    return edge != null;
  }
}
