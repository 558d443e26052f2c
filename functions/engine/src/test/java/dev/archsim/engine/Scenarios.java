package dev.archsim.engine;

import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
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

  /**
   * {@code rps} requests a second of {@code cpuMs} ms of CPU each, shaped by {@code pattern}: 2 KB
   * out, no network latency, a 10 s timeout, nothing static and no database work.
   */
  public static Workload cpuOnly(double rps, double cpuMs, TrafficPattern pattern) {
    return new Workload(rps, pattern, new RequestProfile(cpuMs, 2048, 0, 10_000, 0, 0, 0));
  }

  /** {@link #cpuOnly(double, double, TrafficPattern)} at a constant rate. */
  public static Workload cpuOnly(double rps, double cpuMs) {
    return cpuOnly(rps, cpuMs, new TrafficPattern.Constant());
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

  /**
   * An Auto Scaling group {@code asg} of m5.large "web" behind an ALB (checks every 10 s, timeout 2
   * s, thresholds 2) in the AZs of {@code placement}, bought as {@code purchase} (null: on demand).
   */
  public static Architecture scaled(
      ComputeTier.AutoScaling asg, ComputeTier.Purchase purchase, Map<String, Integer> placement) {
    return new Architecture(
        "us-east-1",
        List.copyOf(new java.util.TreeSet<>(placement.keySet())),
        alb(10, 2, 2),
        new ComputeTier("web", "m5.large", placement, null, null, asg, purchase));
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
    return group(
        min,
        max,
        desired,
        List.of(
            new ComputeTier.SimpleScaling(true, 70, out, 60, 2, 300),
            new ComputeTier.SimpleScaling(false, 30, -in, 60, 5, 300)));
  }

  /**
   * An Auto Scaling group with {@code policies} and no scheduled action: ELB health checks with a
   * 300 s grace, 120 s boot, 180 s warm-up, rebalancing.
   */
  public static ComputeTier.AutoScaling group(
      int min, int max, int desired, List<ComputeTier.ScalingPolicy> policies) {
    return new ComputeTier.AutoScaling(
        min, max, desired, policies, List.of(), "elb", 300, 120, 180, true);
  }

  /** The two AZs an ECS service of these tests spreads its tasks over. */
  public static final List<String> ECS_AZS = List.of("us-east-1a", "us-east-1b");

  /** A task's start in {@link #ecs()}: launch to answering. */
  public static final double ECS_START_SECONDS = 300;

  /**
   * An ECS service "app" to change where a test is about it ({@link Ecs}): 4 tasks (desired, min
   * and max) of 1 vCPU and 2 GB on FARGATE alone, started in 300 s, no health-check grace, no
   * scaling policy, a 300 s scale-out cooldown, deployments at ECS's 100 % / 200 %, Fargate Spot 67
   * % off and never interrupted.
   */
  public static Ecs ecs() {
    return new Ecs();
  }

  /** A capacity provider without an instance type: FARGATE or FARGATE_SPOT. */
  public static EcsService.Provider provider(String name, int base, int weight) {
    return new EcsService.Provider(name, base, weight, null);
  }

  /** The service behind an ALB (random routing, checks every 5 s, thresholds 2) in two AZs. */
  public static Architecture ecsBehindAlb(EcsService s, double deregistrationDelaySeconds) {
    Entry.LoadBalancer alb =
        new Entry.LoadBalancer(
            Entry.LoadBalancer.Kind.ALB,
            new Entry.HealthCheck(5, 2, 2, 2),
            true,
            deregistrationDelaySeconds,
            false,
            false,
            Entry.LoadBalancer.Algorithm.RANDOM);
    return new Architecture("us-east-1", ECS_AZS, alb, EcsComponent.fleet(s, ECS_AZS))
        .with(new EcsComponent(), s);
  }

  /** An ECS service's settings, each defaulting as {@link #ecs()} says. */
  public static final class Ecs {
    private final EcsService.Builder b =
        EcsService.builder()
            .task(new EcsService.Task(1, 2, "x86_64"))
            .providers(List.of(provider("FARGATE", 0, 1)))
            .desired(4)
            .startSeconds(ECS_START_SECONDS)
            .healthCheckGraceSeconds(0)
            .scaleOutCooldownSeconds(300)
            .deployment(new EcsService.Deployment(100, 200))
            .spotDiscount(0.67)
            .spotInterruptionsPerMonth(0);

    private Ecs() {}

    public Ecs task(double vcpu, double memoryGb) {
      b.task(new EcsService.Task(vcpu, memoryGb, "x86_64"));
      return this;
    }

    public Ecs providers(EcsService.Provider... p) {
      b.providers(List.of(p));
      return this;
    }

    /** {@code n} tasks, without room to scale: desired, min and max. */
    public Ecs tasks(int n) {
      return tasks(n, n, n);
    }

    public Ecs tasks(int desired, int min, int max) {
      b.desired(desired).min(min).max(max);
      return this;
    }

    public Ecs startSeconds(double s) {
      b.startSeconds(s);
      return this;
    }

    public Ecs scaling(double cooldownSeconds, ComputeTier.ScalingPolicy... p) {
      b.policies(List.of(p)).scaleOutCooldownSeconds(cooldownSeconds);
      return this;
    }

    public Ecs deployment(int minimumHealthyPercent, int maximumPercent) {
      b.deployment(new EcsService.Deployment(minimumHealthyPercent, maximumPercent));
      return this;
    }

    public Ecs spotInterruptionsPerMonth(double rate) {
      b.spotInterruptionsPerMonth(rate);
      return this;
    }

    public EcsService build() {
      return b.build();
    }
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
