package dev.archsim.bench;

import ch.qos.logback.classic.Level;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.sim.RequestSimulation;
import java.util.ArrayList;
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
 * The Java side of the peer comparison ({@code bench/compare.sh}): one simulator on one M/M/c queue
 * (Poisson arrivals at utilisation ρ, c servers, exponential service, first come first served,
 * starting empty) in this process, once per seed, printing one JSON line per seed: the requests
 * simulated and finished, the mean wait in queue and the mean response time, and the seconds the
 * simulation itself took (the process's wall time and peak RSS are measured from outside, by {@code
 * /usr/bin/time}). The Python peers (SimPy, Ciw) print the same line from {@code
 * bench/peers/mmc.py}.
 *
 * <p>Usage: {@code MmcPeer archsim|cloudsimplus SERVERS RHO REQUESTS SEED[,SEED...]}.
 */
public final class MmcPeer {
  /** One simulation: means in units of the mean service time, so results compare across tools. */
  record Result(
      long requests, long finished, double meanWait, double meanResponse, double seconds) {}

  /**
   * CloudSim Plus's PE rating, chosen for two of its mechanics:
   *
   * <ul>
   *   <li>A round rating (1 000 MIPS) lets the VM's next-update delay come out as exactly 0 after a
   *       cloudlet finishes; {@code DatacenterSimple.updateCloudletProcessing} then schedules an
   *       update at the same instant, which it drops as too close to the last one, and the queued
   *       cloudlets stop being served (M/M/3 at ρ 0.8, 100 s services, seed 1: 55 346 of 100 000
   *       finished, with {@code -Darchsim.bench.cloudsim.mips=1000
   *       -Darchsim.bench.cloudsim.service=100}; the earlier comparison's 1 000 000 requests: 457
   *       482). A rating with a fractional part avoids the exact zero; {@link #cloudSimPlus} still
   *       checks that every cloudlet finished.
   *   <li>The scheduler runs a cloudlet at the rating truncated to a whole MIPS and adds the
   *       instructions done since the last update truncated to a whole MI, so each service runs a
   *       little long, and a queue adds up the overruns of the services ahead of a request: at 1
   *       009.3 MIPS and 100 s services, M/M/3 at ρ 0.8 waited 0.35 % longer than the same arrivals
   *       and lengths through an exact first-come-first-served queue (4 000 requests). At 100 009.3
   *       MIPS a truncation costs 10⁻⁵ s.
   * </ul>
   */
  static final double CLOUDSIM_MIPS =
      Double.parseDouble(System.getProperty("archsim.bench.cloudsim.mips", "100009.3"));

  /**
   * CloudSim Plus's mean service time in seconds. A datacenter never schedules its next update
   * sooner than the simulation's minimum time between events + 0.01 s (0.02 s here), so a cloudlet
   * may finish up to 0.02 s late: on 100 s services that made M/M/3 at ρ 0.8 wait 0.28 % longer
   * than the exact queue; on 10 000 s services, with the rating above, the waits agree to 10⁻⁴
   * ({@code MmcPeerTest}).
   */
  static final double CLOUDSIM_MEAN_SERVICE =
      Double.parseDouble(System.getProperty("archsim.bench.cloudsim.service", "10000"));

