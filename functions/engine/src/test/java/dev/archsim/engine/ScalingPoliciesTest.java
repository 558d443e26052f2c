package dev.archsim.engine;

import static dev.archsim.engine.Scenarios.capacityChanges;
import static org.assertj.core.api.Assertions.assertThat;

import dev.archsim.engine.Scenarios.CapacityChange;
import dev.archsim.engine.findings.StaticAnalyzer;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.AsyncQueue;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.ShapedPattern;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.TrialOutcome;
import dev.archsim.engine.sim.InfrastructureEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The target-tracking policies on ALB requests per target and on an SQS queue's backlog per
 * instance, in whole trials, against the capacity and the moment their alarms give by hand: one
 * datapoint a minute, scale-out on the third consecutive one above the target (not while the last
 * scale-out warms up), scale-in on the fifteenth below 90 % of it.
 */
class ScalingPoliciesTest {
  private static final RequestProfile LIGHT = new RequestProfile(1, 2048, 20, 10_000);

  static Scenario scenario(Workload w, Architecture a, Faults f, Duration horizon) {
    return Scenarios.oneStage(
        new RunSettings(horizon, Duration.ofMinutes(1), 1, 3, RunSettings.InitialState.ALL_HEALTHY),
        w,
        a,
        f);
  }

  static ComputeTier.AutoScaling group(int min, int max, ComputeTier.ScalingPolicy p, double warm) {
    return new ComputeTier.AutoScaling(
        min, max, min, List.of(p), List.of(), "elb", 300, 120, warm, false);
  }

  static Architecture fleet(ComputeTier.AutoScaling asg) {
    return Scenarios.scaled(asg, null, Map.of("us-east-1a", 1, "us-east-1b", 1));
  }

