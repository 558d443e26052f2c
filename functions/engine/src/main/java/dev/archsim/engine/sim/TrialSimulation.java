package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.TrialOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One trial of one stage: a discrete-event queue of infrastructure events (failures, detections,
 * repairs, boots, health-check registrations) and, between events, a fluid/queueing model of the
 * traffic. State is kept per node group (one per Availability Zone) as counts of instances by
 * state, never as one object per instance; an object exists only per open incident.
 */
final class TrialSimulation {
  private static final double SECONDS_PER_MONTH = 730 * 3600.0;
  private static final int MASS_CACHE_LIMIT = 512;

  private final Stage stage;
  private final int stageIndex;
  private final int trial;
  private final SplittableRandom rng;
  private final SimulationListener listener;
  private final RunSettings run;
  private final Workload workload;
  private final RequestProfile profile;
  private final Faults.InstanceFaults instanceFaults;
  private final Architecture arch;
  private final Entry.LoadBalancer lb;
  private final InstanceType type;
  private final double horizon;
  private final double serviceRate;
  private final double timeoutSeconds;
  private final List<Group> groups = new ArrayList<>();
  private final int totalInstances;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long eventSeq;

  // fluid accumulators (doubles within one trial: summed in a fixed order, so deterministic)
  private double offered;
  private final double[] failed = new double[FailureCause.values().length];
  private final double[] mass = new double[LatencyHistogram.SIZE];
  private double servedRequests;
  private double latencySumMs;
  private double instanceSeconds;
  private double publicIpv4Seconds;
  private double loadBalancerSeconds;
  private double lcuHours;
  private double bytesOut;

  private long incidents;
  private long detections;
  private double detectionSecondsSum;
  private long recoveries;
  private double recoverySecondsSum;
  private double maxRecoverySeconds;

  private final Map<Double, double[]> massCache = new HashMap<>();
  private final Map<Double, MmcQueue> queueCache = new HashMap<>();

  TrialSimulation(
      Scenario scenario,
      int stageIndex,
      int trial,
      SplittableRandom rng,
      SimulationListener listener) {
    this.stage = scenario.stage(stageIndex);
    this.stageIndex = stageIndex;
    this.trial = trial;
    this.rng = rng;
    this.listener = listener;
    this.run = scenario.run();
    this.workload = scenario.workloadOf(stage);
    this.profile = workload.profile();
    this.instanceFaults = scenario.faultsOf(stage).instance();
    this.arch = stage.architecture();
    this.lb = arch.entry() instanceof Entry.LoadBalancer l ? l : null;
    this.type =
        Catalog.instanceType(arch.compute().instanceType())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown instance type " + arch.compute().instanceType()));
    this.horizon = run.horizonSeconds();
    this.serviceRate = 1000.0 / profile.cpuMsPerRequest();
    this.timeoutSeconds = profile.timeoutMs() / 1000.0;
    int total = 0;
    for (String az : arch.azs()) {
      int n = arch.compute().placement().getOrDefault(az, 0);
      if (n > 0) {
        groups.add(new Group(groups.size(), az, n));
        total += n;
      }
    }
    this.totalInstances = total;
  }

  TrialOutcome run() {
    initialState();
    for (Group g : groups) {
      scheduleNextFailure(g, 0.0);
    }
    double t = 0.0;
    while (true) {
      Event next = events.peek();
      double until = next == null ? horizon : Math.min(next.time, horizon);
      integrate(t, until);
      t = until;
      if (next == null || next.time >= horizon) {
        break;
      }
      events.poll();
      apply(next);
    }
    return outcome();
  }

  // ---------------------------------------------------------------- infrastructure events