  /**
   * Cloudlets handed to CloudSim Plus's broker at a time. The broker keeps submitted cloudlets in
   * an {@code ArrayList} and removes each from its head when it sends it to the datacenter, so a
   * list of n costs O(n²) element moves ({@code DatacenterBrokerAbstract.createWaitingCloudlets} in
   * 8.5.7: about 5 × 10¹¹ for 10⁶ cloudlets submitted up front). Its examples submit cloudlets
   * during the run from a clock-tick listener; this does the same, a chunk at a time, with each
   * cloudlet's submission delay set so that it reaches the datacenter at its Poisson arrival time
   * (checked after the run). {@code -Darchsim.bench.cloudsim.chunk=REQUESTS} submits every cloudlet
   * up front, as before.
   */
  static final int CLOUDSIM_CHUNK = Integer.getInteger("archsim.bench.cloudsim.chunk", 1000);

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: MmcPeer archsim|cloudsimplus SERVERS RHO REQUESTS SEED[,SEED...]");
      System.exit(2);
    }
    String tool = args[0];
    int servers = Integer.parseInt(args[1]);
    double rho = Double.parseDouble(args[2]);
    int requests = Integer.parseInt(args[3]);
    if (servers < 1 || !(rho > 0 && rho < 1) || requests < 1) {
      System.err.println("MmcPeer: need SERVERS >= 1, 0 < RHO < 1, REQUESTS >= 1");
      System.exit(2);
    }
    for (String s : args[4].split(",")) {
      long seed = Long.parseLong(s);
      Result r =
          switch (tool) {
            case "archsim" -> archsim(servers, rho, requests, seed);
            case "cloudsimplus" ->
                cloudSimPlus(servers, rho, requests, seed, CLOUDSIM_MIPS, CLOUDSIM_CHUNK);
            default -> {
              System.err.println("MmcPeer: unknown tool " + tool + " (archsim, cloudsimplus)");
              System.exit(2);
              yield null;
            }
          };
      System.out.println(json(tool, servers, rho, requests, seed, r));
    }
  }

  static String json(String tool, int servers, double rho, int requests, long seed, Result r) {
    return String.format(
        Locale.ROOT,
        "{\"tool\": \"%s\", \"servers\": %d, \"rho\": %s, \"requests\": %d, \"seed\": %d,"
            + " \"simulated\": %d, \"finished\": %d, \"mean_wait\": %s, \"mean_response\": %s,"
            + " \"seconds\": %.6f}",
        tool,
        servers,
        rho,
        requests,
        seed,
        r.requests(),
        r.finished(),
        Double.isNaN(r.meanWait()) ? "null" : Double.toString(r.meanWait()),
        Double.toString(r.meanResponse()),
        r.seconds());
  }

  /**
   * archsim's request-level mode ({@code RequestSimulation.traffic}, the loop behind {@code
   * run.mode requests}) with μ = 1/s and λ = ρc over {@code requests / λ} seconds: the number of
   * requests is Poisson with mean {@code requests}. The mode reports response times only (its
   * result has no separate wait), so the mean wait is not available here.
   */
  static Result archsim(int servers, double rho, int requests, long seed) {
    double lambda = rho * servers;
    long t0 = System.nanoTime();
    RequestSimulation.Traffic t =
        RequestSimulation.traffic(
            1,
            servers,
            lambda,
            new TrafficPattern.Constant(),
            1.0,
            1e12,
            0,
            requests / lambda,
            new SplittableRandom(seed));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(
        t.requests(),
        t.requests() - t.overload(),
        Double.NaN,
        t.latencySumMicros() / 1e6 / t.requests(),
        seconds);
  }

  /**
   * CloudSim Plus 8.5.7: one host and one VM of c PEs with the space-shared cloudlet scheduler (a
   * cloudlet per free PE, the others wait in arrival order), one cloudlet of exponential length per
   * request (mean {@link #CLOUDSIM_MEAN_SERVICE}: 10 000 s of service), arriving at the datacenter
   * at its Poisson arrival time. Wait = start − arrival at the datacenter, response = finish −
   * arrival. Fails unless every cloudlet finished and arrived when it was meant to.
   */
  static Result cloudSimPlus(
      int servers, double rho, int requests, long seed, double mips, int chunk) {
    Log.setLevel(Level.OFF);
    long t0 = System.nanoTime();
    CloudSimPlus sim = new CloudSimPlus(0.01);
    List<Pe> pes = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      pes.add(new PeSimple(mips));
    }
    new DatacenterSimple(sim, List.of(new HostSimple(1 << 20, 1 << 20, 1 << 20, pes)));
    DatacenterBroker broker = new DatacenterBrokerSimple(sim);
    broker.setVmDestructionDelay(Double.MAX_VALUE); // keep the VM through idle periods
    VmSimple vm = new VmSimple(mips, servers);
    vm.setRam(1024).setBw(1000).setSize(1000);
    // set after construction: given to the constructor, the scheduler ran every cloudlet at once
    // (shared PEs) instead of queueing those beyond the free PEs
    vm.setCloudletScheduler(new CloudletSchedulerSpaceShared());
    broker.submitVm(vm);

    Arrivals arrivals =
        new Arrivals(
            broker,
            vm,
            requests,
            rho * servers / CLOUDSIM_MEAN_SERVICE,
            mips,
            chunk,
            new SplittableRandom(seed));
    // the first chunk once the VM exists (cloudlets submitted before wait for it and arrive late)
    broker.addOnVmsCreatedListener(info -> arrivals.start(sim.clock()));
    sim.addOnClockTickListener(info -> arrivals.topUp(sim.clock()));
    sim.start();

    List<Cloudlet> finished = broker.getCloudletFinishedList();
    if (finished.size() != requests || arrivals.submitted != requests) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "CloudSim Plus finished %d of %d cloudlets (%d submitted)",
              finished.size(),
              requests,
              arrivals.submitted));
    }
    double waitSum = 0;
    double responseSum = 0;
    for (int i = 0; i < requests; i++) {
      Cloudlet c = arrivals.cloudlets.get(i);
      if (!c.isFinished()) {
        throw new IllegalStateException("CloudSim Plus: cloudlet " + i + " did not finish");
      }
      double late = c.getDcArrivalTime() - arrivals.arrivalTimes[i];
      if (Math.abs(late) > 1e-6) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "CloudSim Plus: cloudlet %d reached the datacenter at %.6f s, not at its arrival"
                    + " time %.6f s",
                i,
                c.getDcArrivalTime(),
                arrivals.arrivalTimes[i]));
      }
      waitSum += c.getStartTime() - c.getDcArrivalTime();
      responseSum += c.getFinishTime() - c.getDcArrivalTime();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(
        requests,
        finished.size(),
        waitSum / requests / CLOUDSIM_MEAN_SERVICE,
        responseSum / requests / CLOUDSIM_MEAN_SERVICE,
        seconds);
  }

  /** The Poisson arrivals, handed to the broker a chunk at a time as the clock advances. */
  static final class Arrivals {
    private final DatacenterBroker broker;
    private final VmSimple vm;
    private final int requests;
    private final double meanGap;
    private final double mips;
    private final double lookahead;
    private final SplittableRandom rng;
    final List<Cloudlet> cloudlets;
    final double[] arrivalTimes;
    int submitted;
    private boolean started;
    private double next;

    Arrivals(
        DatacenterBroker broker,
        VmSimple vm,
        int requests,
        double lambda,
        double mips,
        int chunk,
        SplittableRandom rng) {
      this.broker = broker;
      this.vm = vm;
      this.requests = requests;
      this.meanGap = 1 / lambda;
      this.mips = mips;
      this.lookahead = chunk >= requests ? Double.POSITIVE_INFINITY : chunk * meanGap;
      this.rng = rng;
      this.cloudlets = new ArrayList<>(requests);
      this.arrivalTimes = new double[requests];
    }

    void start(double now) {
      if (started) {
        return;
      }
      started = true;
      next = now + gap();
      submitUntil(now);
    }

    void topUp(double now) {
      if (started && submitted < requests && arrivalTimes[submitted - 1] < now + lookahead / 2) {
        submitUntil(now);
      }
    }

    /** Submits the next arrivals up to {@code now + lookahead}, and at least one. */
    private void submitUntil(double now) {
      List<Cloudlet> chunk = new ArrayList<>();
      do {
        double serviceSeconds = -Math.log(1 - rng.nextDouble()) * CLOUDSIM_MEAN_SERVICE;
        long length = Math.max(1, Math.round(serviceSeconds * mips));
        Cloudlet c = new CloudletSimple(length, 1, new UtilizationModelFull());
        c.setUtilizationModelRam(new UtilizationModelDynamic(0));
        c.setUtilizationModelBw(new UtilizationModelDynamic(0));
        c.setSizes(1);
        c.setSubmissionDelay(next - now);
        chunk.add(c);
        cloudlets.add(c);
        arrivalTimes[submitted++] = next;
        next += gap();
      } while (submitted < requests && next <= now + lookahead);
      broker.submitCloudletList(chunk, vm);
    }

    private double gap() {
      return -Math.log(1 - rng.nextDouble()) * meanGap;
    }
  }

  private MmcPeer() {}
}
