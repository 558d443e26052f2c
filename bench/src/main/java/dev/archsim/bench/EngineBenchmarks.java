package dev.archsim.bench;

import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.RequestSimulation;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the engine. Run: {@code java -jar bench/target/benchmarks.jar} (add {@code -f 1
 * -wi 2 -i 3} for a short run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class EngineBenchmarks {

  /** Users of the same 3-AZ auto-scaled architecture: the fluid cost must not follow them. */
  @Param({"100", "10000000"})
  public long users;

  private Scenario scenario;

  @Setup
  public void setUp() {
    double rps = users / 60.0; // one request per user per minute
    String doc =
        """
        {"version": 1, "name": "bench", "run": {"horizon": "P30D", "step": "PT5M", "trials": 1, "seed": 1},
         "workload": {"requestsPerSecond": %s, "pattern": {"type": "daily", "peakFactor": 1.8},
                      "profile": {"cpuMsPerRequest": 1, "bytesOut": 2048}},
         "faults": {"instance": {"mtbfHours": 2000, "recovery": {"type": "manual", "mttrMinutes": 60}}},
         "stages": [{"name": "s", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"],
           "entry": {"type": "alb"},
           "compute": {"instanceType": "m5.large", "countPerAz": 1,
             "autoScaling": {"min": 3, "max": 100000, "desired": 3,
               "policies": [{"type": "target-tracking", "metric": "cpu", "targetPercent": 60}]}}}}]}
        """
            .formatted(Double.toString(rps));
    scenario = Trials.parse(doc);
  }

  /** One 30-day trial in the fluid mode. */
  @Benchmark
  public StageAccumulator fluidTrial30Days() {
    return Trials.one(scenario, 0);
  }

  /** One million requests through an M/M/3 queue at utilisation 0.8 in the request-level mode. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RequestSimulation.Traffic requestModeMillionRequests() {
    return RequestSimulation.traffic(
        1, 3, 24, new TrafficPattern.Constant(), 10, 1e9, 0, 1e6 / 24, new SplittableRandom(7));
  }
}
