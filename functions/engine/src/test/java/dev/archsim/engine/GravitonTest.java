package dev.archsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.RunSettings;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.result.StageSummary;
import dev.archsim.engine.validate.ScenarioValidator;
import dev.archsim.engine.validate.Violation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Graviton (arm64) types in a stage are sized and priced from the catalog like any other: their
 * vCPUs are the servers of each instance's queue, their on-demand rate is the bill, T4g's credits
 * are its own (baseline, earning, unlimited by default).
 */
class GravitonTest {
  /** A Graviton type with what the catalog must say of it (AWS's us-east-1 on-demand rates). */
  record Expected(String type, int vcpu, double memoryGiB, double usdPerHour) {}

  static final List<Expected> TYPES =
      List.of(
          new Expected("t4g.medium", 2, 4, 0.0336),
          new Expected("m7g.large", 2, 8, 0.0816),
          new Expected("c7g.xlarge", 4, 8, 0.145));

  static Scenario stage(String type, int count, double rps) {
    Architecture a = Scenarios.zones(type, Scenarios.alb(10, 2, 2), count / 2, count - count / 2);
    return new Scenario(
        1,
        "graviton",
        "",
        new RunSettings(
            Duration.ofDays(1), Duration.ofMinutes(1), 1, 1, RunSettings.InitialState.ALL_HEALTHY),
        Objectives.NONE,
        null,
        null,
        List.of(new Stage("s", "", Scenarios.constant(rps, 10, 20), a, Faults.NONE)));
  }

  static StageSummary run(Scenario s) {
    return MechanismsTest.run(
        s.stage(0).architecture(), s.stage(0).workload(), Faults.NONE, Duration.ofDays(1), 1);
  }

  @Test
  void theCatalogSizesGravitonTypesAsArm64() {
    for (Expected e : TYPES) {
      InstanceType t = Catalog.instanceType(e.type()).orElseThrow();
      assertThat(t.architectures()).as(e.type()).containsExactly("arm64");
      assertThat(t.vcpu()).as(e.type()).isEqualTo(e.vcpu());
      assertThat(t.memoryGiB()).as(e.type()).isEqualTo(e.memoryGiB());
      assertThat(Catalog.onDemandUsd("us-east-1", e.type())).as(e.type()).isEqualTo(e.usdPerHour());
    }
    InstanceType t4g = Catalog.instanceType("t4g.medium").orElseThrow();
    assertThat(t4g.burst().baselinePerVcpu()).isEqualTo(0.2);
    assertThat(t4g.burst().creditsPerHour()).isEqualTo(24);
    assertThat(t4g.burst().defaultUnlimited()).isTrue();
    assertThat(Catalog.surplusCreditKey("t4g.medium")).endsWith(".t4g");
  }

  @Test
  void aStageOfGravitonInstancesValidatesAndIsBilledAtTheirRate() {
    for (Expected e : TYPES) {
      Scenario s = stage(e.type(), 4, 100);
      List<Violation> v = new ScenarioValidator().validate(s);
      assertThat(v).as(e.type()).noneMatch(x -> x.severity() == Violation.Severity.ERROR);
      StageSummary r = run(s);
      assertThat(r.instanceHoursPerTrial().get(e.type() + "/on-demand"))
          .as(e.type())
          .isCloseTo(4 * 24.0, within(1e-6));
      // 4 instances for a 730-hour month at the type's rate
      double compute =
          r.costByComponentUsd().entrySet().stream()
              .filter(x -> x.getKey().equals("ec2:web (" + e.type() + " on-demand)"))
              .mapToDouble(x -> x.getValue())
              .sum();
      assertThat(compute).as(e.type()).isCloseTo(4 * 730 * e.usdPerHour(), within(0.01));
    }
  }

  @Test
  void theirVcpusAreTheServersOfEachInstancesQueue() {
    // 10 ms of CPU a request: a 2-vCPU m7g.large serves 200/s, a 4-vCPU c7g.xlarge 400/s. At 360/s
    // on one instance the first is past saturation and the second at 90 %.
    StageSummary m7g = run(stage("m7g.large", 1, 360));
    StageSummary c7g = run(stage("c7g.xlarge", 1, 360));
    assertThat(m7g.failedByCause().getOrDefault("overload", 0L))
        .isGreaterThan(m7g.requestsTotal() / 3);
    assertThat(c7g.failedByCause().getOrDefault("overload", 0L))
        .isLessThan(c7g.requestsTotal() / 100);
  }
}
