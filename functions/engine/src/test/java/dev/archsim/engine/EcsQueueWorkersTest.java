package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.Scenarios.CapacityChange;
import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.component.QueueComponent;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.RunSummary;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A queue's workers as an ECS service (queue.workers.ecs) against what the service's mechanics give
 * by hand: its tasks are the container service's fleet (Service Auto Scaling on the backlog per
 * task, the task start as the boot, Fargate Spot above the base at its discount, rolling
 * deployments within the service's bounds), each task draining concurrency × 1000 / messageMs
 * messages a second. The stage's entry is an ALB whose checks (10 s, healthy threshold 2) a new
 * task passes 10 to 20 s after its start.
 */
class EcsQueueWorkersTest {
  static final double HEALTHY_MIN = 10;
  static final double HEALTHY_MAX = 20;

  /** Fargate tasks of 1 vCPU, 2 GB on these providers, min..max from desired, these policies. */
  static EcsService service(
      List<EcsService.Provider> providers,
      int min,
      int desired,
      int max,
      double startSeconds,
      List<ComputeTier.ScalingPolicy> policies,
      double spotInterruptionsPerMonth) {
    return EcsService.builder()
        .name("workers")
        .task(new EcsService.Task(1, 2, "x86_64"))
        .providers(providers)
        .desired(desired)
        .min(min)
        .max(max)
        .startSeconds(startSeconds)
        .healthCheckGraceSeconds(0)
        .policies(policies)
        .scaleOutCooldownSeconds(180)
        .deployment(new EcsService.Deployment(100, 200))
        .spotDiscount(0.67)
        .spotInterruptionsPerMonth(spotInterruptionsPerMonth)
        .build();
  }

  static final List<EcsService.Provider> FARGATE =
      List.of(new EcsService.Provider("FARGATE", 0, 1, null));

  /** Tasks working one message at a time, 50 ms each: 20 msg/s a task. */
  static Architecture arch(EcsService s, int batchSize) {
    return QueueWorkersTest.arch(
        QueueWorkersTest.queue(
            new AsyncQueue.Workers(
                new ComputeTier("workers", "", java.util.Map.of()), 1, 50, 1, s, batchSize)));
  }

  static StageSummary run(Architecture a, double messages, Faults f, Duration horizon, int trials) {
    Scenario sc =
        Scenarios.oneStage(
            new RunSettings(
                horizon, Duration.ofMinutes(1), trials, 5, RunSettings.InitialState.ALL_HEALTHY),
            TiersTest.workload(QueueWorkersTest.rpsFor(messages), 0, 1),
            a,
            f);
    return RunSummary.of(sc, List.of(new Simulator().simulate(sc, new Shard(0, 0, 0, trials))))
        .stages()
        .get(0);
  }

  @Test
  void serviceAutoScalingTracksTheBacklogPerTaskAndTheTasksStartInTheServicesStartTime() {
    // λ = 100 msg/s on one task (20 msg/s): the backlog grows 80 a second; the third datapoint,
    // at 180 s, reads 14 400 messages per task against the target of 600: ceil(14 400 / 600) = 24
    // tasks, which serve after the task start and the checks, the backlog growing meanwhile
    List<ComputeTier.ScalingPolicy> backlog = List.of(new ComputeTier.BacklogTracking(600));
    Architecture quick = arch(service(FARGATE, 1, 1, 50, 60, backlog, 0), 1);
    Scenario s = QueueWorkersTest.scenario(quick, 100, Faults.NONE, Duration.ofHours(1));
    TrialOutcome[] outcome = new TrialOutcome[1];
    List<CapacityChange> changes = Scenarios.capacityChanges(s, outcome);
    assertThat(changes.get(0).at()).isEqualTo(180.0);
    assertThat(changes.get(0).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(1, 24, "14400 messages per instance"));
    assertThat(outcome[0].peaks().get("workers.maxInService")).isGreaterThanOrEqualTo(24L);
    // a ten times longer task start (600 s instead of 60) leaves the backlog growing 80 a second
    // for 540 s more before the new tasks drain it (to a one-minute step either side)
    Architecture slow = arch(service(FARGATE, 1, 1, 50, 600, backlog, 0), 1);
    double quickPeak =
        run(quick, 100, Faults.NONE, Duration.ofHours(1), 1).peaks().get("queue.maxBacklog");
    double slowPeak =
        run(slow, 100, Faults.NONE, Duration.ofHours(1), 1).peaks().get("queue.maxBacklog");
    assertThat(slowPeak - quickPeak).isCloseTo(80 * 540.0, within(80 * 60.0));
    // the quick service's peak: 80 a second from 0 to its tasks' start and checks after 180 s
    assertThat(quickPeak)
        .isBetween(
            80 * (180 + 60 + HEALTHY_MIN) - 80 * 60.0, 80 * (180 + 60 + HEALTHY_MAX) + 80 * 60.0);
  }

