package dev.archsim.bench;

import ch.qos.logback.classic.Level;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.sim.RequestSimulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cloudsimplus.brokers.DatacenterBroker;
import org.cloudsimplus.brokers.DatacenterBrokerSimple;
import org.cloudsimplus.cloudlets.Cloudlet;
import org.cloudsimplus.cloudlets.CloudletSimple;
import org.cloudsimplus.core.CloudSimPlus;
import org.cloudsimplus.datacenters.DatacenterSimple;
import org.cloudsimplus.hosts.HostSimple;
import org.cloudsimplus.resources.Pe;
import org.cloudsimplus.resources.PeSimple;
import org.cloudsimplus.schedulers.cloudlet.CloudletSchedulerSpaceShared;
import org.cloudsimplus.util.Log;
import org.cloudsimplus.utilizationmodels.UtilizationModelDynamic;
import org.cloudsimplus.utilizationmodels.UtilizationModelFull;
import org.cloudsimplus.vms.VmSimple;

/**
 * The request-level mode against CloudSim Plus, the most used Java cloud simulator, on one model
 * both express exactly: an M/M/3 queue at utilisation 0.8 (Poisson arrivals, three servers,
 * exponential service, first come first served), N requests. Prints one table: the wall time and
 * requests per second of each (median of the timed runs after a warm-up run, one thread), and each
 * one's mean response time against Erlang C, so that the speeds are compared on results that are
 * right.
 *
 * <p>CloudSim Plus: one host and one VM of 3 PEs of 1 000 MIPS with the space-shared cloudlet
 * scheduler (a cloudlet per free PE, the others wait in arrival order), one cloudlet per request,
 * of exponential length (mean 100 000 MI: 100 s of service), submitted at its Poisson arrival time
 * (0.024/s); a response is the finish time minus the arrival at the datacenter. archsim: {@code
 * RequestSimulation.traffic} with μ = 10/s and λ = 24/s, the same queue with time 1 000 times
 * shorter (the results are compared as relative errors).
 *
 * <p>Run: {@code bench/compare.sh [REQUESTS] [RUNS]}.
 */
public final class SimulatorComparison {
  private static final int SERVERS = 3;
  private static final double RHO = 0.8;

  public static void main(String[] args) {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Log.setLevel(Level.OFF);

    double[] archsimMean = new double[1];
    double archsimSeconds = median(runs, () -> archsimMean[0] = archsim(requests));
    double[] cloudsimMean = new double[1];
    double cloudsimSeconds = median(runs, () -> cloudsimMean[0] = cloudSimPlus(requests));

    System.out.printf(
        Locale.ROOT,
        "M/M/3 at rho %.1f, %,d requests, one thread, %d cores, Java %s; median of %d runs after"
            + " one warm-up%n%n",
        RHO,
        requests,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        runs);
    System.out.println("| simulator | wall time | requests/s | mean response vs Erlang C |");
    System.out.println("|---|---|---|---|");
    row(
        "archsim, request-level mode",
        archsimSeconds,
        requests,
        archsimMean[0],
        new MmcQueue(SERVERS, 10, 24, Double.POSITIVE_INFINITY).meanResponseTime());
    row(
        "CloudSim Plus 8.5.7, space-shared cloudlet scheduler",
        cloudsimSeconds,
        requests,
        cloudsimMean[0],
        new MmcQueue(SERVERS, 0.01, 0.024, Double.POSITIVE_INFINITY).meanResponseTime());
    System.out.printf(
        Locale.ROOT,
        "| archsim / CloudSim Plus | %.0f x faster | | |%n",
        cloudsimSeconds / archsimSeconds);
  }

  private static void row(String name, double seconds, int requests, double mean, double erlang) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.3f s | %,.0f | %.4g s vs %.4g s (%+.2f %%) |%n",
        name,
        seconds,
        requests / seconds,
        mean,
        erlang,
        100 * (mean - erlang) / erlang);
  }

  /** archsim's request-level mode on the queue: the mean response time in seconds. */
  static double archsim(int requests) {
    RequestSimulation.Traffic t =
        RequestSimulation.traffic(
            1,
            SERVERS,
            24,
            new TrafficPattern.Constant(),
            10,
            1e9,
            0,
            requests / 24.0,
            new SplittableRandom(7));
    return t.latencySumMicros() / 1e6 / t.requests();
  }

  /**
   * CloudSim Plus on the same queue, time 1 000 times longer: the mean response time in seconds.
   */
  static double cloudSimPlus(int requests) {
    CloudSimPlus sim = new CloudSimPlus(0.01);
    List<Pe> pes = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      pes.add(new PeSimple(1000));
    }
    new DatacenterSimple(sim, List.of(new HostSimple(1 << 20, 1 << 20, 1 << 20, pes)));
    DatacenterBroker broker = new DatacenterBrokerSimple(sim);
    broker.setVmDestructionDelay(Double.MAX_VALUE); // keep the VM through idle periods
    VmSimple vm = new VmSimple(1000, SERVERS);
    vm.setRam(1024).setBw(1000).setSize(1000);
    // set after construction: given to the constructor, the scheduler ran every cloudlet at once
    // (shared PEs) instead of queueing those beyond the free PEs
    vm.setCloudletScheduler(new CloudletSchedulerSpaceShared());
    broker.submitVm(vm);

    SplittableRandom rng = new SplittableRandom(7);
    double lambda = RHO * SERVERS * 0.01; // 0.024 arrivals/s; a PE serves 0.01/s
    double t = 0;
    List<Cloudlet> cloudlets = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      t += -Math.log(1 - rng.nextDouble()) / lambda;
      long length = Math.max(1, Math.round(-Math.log(1 - rng.nextDouble()) * 100_000));
      Cloudlet c = new CloudletSimple(length, 1, new UtilizationModelFull());
      c.setUtilizationModelRam(new UtilizationModelDynamic(0));
      c.setUtilizationModelBw(new UtilizationModelDynamic(0));
      c.setSizes(1);
      c.setSubmissionDelay(t);
      cloudlets.add(c);
    }
    broker.submitCloudletList(cloudlets, vm);
    sim.start();
    List<Cloudlet> finished = broker.getCloudletFinishedList();
    if (finished.size() != requests) {
      throw new IllegalStateException(
          "CloudSim Plus finished " + finished.size() + " of " + requests + " cloudlets");
    }
    double sum = 0;
    for (Cloudlet c : finished) {
      sum += c.getFinishTime() - c.getDcArrivalTime();
    }
    return sum / requests;
  }

  private static double median(int runs, Runnable work) {
    work.run(); // warm-up
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds[runs / 2];
  }

  private SimulatorComparison() {}
}
