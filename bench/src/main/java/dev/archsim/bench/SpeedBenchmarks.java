package dev.archsim.bench;

import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 30-day trial of each speed case of {@code bench/speed.sh} (the scenarios under {@code
 * resources/speed/}): the 3-AZ 100-instance fleet at 1 s steps (target ≤ 200 ms), Route 53 records
 * with health checks and their ALB twin. Run: {@code java -jar bench/target/benchmarks.jar
 * SpeedBenchmarks -f 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SpeedBenchmarks {
  private Scenario fleet;
  private Scenario dns;

  @Setup
  public void setUp() {
    fleet = load("fleet-100-1s.json");
    dns = load("route53-health-checks.json");
  }

  static Scenario load(String name) {
    try (InputStream in = SpeedBenchmarks.class.getResourceAsStream("/speed/" + name)) {
      return Trials.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 3-AZ 100-instance auto-scaled fleet with failures at 1 s steps: one trial. */
  @Benchmark
  public StageAccumulator fleet100At1sTrial30Days() {
    return Trials.one(fleet, 0);
  }

  /** Route 53 records with health checks (WhatIsTheTime stage 4 with checks): one trial. */
  @Benchmark
  public StageAccumulator route53HealthChecksTrial30Days() {
    return Trials.one(dns, 0);
  }

  /** Its ALB twin (WhatIsTheTime stage 5): one trial. */
  @Benchmark
  public StageAccumulator albTwinTrial30Days() {
    return Trials.one(dns, 1);
  }
}
