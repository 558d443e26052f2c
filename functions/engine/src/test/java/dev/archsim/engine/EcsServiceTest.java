package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.queueing.MmcdQueue;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An ECS service's rolling deployments against what the ECS scheduler's bounds give by hand.
 *
 * <p>Four Fargate tasks of 1 vCPU behind an ALB (random routing: each task an M/M/1 queue whose
 * clients give up after 10 s), 30 requests per second of 100 ms of CPU (10 per second a task): on
 * four tasks each runs at 75 % and nothing fails. A deployment at one hour with tasks that take 300
 * s to start and 5 to 10 s of health checks (interval 5 s, healthy threshold 2: a uniform phase of
 * up to one interval, then one more):
 *
 * <ul>
 *   <li>minimum healthy 50 %, maximum 100 %: two tasks stopped, two started; when they are healthy
 *       the other two. The service runs on 2 tasks (15 req/s each, 150 % of a task) for two starts
 *       and their checks, 2 × (300 + 5..10) s, except while one of a batch is healthy before the
 *       other (3 tasks, ≤ 5 s a batch): overload = 30 × P(timeout | M/M/1+D at 15 req/s) × 610..620
 *       s;
 *   <li>100 % / 200 % (ECS's defaults): four new tasks start beside the old ones, which stop once
 *       the new ones are healthy: nothing fails, and 4 × (300 + 5..10) task-seconds more are
 *       billed.
 * </ul>
 */
class EcsServiceTest {
  static final double RPS = 30;
  static final double MU = 10; // 100 ms of CPU on one vCPU
  static final double TIMEOUT_S = 10;
  static final double START_S = Scenarios.ECS_START_SECONDS;
  static final int TRIALS = 40;

  static EcsService service(int minHealthy, int max) {
    return Scenarios.ecs().deployment(minHealthy, max).spotInterruptionsPerMonth(0.05).build();
  }

  static Architecture arch(EcsService s) {
    return Scenarios.ecsBehindAlb(s, 0);
  }

  static StageSummary deployAtOneHour(EcsService s) {
    return run(s, List.of(new EcsComponent.Deployment(Duration.ofHours(1), null, null)));
  }

  static StageSummary run(EcsService s, List<Faults.ScheduledFault> scheduled) {
    Scenario sc = scenario(arch(s), scheduled);
    return RunSummary.of(sc, List.of(new Simulator().simulate(sc, new Shard(0, 0, 0, TRIALS))))
        .stages()
        .get(0);
  }

  static Scenario scenario(Architecture a, List<Faults.ScheduledFault> scheduled) {
    Workload w = Scenarios.cpuOnly(RPS, 1000 / MU); // times out after TIMEOUT_S
    return Scenarios.oneStage(
        new RunSettings(
            Duration.ofHours(2),
            Duration.ofSeconds(1),
            TRIALS,
            7,
            RunSettings.InitialState.ALL_HEALTHY),
        w,
        a,
        new Faults(null, null, scheduled));
  }

  static double overloadPerTrial(StageSummary s) {
    return s.failedByCause().getOrDefault("overload", 0L) / (double) TRIALS;
  }

  @Test
  void theDerivedFleetIsTheTasksSpreadOverTheAzsWithTheStartAsBootTime() {
    ComputeTier t = EcsComponent.fleet(service(100, 200), Scenarios.ECS_AZS);
    assertThat(t.instanceType()).isEqualTo("fargate.1vcpu-2gb");
    assertThat(t.placement()).containsEntry("us-east-1a", 2).containsEntry("us-east-1b", 2);
    assertThat(t.autoScaling().bootSeconds()).isEqualTo(START_S);
    assertThat(t.autoScaling().desired()).isEqualTo(4);
  }

  @Test
  void aCopyChangesOnlyWhatItSetsAndTheBoundsFollowTheOrchestrator() {
    EcsService s = spotService(50, 100);
    assertThat(s.toBuilder().build()).isEqualTo(s);
    EcsService named = s.named("workers");
    assertThat(named.name()).isEqualTo("workers");
    assertThat(named).isNotEqualTo(s);
    assertThat(named.toBuilder().name(s.name()).build()).isEqualTo(s);
    EcsService.Task task = new EcsService.Task(0.5, 1, "arm64");
    EcsService eks = EcsService.builder().orchestrator("eks").task(task).desired(3).build();
    assertThat(eks.deployment()).isEqualTo(new EcsService.Deployment(75, 125));
    assertThat(List.of(eks.min(), eks.desired(), eks.max())).containsExactly(3, 3, 3);
    assertThat(EcsService.builder().task(task).build().deployment())
        .isEqualTo(new EcsService.Deployment(100, 200));
  }

  @Test
  void aDeployAtMinimumHealthy50HalvesTheCapacityForTwoTaskStartsAndOverloadsAsComputedByHand() {
    double onTwo = new MmcdQueue(1, MU, RPS / 2, TIMEOUT_S).timeoutFraction();
    double onThree = new MmcdQueue(1, MU, RPS / 3, TIMEOUT_S).timeoutFraction();
    // two batches, each on 2 tasks for 300 s + the first new task's checks (5..10 s) and on 3 tasks
    // until the second's (at most 5 s more)
    double lower = RPS * onTwo * 2 * (START_S + 5);
    double upper = RPS * onTwo * 2 * (START_S + 10) + RPS * onThree * 2 * 5;
    assertThat(onTwo).isBetween(0.33, 0.36); // fluid bound 1 - 10/15 = 1/3, plus waits past 10 s

    double overload = overloadPerTrial(deployAtOneHour(service(50, 100)));

    assertThat(overload).isBetween(lower, upper);
  }

  @Test
  void aDeployAtTheDefaultBoundsLosesNoCapacityAndBillsTheNewTasksBesideTheOld() {
    StageSummary none = deployAtOneHour(service(100, 200));
    assertThat(overloadPerTrial(none)).isLessThan(1e-3);
    double taskHours =
        none.instanceHoursPerTrial().values().stream().mapToDouble(Double::doubleValue).sum();
    // 4 tasks for 2 h, plus 4 new tasks overlapping the old for a start and the batch's checks
    assertThat(taskHours).isBetween(8 + 4 * (START_S + 5) / 3600, 8 + 4 * (START_S + 10) / 3600);
  }

  @Test
  void fargateSpotAboveTheBaseIsBilledAtItsDiscount() {
    // 4 tasks, FARGATE base 2 then FARGATE and FARGATE_SPOT 1:1: one task of the 2 above the base
    // on Fargate Spot (no interruptions here), 67 % off
    EcsService s =
        Scenarios.ecs()
            .providers(
                Scenarios.provider("FARGATE", 2, 1), Scenarios.provider("FARGATE_SPOT", 0, 1))
            .build();
    StageSummary r = run(s, List.of());
    double onDemand = r.costByComponentUsd().get("fargate:app (fargate.1vcpu-2gb on-demand)");
    double spot = r.costByComponentUsd().get("fargate:app (fargate.1vcpu-2gb spot)");
    // 1 spot task at 33 % of the price of 3 on demand (a deployment may leave another split: ECS
    // places the new tasks by the strategy with the old ones still counted)
    assertThat(spot / onDemand).isCloseTo(0.33 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  /**
   * Six tasks, FARGATE base 2 weight 1 and FARGATE_SPOT weight 3, without interruptions: the
   * strategy puts round(3/4 × (n − 2)) of n tasks on Fargate Spot (3 of 6), whatever the tasks are
   * doing, so a deployment leaves the split as it was.
   */
  static EcsService spotService(int minHealthy, int max) {
    return Scenarios.ecs()
        .providers(Scenarios.provider("FARGATE", 2, 1), Scenarios.provider("FARGATE_SPOT", 0, 3))
        .tasks(6)
        .deployment(minHealthy, max)
        .build();
  }

  static double hours(StageSummary r, String purchase) {
    return r.instanceHoursPerTrial().getOrDefault("fargate.1vcpu-2gb/" + purchase, 0.0);
  }

  @Test
  void aDeploymentAtMinimumHealthy50KeepsTheStrategysSpotShareOfTheTasks() {
    // no deregistration delay: the 3 tasks stopped by a batch stop billing at once and its 3 new
    // ones start billing at once, so 6 tasks are billed throughout, 3 of them spot (round(3/4 ×
    // 4)); over 2 h that is 6 spot task-hours and 6 on-demand ones, as without the deployment
    StageSummary none = run(spotService(50, 100), List.of());
    StageSummary deployed = deployAtOneHour(spotService(50, 100));
    org.assertj.core.data.Offset<Double> halfSecond =
        org.assertj.core.data.Offset.offset(0.5 / 3600);
    assertThat(hours(none, "spot")).isCloseTo(6, halfSecond);
    assertThat(hours(none, "on-demand")).isCloseTo(6, halfSecond);
    assertThat(hours(deployed, "spot")).isCloseTo(6, halfSecond);
    assertThat(hours(deployed, "on-demand")).isCloseTo(6, halfSecond);
    // cost arithmetic: a spot task-hour at 33 % of Fargate's price for the task, as many of each
    double onDemandUsd =
        deployed.costByComponentUsd().get("fargate:app (fargate.1vcpu-2gb on-demand)");
    double spotUsd = deployed.costByComponentUsd().get("fargate:app (fargate.1vcpu-2gb spot)");
    assertThat(spotUsd / onDemandUsd)
        .isCloseTo(1 - 0.67, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(onDemandUsd)
        .isCloseTo(
            none.costByComponentUsd().get("fargate:app (fargate.1vcpu-2gb on-demand)"),
            org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aDeploymentAtTheDefaultBoundsSplitsItsExtraTasksByTheStrategy() {
    // 100 % / 200 %: six new tasks start beside the six old ones, one at a time by the strategy:
    // 7 to 12 running want round(3/4 × (n − 2)) = 4, 5, 5, 6, 7, 8 on spot, so five of the new
    // ones are spot and one is on demand; when the new ones are healthy the old ones stop, and
    // the 6 left hold 3 spot again. The extra task-hours (a start and the checks, 305..310 s each)
    // are 5 spot to 1 on demand.
    StageSummary r = deployAtOneHour(spotService(100, 200));
    double extraSpot = hours(r, "spot") - 6;
    double extraOnDemand = hours(r, "on-demand") - 6;
    assertThat(extraSpot + extraOnDemand).isBetween(6 * 305 / 3600.0, 6 * 310 / 3600.0);
    // a trial's instance-seconds are whole: each figure within half a second of the exact one
    double halfSecond = 0.5 / 3600;
    assertThat(extraSpot)
        .isCloseTo(5 * extraOnDemand, org.assertj.core.data.Offset.offset(6 * halfSecond));
  }

  /** The messages of the findings about the service named "app" in the stage of {@code a}. */
  static List<String> findings(Architecture a) {
    return StaticAnalyzer.analyze(scenario(a, List.of()), 0).stream()
        .filter(f -> f.component().equals("app"))
        .map(Finding::message)
        .toList();
  }

  @Test
  void theFindingsOfASpotServiceSayItsDeploymentsShortfallItsSpotShareAndItsDrainTime() {
    // six tasks, all on Fargate Spot; deployments at 75 % / 125 %: 5 healthy, 7 running at most,
    // so 2 tasks replaced at a time in 3 batches; a deregistration delay of 300 s
    EcsService s =
        Scenarios.ecs()
            .providers(Scenarios.provider("FARGATE_SPOT", 0, 1))
            .tasks(6)
            .deployment(75, 125)
            .spotInterruptionsPerMonth(0.05)
            .build();
    assertThat(findings(Scenarios.ecsBehindAlb(s, 300)))
        .contains(
            "a deployment at minimumHealthyPercent 75 serves on 5 of 6 tasks (83.33 % of the"
                + " capacity) for 3 batches of a task start and its health checks; at load above"
                + " 83.33 % of capacity it overloads: keep the minimum at 100 % and the maximum"
                + " above it, so that new tasks start before old ones stop",
            "100 % of the tasks on Fargate Spot and no Fargate base: when Spot capacity is"
                + " reclaimed or short, nothing guarantees a task; give FARGATE a base",
            "deregistration delay 300 s is longer than Fargate Spot's 2-minute warning: an"
                + " interrupted task stops before it has drained; set it below 120 s");
    // at the default bounds, with a delay within the warning: none of them
    EcsService defaults = service(100, 200);
    assertThat(findings(Scenarios.ecsBehindAlb(defaults, 60)))
        .noneMatch(m -> m.contains("deployment") || m.contains("Spot") || m.contains("delay"));
  }

  @Test
  void tasksThatLeaveEc2CapacityUnreservedAreACostFinding() {
    // tasks of 0.75 vCPU and 1 GB on m5.large (2 vCPU, 8 GiB): 2 fit, 0.5 vCPU is left over
    EcsService s =
        Scenarios.ecs()
            .task(0.75, 1)
            .providers(new EcsService.Provider("EC2", 0, 1, "m5.large"))
            .spotInterruptionsPerMonth(0.05)
            .build();
    assertThat(findings(arch(s)))
        .contains(
            "2 tasks of 0.75 vCPU on each m5.large leave 0.5 of its 2 vCPU unreserved (billed, not"
                + " used by the service)");
  }

  /**
   * On EC2 capacity the unit is the instance: four tasks of 1 vCPU / 2 GB fit two to an m5.large (2
   * vCPU, 8 GiB), so the service runs on ceil(4 / 2) = 2 instances, one in each AZ, billed as
   * m5.large for the two hours. Losing the one in us-east-1a at 1 h loses its two tasks: until the
   * target group's checks catch it (2 failed checks at 5 s with a 2 s timeout: 7 to 12 s) half the
   * requests go to it and fail; then the other instance (an M/M/2 queue of 10 a second a vCPU)
   * takes all 30 a second and loses what waits past 10 s, until the group's replacement has booted
   * (120 s, the Auto Scaling default), started its tasks (300 s) and passed 2 checks (5 to 10 s).
   */
  @Test
  void onEc2CapacityAnInstanceHoldsItsTasksAndItsReplacementBootsThenStartsThem() {
    EcsService s =
        Scenarios.ecs()
            .task(1, 2)
            .providers(new EcsService.Provider("EC2", 0, 1, "m5.large"))
            .tasks(4)
            .deployment(100, 200)
            .spotInterruptionsPerMonth(0.05)
            .build();
    assertThat(s.tasksPerInstance(2, 8)).isEqualTo(2);
    StageSummary r = run(s, List.of(new Faults.InstanceFailure(Duration.ofHours(1), "us-east-1a")));
    assertThat(r.instancesMax()).isEqualTo(2);
    assertThat(r.instancesMin()).isEqualTo(1);
    double boot = ComputeTier.DEFAULT_BOOT_SECONDS;
    assertThat(boot).isEqualTo(120);
    double detect = r.meanDetectionSeconds();
    assertThat(detect).isBetween(7.0, 12.0);
    double recovery = r.meanRecoverySeconds();
    assertThat(recovery).isBetween(detect + boot + START_S + 5, detect + boot + START_S + 10);
    // half the traffic until detection, unhealthy-target
    assertThat(r.failedByCause().get("unhealthy-target") / (double) TRIALS)
        .isCloseTo(RPS / 2 * detect, org.assertj.core.data.Offset.offset(RPS / 2 * 1.0));
    // then all of it on one instance's two vCPUs, overloaded, until the replacement serves
    double onOne = new MmcdQueue(2, MU, RPS, TIMEOUT_S).timeoutFraction();
    assertThat(onOne).isBetween(1 - 20 / RPS, 1 - 20 / RPS + 0.05); // fluid bound 1/3
    assertThat(overloadPerTrial(r))
        .isBetween(
            RPS * onOne * (boot + START_S + 5) * 0.97, RPS * onOne * (boot + START_S + 10) * 1.03);
    // billed as instances, not tasks: two m5.large for two hours, less at most the lost one's
    // time until its replacement launched
    double hours = r.instanceHoursPerTrial().get("m5.large/on-demand");
    assertThat(hours).isBetween(4 - 12.0 / 3600, 4.0);
    assertThat(r.instanceHoursPerTrial()).containsOnlyKeys("m5.large/on-demand");
  }

  @Test
  void aDeployAtMinimumHealthyZeroTakesTheServiceDownForAStart() {
    StageSummary down = deployAtOneHour(service(0, 100));
    long failed = down.requestsFailed() / TRIALS;
    // every request fails from the stop until the first new task is healthy (300 + 5..10 s), then
    // the service runs short of tasks until the last one's checks (at most 5 s more)
    assertThat(failed)
        .isBetween((long) (RPS * (START_S + 5)) - 1, (long) (RPS * (START_S + 10 + 5)));
  }
}
