package dev.archsim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The peer comparison's CloudSim Plus set-up simulates the queue it claims to: on the same random
 * numbers it gives the waits of a first-come-first-served M/M/c queue computed here from the
 * recursion "each request starts when it arrives or when the earliest server frees, whichever is
 * later", and handing it the cloudlets in chunks changes nothing against handing them all at once.
 */
class MmcPeerTest {

  /** Mean wait and response (in units of the mean service) of the first n arrivals, FCFS M/M/c. */
  private static double[] fcfs(int servers, double rho, int n, long seed, double mips) {
    SplittableRandom rng = new SplittableRandom(seed);
    double meanService = MmcPeer.CLOUDSIM_MEAN_SERVICE;
    double meanGap = meanService / (rho * servers);
    double[] free = new double[servers];
    // the draws in MmcPeer.Arrivals' order: first gap, then (service, gap) per cloudlet
    double t = -Math.log(1 - rng.nextDouble()) * meanGap;
    double waitSum = 0;
    double responseSum = 0;
    for (int i = 0; i < n; i++) {
      double service =
          Math.max(1, Math.round(-Math.log(1 - rng.nextDouble()) * meanService * mips)) / mips;
      int best = 0;
      for (int k = 1; k < servers; k++) {
        if (free[k] < free[best]) {
          best = k;
        }
      }
      double start = Math.max(t, free[best]);
      free[best] = start + service;
      waitSum += start - t;
      responseSum += start + service - t;
      t += -Math.log(1 - rng.nextDouble()) * meanGap;
    }
    return new double[] {waitSum / n / meanService, responseSum / n / meanService};
  }

  @Test
  void cloudSimPlusRunsTheFcfsQueueOnTheSameRandomNumbers() {
    for (int servers : new int[] {3, 10}) {
      double rho = servers == 3 ? 0.8 : 0.9;
      MmcPeer.Result r = MmcPeer.cloudSimPlus(servers, rho, 4000, 5, MmcPeer.CLOUDSIM_MIPS, 1000);
      double[] expected = fcfs(servers, rho, 4000, 5, MmcPeer.CLOUDSIM_MIPS);
      assertThat(r.finished()).isEqualTo(4000);
      // what is left of CloudSim Plus's truncations and minimum update delay (MmcPeer's
      // javadoc); at 1 009.3 MIPS and 100 s services the wait was 3.5e-3 off
      assertThat(r.meanWait()).isCloseTo(expected[0], within(5e-4 * expected[0]));
      assertThat(r.meanResponse()).isCloseTo(expected[1], within(5e-4 * expected[1]));
      assertThat(r.meanWait()).isGreaterThan(0.1); // a queue formed: the FCFS check means something
    }
  }

  @Test
  void chunkedSubmissionGivesTheSameRunAsSubmittingEverythingUpFront() {
    MmcPeer.Result chunked = MmcPeer.cloudSimPlus(3, 0.8, 3000, 9, MmcPeer.CLOUDSIM_MIPS, 100);
    MmcPeer.Result upFront = MmcPeer.cloudSimPlus(3, 0.8, 3000, 9, MmcPeer.CLOUDSIM_MIPS, 3000);
    assertThat(chunked.finished()).isEqualTo(upFront.finished()).isEqualTo(3000);
    assertThat(chunked.meanWait()).isCloseTo(upFront.meanWait(), within(1e-9));
    assertThat(chunked.meanResponse()).isCloseTo(upFront.meanResponse(), within(1e-9));
  }

  @Test
  void theResultLineIsJsonWithNullForAWaitTheToolDoesNotReport() {
    String line =
        MmcPeer.json(
            "archsim", 3, 0.8, 100, 7, new MmcPeer.Result(101, 101, Double.NaN, 2.5, 0.25));
    assertThat(line)
        .isEqualTo(
            "{\"tool\": \"archsim\", \"servers\": 3, \"rho\": 0.8, \"requests\": 100, \"seed\": 7,"
                + " \"simulated\": 101, \"finished\": 101, \"mean_wait\": null, \"mean_response\":"
                + " 2.5, \"seconds\": 0.250000}");
  }
}
