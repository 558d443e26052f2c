package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.queueing.ErlangArrivalQueue;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.RequestSimulation;
import dev.archsim.engine.validate.ScenarioValidator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The load balancer's algorithm (docs/decisions/015): each one's closed form against the fluid mode
 * and against the request mode over 20 seeds. Four m5.large targets (2 vCPUs each, μ = 10/s per
 * vCPU) at utilisation 0.8 behind one ALB.
 */
class LoadBalancerAlgorithmTest {
  private static final int TARGETS = 4;
  private static final int VCPU = 2;
  private static final double MU = 10;
  private static final double RATE = 0.8 * TARGETS * VCPU * MU;
  private static final int SEEDS = 20;

  /** Mean response time (s) each algorithm's closed form gives, without timeouts. */
  private static double closedForm(Entry.LoadBalancer.Algorithm a) {
    return switch (a) {
      case ROUND_ROBIN ->
          1 / MU + new ErlangArrivalQueue(VCPU, MU, RATE / TARGETS, TARGETS).meanWait();
      case LEAST_OUTSTANDING_REQUESTS ->
          new MmcQueue(TARGETS * VCPU, MU, RATE, Double.POSITIVE_INFINITY).meanResponseTime();
      case RANDOM ->
          new MmcQueue(VCPU, MU, RATE / TARGETS, Double.POSITIVE_INFINITY).meanResponseTime();
    };
  }

  private static Scenario scenario(RunSettings.Mode mode, Entry.LoadBalancer.Algorithm a) {
    return scenario(mode, Scenarios.alb(10, 2, 2).withAlgorithm(a));
  }

  private static Scenario scenario(RunSettings.Mode mode, Entry.LoadBalancer lb) {
    return Scenarios.oneStage(
        mode,
        Duration.ofHours(6),
        1,
        Scenarios.constant(RATE, 1000 / MU, 20),
        Scenarios.fullSpeed("m5.large", TARGETS, lb));
  }

  private static StageSummary run(Scenario s) {
    assertThat(new ScenarioValidator().validate(s)).noneMatch(v -> v.isError());
    return Scenarios.firstStage(s);
  }

