package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scheduled single-instance failure: what losing one instance at noon costs. */
class InstanceFailureTest {
  static final double RATE = 60;
  static final Duration NOON = Duration.ofHours(12);

  static Faults noonFailure(Faults.InstanceFaults random) {
    return new Faults(random, null, List.of(new Faults.InstanceFailure(NOON, "us-east-1a")));
  }

  @Test
  void behindAnAlbTheFailedTargetsShareFailsUntilTheHealthChecksCatchIt() {
    // three targets, interval 10 s, timeout 2 s, 2 unhealthy checks: detection in [12, 22) s
    StageSummary s =
        MechanismsTest.run(
            Scenarios.zones("m5.large", Scenarios.alb(10, 2, 2), 3),
            Scenarios.constant(RATE, 10, 20),
            noonFailure(null),
            Duration.ofDays(1),
            1);
    assertThat(s.incidentsPerTrial()).isEqualTo(1.0);
    assertThat(s.meanDetectionSeconds()).isBetween(12.0, 22.0);
    assertThat(s.failedByCause()).containsOnlyKeys("unhealthy-target");
    // closed form: a third of the traffic until detection; nothing after (two targets suffice, and
    // with no faults.instance nor Auto Scaling the instance stays down)
    assertThat((double) s.requestsFailed())
        .isCloseTo(RATE / 3 * s.meanDetectionSeconds(), within(1.0));
    assertThat(s.instancesMin()).isEqualTo(2);
    assertThat(s.meanRecoverySeconds()).isNaN();
  }

  @Test
  void withElasticIpsTheInstancesUsersFailUntilItIsRepaired() {
    // random failures practically never (MTBF 10^9 h); the scheduled one is repaired by hand
    StageSummary s =
        MechanismsTest.run(
            Scenarios.singleAz("m5.large", 2, new Entry.ElasticIps()),
            Scenarios.constant(RATE, 10, 20),
            noonFailure(new Faults.InstanceFaults(1e9, new Faults.ManualRepair(45))),
            Duration.ofDays(1),
            1);
    assertThat(s.incidentsPerTrial()).isEqualTo(1.0);
    assertThat(s.failedByCause()).containsOnlyKeys("eip-instance-down");
    // closed form: half the users (bound to its address) for the repair time
    assertThat((double) s.requestsFailed())
        .isCloseTo(RATE / 2 * s.meanRecoverySeconds(), within(1.0));
  }

  @Test
  void anAutoScalingGroupReplacesIt() {
    var asg =
        new dev.archsim.engine.model.ComputeTier.AutoScaling(
            3, 3, 3, List.of(), List.of(), "elb", 300, 120, 0, false);
    StageSummary s =
        MechanismsTest.run(
            Scenarios.scaled(asg, null, java.util.Map.of("us-east-1a", 3)),
            Scenarios.constant(RATE, 10, 20),
            noonFailure(null),
            Duration.ofDays(1),
            1);
    assertThat(s.incidentsPerTrial()).isEqualTo(1.0);
    assertThat(s.instancesMin()).isEqualTo(2);
    assertThat(s.instancesMax()).isEqualTo(3);
    // detected, replaced: boot 120 s then two healthy checks of the 10 s interval
    assertThat(s.meanRecoverySeconds())
        .isBetween(s.meanDetectionSeconds() + 120 + 10, s.meanDetectionSeconds() + 120 + 20);
  }

  @Test
  void itIsValidatedAgainstTheStage() {
    var wrongAz =
        TiersTest.scenario(
            TiersTest.arch(null, null, null, null, TiersTest.alb()),
            TiersTest.workload(10, 0, 0),
            new Faults(null, null, List.of(new Faults.InstanceFailure(NOON, "us-east-1q"))),
            Duration.ofDays(1),
            Duration.ofMinutes(5),
            1);
    List<Violation> v = new ScenarioValidator().validate(wrongAz);
    assertThat(v)
        .anyMatch(
            x ->
                x.path().equals("$.stages[0].faults.scheduled[0].az")
                    && x.message().contains("'us-east-1q' is not one of the stage's AZs"));
  }
}