  private void initialState() {
    if (instanceFaults == null || run.initialState() == RunSettings.InitialState.ALL_HEALTHY) {
      return;
    }
    double mtbf = instanceFaults.mtbfHours() * 3600.0;
    for (Group g : groups) {
      int size = g.inService;
      for (int i = 0; i < size; i++) {
        switch (instanceFaults.recovery()) {
          case Faults.ManualRepair m -> {
            double mttr = m.mttrMinutes() * 60.0;
            if (rng.nextDouble() < mttr / (mtbf + mttr)) {
              Episode ep = new Episode(g, Double.NaN, false);
              ep.detected = true;
              g.inService--;
              g.down++;
              schedule(RandomStreams.exponential(rng, mttr), EventType.FIXED, g, ep);
            }
          }
          case Faults.Replacement r -> {
            double outage = replacementDetection(r) + r.bootSeconds();
            if (rng.nextDouble() < outage / (mtbf + outage)) {
              Episode ep = new Episode(g, Double.NaN, false);
              ep.detected = true;
              g.inService--;
              g.down++;
              schedule(rng.nextDouble() * outage, EventType.BOOTED, g, ep);
            }
          }
        }
      }
    }
  }

  private double replacementDetection(Faults.Replacement r) {
    if (lb != null) {
      Entry.HealthCheck hc = lb.healthCheck();
      return hc.intervalSeconds() / 2
          + (hc.unhealthyThreshold() - 1) * hc.intervalSeconds()
          + hc.timeoutSeconds();
    }
    return r.detectionSeconds();
  }

  private void scheduleNextFailure(Group g, double now) {
    g.failureVersion++;
    if (instanceFaults == null || g.inService == 0) {
      return;
    }
    double rate = g.inService / (instanceFaults.mtbfHours() * 3600.0);
    double at = now + RandomStreams.exponential(rng, 1.0 / rate);
    if (at < horizon) {
      Event e = new Event(at, eventSeq++, EventType.FAIL, g, null);
      e.version = g.failureVersion;
      events.add(e);
    }
  }

  private void schedule(double at, EventType type, Group g, Episode ep) {
    if (at < horizon) {
      events.add(new Event(at, eventSeq++, type, g, ep));
    }
  }

  private void apply(Event e) {
    Group g = e.group;
    double now = e.time;
    switch (e.type) {
      case FAIL -> {
        if (e.version != g.failureVersion) {
          return; // superseded by a reschedule
        }
        fail(g, now);
      }
      case DETECT -> {
        Episode ep = e.episode;
        if (ep.fixed) {
          return;
        }
        g.failedUndetected--;
        g.down++;
        ep.detected = true;
        recordDetection(ep, now);
        if (instanceFaults.recovery() instanceof Faults.Replacement r) {
          schedule(now + r.bootSeconds(), EventType.BOOTED, g, ep);
        }
      }
      case FIXED -> {
        Episode ep = e.episode;
        ep.fixed = true;
        if (lb != null && !ep.detected) {
          g.failedUndetected--;
          g.inService++;
          recordRecovery(ep, now);
        } else if (lb != null) {
          g.down--;
          g.registering++;
          schedule(now + healthyDelay(), EventType.HEALTHY, g, ep);
        } else {
          g.down--;
          g.inService++;
          recordRecovery(ep, now);
        }
      }
      case BOOTED -> {
        Episode ep = e.episode;
        ep.fixed = true;
        g.down--;
        if (lb != null) {
          g.registering++;
          schedule(now + healthyDelay(), EventType.HEALTHY, g, ep);
        } else {
          g.inService++;
          recordRecovery(ep, now);
        }
      }
      case HEALTHY -> {
        g.registering--;
        g.inService++;
        recordRecovery(e.episode, now);
      }
    }
    scheduleNextFailure(g, now);
    listener.infrastructureEvent(stageIndex, trial, now, e.type + " " + g.az);
  }

