package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.PriceKeys;
import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.ScenarioValidator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fargate tasks of 0.25 and 0.5 vCPU: one server at that share of a vCPU, so a request's CPU time
 * takes 4 (or 2) times as long, priced at the share of Fargate's vCPU-hour plus its GB-hours.
 *
 * <p>Four tasks of 0.25 vCPU and 1 GB behind an ALB with random routing (a Poisson stream a task),
 * 5 requests a second of 100 ms of CPU: a task serves μ' = 0.25 × 10 = 2.5 requests a second and
 * receives λ = 1.25, so it is an M/M/1 queue at ρ = 0.5 whose mean response time is 1 / (μ' − λ) =
 * 0.8 s (clients give up after 10 s: ρ e^{−(μ' − λ) 10} ≈ 2e-6 of them, nothing measurable).
 */
class FractionalFargateTaskTest {
  static final double CPU_MS = 100;
  static final double MU_FULL = 1000 / CPU_MS;
  static final int TASKS = 4;
  static final double PER_TASK = 1.25;
  static final double RPS = TASKS * PER_TASK;
  static final int TRIALS = 20;

  static EcsService quarterVcpu() {
    return Scenarios.ecs().task(0.25, 1).tasks(TASKS).build();
  }

  static Scenario scenario(RunSettings.Mode mode, Architecture a) {
    return Scenarios.oneStage(
        new RunSettings(
            Duration.ofHours(1),
            Duration.ofMinutes(5),
            TRIALS,
            11,
            RunSettings.InitialState.ALL_HEALTHY,
            mode),
        Scenarios.cpuOnly(RPS, CPU_MS),
        a,
        Faults.NONE);
  }

  /** Each trial's mean response time (ms), trial by trial (each its own random stream). */
  static double[] perTrialMeanMs(Scenario s) {
    double[] means = new double[TRIALS];
    Simulator sim = new Simulator();
    for (int t = 0; t < TRIALS; t++) {
      TrialOutcome o = sim.runTrial(s, 0, t);
      assertThat(o.served()).isPositive();
      means[t] = o.latencySumMicros() / 1000.0 / o.served();
    }
    return means;
  }

  static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  /** Three standard errors of the mean of {@code v}. */
  static double threeStandardErrors(double[] v) {
    double m = mean(v);
    double ss = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
    return 3 * Math.sqrt(ss / (v.length - 1) / v.length);
  }

  @Test
  void aQuarterVcpuTaskIsOneServerAtAQuarterOfTheSpeed() {
    InstanceType t = Catalog.instanceType("fargate.0.25vcpu-1gb").orElseThrow();
    assertThat(t.vcpu()).isEqualTo(1);
    assertThat(t.serverSpeed()).isEqualTo(0.25);
    assertThat(t.vcpuCapacity()).isEqualTo(0.25);
    InstanceType half = Catalog.instanceType("fargate.0.5vcpu-3gb-arm64").orElseThrow();
    assertThat(half.vcpuCapacity()).isEqualTo(0.5);
    assertThat(half.architectures()).containsExactly("arm64");
    // whole tasks keep their vCPUs as servers at full speed
    assertThat(Catalog.instanceType("fargate.2vcpu-4gb").orElseThrow().serverSpeed())
        .isEqualTo(1.0);
    // only AWS's combinations, written as the service names them
    assertThat(Catalog.instanceType("fargate.0.25vcpu-3gb")).isEmpty();
    assertThat(Catalog.instanceType("fargate.0.5vcpu-0.5gb")).isEmpty();
    assertThat(Catalog.instanceType("fargate.0.50vcpu-1gb")).isEmpty();
    assertThat(Catalog.instanceType("fargate.0.3vcpu-1gb")).isEmpty();
    assertThat(EcsComponent.fleet(quarterVcpu(), Scenarios.ECS_AZS).instanceType())
        .isEqualTo("fargate.0.25vcpu-1gb");
  }

  @Test
  void theMeanResponseTimeIsMm1AtTheReducedRateInBothModes() {
    double closedFormMs = 1000 / (0.25 * MU_FULL - PER_TASK); // 800 ms
    assertThat(closedFormMs).isEqualTo(800.0);

    // fluid: the ECS service itself
    Scenario fluid = scenario(RunSettings.Mode.FLUID, Scenarios.ecsBehindAlb(quarterVcpu(), 0));
    assertThat(new ScenarioValidator().validate(fluid)).noneMatch(v -> v.isError());
    double[] f = perTrialMeanMs(fluid);
    // request by request: the same fleet of Fargate tasks, fixed, behind the same ALB (request
    // mode simulates fixed fleets, not a service's Auto Scaling group)
    Architecture ecs = Scenarios.ecsBehindAlb(quarterVcpu(), 0);
    Architecture fixed =
        new Architecture(
            "us-east-1",
            Scenarios.ECS_AZS,
            ecs.entry(),
            new ComputeTier(
                "app", "fargate.0.25vcpu-1gb", Map.of("us-east-1a", 2, "us-east-1b", 2)));
    Scenario requests = scenario(RunSettings.Mode.REQUESTS, fixed);
    assertThat(new ScenarioValidator().validate(requests)).noneMatch(v -> v.isError());
    double[] r = perTrialMeanMs(requests);

    // the fluid model's queues are exact to the 0.1 % of their load key
    assertThat(mean(f)).isCloseTo(closedFormMs, within(closedFormMs * 0.002));
    // 20 trials of 18 000 requests each: within three standard errors of the closed form
    double tolerance = threeStandardErrors(r);
    assertThat(tolerance).isLessThan(closedFormMs * 0.03);
    assertThat(mean(r)).isCloseTo(closedFormMs, within(tolerance));
    assertThat(mean(r)).isCloseTo(mean(f), within(tolerance + closedFormMs * 0.002));
    // on whole vCPUs the same load would answer in 1 / (10 − 1.25) s = 114 ms: the speed matters
    assertThat(mean(f)).isGreaterThan(6 * 1000 / (MU_FULL - PER_TASK));
  }

  @Test
  void aTaskIsBilledItsShareOfTheVcpuHourAndItsGbHours() {
    StageSummary s =
        Scenarios.firstStage(
            scenario(RunSettings.Mode.FLUID, Scenarios.ecsBehindAlb(quarterVcpu(), 0)));
    double vcpuHour = Catalog.servicePrice(PriceKeys.FARGATE_VCPU_HOUR, "us-east-1").get().usd();
    double gbHour = Catalog.servicePrice(PriceKeys.FARGATE_GB_HOUR, "us-east-1").get().usd();
    // 4 tasks all hour, nothing else changes them
    assertThat(s.instanceHoursPerTrial())
        .containsExactly(Map.entry("fargate.0.25vcpu-1gb/on-demand", 4.0));
    // the cost of the run's hour, as a month of 730 hours: tasks × hours × (0.25 × vCPU + 1 × GB)
    double monthly = TASKS * 730 * (0.25 * vcpuHour + 1 * gbHour);
    assertThat(s.costByComponentUsd().get("fargate:app (fargate.0.25vcpu-1gb on-demand)"))
        .isCloseTo(monthly, within(1e-6));
  }

  @Test
  void arm64AndFargateSpotArePricedAtTheTasksShareToo() {
    double armVcpu =
        Catalog.servicePrice(PriceKeys.FARGATE_ARM64_VCPU_HOUR, "us-east-1").get().usd();
    double armGb = Catalog.servicePrice(PriceKeys.FARGATE_ARM64_GB_HOUR, "us-east-1").get().usd();
    assertThat(Catalog.onDemandUsd("us-east-1", "fargate.0.5vcpu-2gb-arm64"))
        .isEqualTo(0.5 * armVcpu + 2 * armGb);
    assertThat(Catalog.onDemandHourly("us-east-1", "fargate.0.25vcpu-0.5gb").get().source())
        .startsWith("0.25 x fargate.vcpu-hour + 0.5 x fargate.gb-hour");

    // two tasks on FARGATE (the base), two on FARGATE_SPOT at 67 % off, never interrupted
    EcsService spot =
        Scenarios.ecs()
            .task(0.25, 1)
            .providers(
                Scenarios.provider("FARGATE", 2, 0), Scenarios.provider("FARGATE_SPOT", 0, 1))
            .build();
    StageSummary s =
        Scenarios.firstStage(scenario(RunSettings.Mode.FLUID, Scenarios.ecsBehindAlb(spot, 0)));
    double task = Catalog.onDemandUsd("us-east-1", "fargate.0.25vcpu-1gb");
    assertThat(s.costByComponentUsd().get("fargate:app (fargate.0.25vcpu-1gb on-demand)"))
        .isCloseTo(2 * 730 * task, within(1e-6));
    assertThat(s.costByComponentUsd().get("fargate:app (fargate.0.25vcpu-1gb spot)"))
        .isCloseTo(2 * 730 * task * (1 - 0.67), within(1e-6));
  }

  /**
   * The same 6 requests a second of 100 ms on four tasks, min 4, target tracking on CPU at 50 %: a
   * task of 1 vCPU is 1.5 × 0.1 = 15 % busy and nothing scales out; a task of 0.25 vCPU is 60 %
   * busy, so on the third datapoint above the target (180 s) the service asks for ceil(4 × 60 / 50)
   * = 5 tasks, which at 48 % stay (above the scale-in threshold 0.9 × 50 = 45 %).
   */
  @Test
  void cpuTargetTrackingScalesOutAQuarterVcpuServiceAtALoadAWholeVcpuOneCarries() {
    Workload six = Scenarios.cpuOnly(6, CPU_MS);
    ComputeTier.TargetTracking half = new ComputeTier.TargetTracking(50);
    EcsService whole = Scenarios.ecs().tasks(4, 4, 20).scaling(600, half).build();
    EcsService quarter = Scenarios.ecs().task(0.25, 1).tasks(4, 4, 20).scaling(600, half).build();
    TrialOutcome[] o = new TrialOutcome[1];

    assertThat(
            EcsServiceScalingTest.changes(six, whole, Duration.ofHours(1), o).stream()
                .filter(c -> c.e().to() > c.e().from()))
        .isEmpty();
    assertThat(o[0].maxInService()).isEqualTo(4);

    List<Scenarios.CapacityChange> c =
        EcsServiceScalingTest.changes(six, quarter, Duration.ofHours(1), o);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).at()).isEqualTo(180.0);
    assertThat(c.get(0).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(
                4, (int) Math.ceil(4 * 60.0 / 50), "60% CPU"));
    assertThat(o[0].maxInService()).isEqualTo(5);
  }

  /**
   * A queue's workers on two fixed Fargate tasks, one message at a time of 50 ms on a whole vCPU: a
   * task of 1 vCPU drains 20 messages a second, a task of 0.25 vCPU 5, so two drain 10. At 12
   * messages a second the backlog grows 2 a second on the small tasks, 7 200 over the hour (to a
   * one-minute step either side), and never builds on the whole ones (40 a second).
   */
  @Test
  void queueWorkersOnQuarterVcpuTasksDrainAQuarterOfWhatAWholeVcpuDrains() {
    EcsService whole =
        EcsQueueWorkersTest.service(EcsQueueWorkersTest.FARGATE, 2, 2, 2, 60, List.of(), 0);
    EcsService quarter = whole.toBuilder().task(new EcsService.Task(0.25, 1, "x86_64")).build();
    StageSummary small =
        EcsQueueWorkersTest.run(
            EcsQueueWorkersTest.arch(quarter, 1), 12, Faults.NONE, Duration.ofHours(1), 1);
    StageSummary big =
        EcsQueueWorkersTest.run(
            EcsQueueWorkersTest.arch(whole, 1), 12, Faults.NONE, Duration.ofHours(1), 1);
    assertThat((double) small.peaks().get("queue.maxBacklog"))
        .isCloseTo(2 * 3600.0, within(2 * 2 * 60.0));
    assertThat(big.peaks().getOrDefault("queue.maxBacklog", 0L)).isZero();
  }
}