  @Test
  void fargateSpotAboveTheBaseIsBilledAtItsDiscountAndTheBaseOnFargate() {
    // five tasks, a FARGATE base of 1 and the rest 1 : 3 FARGATE : FARGATE_SPOT: round(0.75 × 4)
    // = 3 on Fargate Spot at 67 % off, 2 on Fargate; no interruption
    List<EcsService.Provider> mix =
        List.of(
            new EcsService.Provider("FARGATE", 1, 1, null),
            new EcsService.Provider("FARGATE_SPOT", 0, 3, null));
    Architecture a = arch(service(mix, 5, 5, 5, 60, List.of(), 0), 1);
    StageSummary r = run(a, 10, Faults.NONE, Duration.ofHours(1), 1);
    double hourly = Catalog.onDemandUsd("us-east-1", "fargate.1vcpu-2gb");
    assertThat(
            r.costByComponentUsd()
                .get("fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)"))
        .isCloseTo(2 * hourly * 730, within(0.01));
    assertThat(
            r.costByComponentUsd().get("fargate:workers (fargate.1vcpu-2gb spot, queue workers)"))
        .isCloseTo(3 * hourly * (1 - 0.67) * 730, within(0.01));
  }

  @Test
  void anInterruptedSpotTaskBillsThroughItsWarningWhileItsReplacementStarts() {
    // three Fargate Spot tasks above a FARGATE base of 1, each interrupted 1000 times a month: N =
    // 3 × 1000 × day / month interruptions a day on average; each interrupted task drains for its
    // 2-minute warning while its replacement starts at once, so the service bills 4 × day + 120 ×
    // N task-seconds (spot and on demand together: a replacement still starting when another
    // interruption comes can leave the zone's count with one spot task fewer than it runs)
    List<EcsService.Provider> mix =
        List.of(
            new EcsService.Provider("FARGATE", 1, 1, null),
            new EcsService.Provider("FARGATE_SPOT", 0, 1000, null));
    int trials = 20;
    Architecture a = arch(service(mix, 4, 4, 4, 60, List.of(), 1000), 1);
    StageSummary r = run(a, 10, Faults.NONE, Duration.ofDays(1), trials);
    double day = 86_400;
    double month = 730 * 3600;
    double interruptions = 3 * 1000 * day / month;
    double hourly = Catalog.onDemandUsd("us-east-1", "fargate.1vcpu-2gb");
    double toSeconds = 3600 * day / month;
    double taskSeconds =
        r.costByComponentUsd().get("fargate:workers (fargate.1vcpu-2gb spot, queue workers)")
                / (hourly * (1 - 0.67))
                * toSeconds
            + r.costByComponentUsd()
                    .get("fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)")
                / hourly
                * toSeconds;
    assertThat((taskSeconds - 4 * day) / 120)
        .isCloseTo(interruptions, within(0.08 * interruptions));
    // and without interruptions exactly the four tasks all day
    StageSummary calm =
        run(
            arch(service(mix, 4, 4, 4, 60, List.of(), 0), 1),
            10,
            Faults.NONE,
            Duration.ofDays(1),
            1);
    assertThat(
            calm.costByComponentUsd()
                    .get("fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)")
                / hourly
                * toSeconds)
        .isCloseTo(day, within(1.0));
  }