  @Test
  void theAlbDefaultsToRoundRobinAndTheNlbToItsFlowHash() {
    assertThat(new Entry.LoadBalancer(Entry.LoadBalancer.Kind.ALB, null, true).algorithm())
        .isEqualTo(Entry.LoadBalancer.Algorithm.ROUND_ROBIN);
    assertThat(new Entry.LoadBalancer(Entry.LoadBalancer.Kind.NLB, null, true).algorithm())
        .isEqualTo(Entry.LoadBalancer.Algorithm.RANDOM);
    Scenario nlbRoundRobin =
        scenario(
            RunSettings.Mode.FLUID,
            new Entry.LoadBalancer(Entry.LoadBalancer.Kind.NLB, null, true)
                .withAlgorithm(Entry.LoadBalancer.Algorithm.ROUND_ROBIN));
    assertThat(new ScenarioValidator().validate(nlbRoundRobin))
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo("$.stages[0].architecture.entry.algorithm");
              assertThat(v.message()).contains("flow hash");
            });
  }

  @Test
  void leastOutstandingRequestsCostsAScanOfTheTargetsPerRequestInTheWorkEstimate() {
    double roundRobin =
        dev.archsim.engine.validate.WorkEstimate.of(
                scenario(RunSettings.Mode.REQUESTS, Entry.LoadBalancer.Algorithm.ROUND_ROBIN))
            .total();
    double least =
        dev.archsim.engine.validate.WorkEstimate.of(
                scenario(
                    RunSettings.Mode.REQUESTS,
                    Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS))
            .total();
    // per request REQUEST (2) + vCPUs (2), plus the 4 targets' counts with least outstanding
    assertThat(least / roundRobin).isCloseTo(8.0 / 4, within(0.05));
  }

  @Test
  void theFluidModeGivesEachAlgorithmsClosedForm() {
    double previous = 0;
    for (Entry.LoadBalancer.Algorithm a :
        List.of(
            Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS,
            Entry.LoadBalancer.Algorithm.ROUND_ROBIN,
            Entry.LoadBalancer.Algorithm.RANDOM)) {
      StageSummary s = run(scenario(RunSettings.Mode.FLUID, a));
      double expectedMs = 20 + 1000 * closedForm(a);
      // the fluid queue keys its load to 10 significant bits of the slack (0.1 % of the wait)
      assertThat(s.latencyMeanMs()).as(a.id()).isCloseTo(expectedMs, within(expectedMs * 2e-3));
      assertThat(s.requestsFailed()).isZero();
      // pooling beats dealing in turn, which beats picking at random
      assertThat(s.latencyMeanMs()).as(a.id()).isGreaterThan(previous);
      previous = s.latencyMeanMs();
    }
  }

  /**
   * Mean response time (s) of join-the-shortest-queue over n identical M/M/c targets, exact: the
   * continuous-time chain of the targets' sorted request counts (targets of equal count are
   * interchangeable, so how ties are broken does not matter), each count capped at {@code cap},
   * solved by power iteration of its uniformised chain; the mean by Little's law. This is what
   * least outstanding requests is when every request stays at the target it joined.
   */
  private static double joinShortestQueue(int n, int c, double mu, double lambda, int cap) {
    java.util.Map<List<Integer>, Integer> index = new java.util.HashMap<>();
    List<int[]> states = new java.util.ArrayList<>();
    sortedCounts(new int[n], 0, 0, cap, states, index);
    int size = states.size();
    int[][] to = new int[size][];
    double[][] rate = new double[size][];
    double uniform = lambda + n * c * mu;
    for (int i = 0; i < size; i++) {
      int[] s = states.get(i);
      List<int[]> moves = new java.util.ArrayList<>();
      List<Double> rates = new java.util.ArrayList<>();
      if (s[0] < cap) { // an arrival joins a least-loaded target
        int[] t = s.clone();
        t[0]++;
        moves.add(t);
        rates.add(lambda);
      }
      for (int k = 0; k < n; k++) {
        if (s[k] > 0) {
          int[] t = s.clone();
          t[k]--;
          moves.add(t);
          rates.add(Math.min(s[k], c) * mu);
        }
      }
      to[i] = new int[moves.size()];
      rate[i] = new double[moves.size()];
      for (int m = 0; m < moves.size(); m++) {
        int[] t = moves.get(m);
        java.util.Arrays.sort(t);
        to[i][m] = index.get(java.util.Arrays.stream(t).boxed().toList());
        rate[i][m] = rates.get(m) / uniform;
      }
    }
    double[] p = new double[size];
    p[0] = 1;
    double change = 1;
    for (int iteration = 0; iteration < 100_000 && change > 1e-13; iteration++) {
      double[] q = new double[size];
      for (int i = 0; i < size; i++) {
        double stay = 1;
        for (int m = 0; m < to[i].length; m++) {
          q[to[i][m]] += p[i] * rate[i][m];
          stay -= rate[i][m];
        }
        q[i] += p[i] * stay;
      }
      change = 0;
      for (int i = 0; i < size; i++) {
        change += Math.abs(q[i] - p[i]);
      }
      p = q;
    }
    assertThat(change).as("power iteration converged").isLessThanOrEqualTo(1e-13);
    double inSystem = 0;
    double atCap = 0;
    for (int i = 0; i < size; i++) {
      int[] s = states.get(i);
      for (int v : s) {
        inSystem += p[i] * v;
      }
      atCap += s[n - 1] == cap ? p[i] : 0;
    }
    assertThat(atCap).as("mass at the cap").isLessThan(1e-5);
    return inSystem / lambda;
  }

  private static void sortedCounts(
      int[] s,
      int k,
      int from,
      int cap,
      List<int[]> states,
      java.util.Map<List<Integer>, Integer> index) {
    if (k == s.length) {
      index.put(java.util.Arrays.stream(s).boxed().toList(), states.size());
      states.add(s.clone());
      return;
    }
    for (int v = from; v <= cap; v++) {
      s[k] = v;
      sortedCounts(s, k + 1, v, cap, states, index);
    }
  }

  @Test
  void leastOutstandingRequestsIsJoinTheShortestQueueAboveThePooledQueue() {
    // the chain solved for one target is that target's M/M/c queue (1e-4: the iteration's stop)
    assertThat(joinShortestQueue(1, 2, MU, 16, 60))
        .isCloseTo(
            new MmcQueue(2, MU, 16, Double.POSITIVE_INFINITY).meanResponseTime(), within(3e-5));
    double jsq = joinShortestQueue(TARGETS, VCPU, MU, RATE, 16);
    double pooled = closedForm(Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS);
    double random = closedForm(Entry.LoadBalancer.Algorithm.RANDOM);
    System.out.printf(
        Locale.ROOT,
        "least outstanding requests: join-the-shortest-queue %.5f s, pooled M/M/8 %.5f s (%+.2f %%)%n",
        jsq,
        pooled,
        100 * (jsq / pooled - 1));
    // a request that cannot move once it has joined waits longer than in one pooled queue, and far
    // less than at a random target: the fluid mode's pooled form is optimistic by this gap
    assertThat(jsq).isGreaterThan(pooled).isLessThan(random);
    assertThat(jsq / pooled - 1).isCloseTo(0.0495, within(5e-4));
  }

  @Test
  void theRequestModeGivesEachAlgorithmsClosedFormOverTwentySeeds() {
    for (Entry.LoadBalancer.Algorithm a : Entry.LoadBalancer.Algorithm.values()) {
      // least outstanding requests in the request mode is join-the-shortest-queue: its exact mean
      double expected =
          a == Entry.LoadBalancer.Algorithm.LEAST_OUTSTANDING_REQUESTS
              ? joinShortestQueue(TARGETS, VCPU, MU, RATE, 16)
              : closedForm(a);
      double[] errors = new double[SEEDS];
      for (int seed = 0; seed < SEEDS; seed++) {
        RequestSimulation.Traffic t =
            Scenarios.constantTraffic(
                TARGETS, VCPU, RATE, MU, 1e9, 0, 200_000 / RATE, a, 1000 + seed);
        double mean = t.latencySumMicros() / 1e6 / (t.requests() - t.overload());
        errors[seed] = (mean - expected) / expected;
      }
      double[] spread = meanAndSd(errors);
      System.out.printf(
          Locale.ROOT,
          "request mode, %s: mean response error vs exact form %+.3f %% (sd %.3f %%, %d seeds)%n",
          a.id(),
          100 * spread[0],
          100 * spread[1],
          SEEDS);
      // the mean of 20 seeds' errors is within 3 standard errors of zero
      assertThat(Math.abs(spread[0])).as(a.id()).isLessThan(3 * spread[1] / Math.sqrt(SEEDS));
    }
  }

  @Test
  void roundRobinAbandonsWhatTheRequestModeSeesAroundSaturation() {
    // the abandoning E_n/M/c+D form against 20 seeds per point, below, at and above saturation
    for (double tau : new double[] {0.5, 2}) {
      for (double rho : new double[] {0.9, 1.0, 1.2}) {
        double rate = rho * TARGETS * VCPU * MU;
        MmcdQueue q = MmcdQueue.erlangArrivals(VCPU, MU, rate / TARGETS, tau, TARGETS);
        double[] lost = new double[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
          RequestSimulation.Traffic t =
              Scenarios.constantTraffic(
                  TARGETS,
                  VCPU,
                  rate,
                  MU,
                  tau,
                  0,
                  100_000 / rate,
                  Entry.LoadBalancer.Algorithm.ROUND_ROBIN,
                  2000 + seed);
          lost[seed] = t.overload() / (double) t.requests();
        }
        double[] spread = meanAndSd(lost);
        System.out.printf(
            Locale.ROOT,
            "round robin, rho %.1f, timeout %.1f s: abandoned %.4f %% (sd %.4f %%, %d seeds),"
                + " closed form %.4f %% (%+.1f %%)%n",
            rho,
            tau,
            100 * spread[0],
            100 * spread[1],
            SEEDS,
            100 * q.timeoutFraction(),
            100 * (q.timeoutFraction() / spread[0] - 1));
        assertThat(q.timeoutFraction())
            .as("rho %s tau %s", rho, tau)
            .isCloseTo(spread[0], within(0.07 * spread[0]));
        // and less than a random pick loses
        assertThat(q.timeoutFraction())
            .isLessThan(new MmcdQueue(VCPU, MU, rate / TARGETS, tau).timeoutFraction());
      }
    }
  }

  private static double[] meanAndSd(double[] x) {
    double m = 0;
    for (double v : x) {
      m += v;
    }
    m /= x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    return new double[] {m, Math.sqrt(ss / (x.length - 1))};
  }
}
