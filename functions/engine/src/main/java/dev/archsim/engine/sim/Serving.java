package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.queueing.LatencyLattice;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.TrialOutcome;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Serving requests on instances: CPU credits of burstable types, an M/M/c+D queue per instance
 * (requests give up at the timeout, on both sides of saturation; this trial's queues are {@link
 * TrialQueue}s of the JVM's {@link SharedQueues}) with exact histogram mass ({@link
 * ResponseTimes}), and the accounting of one trial (offered, failed by cause, latency). Sums are
 * doubles inside the trial (a fixed order, so deterministic) and become integers once, in {@link
 * #outcome}.
 */
final class Serving {
  private static final int CACHE_LIMIT = 4096;

  /** The compute tier's CPU credit settings (null: the type's defaults). */
  private final ComputeTier.Credits creditSettings;

  private final RequestProfile profile;
  private final double timeoutSeconds;
  private InstanceType type;
  private double serviceRate;
  private CpuCredits credits;

  private double offered;
  private final double[] failed = new double[FailureCause.values().length];
  private final ResponseTimes times = new ResponseTimes();
  private double busyCpuSeconds;

  private final Map<TrialQueue.Key, TrialQueue> queues = new HashMap<>();

  /** Per-instance state of a serving unit (one instance, or the identical instances of a zone). */
  static final class Unit {
    double credits;
  }

  /**
   * The queue of the last {@link #queueing} call and its key: consecutive steps and the zones of
   * one step mostly ask for the same queue, which is then found without hashing. Null after the
   * queues are dropped.
   */
  private TrialQueue.Key lastKey;

  private TrialQueue lastQueue;

  /** Queues solved so far in this JVM (their roots and embedded chains): the work a test counts. */
  static long queuesSolved() {
    return SharedQueues.solved();
  }

  /**
   * How the load balancer spreads requests over the {@code targets} a serving unit is one or more
   * of (docs/decisions/015): random gives each target a Poisson stream (M/M/c+D), round robin an
   * Erlang-{@code targets} stream (E_n/M/c+D), least outstanding requests one pooled queue of every
   * target's servers (M/M/(targets·c)+D).
   */
  record Spread(Entry.LoadBalancer.Algorithm algorithm, int targets) {
    /** A Poisson stream per instance: random picks, or clients bound to addresses. */
    static final Spread POISSON = new Spread(Entry.LoadBalancer.Algorithm.RANDOM, 1);
  }

  /**
   * What a share of the responses passes behind the serving fleet besides fixed latencies: the time
   * of a chain of tiers ({@code tiers}, independent of the fleet's), on top of the fixed {@code
   * offsetMs} (round trips, data tier). The latency sum keeps the mix's offset (which holds the
   * tiers' mean); the histogram takes this distribution.
   */
  record Behind(LatencyLattice tiers, double offsetMs) {}

  /** Fixed latencies added to every response (network, database, cache), with their weights. */
  private double[] mixOffsetsMs;

  private double[] mixWeights;

  /** Per offset of the mix, the tiers behind the fleet (null: none, or none for that share). */
  private Behind[] mixBehind;

  /**
   * Serves {@code profile}'s requests on instances of {@code type} with the compute tier's CPU
   * credit settings ({@code creditSettings}; null: the type's defaults).
   */
  Serving(RequestProfile profile, ComputeTier.Credits creditSettings, InstanceType type) {
    this.creditSettings = creditSettings;
    this.profile = profile;
    this.timeoutSeconds = profile.timeoutMs() / 1000.0;
    this.mixOffsetsMs = new double[] {profile.networkLatencyMs()};
    this.mixWeights = new double[] {1.0};
    setType(type);
  }

  /**
   * Sets the fixed latencies added to the responses served from now on: offset i (network round
   * trips, database and cache time) for a share {@code weights[i]} of them.
   */
  void latencyMix(double[] offsetsMs, double[] weights) {
    latencyMix(offsetsMs, weights, null);
  }

  /**
   * {@link #latencyMix(double[], double[])} where share i also passes the tiers {@code behind[i]}
   * (null: none) after the fleet: its offset (the mean latency's) holds their mean time, and its
   * histogram mass their distribution convolved with the fleet's response time.
   */
  void latencyMix(double[] offsetsMs, double[] weights, Behind[] behind) {
    this.mixOffsetsMs = offsetsMs;
    this.mixWeights = weights;
    this.mixBehind = behind;
  }

  /**
   * {@code count} requests spread over the current latency mix (each share its fixed offset plus
   * {@code extraMs}), each served in an exponential time of mean {@code meanMs}.
   */
  void servedExponentialMix(double count, double extraMs, double meanMs) {
    for (int k = 0; k < mixOffsetsMs.length; k++) {
      servedExponential(count * mixWeights[k], mixOffsetsMs[k] + extraMs, meanMs);
    }
  }

  /** {@code count} requests served in {@code offsetMs} plus an exponential time of mean meanMs. */
  void servedExponential(double count, double offsetMs, double meanMs) {
    times.servedExponential(count, offsetMs, meanMs);
  }

  void setType(InstanceType newType) {
    this.type = newType;
    // a server below a whole vCPU (a Fargate task of 0.25 or 0.5 vCPU) takes a request's CPU time
    // divided by its share
    this.serviceRate = 1000.0 / profile.cpuMsPerRequest() * newType.serverSpeed();
    this.credits =
        credits == null ? new CpuCredits(newType, creditSettings) : credits.forType(newType);
    times.flush();
    queues.clear();
    lastKey = null;
    lastQueue = null;
  }

  InstanceType type() {
    return type;
  }

  boolean creditsMatter() {
    return credits.matter();
  }

  /** Credits an instance holds at the start of the trial. */
  double initialCredits() {
    return credits.initial();
  }

  /** Credits a newly launched instance gets (T2 standard: 30 per vCPU; otherwise none). */
  double launchCredits() {
    return credits.atLaunch();
  }

  /** Surplus credits spent so far (unlimited mode), billed at the horizon. */
  double surplusCredits() {
    return credits.surplus();
  }

  void offer(double arrivals) {
    offered += arrivals;
  }

  void fail(FailureCause cause, double count) {
    if (count > 0) {
      failed[cause.ordinal()] += count;
    }
  }

  /**
   * CPU utilisation (0..1) of an instance receiving {@code lambda} requests/s at full speed, of the
   * vCPUs it has ({@link InstanceType#vcpuCapacity}: a Fargate task's CPU size).
   */
  double utilisation(double lambda) {
    return Math.min(1.0, lambda * profile.cpuMsPerRequest() / 1000.0 / type.vcpuCapacity());
  }

  /**
   * The load ρ one request/s puts on an instance's queue at its slowest (a burstable type without
   * credits runs at its baseline unless unlimited).
   */
  double loadPerRequest() {
    return profile.cpuMsPerRequest() / 1000.0 / type.vcpuCapacity() / credits.slowest();
  }

  double takeBusyCpuSeconds() {
    double b = busyCpuSeconds;
    busyCpuSeconds = 0;
    return b;
  }

  /**
   * Serves {@code lambda} requests/s on each of {@code n} identical instances for {@code dt}
   * seconds, spending or earning CPU credits first.
   */
  void serve(Unit unit, int n, double lambda, double dt) {
    serve(unit, n, lambda, dt, Spread.POISSON);
  }

  /** {@link #serve(Unit, int, double, double)} with the load balancer's {@code spread}. */
  void serve(Unit unit, int n, double lambda, double dt, Spread spread) {
    if (n <= 0) {
      return;
    }
    double u = utilisation(lambda);
    busyCpuSeconds += n * u * dt;
    if (!type.burstable()) {
      serveAt(unit, n, lambda, dt, 1.0, spread);
      return;
    }
    credits.spend(unit, n, u, dt, (d, speed) -> serveAt(unit, n, lambda, d, speed, spread));
  }

  /** Idle instances earn credits. */
  void idle(Serving.Unit unit, double dt) {
    credits.idle(unit, dt);
  }

  private void serveAt(Unit unit, int n, double lambda, double dt, double speed, Spread spread) {
    if (lambda <= 0) {
      return;
    }
    int c = type.vcpu();
    int targets = Math.max(1, spread.targets());
    switch (spread.algorithm()) {
      case RANDOM -> queueing(n, c, 1, serviceRate * speed, speed, lambda, lambda, dt);
      case ROUND_ROBIN ->
          queueing(n, c, erlangOrder(targets), serviceRate * speed, speed, lambda, lambda, dt);
      case LEAST_OUTSTANDING_REQUESTS ->
          queueing(n, c * targets, 1, serviceRate * speed, speed, lambda * targets, lambda, dt);
    }
  }

  /**
   * The Erlang order of a round-robin target's stream: exact up to 16 targets, then kept to 8 steps
   * per doubling (16, 18, 20, ..., 32, 36, ...), so fleets of nearby sizes share one queue and its
   * latency masses as they do under random routing. n moves by at most n/16, so the stream's
   * squared coefficient of variation 1/n by less than 0.004 (docs/decisions/015).
   */
  static int erlangOrder(int targets) {
    if (targets <= 16) {
      return targets;
    }
    int unit = Integer.highestOneBit(targets) >> 3;
    return (targets + unit / 2) / unit * unit;
  }

  /**
   * M/M/c+D with exact histogram mass, on either side of saturation: requests whose wait would pass
   * the timeout give up and leave the queue ({@code overload}); those served carry the waits of the
   * abandoning queue ({@link MmcdQueue}).
   */
  private void queueing(
      int n,
      int c,
      int order,
      double mu,
      double speed,
      double exactLambda,
      double perInstance,
      double dt) {
    // The queue is keyed by its slack 1 - rho (negative above saturation) kept to 10 significant
    // bits (0.1 %; arrivals stay exact): waits scale with 1 / slack, so they are kept to 0.1 % at
    // any load, while nearby rates (another day at the same time, a fleet one instance larger)
    // share one queue and its latency masses.
    double capacity = c * mu;
    double slack = 1 - exactLambda / capacity;
    double slackKey = SharedQueues.slackKey(slack);
    double lambda = capacity * (1 - slackKey);
    long slackBits = Double.doubleToLongBits(slackKey);
    TrialQueue cached;
    if (lastKey != null && lastKey.is(slackBits, speed, c, order)) {
      cached = lastQueue;
    } else {
      TrialQueue.Key key = new TrialQueue.Key(slackBits, speed, c, order);
      cached = queues.get(key);
      if (cached == null) {
        if (queues.size() > CACHE_LIMIT) {
          times.flush();
          queues.clear();
        }
        cached = new TrialQueue(SharedQueues.of(c, mu, lambda, timeoutSeconds, order));
        queues.put(key, cached);
      }
      lastKey = key;
      lastQueue = cached;
    }
    MmcdQueue q = cached.shared.queue;
    double arrivals = n * perInstance * dt;
    double timedOut = q.timeoutFraction();
    double served = arrivals * (1 - timedOut);
    fail(FailureCause.OVERLOAD, arrivals * timedOut);
    times.served(served);
    double[] offsets = mixOffsetsMs;
    double[] weights = mixWeights;
    ResponseTimes.Pending[] masses = cached.forMix(offsets, mixBehind, timedOut);
    for (int k = 0; k < offsets.length; k++) {
      double share = arrivals * weights[k];
      times.latency(share * (1 - timedOut) * (offsets[k] + q.meanServedResponseTime() * 1000.0));
      times.add(masses[k], share);
    }
  }

  double failedSoFar() {
    return sumFailed();
  }

  double servedFraction() {
    return offered > 0 ? Math.max(0, 1 - sumFailed() / offered) : 0;
  }

  private double sumFailed() {
    double f = 0;
    for (double v : failed) {
      f += v;
    }
    return f;
  }

  TrialOutcome outcome(
      int trial,
      SortedMap<String, Long> cost,
      SortedMap<String, Long> instanceSeconds,
      CountStats counts,
      CountStats workers,
      int stageIndex,
      double expectedOffered,
      IncidentLog incidents,
      SortedMap<String, Long> counters,
      SortedMap<String, Long> peaks) {
    long requests = Math.round(offered);
    long[] failedCounts = new long[failed.length];
    long failedTotal = 0;
    for (int i = 0; i < failed.length; i++) {
      failedCounts[i] = Math.round(failed[i]);
      failedTotal += failedCounts[i];
    }
    times.flush();
    double massTotal = times.massTotal();
    TrialInvariants.check(
        "stage " + stageIndex + " trial " + trial,
        offered,
        expectedOffered,
        times.served(),
        sumFailed(),
        massTotal,
        cost);
    if (failedTotal > requests) {
      throw new IllegalStateException(
          "engine invariant broken in stage "
              + stageIndex
              + " trial "
              + trial
              + ": "
              + failedTotal
              + " requests failed of "
              + requests
              + " offered");
    }
    long served = requests - failedTotal;
    long[] histogram = times.histogram(served);
    double meanLatencyMs = times.meanLatencyMs();
    return new TrialOutcome(
        trial,
        requests,
        failedCounts,
        histogram,
        Math.round(meanLatencyMs * 1000.0 * served),
        cost,
        instanceSeconds,
        incidents.incidents(),
        incidents.detections(),
        Math.round(incidents.detectionSecondsSum() * 1000),
        incidents.recoveries(),
        Math.round(incidents.recoverySecondsSum() * 1000),
        Math.round(incidents.maxRecoverySeconds() * 1000),
        Math.round(counts.mean() * 1000),
        counts.min == Integer.MAX_VALUE ? 0 : counts.min,
        counts.max,
        Math.round(credits.cappedSeconds()),
        incidents.tally(),
        counters,
        peaks,
        workers.seconds == 0
            ? TrialOutcome.Workers.NONE
            : new TrialOutcome.Workers(
                Math.round(workers.mean() * 1000), workers.min, workers.max));
  }
}
