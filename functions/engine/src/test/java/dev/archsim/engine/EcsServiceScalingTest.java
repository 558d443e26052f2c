package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.component.EcsComponent;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ECS Service Auto Scaling in whole trials, against the decisions its policies give by hand.
 *
 * <p>Four Fargate tasks of 1 vCPU behind an ALB, 30 requests per second of 100 ms of CPU: each task
 * gets 7.5 requests a second and is 75 % busy (an M/M/1 queue whose clients give up after 10 s
 * loses almost nothing at ρ = 0.75), and the target group receives 1 800 requests a minute, 450 per
 * target. A task takes 300 s to start plus 5..10 s of health checks. One datapoint a minute; target
 * tracking scales out on the third consecutive datapoint above the target to ceil(current × metric
 * / target), step scaling on its evaluation periods by the step's adjustment, and neither adds more
 * until the service's scale-out cooldown has passed since the last scale-out.
 */
class EcsServiceScalingTest {
  static final double RPS = 30;

  static EcsService service(ComputeTier.ScalingPolicy policy, double cooldownSeconds) {
    return Scenarios.ecs().tasks(4, 2, 20).scaling(cooldownSeconds, policy).build();
  }

  static List<Scenarios.CapacityChange> changes(EcsService s, TrialOutcome[] outcome) {
    return changes(Scenarios.cpuOnly(RPS, 100), s, Duration.ofHours(1), outcome);
  }

  static List<Scenarios.CapacityChange> changes(
      Workload w, EcsService s, Duration horizon, TrialOutcome[] outcome) {
    return Scenarios.capacityChanges(
        ScalingPoliciesTest.scenario(w, Scenarios.ecsBehindAlb(s, 0), Faults.NONE, horizon),
        outcome);
  }

