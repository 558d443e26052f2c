package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.component.Component;
import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.ComputeStage;
import dev.archsim.engine.component.Edge;
import dev.archsim.engine.component.Egress;
import dev.archsim.engine.component.PathStage;
import dev.archsim.engine.component.ReadCache;
import dev.archsim.engine.component.TrialContext;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.Database;
import dev.archsim.engine.model.DisasterRecovery;
import dev.archsim.engine.model.DisasterRecovery.Strategy;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.MmcQueue;
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
  /** UNSOURCED assumption: bytes replicated across regions per database write. */
  static final double BYTES_PER_WRITE = 1024;

  /** RDS Proxy: "reduce failover times by up to 66%" (AWS-FACTS §8), taken at its best. */
  static final double PROXY_FAILOVER_FACTOR = 0.34;

  private final TrialSimulation sim;
  private final Architecture arch;
  private final RequestProfile profile;
  private final Database db;
  private final AsyncQueue queue;
  private final DisasterRecovery dr;
  private final String primary;

  private final String[] userRegions;
  private final double[] userShares;
  private final Map<String, double[]> roundTrips = new HashMap<>();

  // ---- region and disaster recovery
  private final RegionFailover failover;
  private final Serving.Unit secondaryUnit = new Serving.Unit();

  // ---- database
  private boolean writerUp = true;
  private FailureCause writerCause = FailureCause.DB_FAILOVER;
  private int writerAz;
  private final boolean[] azUp;
  private double writerDownAt = Double.NaN;
  private double writerRpo = Double.NaN;
  private double writerBackAt = Double.NaN;
  private final double writerCapacity;
  private double rcuBurst;
  private double wcuBurst;

  // ---- the components' stages of the request path, in path order
  private final List<Components.Present<?>> components;
  private final List<PathStage> stages;
  private final Edge edge;
  private final ComputeStage compute;
  private final ReadCache readCache;
  private final Egress egress;

  // ---- queue
  private final ArrayDeque<double[]> messages = new ArrayDeque<>();
  private double backlog;
  private double consumersDownUntil = Double.NEGATIVE_INFINITY;

  private RecoveryTally recovery = RecoveryTally.EMPTY;

  Tiers(TrialSimulation sim) {
    this.sim = sim;
    this.arch = sim.arch;
    this.profile = sim.profile;
    this.db = arch.database();
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
    if (db != null && db.primaryAz() != null) {
      writerAz = Math.max(0, arch.azs().indexOf(db.primaryAz()));
    }
    this.writerCapacity = db == null || !db.relational() ? 0 : instanceCapacity();
    TrialContext context = new Context();
    this.components = Components.in(arch);
    this.stages = components.stream().map(c -> c.stage(context)).toList();
    this.edge = first(Edge.class);
    this.compute = first(ComputeStage.class);
    this.readCache = first(ReadCache.class);
    this.egress = first(Egress.class);
    if (db != null && !db.relational() && db.capacity() != null && !db.capacity().onDemand()) {
      rcuBurst = 300 * db.capacity().readUnits();
      wcuBurst = 300 * db.capacity().writeUnits();
    }
    this.failover =
        new RegionFailover(
            sim,
            userRegions,
            userShares,
            writesAtRisk(),
            (seconds, rpo) -> recovery = recovery.plus(seconds, rpo));
  }

  /** The first stage of a kind on the path, or null. */
  private <T extends PathStage> T first(Class<T> kind) {
    return stages.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
  }

  private double instanceCapacity() {
    var c = Services.dbClass(db.instanceClass()).orElseThrow();
    return c.vcpu() * db.queriesPerSecondPerVcpu();
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
    if (db != null && db.relational() && az == writerAz && writerUp) {
      writerFails(now, true);
    }
    for (PathStage s : stages) {
      s.azDown(az, now);
    }
  }

  void azUp(int az, double now) {
    if (az < 0 || az >= azUp.length) {
      return;
    }
    azUp[az] = true;
    if (db != null
        && db.relational()
        && !writerUp
        && az == writerAz
        && Double.isNaN(writerBackAt)) {
      writerRecovers(now);
    }
    for (PathStage s : stages) {
      s.azUp(az, now);
    }
  }

  /** The database writer fails: a failover, a promotion, a replacement, or waiting for its AZ. */
  void writerFails(double now, boolean azLost) {
    if (db == null || !db.relational() || !writerUp) {
      return;
    }
    writerUp = false;
    writerDownAt = now;
    writerRpo = 0;
    sim.incidents++;
    double downtime;
    writerCause = FailureCause.DB_FAILOVER;
    int azs = azUp.length;
    if (db.engine() == Database.Engine.AURORA && db.readReplicas() > 0) {
      downtime = uniform(10, 45); // "typically < 60 s, often < 30 s"
      writerAz = replicaAz(0);
    } else if (db.engine() == Database.Engine.AURORA) {
      downtime = uniform(300, 600); // new writer "typically < 10 minutes"
    } else if (db.multiAz()) {
      downtime = uniform(60, 120); // "typically 60-120 seconds"
      writerAz = (writerAz + 1) % azs;
    } else if (db.readReplicas() > 0 && db.promotionMinutes() != null) {
      downtime = db.promotionMinutes() * 60;
      writerRpo = RandomStreams.exponential(sim.rng, db.replicaLagSeconds());
      writerAz = replicaAz(0);
    } else if (azLost) {
      writerCause = FailureCause.AZ_OUTAGE;
      writerBackAt = Double.NaN;
      return; // single-AZ: down until its AZ is back
    } else {
      downtime = uniform(480, 720); // single-AZ instance replaced: ~10 min observed
    }
    if (db.proxy()) {
      downtime *= PROXY_FAILOVER_FACTOR;
    }
    double back = now + downtime;
    writerBackAt = back;
    sim.at(back, () -> writerRecovers(back));
  }

  private void writerRecovers(double now) {
    if (writerUp) {
      return;
    }
    writerUp = true;
    writerBackAt = Double.NaN;
    sim.recordDetection(writerDownAt, writerDownAt);
    sim.recordRecovery(writerDownAt, now);
    recovery = recovery.plus(now - writerDownAt, writesAtRisk() ? writerRpo : Double.NaN);
    writerDownAt = Double.NaN;
  }

  private int replicaAz(int i) {
    return (writerAz + 1 + i) % azUp.length;
  }

  private double uniform(double lo, double hi) {
    return lo + (hi - lo) * sim.rng.nextDouble();
  }

  private boolean writesAtRisk() {
    return profile.dbWritesPerRequest() > 0;
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
    if (db != null && dynServed > 0) {
      dynServed = dataTier(a, dt, dynServed);
    }
    double staticServed = toPrimary * (1 - dynShare);
    double served = dynServed + staticServed;
    setMix(
        primary,
        false,
        failover.switchProgress(mid),
        db == null ? 0 : dbLatencyMs(),
        served > 0 ? dynServed / served : dynShare);
    sim.topology.route(a, b, served);
    if (toSecondary > 0) {
      secondary(a, mid, dt, toSecondary, dynShare);
    }
    billSecondary(a, dt);
    if (queue != null) {
      queueStep(a, dt, dynServed);
    }
    if (db != null) {
      billDatabase(dt);
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
        db == null ? 0 : dbLatencyMs(),
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
    } else if (db != null && db.relational()) {
      var c = Services.dbClass(db.instanceClass()).orElseThrow();
      addUsd(
          "dr:" + region + " " + db.engine().id() + " replica " + db.instanceClass(),
          dt / 3600 * instanceHourly(c, region));
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

  /**
   * The fixed latencies of the users served from {@code region}: their round trip, plus the data
   * tier's time for the dynamic share of the requests (static requests skip the database).
   */
  private void setMix(
      String region, boolean secondary, double progress, double dbMs, double dynShare) {
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

  // ------------------------------------------------------------------ data tier

  private int replicasUp() {
    int up = 0;
    for (int i = 0; i < db.readReplicas(); i++) {
      if (azUp[replicaAz(i)]) {
        up++;
      }
    }
    return up;
  }

  private double readsMiss;
  private double syncWrites;
  private double readWait;
  private double writeWait;
  private double hit;

  /** Fails the requests the data tier cannot serve; returns the rate that goes on to compute. */
  private double dataTier(double a, double dt, double rate) {
    hit = readCache == null ? 0 : readCache.hitShare(a);
    double r = profile.dbReadsPerRequest();
    double w = profile.dbWritesPerRequest();
    double async = queue == null ? 0 : queue.share();
    readsMiss = r * (1 - hit);
    syncWrites = w * (1 - async);
    if (readCache != null) {
      readCache.answered(rate * dt * r * hit);
    }
    count("db.reads", rate * dt * readsMiss);
    count("db.writes", rate * dt * w);
    double consumerWrites = queue == null ? 0 : lastConsumed * w / Math.max(1e-12, writeShare());
    double failedShare = 0;
    FailureCause cause = writerCause;
    readWait = 0;
    writeWait = 0;
    if (db.relational()) {
      int replicas = replicasUp();
      double pWrite = 1 - Math.exp(-syncWrites);
      double pReadMiss = 1 - Math.exp(-readsMiss);
      if (!writerUp) {
        failedShare = replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss));
      } else {
        double writerLoad =
            rate * syncWrites + consumerWrites + (replicas > 0 ? 0 : rate * readsMiss);
        double readerLoad = replicas > 0 ? rate * readsMiss / replicas : 0;
        double capacity = writerCapacity;
        double rhoW = writerLoad / capacity;
        double rhoR = readerLoad / capacity;
        peak("db.writerUtilisationPct", rhoW * 100);
        if (replicas > 0) {
          peak("db.replicaUtilisationPct", rhoR * 100);
        }
        double touchW = replicas > 0 ? pWrite : 1 - Math.exp(-(syncWrites + readsMiss));
        double overW = rhoW > 1 ? 1 - 1 / rhoW : 0;
        double overR = rhoR > 1 ? 1 - 1 / rhoR : 0;
        failedShare = 1 - (1 - touchW * overW) * (1 - (replicas > 0 ? pReadMiss : 0) * overR);
        cause = FailureCause.OVERLOAD;
        if (db.engine() == Database.Engine.AURORA) {
          // one I/O per query that reaches the cluster volume (an assumption)
          addUsd(
              "aurora (I/O)",
              (writerLoad + readerLoad * replicas)
                  * dt
                  * Services.usd("rds.aurora.io-request", primary));
        }
        writeWait = waitMs(writerLoad);
        readWait = replicas > 0 ? waitMs(readerLoad) : writeWait;
      }
    } else {
      double reads = rate * readsMiss;
      double writes = rate * syncWrites + consumerWrites;
      double rFail = 0;
      double wFail = 0;
      var cap = db.capacity();
      if (cap == null || cap.onDemand()) {
        double limit = Database.DynamoCapacity.ON_DEMAND_TABLE_LIMIT;
        rFail = reads > limit ? 1 - limit / reads : 0;
        wFail = writes > limit ? 1 - limit / writes : 0;
        addUsd(
            "dynamodb (read request units)",
            reads * dt * Services.usd("dynamodb.read-request-unit", primary));
        addUsd(
            "dynamodb (write request units)",
            writes * dt * Services.usd("dynamodb.write-request-unit", primary));
      } else {
        double[] rb = {rcuBurst};
        rFail = provisioned(reads, cap.readUnits(), dt, rb);
        rcuBurst = rb[0];
        double[] wb = {wcuBurst};
        wFail = provisioned(writes, cap.writeUnits(), dt, wb);
        wcuBurst = wb[0];
      }
      double pRead = 1 - Math.exp(-readsMiss);
      double pWrite = 1 - Math.exp(-syncWrites);
      failedShare = 1 - (1 - pRead * rFail) * (1 - pWrite * wFail);
      cause = FailureCause.THROTTLED;
    }
    if (failedShare > 0) {
      sim.serving.fail(cause, rate * dt * failedShare);
    }
    return rate * (1 - failedShare);
  }

  private double writeShare() {
    return 1 - Math.exp(-profile.dbWritesPerRequest());
  }

  /** Throttled share of a provisioned DynamoDB capacity with its 300 s burst bucket. */
  private static double provisioned(double demand, double units, double dt, double[] burst) {
    if (demand <= units) {
      burst[0] = Math.min(300 * units, burst[0] + (units - demand) * dt);
      return 0;
    }
    double need = (demand - units) * dt;
    if (burst[0] >= need) {
      burst[0] -= need;
      return 0;
    }
    double unserved = need - burst[0];
    burst[0] = 0;
    return unserved / (demand * dt);
  }

  private double waitMs(double load) {
    var c = Services.dbClass(db.instanceClass()).orElseThrow();
    double mu = db.queriesPerSecondPerVcpu();
    if (load <= 0) {
      return 0;
    }
    if (load >= c.vcpu() * mu * 0.999) {
      return profile.timeoutMs() / 10;
    }
    return new MmcQueue(c.vcpu(), mu, load, Double.POSITIVE_INFINITY).meanWait() * 1000;
  }

  /**
   * Fixed time the data tier adds to a dynamic request, rounded to 0.1 ms (a hundredth of a
   * histogram bucket at 10 ms) so the latency masses of nearby steps are computed once.
   */
  private double dbLatencyMs() {
    return Math.round(dbLatencyExactMs() * 10) / 10.0;
  }

  private double dbLatencyExactMs() {
    double q = db.queryMs();
    double r = profile.dbReadsPerRequest();
    double hitMs = readCache == null ? 0 : readCache.hitMs();
    double ms = r * hit * hitMs + readsMiss * (q + readWait) + syncWrites * (q + writeWait);
    if (queue != null && profile.dbWritesPerRequest() > 0) {
      ms += queue.share() * writeShare() * AsyncQueue.SEND_MS;
    }
    return ms;
  }

  /** The hourly price of one instance of the database's class and engine in a region. */
  private double instanceHourly(Services.DbClass c, String region) {
    return Services.dbHourly(c.name(), db.engine() == Database.Engine.AURORA, region);
  }

  private void billDatabase(double dt) {
    if (db.relational()) {
      var c = Services.dbClass(db.instanceClass()).orElseThrow();
      double hourly = instanceHourly(c, primary);
      // RDS Multi-AZ runs a standby beside the writer; Aurora fails over to a replica instead
      boolean standby = db.multiAz() && db.engine() == Database.Engine.RDS;
      int writers = standby ? 2 : 1;
      int instances = writers + db.readReplicas();
      String label = db.engine().id() + " " + db.instanceClass();
      addUsd(label + (standby ? " (writer + standby)" : " (writer)"), writers * dt / 3600 * hourly);
      if (db.readReplicas() > 0) {
        addUsd(label + " (read replicas)", db.readReplicas() * dt / 3600 * hourly);
      }
      double month = dt / TrialSimulation.SECONDS_PER_MONTH;
      if (db.engine() == Database.Engine.AURORA) {
        addUsd(
            "aurora (storage)",
            db.storageGb() * month * Services.usd("rds.storage.aurora.gb-month", primary));
      } else {
        addUsd(
            "rds (storage)",
            instances * db.storageGb() * month * Services.usd("rds.storage.gb-month", primary));
      }
      if (db.proxy()) {
        addUsd(
            "rds proxy",
            instances * c.vcpu() * dt / 3600 * Services.usd("rds-proxy.vcpu-hour", primary));
      }
    } else {
      addUsd(
          "dynamodb (storage)",
          db.storageGb()
              * dt
              / TrialSimulation.SECONDS_PER_MONTH
              * Services.usd("dynamodb.storage.gb-month", primary));
    }
    if (!db.relational() && db.capacity() != null && !db.capacity().onDemand()) {
      addUsd(
          "dynamodb (provisioned capacity)",
          dt
              / 3600
              * (db.capacity().readUnits() * Services.usd("dynamodb.rcu-hour", primary)
                  + db.capacity().writeUnits() * Services.usd("dynamodb.wcu-hour", primary)));
    }
    if (db.global() || (dr != null && dr.strategy() != Strategy.BACKUP_RESTORE)) {
      double writesPerSecond = sim.workload.requestsPerSecond() * profile.dbWritesPerRequest();
      addUsd(
          "cross-region replication",
          writesPerSecond * dt * BYTES_PER_WRITE / 1e9 * Services.usd("cross-region.gb", primary));
    }
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
    boolean up = a >= consumersDownUntil && writerUp && failover.primaryUp();
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
    if (!writerUp && !Double.isNaN(writerDownAt)) {
      recovery = recovery.plus(horizon - writerDownAt, writesAtRisk() ? writerRpo : Double.NaN);
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