  private void fail(Group g, double now) {
    incidents++;
    Episode ep = new Episode(g, now, true);
    g.inService--;
    if (g.inService == 0) {
      g.backlog = 0;
    }
    Faults.Recovery recovery = instanceFaults.recovery();
    if (lb != null) {
      g.failedUndetected++;
      schedule(now + unhealthyDelay(), EventType.DETECT, g, ep);
      if (recovery instanceof Faults.ManualRepair m) {
        schedule(
            now + RandomStreams.exponential(rng, m.mttrMinutes() * 60.0), EventType.FIXED, g, ep);
      }
    } else {
      g.down++;
      switch (recovery) {
        case Faults.ManualRepair m ->
            schedule(
                now + RandomStreams.exponential(rng, m.mttrMinutes() * 60.0),
                EventType.FIXED,
                g,
                ep);
        case Faults.Replacement r -> {
          if (now + r.detectionSeconds() < horizon) {
            recordDetection(ep, now + r.detectionSeconds());
          }
          schedule(now + r.detectionSeconds() + r.bootSeconds(), EventType.BOOTED, g, ep);
        }
      }
    }
  }

  /**
   * First failed check lands uniformly within an interval, then threshold − 1 more, each timing
   * out.
   */
  private double unhealthyDelay() {
    Entry.HealthCheck hc = lb.healthCheck();
    return rng.nextDouble() * hc.intervalSeconds()
        + (hc.unhealthyThreshold() - 1) * hc.intervalSeconds()
        + hc.timeoutSeconds();
  }

  private double healthyDelay() {
    Entry.HealthCheck hc = lb.healthCheck();
    return rng.nextDouble() * hc.intervalSeconds()
        + (hc.healthyThreshold() - 1) * hc.intervalSeconds();
  }

  private void recordDetection(Episode ep, double at) {
    if (ep.counted) {
      detections++;
      detectionSecondsSum += at - ep.failedAt;
    }
  }

  private void recordRecovery(Episode ep, double at) {
    if (ep.counted) {
      recoveries++;
      double d = at - ep.failedAt;
      recoverySecondsSum += d;
      maxRecoverySeconds = Math.max(maxRecoverySeconds, d);
    }
  }

  // ---------------------------------------------------------------- traffic between events

  private void integrate(double from, double to) {
    if (to <= from) {
      return;
    }
    if (workload.pattern().isConstant()) {
      segment(from, to);
      return;
    }
    double step = run.stepSeconds();
    double a = from;
    while (a < to) {
      double b = Math.min(to, (Math.floor(a / step) + 1) * step);
      segment(a, b);
      a = b;
    }
  }

  private void segment(double a, double b) {
    double dt = b - a;
    double lambda = workload.meanRate(a, b);
    double arrivals = lambda * dt;
    offered += arrivals;
    accrueCost(lambda, dt);
    if (arrivals <= 0) {
      return;
    }
    if (lb == null) {
      double perInstance = lambda / totalInstances;
      for (Group g : groups) {
        failed[FailureCause.EIP_INSTANCE_DOWN.ordinal()] +=
            perInstance * dt * (g.size - g.inService);
        serve(g, perInstance, dt);
      }
      return;
    }
    if (lb.crossZone()) {
      int routed = 0;
      for (Group g : groups) {
        routed += g.inService + g.failedUndetected;
      }
      if (routed == 0) {
        failed[FailureCause.NO_CAPACITY.ordinal()] += arrivals;
        return;
      }
      double perTarget = lambda / routed;
      for (Group g : groups) {
        failed[FailureCause.UNHEALTHY_TARGET.ordinal()] += perTarget * dt * g.failedUndetected;
        serve(g, perTarget, dt);
      }
    } else {
      // each AZ's load balancer node gets an equal share and only routes inside its AZ
      double perZone = lambda / groups.size();
      for (Group g : groups) {
        int routed = g.inService + g.failedUndetected;
        if (routed == 0) {
          failed[FailureCause.NO_CAPACITY.ordinal()] += perZone * dt;
          continue;
        }
        double perTarget = perZone / routed;
        failed[FailureCause.UNHEALTHY_TARGET.ordinal()] += perTarget * dt * g.failedUndetected;
        serve(g, perTarget, dt);
      }
    }
  }

