package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.RequestSimulation;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that wait past the timeout give up (M/M/c+D): the fluid engine's overload equals the
 * closed form, and the request-level mode's mean over 20 seeds agrees with it, on both sides of
 * saturation.
 */
class AbandonmentTest {
  static final double HORIZON = 3 * 3600;

  @ParameterizedTest
  @CsvSource({
    // instance type, vCPUs, cpu ms, rate, timeout ms
    "t2.micro, 1, 10, 95, 200",
    "t2.micro, 1, 10, 105, 200",
    "m5.xlarge, 4, 20, 190, 100",
    "m5.xlarge, 4, 20, 220, 100"
  })
  void fluidRequestModeAndClosedFormAgree(
      String type, int c, double cpuMs, double rate, double timeoutMs) {
    double mu = 1000 / cpuMs;
    double expected = new MmcdQueue(c, mu, rate, timeoutMs / 1000).timeoutFraction();

    Workload w =
        new Workload(
            rate, new TrafficPattern.Constant(), new RequestProfile(cpuMs, 2048, 20, timeoutMs));
    StageSummary fluid =
        MechanismsTest.run(
            Scenarios.fullSpeed(type, 1, new Entry.ElasticIps()),
            w,
            Faults.NONE,
            Duration.ofSeconds((long) HORIZON),
            1);
    double fluidShare =
        fluid.failedByCause().getOrDefault("overload", 0L) / (double) fluid.requestsTotal();
    // the fluid queue is keyed by its slack to 0.1 %
    assertThat(fluidShare).as("fluid").isCloseTo(expected, within(0.01 * expected + 1e-6));

    int seeds = 20;
    double[] shares = new double[seeds];
    double mean = 0;
    for (int seed = 0; seed < seeds; seed++) {
      RequestSimulation.Traffic t =
          Scenarios.constantTraffic(
              1,
              c,
              rate,
              mu,
              timeoutMs / 1000,
              20,
              HORIZON,
              Entry.LoadBalancer.Algorithm.RANDOM,
              seed);
      shares[seed] = t.overload() / (double) t.requests();
      mean += shares[seed] / seeds;
    }
    double var = 0;
    for (double s : shares) {
      var += (s - mean) * (s - mean) / (seeds - 1);
    }
    double standardError = Math.sqrt(var / seeds);
    assertThat(mean)
        .as("request mode over 20 seeds")
        .isCloseTo(expected, within(4 * standardError));
  }
}
