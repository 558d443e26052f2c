package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine against closed-form queueing, availability and cost results. */
class ClosedFormTest {

  private static StageSummary simulate(Scenario s) {
    StageAccumulator acc = new Simulator().simulate(s, new Shard(0, 0, 0, s.run().trials()));
    return RunSummary.of(s, List.of(acc)).stages().get(0);
  }

  /** Direct Erlang C by its textbook sum, independent of the engine's Erlang B recursion. */
  private static double erlangCBySum(int c, double a) {
    double sum = 0;
    double term = 1;
    for (int k = 0; k < c; k++) {
      if (k > 0) {
        term *= a / k;
      }
      sum += term;
    }
    double last = term * a / c; // a^c / c!
    double top = last * c / (c - a);
    return top / (sum + top);
  }

  /** A plain FCFS M/M/c discrete-event simulation: mean response time of n customers. */
  private static double simulateMmc(int c, double mu, double lambda, int n, long seed) {
    Random r = new Random(seed);
    double[] free = new double[c];
    double t = 0;
    double total = 0;
    ArrayDeque<Double> unused = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      t += -Math.log(1 - r.nextDouble()) / lambda;
      int best = 0;
      for (int k = 1; k < c; k++) {
        if (free[k] < free[best]) {
          best = k;
        }
      }
      double start = Math.max(t, free[best]);
      double end = start - Math.log(1 - r.nextDouble()) / mu;
      free[best] = end;
      total += end - t;
    }
    unused.clear();
    return total / n;
  }

  @ParameterizedTest(name = "M/M/{0} at utilisation {1}")
  @CsvSource({"1, 0.5", "1, 0.8", "2, 0.5", "2, 0.8", "3, 0.5", "3, 0.8"})
  void mmcMeanResponseTimeMatchesClosedFormAndAnIndependentSimulation(int c, double rho) {
    double mu = 10.0; // 100 ms of CPU per request
    double lambda = rho * c * mu;
    double closedForm = 1 / mu + erlangCBySum(c, lambda / mu) / (c * mu - lambda);
    if (c == 1) {
      assertThat(closedForm).isCloseTo(1 / (mu - lambda), within(1e-12));
    }
    MmcQueue q = new MmcQueue(c, mu, lambda, Double.POSITIVE_INFINITY);
    assertThat(q.meanResponseTime()).isCloseTo(closedForm, within(closedForm * 1e-9));
    double des = simulateMmc(c, mu, lambda, 2_000_000, 7);
    assertThat(des).isCloseTo(closedForm, within(closedForm * 0.02));
  }

  @ParameterizedTest(name = "engine, {0} vCPU instance at utilisation {1}")
  @CsvSource({
    "t2.micro, 1, 0.5",
    "t2.micro, 1, 0.8",
    "m5.large, 2, 0.5",
    "m5.large, 2, 0.8",
    "m5.xlarge, 4, 0.8"
  })
  void engineMeanLatencyIsTheMmcResponseTimePlusNetwork(String type, int vcpu, double rho) {
    double mu = 10.0;
    double lambda = rho * vcpu * mu;
    Scenario s =
        Scenarios.of(
            Duration.ofHours(6),
            2,
            3,
            Scenarios.constant(lambda, 100, 20),
            Faults.NONE,
            Scenarios.fullSpeed(type, 1, new Entry.ElasticIps()));
    StageSummary r = simulate(s);
    double expectedMs =
        20 + 1000 * (1 / mu + erlangCBySum(vcpu, lambda / mu) / (vcpu * mu - lambda));
    assertThat(r.latencyMeanMs()).isCloseTo(expectedMs, within(expectedMs * 0.02));
    assertThat(r.requestsFailed()).isZero();
    assertThat(r.requestsTotal()).isEqualTo(Math.round(lambda * 6 * 3600) * 2);
  }

  @Test
  void mm1PercentilesFromTheHistogramMatchTheExponentialResponseTime() {
    // M/M/1 response time is Exp(mu - lambda): the q-quantile is -ln(1-q)/(mu - lambda)
    double mu = 10;
    double lambda = 8;
    Scenario s =
        Scenarios.of(
            Duration.ofHours(1),
            1,
            1,
            Scenarios.constant(lambda, 100, 0),
            Faults.NONE,
            Scenarios.fullSpeed("t2.micro", 1, new Entry.ElasticIps()));
    StageSummary r = simulate(s);
    double rate = mu - lambda;
    assertThat(r.latencyP50Ms())
        .isCloseTo(1000 * Math.log(2) / rate, within(1000 * Math.log(2) / rate * 0.03));
    assertThat(r.latencyP99Ms())
        .isCloseTo(1000 * Math.log(100) / rate, within(1000 * Math.log(100) / rate * 0.03));
  }

  @ParameterizedTest(name = "{0} instances behind an ALB")
  @CsvSource({"2", "3"})
  void availabilityBehindALoadBalancerIsOneMinusQToTheN(int n) {
    double mtbfHours = 100;
    double mttrMinutes = 20 * 60;
    Scenario s =
        Scenarios.of(
            Duration.ofDays(30),
            400,
            11,
            Scenarios.constant(10, 10, 20),
            Scenarios.manual(mtbfHours, mttrMinutes),
            Scenarios.singleAz("m5.large", n, Scenarios.alb(5, 2, 2)));
    StageSummary r = simulate(s);
    double q = (mttrMinutes / 60) / (mtbfHours + mttrMinutes / 60);
    double expected = 1 - Math.pow(q, n);
    assertThat(r.availabilityCi95()).isLessThan(0.01);
    assertThat(Math.abs(r.availabilityMean() - expected)).isLessThanOrEqualTo(r.availabilityCi95());
    assertThat(r.failedByCause()).containsKey("no-capacity");
  }

  @Test
  void availabilityWithElasticIpsIsTheFractionOfUsersWhoseInstanceIsUp() {
    Scenario s =
        Scenarios.of(
            Duration.ofDays(30),
            300,
            5,
            Scenarios.constant(10, 10, 20),
            Scenarios.manual(100, 20 * 60),
            Scenarios.singleAz("m5.large", 3, new Entry.ElasticIps()));
    StageSummary r = simulate(s);
    double expected = 100.0 / 120.0;
    assertThat(Math.abs(r.availabilityMean() - expected)).isLessThanOrEqualTo(r.availabilityCi95());
    assertThat(r.failedByCause()).containsOnlyKeys("eip-instance-down");
  }

  @Test
  void oneT2MicroFor730HoursCostsItsHourlyPriceTimes730() {
    Scenario s =
        Scenarios.of(
            Duration.ofHours(730),
            1,
            1,
            Scenarios.constant(1, 10, 20),
            Faults.NONE,
            Scenarios.singleAz("t2.micro", 1, new Entry.ElasticIps()));
    StageSummary r = simulate(s);
    assertThat(r.costByComponentUsd().get("ec2:web (t2.micro on-demand)")).isEqualTo(8.468);
    assertThat(r.costByComponentUsd().get("public-ipv4")).isEqualTo(3.65);
    assertThat(r.instanceHoursPerTrial().get("t2.micro/on-demand")).isEqualTo(730.0);
  }

  @Test
  void trafficAboveCapacityFailsAsOverloadInProportionToTheExcess() {
    // one vCPU at 100 ms per request serves 10 req/s; offer 25 req/s
    Scenario s =
        Scenarios.of(
            Duration.ofHours(2),
            1,
            1,
            Scenarios.constant(25, 100, 20),
            Faults.NONE,
            Scenarios.fullSpeed("t2.micro", 1, new Entry.ElasticIps()));
    StageSummary r = simulate(s);
    assertThat(r.failedByCause()).containsOnlyKeys("overload");
    double failedFraction = r.requestsFailed() / (double) r.requestsTotal();
    assertThat(failedFraction).isCloseTo(15.0 / 25.0, within(0.01));
    // served requests waited about the 10 s timeout
    assertThat(r.latencyP50Ms()).isBetween(9_000.0, 11_000.0);
  }
}