  /** Serves {@code lambda} requests/s on each in-service instance of the group for dt seconds. */
  private void serve(Group g, double lambda, double dt) {
    int n = g.inService;
    if (n == 0 || lambda <= 0) {
      return;
    }
    int c = type.vcpu();
    double capacity = c * serviceRate;
    double remaining = dt;
    double backlogLimit = capacity * timeoutSeconds;
    while (remaining > 0) {
      if (g.backlog <= 0 && lambda < capacity) {
        queueing(n, c, lambda, remaining);
        return;
      }
      if (lambda >= capacity) {
        double excess = lambda - capacity;
        if (g.backlog < backlogLimit && excess > 0) {
          double fill = (backlogLimit - g.backlog) / excess;
          double d = Math.min(remaining, fill);
          double wait = (g.backlog + excess * d / 2) / capacity;
          fluidServed(n * lambda * d, wait);
          g.backlog = Math.min(backlogLimit, g.backlog + excess * d);
          remaining -= d;
        } else {
          // queue full at the timeout: every departure admits one arrival, the rest time out
          double wait = Math.min(g.backlog, backlogLimit) / capacity;
          fluidServed(n * capacity * remaining, wait);
          failed[FailureCause.OVERLOAD.ordinal()] += n * excess * remaining;
          remaining = 0;
        }
      } else {
        double drain = capacity - lambda;
        double d = Math.min(remaining, g.backlog / drain);
        double wait = (g.backlog - drain * d / 2) / capacity;
        fluidServed(n * lambda * d, wait);
        g.backlog = Math.max(0.0, g.backlog - drain * d);
        if (g.backlog < 1e-9) {
          g.backlog = 0;
        }
        remaining -= d;
      }
    }
  }

  /** Below saturation with an empty backlog: M/M/c with exact histogram mass. */
  private void queueing(int n, int c, double lambda, double dt) {
    MmcQueue q = queueCache.get(lambda);
    if (q == null) {
      if (queueCache.size() > MASS_CACHE_LIMIT) {
        queueCache.clear();
        massCache.clear();
      }
      q = new MmcQueue(c, serviceRate, lambda, timeoutSeconds);
      queueCache.put(lambda, q);
    }
    double arrivals = n * lambda * dt;
    double timedOut = q.timeoutFraction();
    double served = arrivals * (1 - timedOut);
    failed[FailureCause.OVERLOAD.ordinal()] += arrivals * timedOut;
    servedRequests += served;
    latencySumMs += served * (profile.networkLatencyMs() + q.meanServedResponseTime() * 1000.0);
    double[] perRequest = massCache.get(lambda);
    if (perRequest == null) {
      perRequest = new double[LatencyHistogram.SIZE];
      MmcQueue queue = q;
      LatencyHistogram.addDistribution(
          perRequest, 1.0, profile.networkLatencyMs(), 1 - timedOut, queue::servedCdf);
      massCache.put(lambda, perRequest);
    }
    for (int i = 0; i < perRequest.length; i++) {
      if (perRequest[i] != 0) {
        mass[i] += arrivals * perRequest[i];
      }
    }
  }

  /** Requests served after a deterministic wait (fluid backlog) plus an exponential service. */
  private void fluidServed(double count, double waitSeconds) {
    if (count <= 0) {
      return;
    }
    servedRequests += count;
    latencySumMs +=
        count * (profile.networkLatencyMs() + (waitSeconds + 1.0 / serviceRate) * 1000.0);
    double mu = serviceRate;
    LatencyHistogram.addDistribution(
        mass,
        count,
        profile.networkLatencyMs() + waitSeconds * 1000.0,
        1.0,
        t -> 1 - Math.exp(-mu * t));
  }

  private void accrueCost(double lambda, double dt) {
    instanceSeconds += totalInstances * dt;
    if (lb == null) {
      publicIpv4Seconds += totalInstances * dt;
    } else {
      publicIpv4Seconds += arch.azs().size() * dt;
      loadBalancerSeconds += dt;
      // one new connection per request (no keep-alive assumed); GB processed per hour
      double newConnectionsLcu = lambda / 25.0;
      double bytesLcu = lambda * profile.bytesOut() * 3600.0 / 1e9;
      lcuHours += Math.max(newConnectionsLcu, bytesLcu) * dt / 3600.0;
    }
    bytesOut += lambda * dt * profile.bytesOut();
  }