  @Test
  void aDeploymentAtMinimumHealthy50HalvesTheTasksForTwoStartsAndTheBacklogGrowsMeanwhile() {
    // four tasks (80 msg/s) against λ = 60: a deployment at 50 % / 100 % stops two and starts two
    // (40 msg/s for a start S = 300 s and the checks), then the other two: the backlog grows 20 a
    // second for two starts, 2 × 20 × (300 + 10..20) messages, then drains at 20 a second
    EcsService s = service(FARGATE, 4, 4, 4, 300, List.of(), 0);
    Architecture a = arch(s, 1);
    Faults deploy =
        new Faults(
            null, null, List.of(new QueueComponent.WorkerDeployment(Duration.ofHours(1), 50, 100)));
    StageSummary half = run(a, 60, deploy, Duration.ofHours(3), 1);
    assertThat(half.peaks().get("queue.maxBacklog"))
        .isBetween(
            (long) (2 * 20 * (300 + HEALTHY_MIN) - 20 * 60),
            (long) (2 * 20 * (300 + HEALTHY_MAX) + 20 * 60));
    // at the service's 100 % / 200 % four new tasks start beside the old ones: nothing waits, and
    // four tasks more are billed for a start and the checks
    Faults full =
        new Faults(
            null,
            null,
            List.of(new QueueComponent.WorkerDeployment(Duration.ofHours(1), null, null)));
    StageSummary whole = run(a, 60, full, Duration.ofHours(3), 1);
    StageSummary none = run(a, 60, Faults.NONE, Duration.ofHours(3), 1);
    assertThat(whole.peaks().getOrDefault("queue.maxBacklog", 0L)).isZero();
    double hourly = Catalog.onDemandUsd("us-east-1", "fargate.1vcpu-2gb");
    double monthPerRun = 730 / 3.0;
    double extraTaskSeconds =
        (whole
                    .costByComponentUsd()
                    .get("fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)")
                - none.costByComponentUsd()
                    .get("fargate:workers (fargate.1vcpu-2gb on-demand, queue workers)"))
            / hourly
            / monthPerRun
            * 3600;
    assertThat(extraTaskSeconds).isBetween(4 * (300 + HEALTHY_MIN), 4 * (300 + HEALTHY_MAX));
  }

  @Test
  void onEc2CapacityTheBacklogTargetPerTaskIsTrackedPerInstanceOfItsTasks() {
    // m5.xlarge (4 vCPU, 16 GiB) holds four 1 vCPU / 2 GB tasks: a target of 600 per task is
    // 2400 per instance, and an instance drains four tasks' messages
    EcsService s =
        service(
            List.of(new EcsService.Provider("EC2", 0, 1, "m5.xlarge")),
            4,
            8,
            40,
            60,
            List.of(new ComputeTier.BacklogTracking(600)),
            0);
    AsyncQueue.Workers w =
        new AsyncQueue.Workers(new ComputeTier("workers", "", java.util.Map.of()), 1, 50, 1, s, 1);
    ComputeTier f = QueueComponent.placed(w, List.of("us-east-1a", "us-east-1b"));
    assertThat(f.instanceType()).isEqualTo("m5.xlarge");
    assertThat(f.totalInstances()).isEqualTo(2);
    assertThat(f.autoScaling().policies()).containsExactly(new ComputeTier.BacklogTracking(2400));
    assertThat(f.autoScaling().min()).isEqualTo(1);
    assertThat(f.autoScaling().max()).isEqualTo(10);
  }
}