  @Test
  void requestCountPerTargetScalesToTheMinutesRequestsOverTheTargetAndStaysThere() {
    // R = 1010 requests/s, target T = 6000 requests per target per minute: the two targets get
    // 60 600 / 2 = 30 300 each a minute; the third datapoint above T (t = 180 s) sets the capacity
    // to ceil(60 600 / 6000) = ceil(10.1) = 11, where each gets 5509: below T, above 0.9 T (5400)
    double r = 1010;
    double target = 6000;
    int expected = (int) Math.ceil(60 * r / target);
    Scenario s =
        scenario(
            new Workload(r, new TrafficPattern.Constant(), LIGHT),
            fleet(group(2, 40, new ComputeTier.RequestCountTracking(target), 300)),
            Faults.NONE,
            Duration.ofHours(2));
    TrialOutcome[] o = new TrialOutcome[1];
    List<CapacityChange> c = capacityChanges(s, o);
    assertThat(expected).isEqualTo(11);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).at()).isEqualTo(180.0);
    assertThat(c.get(0).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(
                2, expected, "30300 requests per target"));
    assertThat(o[0].maxInService()).isEqualTo(expected);
    assertThat(o[0].failed()).isZero();
  }

  @Test
  void requestCountPerTargetScalesInAfterFifteenMinutesBelowNinetyPercentOfTheTarget() {
    // 1010 requests/s, halved at t = 3600 s: 30 300 a minute over the 11 targets is 2755 each,
    // below 0.9 T; the 15th such minute ends at 3600 + 15 × 60 = 4500 s, and the capacity becomes
    // ceil(30 300 / 6000) = 6 (5050 each: below 0.9 T again, but 6 is what it asks for, so it
    // stays)
    ShapedPattern halved =
        new ShapedPattern(
            null, null, null, 0, List.of(), List.of(new ShapedPattern.Step(3600, 0.5)));
    Scenario s =
        scenario(
            new Workload(1010, halved, LIGHT),
            fleet(group(2, 40, new ComputeTier.RequestCountTracking(6000), 300)),
            Faults.NONE,
            Duration.ofHours(3));
    TrialOutcome[] o = new TrialOutcome[1];
    List<CapacityChange> c = capacityChanges(s, o);
    assertThat(c).hasSize(2);
    assertThat(c.get(1).at()).isEqualTo(3600.0 + 15 * 60);
    assertThat(c.get(1).e())
        .isEqualTo(
            new InfrastructureEvent.DesiredCapacityChanged(11, 6, "2755 requests per target"));
    assertThat(o[0].minInService()).isEqualTo(2);
  }

  @Test
  void aScaleOutWaitsForTheLastOnesWarmUp() {
    // 600 requests/s on 2 targets, T = 6000: 18 000 each, out at 180 s to ceil(36 000 / 6000) = 6.
    // The load triples at 240 s (108 000 a minute): the datapoints stay above T (18 000 per target
    // once the six are in service), three in a row by 360 s, but the warm-up of 900 s holds the
    // next scale-out until 180 + 900 = 1080 s: then ceil(108 000 / 6000) = 18.
    ShapedPattern tripled =
        new ShapedPattern(null, null, null, 0, List.of(), List.of(new ShapedPattern.Step(240, 3)));
    Scenario s =
        scenario(
            new Workload(600, tripled, LIGHT),
            fleet(group(2, 40, new ComputeTier.RequestCountTracking(6000), 900)),
            Faults.NONE,
            Duration.ofHours(1));
    TrialOutcome[] o = new TrialOutcome[1];
    List<CapacityChange> c = capacityChanges(s, o);
    assertThat(c).hasSize(2);
    assertThat(c.get(0).at()).isEqualTo(180.0);
    assertThat(c.get(0).e().to()).isEqualTo(6);
    assertThat(c.get(1).at()).isEqualTo(1080.0);
    assertThat(c.get(1).e().to()).isEqualTo(18);
  }

  /** Whether the stage's "the fleet scales in when load drops" check is met for this group. */
  static boolean scalesIn(ComputeTier.ScalingPolicy p) {
    Scenario s =
        scenario(
            new Workload(100, new TrafficPattern.Constant(), LIGHT),
            fleet(group(2, 40, p, 300)),
            Faults.NONE,
            Duration.ofHours(1));
    return StaticAnalyzer.wellArchitected(s, 0).stream()
        .filter(c -> c.check().equals("the fleet scales in when load drops"))
        .findFirst()
        .orElseThrow()
        .met();
  }

  @Test
  void everyTargetTrackingPolicyMeetsTheScaleInCheck() {
    // target tracking scales in on the fifteenth datapoint below 90 % of its target, whatever the
    // metric: CPU, ALB requests per target and backlog per instance alike
    assertThat(scalesIn(new ComputeTier.TargetTracking(50))).isTrue();
    assertThat(scalesIn(new ComputeTier.RequestCountTracking(6000))).isTrue();
    assertThat(scalesIn(new ComputeTier.BacklogTracking(10_000))).isTrue();
    // a simple policy that only adds never removes
    assertThat(scalesIn(new ComputeTier.SimpleScaling(true, 70, 2, 60, 2, 300))).isFalse();
  }

  @Test
  void backlogPerInstanceFollowsTheQueueThroughAConsumerOutage() {
    // 100 requests/s, one write each: q = 100 (1 − e^-1) = 63.2 messages/s enter the queue; the
    // consumers (200/s) stop for an hour at t0 = 600 s, so the backlog at t is q (t − t0). Two
    // instances, T = 10 000 messages per instance: q (t − t0) / 2 > T from t > t0 + 316 s, i.e.
    // the datapoints of 960, 1020 and 1080 s; at 1080 s the capacity becomes ceil(q 480 / T) = 4.
    // The group keeps following the backlog up to ceil(q 3600 / T) = 23 at most, and once the
    // consumers are back and the queue is empty it scales in to its minimum.
    double q = 100 * (1 - Math.exp(-1));
    double target = 10_000;
    AsyncQueue queue = new AsyncQueue(1.0, 200, 5, 0, 96, 0, false);
    ComputeTier.AutoScaling asg = group(2, 40, new ComputeTier.BacklogTracking(target), 0);
    Architecture a =
        new Architecture(
            "us-east-1",
            TiersTest.AZS,
            Scenarios.alb(10, 2, 2),
            new ComputeTier(
                "web", "m5.large", Map.of("us-east-1a", 1, "us-east-1b", 1), null, null, asg, null),
            TiersTest.rds(true, 0, null, false),
            queue,
            null,
            Map.of());
    Faults outage =
        TiersTest.scheduled(
            new Faults.ConsumerOutage(Duration.ofSeconds(600), Duration.ofHours(1)));
    Scenario s =
        scenario(
            new Workload(
                100,
                new TrafficPattern.Constant(),
                new RequestProfile(10, 2048, 20, 10_000, 0, 0, 1)),
            a,
            outage,
            Duration.ofHours(4));
    TrialOutcome[] o = new TrialOutcome[1];
    List<CapacityChange> c = capacityChanges(s, o);
    assertThat(c.get(0).at()).isEqualTo(1080.0);
    assertThat(c.get(0).e().from()).isEqualTo(2);
    assertThat(c.get(0).e().to()).isEqualTo((int) Math.ceil(q * 480 / target)).isEqualTo(4);
    int peak = c.stream().mapToInt(x -> x.e().to()).max().orElseThrow();
    assertThat(peak)
        .isBetween((int) Math.ceil(q * (3600 - 240) / target), (int) Math.ceil(q * 3600 / target));
    for (CapacityChange x : c) {
      if (x.at() <= 600 + 3600) {
        // while the backlog grows, each decision asks for at most ceil(backlog / T)
        assertThat(x.e().to()).isLessThanOrEqualTo((int) Math.ceil(q * (x.at() - 600) / target));
      }
    }
    assertThat(c.get(c.size() - 1).e().to()).isEqualTo(2);
    assertThat(o[0].failed()).isZero();
  }
}