  // ---------------------------------------------------------------- result

  private TrialOutcome outcome() {
    long requests = Math.round(offered);
    long[] failedCounts = new long[failed.length];
    long failedTotal = 0;
    for (int i = 0; i < failed.length; i++) {
      failedCounts[i] = Math.round(failed[i]);
      failedTotal += failedCounts[i];
    }
    if (failedTotal > requests) {
      requests = failedTotal;
    }
    long served = requests - failedTotal;
    long[] histogram = LatencyHistogram.roundTo(mass, served);
    double meanLatencyMs = servedRequests > 0 ? latencySumMs / servedRequests : 0.0;
    long latencySumMicros = Math.round(meanLatencyMs * 1000.0 * served);

    double monthScale = SECONDS_PER_MONTH / horizon;
    TreeMap<String, Long> cost = new TreeMap<>();
    String region = arch.region();
    double hourly = Catalog.onDemandHourly(region, type.name()).orElseThrow().usd();
    cost.put(
        "ec2:" + arch.compute().name() + " (" + type.name() + " on-demand)",
        micro(instanceSeconds / 3600.0 * hourly * monthScale));
    cost.put(
        "public-ipv4",
        micro(publicIpv4Seconds / 3600.0 * Catalog.publicIpv4Hourly().usd() * monthScale));
    if (lb != null) {
      cost.put(
          lb.kind().id(),
          micro(
              loadBalancerSeconds
                  / 3600.0
                  * Catalog.loadBalancerHourly(region).usd()
                  * monthScale));
      cost.put(
          lb.kind().id() + "-lcu", micro(lcuHours * Catalog.lcuHourly(region).usd() * monthScale));
    }
    double servedFraction = offered > 0 ? served / (double) Math.max(1, requests) : 0.0;
    cost.put(
        "data-transfer-out",
        micro(bytesOut * servedFraction / 1e9 * Catalog.dataOutPerGb(region).usd() * monthScale));

    TreeMap<String, Long> seconds = new TreeMap<>();
    seconds.put(type.name() + "/on-demand", Math.round(instanceSeconds));
    return new TrialOutcome(
        trial,
        requests,
        failedCounts,
        histogram,
        latencySumMicros,
        cost,
        seconds,
        incidents,
        detections,
        Math.round(detectionSecondsSum * 1000),
        recoveries,
        Math.round(recoverySecondsSum * 1000),
        Math.round(maxRecoverySeconds * 1000));
  }

  private static long micro(double usd) {
    return Math.round(usd * 1e6);
  }

  // ---------------------------------------------------------------- state

  /** Instances of the tier in one AZ, counted by state. */
  private static final class Group {
    final int index;
    final String az;
    final int size;
    int inService;
    int failedUndetected;
    int down;
    int registering;
    double backlog;
    long failureVersion;

    Group(int index, String az, int size) {
      this.index = index;
      this.az = az;
      this.size = size;
      this.inService = size;
    }
  }

  /** One open incident: an instance failed at {@code failedAt} and is not yet back. */
  private static final class Episode {
    final Group group;
    final double failedAt;
    final boolean counted;
    boolean detected;
    boolean fixed;

    Episode(Group group, double failedAt, boolean counted) {
      this.group = group;
      this.failedAt = failedAt;
      this.counted = counted;
    }
  }

  private enum EventType {
    FAIL,
    DETECT,
    FIXED,
    BOOTED,
    HEALTHY
  }

  private static final class Event implements Comparable<Event> {
    final double time;
    final long seq;
    final EventType type;
    final Group group;
    final Episode episode;
    long version;

    Event(double time, long seq, EventType type, Group group, Episode episode) {
      this.time = time;
      this.seq = seq;
      this.type = type;
      this.group = group;
      this.episode = episode;
    }

    @Override
    public int compareTo(Event o) {
      int c = Double.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
