package dev.archsim.engine;

import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.RequestSimulation;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small scenario builders for engine tests. */
public final class Scenarios {
  private Scenarios() {}

  public static Workload constant(double rps, double cpuMs, double networkMs) {
    return new Workload(
        rps, new TrafficPattern.Constant(), new RequestProfile(cpuMs, 2048, networkMs, 10_000));
  }

  public static Architecture singleAz(String type, int count, Entry entry) {
    return new Architecture(
        "us-east-1",
        List.of("us-east-1a"),
        entry,
        new ComputeTier("web", type, Map.of("us-east-1a", count)));
  }

  /** One AZ; burstable types run in unlimited credit mode, so they always have full speed. */
  public static Architecture fullSpeed(String type, int count, Entry entry) {
    return new Architecture(
        "us-east-1",
        List.of("us-east-1a"),
        entry,
        new ComputeTier(
            "web",
            type,
            Map.of("us-east-1a", count),
            new ComputeTier.Credits(ComputeTier.CreditMode.UNLIMITED, null),
            null,
            null,
            null));
  }

  public static Architecture zones(String type, Entry entry, int... perAz) {
    List<String> azs = List.of("us-east-1a", "us-east-1b", "us-east-1c").subList(0, perAz.length);
    Map<String, Integer> placement = new LinkedHashMap<>();
    for (int i = 0; i < perAz.length; i++) {
      placement.put(azs.get(i), perAz[i]);
    }
    return new Architecture("us-east-1", azs, entry, new ComputeTier("web", type, placement));
  }

  public static Entry.LoadBalancer alb(double interval, int healthy, int unhealthy) {
    return new Entry.LoadBalancer(
        Entry.LoadBalancer.Kind.ALB, new Entry.HealthCheck(interval, 2, healthy, unhealthy), true);
  }

  public static Faults manual(double mtbfHours, double mttrMinutes) {
    return new Faults(new Faults.InstanceFaults(mtbfHours, new Faults.ManualRepair(mttrMinutes)));
  }

  public static Scenario of(
      Duration horizon, int trials, long seed, Workload w, Faults f, Architecture... stages) {
    Stage[] s = new Stage[stages.length];
    for (int i = 0; i < stages.length; i++) {
      s[i] = new Stage("stage-" + (i + 1), "", w, stages[i], f);
    }
    return new Scenario(
        1,
        "test",
        "",
        new RunSettings(
            horizon, Duration.ofMinutes(5), trials, seed, RunSettings.InitialState.STEADY_STATE),
        Objectives.NONE,
        null,
        null,
        List.of(s));
  }

  /**
   * One stage of {@code w} on {@code a}, without faults, from a healthy start in steps of 5
   * minutes, simulated in {@code mode}.
   */
  public static Scenario oneStage(
      RunSettings.Mode mode, Duration horizon, int trials, Workload w, Architecture a) {
    return oneStage(
        new RunSettings(
            horizon, Duration.ofMinutes(5), trials, 3, RunSettings.InitialState.ALL_HEALTHY, mode),
        w,
        a,
        Faults.NONE);
  }

  /**
   * One stage, "s", of {@code w} on {@code a} with the faults {@code f}, run as {@code run} says.
   */
  public static Scenario oneStage(RunSettings run, Workload w, Architecture a, Faults f) {
    return new Scenario(
        1, "test", "", run, Objectives.NONE, null, null, List.of(new Stage("s", "", w, a, f)));
  }

  /**
   * An Auto Scaling group on CPU with two simple scaling policies: {@code out} instances more after
   * two minutes above 70 %, {@code in} fewer after five minutes below 30 %, each followed by a 300
   * s cooldown; ELB health checks with a 300 s grace, 120 s boot, 180 s warm-up, rebalancing.
   */
  public static ComputeTier.AutoScaling cpuSimpleScaling(
      int min, int max, int desired, int out, int in) {
    return new ComputeTier.AutoScaling(
        min,
        max,
        desired,
        List.of(
            new ComputeTier.SimpleScaling(true, 70, out, 60, 2, 300),
            new ComputeTier.SimpleScaling(false, 30, -in, 60, 5, 300)),
        List.of(),
        "elb",
        300,
        120,
        180,
        true);
  }

  /** A change of a group's desired capacity, at its time in the trial. */
  public record CapacityChange(double at, InfrastructureEvent.DesiredCapacityChanged e) {}

  /**
   * The desired-capacity changes of trial 0 of {@code s}'s first stage, in order; the trial's
   * outcome goes to {@code outcome[0]}.
   */
  public static List<CapacityChange> capacityChanges(Scenario s, TrialOutcome[] outcome) {
    List<CapacityChange> out = new ArrayList<>();
    SimulationListener listener =
        new SimulationListener() {
          @Override
          public void infrastructureEvent(
              int stage, long trial, double seconds, InfrastructureEvent e) {
            if (e instanceof InfrastructureEvent.DesiredCapacityChanged d) {
              out.add(new CapacityChange(seconds, d));
            }
          }
        };
    outcome[0] = new Simulator(listener).runTrial(s, 0, 0);
    return out;
  }

  /** The first stage's summary of {@code s}, its trials in one shard. */
  public static StageSummary firstStage(Scenario s) {
    return RunSummary.of(
            s, List.of(new Simulator().simulate(s, new Shard(0, 0, 0, s.run().trials()))))
        .stages()
        .get(0);
  }

  /**
   * The request mode's loop on constant traffic: {@code rate} requests a second over {@code n}
   * instances of {@code c} servers of rate {@code mu}, split by {@code algorithm}, for {@code
   * horizon} seconds, drawn from a stream seeded with {@code seed}.
   */
  public static RequestSimulation.Traffic constantTraffic(
      int n,
      int c,
      double rate,
      double mu,
      double timeoutSeconds,
      double networkMs,
      double horizon,
      Entry.LoadBalancer.Algorithm algorithm,
      long seed) {
    return RequestSimulation.traffic(
        n,
        c,
        rate,
        new TrafficPattern.Constant(),
        mu,
        timeoutSeconds,
        networkMs,
        horizon,
        algorithm,
        new SplittableRandom(seed));
  }

  /** The p-quantile of a CDF over seconds, in ms, by bisection on [0, 1000 s]. */
  public static double quantileMs(java.util.function.DoubleUnaryOperator cdfSeconds, double p) {
    double lo = 0;
    double hi = 1000;
    for (int i = 0; i < 64; i++) {
      double mid = (lo + hi) / 2;
      if (cdfSeconds.applyAsDouble(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo * 1000;
  }
}
