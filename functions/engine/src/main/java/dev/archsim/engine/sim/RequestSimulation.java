package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.LatencyHistogram;
import dev.archsim.engine.result.TrialOutcome;
import java.util.SplittableRandom;

/**
 * Request-level mode: every request is simulated. Arrivals are a Poisson process (thinned to the
 * daily pattern), each request goes to one instance by the load balancer's algorithm (round robin:
 * the instances in turn from a random first one; least outstanding requests: the instance with the
 * fewest requests in flight, ties in turn; random: uniformly, as with an NLB's flow hash or a user
 * bound to an address), waits for the earliest free vCPU of that instance (FIFO M/M/c), is served
 * for an exponential time, or gives up when its wait passes the timeout ({@code overload}; a
 * request that gives up stays outstanding at the load balancer until its timeout). Supported for
 * fixed fleets without faults (the validator says so otherwise); the infrastructure and its cost
 * come from the event engine, which has nothing to change there.
 */
public final class RequestSimulation {
  private RequestSimulation() {}

  /** The per-request traffic of a trial: requests, overload, histogram, latency sum (µs). */
  public record Traffic(long requests, long overload, long[] histogram, long latencySumMicros) {}

  static TrialOutcome run(
      Scenario scenario,
      int stageIndex,
      int trial,
      SplittableRandom rng,
      SimulationListener listener,
      Deadline deadline) {
    // the event engine first, on its own stream, for instances and cost
    TrialOutcome infra =
        new TrialSimulation(
                scenario, stageIndex, trial, new SplittableRandom(rng.nextLong()), listener)
            .until(deadline)
            .run();
    Traffic t = traffic(scenario, stageIndex, rng, deadline);
    long[] failed = new long[FailureCause.values().length];
    failed[FailureCause.OVERLOAD.ordinal()] = t.overload();
    return new TrialOutcome(
        trial,
        t.requests(),
        failed,
        t.histogram(),
        t.latencySumMicros(),
        infra.monthlyCostMicroUsd(),
        infra.instanceSeconds(),
        infra.incidents(),
        infra.detections(),
        infra.detectionMillisSum(),
        infra.recoveries(),
        infra.recoveryMillisSum(),
        infra.maxRecoveryMillis(),
        infra.meanInServiceMilli(),
        infra.minInService(),
        infra.maxInService(),
        infra.creditCappedSeconds(),
        infra.recovery(),
        infra.counters(),
        infra.peaks(),
        infra.workers());
  }

  static Traffic traffic(
      Scenario scenario, int stageIndex, SplittableRandom rng, Deadline deadline) {
    Stage stage = scenario.stage(stageIndex);
    Workload w = scenario.workloadOf(stage);
    InstanceType type =
        Catalog.instanceType(stage.architecture().compute().instanceType()).orElseThrow();
    int instances = stage.architecture().compute().totalInstances();
    Entry.LoadBalancer.Algorithm algorithm =
        stage.architecture().entry() instanceof Entry.LoadBalancer lb
            ? lb.algorithm()
            : Entry.LoadBalancer.Algorithm.RANDOM;
    return traffic(
        instances,
        type.vcpu(),
        w.requestsPerSecond(),
        w.pattern(),
        1000.0 / w.profile().cpuMsPerRequest() * type.serverSpeed(),
        w.profile().timeoutMs() / 1000.0,
        w.profile().networkLatencyMs(),
        scenario.run().horizonSeconds(),
        algorithm,
        rng,
        deadline);
  }

  /** The core loop, exposed for benchmarks: {@code n} instances of {@code c} servers each. */
  public static Traffic traffic(
      int n,
      int c,
      double rate,
      dev.archsim.engine.model.TrafficPattern pattern,
      double mu,
      double timeout,
      double networkMs,
      double horizon,
      SplittableRandom rng) {
    return traffic(
        n,
        c,
        rate,
        pattern,
        mu,
        timeout,
        networkMs,
        horizon,
        Entry.LoadBalancer.Algorithm.RANDOM,
        rng,
        Deadline.NONE);
  }

  /** The core loop with a load balancer's {@code algorithm} over the {@code n} instances. */
  public static Traffic traffic(
      int n,
      int c,
      double rate,
      dev.archsim.engine.model.TrafficPattern pattern,
      double mu,
      double timeout,
      double networkMs,
      double horizon,
      Entry.LoadBalancer.Algorithm algorithm,
      SplittableRandom rng) {
    return traffic(
        n, c, rate, pattern, mu, timeout, networkMs, horizon, algorithm, rng, Deadline.NONE);
  }