  @Test
  void cpuTargetTrackingScalesToTheTasksTimesCpuOverTheTarget() {
    // target 40 %: the datapoints of 60, 120 and 180 s read 75 %, so at 180 s the service asks for
    // ceil(4 × 75 / 40) = ceil(7.5) = 8 tasks. On 8 tasks each is 37.5 % busy: below the target,
    // above the scale-in threshold 0.9 × 40 = 36 %, so 8 it stays (the cooldown of 600 s passes
    // only after the new tasks are in service, at 480..490 s)
    TrialOutcome[] o = new TrialOutcome[1];
    List<Scenarios.CapacityChange> c = changes(service(new ComputeTier.TargetTracking(40), 600), o);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).at()).isEqualTo(180.0);
    assertThat(c.get(0).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(
                4, (int) Math.ceil(4 * 75.0 / 40), "75% CPU"));
    assertThat(o[0].maxInService()).isEqualTo(8);
  }

  @Test
  void theScaleOutCooldownHoldsTheNextScaleOutUntilItHasPassed() {
    // the same policy with the default cooldown, 300 s: the 8 tasks asked for at 180 s are still
    // starting when the cooldown ends at 480 s, so the minute before reads 75 % on the 4 old ones
    // again (three datapoints above the target since 360 s, held back by the cooldown until then)
    // and the service asks for ceil(8 × 75 / 40) = 15: target tracking counts the tasks starting
    TrialOutcome[] o = new TrialOutcome[1];
    List<Scenarios.CapacityChange> c =
        changes(
            service(
                new ComputeTier.TargetTracking(40), EcsService.DEFAULT_SCALE_OUT_COOLDOWN_SECONDS),
            o);
    assertThat(c).hasSizeGreaterThanOrEqualTo(2);
    assertThat(c.get(0).at()).isEqualTo(180.0);
    assertThat(c.get(0).e().to()).isEqualTo(8);
    assertThat(c.get(1).at()).isEqualTo(180.0 + EcsService.DEFAULT_SCALE_OUT_COOLDOWN_SECONDS);
    assertThat(c.get(1).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(
                8, (int) Math.ceil(8 * 75.0 / 40), "75% CPU"));
  }

  @Test
  void albRequestCountPerTargetScalesToTheMinutesRequestsOverTheTarget() {
    // 1 800 requests a minute, 450 per target; target 240: at 180 s ceil(1 800 / 240) = 8 tasks,
    // 225 per target once they serve: below 240, above 0.9 × 240 = 216, so 8 it stays
    TrialOutcome[] o = new TrialOutcome[1];
    List<Scenarios.CapacityChange> c =
        changes(service(new ComputeTier.RequestCountTracking(240), 600), o);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).at()).isEqualTo(180.0);
    assertThat(c.get(0).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(
                4, (int) Math.ceil(60 * RPS / 240), "450 requests per target"));
    assertThat(o[0].maxInService()).isEqualTo(8);
  }

  @Test
  void stepScalingAddsTheAdjustmentOfTheStepTheBreachFallsInAnOpenLastStepIncluded() {
    // above 50 % for 2 periods: +1 task for a breach in [0, 20) points, +3 from 20 up (no upper
    // bound). 75 % is 25 points past: at 120 s 4 + 3 = 7 tasks; on 7 each is 30/7/10 = 43 % busy,
    // below the threshold, so nothing more
    ComputeTier.StepScaling step =
        new ComputeTier.StepScaling(
            true,
            50,
            List.of(
                new ComputeTier.Step(0, 20, 1),
                new ComputeTier.Step(20, ComputeTier.OPEN_UPPER, 3)),
            60,
            2);
    TrialOutcome[] o = new TrialOutcome[1];
    List<Scenarios.CapacityChange> c = changes(service(step, 600), o);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).at()).isEqualTo(120.0);
    assertThat(c.get(0).e())
        .isEqualTo(new InfrastructureEvent.DesiredCapacityChanged(4, 7, "75% CPU"));
    assertThat(o[0].maxInService()).isEqualTo(7);
  }

  @Test
  void scalingOutAndInKeepsTheFargateBaseOnDemandAndTheSpotShareAboveIt() {
    // FARGATE base 4 weight 1, FARGATE_SPOT weight 3, no interruptions; 20 requests a second (50 %
    // of 4 tasks at a 50 % target), tripled from 1 h to 2 h: the service scales out and back in to
    // 4. Without a deregistration delay every change of the desired count n changes the tasks
    // billed at once, round(3/4 × (n − 4)) of them spot; summed over the trial's capacity changes
    // that is the spot and on-demand task-seconds billed (whole seconds), and back at 4 tasks all
    // four are on demand again
    EcsService s =
        Scenarios.ecs()
            .providers(
                Scenarios.provider("FARGATE", 4, 1), Scenarios.provider("FARGATE_SPOT", 0, 3))
            .tasks(4, 4, 40)
            .startSeconds(60)
            .scaling(180, new ComputeTier.TargetTracking(50))
            .build();
    dev.archsim.engine.model.ShapedPattern tripled =
        new dev.archsim.engine.model.ShapedPattern(
            null,
            null,
            null,
            0,
            List.of(),
            List.of(
                new dev.archsim.engine.model.ShapedPattern.Step(3600, 3),
                new dev.archsim.engine.model.ShapedPattern.Step(7200, 1.0 / 3)));
    double horizon = 4 * 3600;
    TrialOutcome[] o = new TrialOutcome[1];
    List<Scenarios.CapacityChange> c =
        changes(Scenarios.cpuOnly(20, 100, tripled), s, Duration.ofHours(4), o);
    assertThat(c).hasSizeGreaterThanOrEqualTo(2);
    assertThat(c.get(c.size() - 1).e().to()).isEqualTo(4);
    double spot = 0;
    double onDemand = 0;
    double from = 0;
    int n = 4;
    for (Scenarios.CapacityChange x : c) {
      long spotTasks = Math.round(0.75 * (n - 4));
      spot += spotTasks * (x.at() - from);
      onDemand += (n - spotTasks) * (x.at() - from);
      from = x.at();
      n = x.e().to();
    }
    long spotTasks = Math.round(0.75 * (n - 4));
    spot += spotTasks * (horizon - from);
    onDemand += (n - spotTasks) * (horizon - from);
    assertThat(o[0].instanceSeconds().get("fargate.1vcpu-2gb/spot").doubleValue())
        .isCloseTo(spot, org.assertj.core.data.Offset.offset(1.0));
    assertThat(o[0].instanceSeconds().get("fargate.1vcpu-2gb/on-demand").doubleValue())
        .isCloseTo(onDemand, org.assertj.core.data.Offset.offset(1.0));
    assertThat(onDemand).isGreaterThan(4 * horizon); // some tasks above the base on demand
  }

  @Test
  void onEc2CapacityAStepOfTasksIsTheInstancesThatHoldThem() {
    // 2 tasks of 1 vCPU / 2 GB fit on an m5.large (2 vCPU, 8 GiB): a step of +3 tasks is
    // ceil(3 / 2) = 2 instances
    EcsService s =
        Scenarios.ecs()
            .providers(new EcsService.Provider("EC2", 0, 1, "m5.large"))
            .tasks(4, 2, 20)
            .startSeconds(60)
            .scaling(
                300,
                new ComputeTier.StepScaling(
                    true, 50, List.of(new ComputeTier.Step(0, ComputeTier.OPEN_UPPER, 3)), 60, 2))
            .build();
    ComputeTier t = EcsComponent.fleet(s, Scenarios.ECS_AZS);
    assertThat(t.autoScaling().desired()).isEqualTo(2);
    assertThat(((ComputeTier.StepScaling) t.autoScaling().policies().get(0)).steps().get(0))
        .isEqualTo(new ComputeTier.Step(0, ComputeTier.OPEN_UPPER, 2));
  }
}