  /** The core loop, stopped with {@link Deadline.Passed} once {@code deadline} passes. */
  static Traffic traffic(
      int n,
      int c,
      double rate,
      dev.archsim.engine.model.TrafficPattern pattern,
      double mu,
      double timeout,
      double networkMs,
      double horizon,
      Entry.LoadBalancer.Algorithm algorithm,
      SplittableRandom rng,
      Deadline deadline) {
    int sinceCheck = 0;
    Entry.LoadBalancer.Algorithm pick = n == 1 ? Entry.LoadBalancer.Algorithm.RANDOM : algorithm;
    int turn = pick == Entry.LoadBalancer.Algorithm.RANDOM ? 0 : rng.nextInt(n);
    Outstanding outstanding =
        pick == Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS ? new Outstanding(n) : null;
    double[] free = new double[n * c];
    long[] histogram = new long[LatencyHistogram.SIZE];
    double maxRate = rate * pattern.maxFactor(0, horizon);
    boolean constant = pattern.isConstant();
    double meanGap = 1.0 / maxRate;
    double meanService = 1.0 / mu;
    long requests = 0;
    long overload = 0;
    long served = 0;
    double latencySumMs = 0;
    double t = 0;
    if (maxRate <= 0) {
      return new Traffic(0, 0, histogram, 0);
    }
    while (true) {
      t -= Math.log(1.0 - rng.nextDouble()) * meanGap;
      if (t >= horizon) {
        break;
      }
      if (++sinceCheck >= Deadline.CHECK_EVERY) {
        sinceCheck = 0;
        deadline.check();
      }
      if (!constant && rng.nextDouble() * maxRate > rate * pattern.factorAt(t)) {
        continue;
      }
      requests++;
      int target =
          switch (pick) {
            case RANDOM -> n == 1 ? 0 : rng.nextInt(n);
            case ROUND_ROBIN -> turn;
            case LEAST_OUTSTANDING_REQUESTS -> outstanding.least(t, turn);
          };
      if (pick != Entry.LoadBalancer.Algorithm.RANDOM) {
        turn = target + 1 == n ? 0 : target + 1;
      }
      int base = target * c;
      int best = base;
      for (int k = base + 1; k < base + c; k++) {
        if (free[k] < free[best]) {
          best = k;
        }
      }
      double start = Math.max(t, free[best]);
      double wait = start - t;
      if (wait > timeout) {
        overload++;
        if (outstanding != null) {
          outstanding.add(target, t + timeout);
        }
        continue;
      }
      double service = -Math.log(1.0 - rng.nextDouble()) * meanService;
      free[best] = start + service;
      if (outstanding != null) {
        outstanding.add(target, start + service);
      }
      double ms = networkMs + (wait + service) * 1000.0;
      histogram[LatencyHistogram.bucketOf(ms)]++;
      served++;
      latencySumMs += ms;
    }
    TrialInvariants.checkRequestLevel(requests, served, overload, histogram);
    return new Traffic(requests, overload, histogram, Math.round(latencySumMs * 1000.0));
  }

  /**
   * Requests in flight per target, as the end times of each target's requests (a min-heap each).
   */
  private static final class Outstanding {
    private final double[][] ends;
    private final int[] sizes;

    Outstanding(int n) {
      ends = new double[n][8];
      sizes = new int[n];
    }

    /**
     * The target with the fewest requests in flight at t; ties go to the first from {@code from}.
     */
    int least(double t, int from) {
      int n = sizes.length;
      int best = -1;
      int bestCount = Integer.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        int k = from + i < n ? from + i : from + i - n;
        while (sizes[k] > 0 && ends[k][0] <= t) {
          poll(k);
        }
        if (sizes[k] < bestCount) {
          bestCount = sizes[k];
          best = k;
        }
      }
      return best;
    }

    void add(int k, double end) {
      double[] h = ends[k];
      if (sizes[k] == h.length) {
        h = ends[k] = java.util.Arrays.copyOf(h, 2 * h.length);
      }
      int i = sizes[k]++;
      while (i > 0 && h[(i - 1) / 2] > end) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
      }
      h[i] = end;
    }

    private void poll(int k) {
      double[] h = ends[k];
      int size = --sizes[k];
      double last = h[size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && h[child + 1] < h[child]) {
          child++;
        }
        if (h[child] >= last) {
          break;
        }
        h[i] = h[child];
        i = child;
      }
      h[i] = last;
    }
  }
}
