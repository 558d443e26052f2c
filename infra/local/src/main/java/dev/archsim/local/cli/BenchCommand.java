package dev.archsim.local.cli;

import dev.archsim.core.result.ResultCodec;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.TrafficPattern;
import dev.archsim.engine.queueing.MmcQueue;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.RequestSimulation;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Limits;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A reproducible benchmark of the engine on this machine, printed as one table: each figure is the
 * median of several timed repetitions after warm-up runs (wall-clock, single thread unless said).
 */
@Command(
    name = "bench",
    description = "Measures the engine on this machine and prints one table (takes a few minutes).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim bench --quick          # a smoke run",
      "  archsim bench --repeat 7       # on a quiet machine, for numbers worth quoting"
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--repeat",
      paramLabel = "N",
      defaultValue = "5",
      description = "timed repetitions per figure; default 5")
  int repeat;

  @Option(names = "--quick", description = "fewer trials and shorter horizons, for a smoke run")
  boolean quick;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * What one bench measures: the sizes of its runs ({@code --quick} makes them smaller). A plan
   * changes how long each figure takes to measure, not what it means.
   */
  record Plan(
      long requests,
      int fluidTrials,
      List<String> fleetHorizons,
      int parallelTrials,
      int shardTrials,
      int shards,
      List<String> libraries,
      int libraryTrials,
      int smallRun,
      int largeRun) {
    static final Plan FULL =
        new Plan(
            1_000_000,
            4,
            List.of("P1D", "P7D", "P30D"),
            40,
            25,
            10_000,
            List.of("three-tier-10m-pv", "dr-strategies"),
            10,
            1_000,
            10_000);
    static final Plan QUICK =
        new Plan(
            200_000,
            4,
            List.of("P1D"),
            8,
            25,
            1_000,
            List.of("three-tier-10m-pv", "dr-strategies"),
            2,
            200,
            2_000);
  }

  /** A library scenario's figure: its stages, its time step and the mean seconds a trial takes. */
  record LibraryFigure(String name, int stages, Duration step, double secondsPerTrial) {}

  /**
   * Everything one bench measured, in base units (seconds, requests per second, bytes): the table
   * is made of these by {@link #rows}.
   */
  record Figures(
      double requestRate,
      double requestSeconds,
      double erlangError,
      double fluidSmall,
      double fluidLarge,
      List<Double> fleet,
      double route53,
      double albTwin,
      int witStages,
      double oneWorkerRate,
      double twoWorkerRate,
      int shardTrials,
      int shardStages,
      long shardBytes,
      double mergeSeconds,
      List<LibraryFigure> libraries,
      long smallPeak,
      long largePeak) {}

  /** What the footnotes of the table's measurements say, by number. */
  static final Map<Integer, String> NOTES =
      Map.of(
          1,
          "every request simulated (the request-level mode), an M/M/3 queue at utilisation 0.8;"
              + " its mean response time against Erlang C's closed form.",
          2,
          "3 AZs behind an ALB, an Auto Scaling group with target tracking, 30 days at 5-minute"
              + " steps, a daily pattern: the cost of a trial must not grow with the traffic.",
          3,
          "an Auto Scaling group of 100 instances over 3 AZs with instance failures and AZ"
              + " outages, at 1-second steps.",
          4,
          "30 days of WhatIsTheTime's stage 4 with Route 53 multivalue records and health checks"
              + " (30 s x 3), and of stage 5, its twin behind an ALB.",
          5,
          "a library scenario over 30 days: the mean of its stages.",
          6,
          "the old generation's peak while the local runner runs one-day trials: shard results"
              + " merged as they come keep it flat in the trials.",
          7,
          "WhatIsTheTime's stages, each trial a task for a pool of 1 worker thread, then of 2:"
              + " the speed-up on 2 cores.");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Flags flags = new Flags(Limits.DEFAULT).atLeastOne("--repeat", repeat);
    if (!flags.problems.isEmpty()) {
      ScenarioFiles.print(flags.problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    out.print(heading(repeat));
    out.flush();
    Plan plan = quick ? Plan.QUICK : Plan.FULL;
    out.print(BenchTable.markdown(rows(plan, measure(plan)), NOTES, legend()));
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }

  static String heading(int repeat) {
    return String.format(
        Locale.ROOT,
        "archsim bench: %d cores, %s %s, Java %s; median of %d runs%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        repeat);
  }

  /** The sentence under the table that says how to read it. */
  static String legend() {
    return "Each figure is the median of the timed runs after 2 warm-ups, wall clock, on one thread"
        + " unless said; ms/trial: milliseconds a simulated trial takes; x: the ratio of two"
        + " figures.";
  }

  /** The table's rows: each measurement's name with its unit, its result and its target. */
  static List<BenchTable.Row> rows(Plan plan, Figures f) {
    List<BenchTable.Row> rows = new ArrayList<>();
    rows.add(
        new BenchTable.Row(
            "request mode, M/M/3, rho 0.8, "
                + BenchTable.count(plan.requests())
                + " requests: M req/s [1]",
            num(f.requestRate() / 1e6) + " (" + num(f.requestSeconds()) + " s)",
            ">= 5 a core"));
    rows.add(
        new BenchTable.Row(
            "request mode, mean response off Erlang C: % [1]", num(100 * f.erlangError()), "<= 1"));
    rows.add(
        new BenchTable.Row(
            "fluid, 3-AZ ALB + ASG, 100 users: ms/trial [2]", ms(f.fluidSmall()), ""));
    rows.add(
        new BenchTable.Row(
            "fluid, the same, 10 M users: ms/trial [2]",
            ms(f.fluidLarge()) + " (" + num(f.fluidLarge() / f.fluidSmall()) + " x)",
            "<= 2 x 100 users"));
    for (int i = 0; i < plan.fleetHorizons().size(); i++) {
      String horizon = plan.fleetHorizons().get(i);
      rows.add(
          new BenchTable.Row(
              "fluid, 3 AZ x 100 instances, 1 s steps, " + horizon + ": ms/trial [3]",
              ms(f.fleet().get(i)),
              horizon.equals("P30D") ? "<= 200 a core" : "linear in horizon"));
    }
    rows.add(
        new BenchTable.Row(
            "fluid, Route 53 + health checks: ms/trial [4]",
            ms(f.route53()) + " (" + num(f.route53() / f.albTwin()) + " x ALB)",
            "a few x the ALB"));
    rows.add(new BenchTable.Row("fluid, its ALB twin: ms/trial [4]", ms(f.albTwin()), ""));
    rows.add(
        new BenchTable.Row(
            "parallel, "
                + plan.parallelTrials()
                + " trials x "
                + f.witStages()
                + " stages, 1 vs 2 workers: trials/s [7]",
            num(f.oneWorkerRate())
                + " vs "
                + num(f.twoWorkerRate())
                + " ("
                + num(f.twoWorkerRate() / f.oneWorkerRate())
                + " x)",
            ">= 1.8 x on 2 cores"));
    rows.add(
        new BenchTable.Row(
            "shard result, "
                + f.shardTrials()
                + " trials, largest of "
                + f.shardStages()
                + " stages: KB",
            num(f.shardBytes() / 1024.0),
            "<= 16"));
    rows.add(
        new BenchTable.Row(
            "merge " + BenchTable.count(plan.shards()) + " shard results (parse + add): s",
            num(f.mergeSeconds()) + " (" + num(plan.shards() / f.mergeSeconds()) + "/s)",
            "10 k in one function"));
    for (LibraryFigure l : f.libraries()) {
      rows.add(
          new BenchTable.Row(
              "fluid, "
                  + l.name()
                  + ", "
                  + l.stages()
                  + " stages at "
                  + Durations.iso(l.step())
                  + ": ms/trial [5]",
              ms(l.secondsPerTrial()),
              ""));
    }
    rows.add(
        new BenchTable.Row(
            "peak old-gen heap, "
                + BenchTable.count(plan.smallRun())
                + " vs "
                + BenchTable.count(plan.largeRun())
                + " trials: MB [6]",
            num(f.smallPeak() / 1e6)
                + " vs "
                + num(f.largePeak() / 1e6)
                + " ("
                + num((double) f.largePeak() / f.smallPeak())
                + " x)",
            "flat in the trials"));
    return rows;
  }

  /** Runs every measurement of {@code plan}, each {@link #repeat} times after warm-ups. */
  Figures measure(Plan plan) throws Exception {
    // 1. request-level mode: M/M/3 at utilisation 0.8
    long requests = plan.requests();
    double[] rate = new double[1];
    double[] error = new double[1];
    double seconds =
        median(
            () -> {
              RequestSimulation.Traffic t =
                  RequestSimulation.traffic(
                      1,
                      3,
                      24,
                      new TrafficPattern.Constant(),
                      10,
                      1e9,
                      0,
                      requests / 24.0,
                      new SplittableRandom(7));
              double expected =
                  1000 * new MmcQueue(3, 10, 24, Double.POSITIVE_INFINITY).meanResponseTime();
              error[0] =
                  Math.abs(t.latencySumMicros() / 1000.0 / t.requests() - expected) / expected;
              return t.requests();
            },
            rate);

    // 2. fluid mode: cost flat in traffic (the two timed in turn, so both see the same machine)
    Simulator fluid = new Simulator();
    Scenario hundred = scaled(1.0 / 60 * 100);
    Scenario tenMillion = scaled(1.0 / 60 * 10_000_000);
    int n = plan.fluidTrials();
    double[] pair =
        medians(
            () -> {
              fluid.simulate(hundred, new Shard(0, 0, 0, n));
              return n;
            },
            () -> {
              fluid.simulate(tenMillion, new Shard(0, 0, 0, n));
              return n;
            });

    // 3. a 100-instance auto-scaled fleet with failures at 1 s steps
    List<Double> fleet = new ArrayList<>();
    for (String horizon : plan.fleetHorizons()) {
      fleet.add(stageTrialSeconds(fleet100(horizon, "PT1S"), 0, 1));
    }

    // 3b. Route 53 records with health checks against their ALB twin (WhatIsTheTime 4 and 5)
    Scenario dns = route53Twins();
    double[] twins =
        medians(
            () -> {
              fluid.simulate(dns, new Shard(0, 0, 0, n));
              return n;
            },
            () -> {
              fluid.simulate(dns, new Shard(0, 1, 0, n));
              return n;
            });

    // 4. parallel trials: 1 worker vs 2
    Scenario wit = library("whatisthetime");
    int trials = plan.parallelTrials();
    int witStages = wit.stages().size();
    double[] workers = medians(parallel(wit, trials, 1), parallel(wit, trials, 2));

    // 5. shard result size
    int shardTrials = plan.shardTrials();
    int shardStages = 3;
    int largest = 0;
    for (int stage = 0; stage < shardStages; stage++) {
      StageAccumulator acc =
          new Simulator()
              .simulate(
                  wit.withRun(wit.run().withTrials(shardTrials)),
                  new Shard(0, stage, 0, shardTrials));
      largest =
          Math.max(
              largest, ResultCodec.writeAccumulator(acc).getBytes(StandardCharsets.UTF_8).length);
    }

    // 5b. merging shard results as the aggregating worker does: parse and add them
    String shardJson =
        ResultCodec.writeAccumulator(
            new Simulator()
                .simulate(
                    wit.withRun(wit.run().withTrials(shardTrials)),
                    new Shard(0, witStages - 1, 0, shardTrials)));
    int shards = plan.shards();
    double mergeSeconds =
        median(
            () -> {
              StageAccumulator merged = StageAccumulator.empty(witStages - 1);
              for (int i = 0; i < shards; i++) {
                merged = merged.merge(ResultCodec.readAccumulator(shardJson));
              }
              return merged.trials();
            },
            null);

    // 6. the other tiers: the library's data tier / edge / serverless and DR scenarios
    List<LibraryFigure> libraries = new ArrayList<>();
    for (String name : plan.libraries()) {
      Scenario lib = library(name);
      double total = 0;
      for (int stage = 0; stage < lib.stages().size(); stage++) {
        total += stageTrialSeconds(lib, stage, plan.libraryTrials());
      }
      libraries.add(
          new LibraryFigure(
              name, lib.stages().size(), lib.run().step(), total / lib.stages().size()));
    }

    // 7. peak heap of the local runner: streamed merging keeps it flat in the trials
    String oneDay = scaledDocument(100, "P1D");
    long smallPeak = peakHeap(oneDay, plan.smallRun());
    long largePeak = peakHeap(oneDay, plan.largeRun());

    return new Figures(
        rate[0],
        seconds,
        error[0],
        pair[0] / n,
        pair[1] / n,
        fleet,
        twins[0] / n,
        twins[1] / n,
        witStages,
        (double) trials * witStages / workers[0],
        (double) trials * witStages / workers[1],
        shardTrials,
        shardStages,
        largest,
        mergeSeconds,
        libraries,
        smallPeak,
        largePeak);
  }

  private static String ms(double seconds) {
    return num(seconds * 1000);
  }

  private static String num(double v) {
    return BenchTable.number(v);
  }

  /**
   * Median wall time of {@code repeat} runs after two warm-ups; also the median rate of units/s.
   */
  private double median(LongSupplier work, double[] rateOut) {
    for (int i = 0; i < 2; i++) {
      work.getAsLong();
    }
    double[] times = new double[repeat];
    double[] rates = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      long units = work.getAsLong();
      times[i] = (System.nanoTime() - t0) / 1e9;
      rates[i] = units / times[i];
    }
    Arrays.sort(times);
    Arrays.sort(rates);
    if (rateOut != null) {
      rateOut[0] = rates[repeat / 2];
    }
    return times[repeat / 2];
  }

  /**
   * Median wall times of two pieces of work timed in turn ({@code a}, {@code b}, {@code a}, ...)
   * for {@code repeat} rounds after two warm-up rounds, so that a ratio of the two is not skewed by
   * the machine's load changing between them.
   */
  private double[] medians(LongSupplier a, LongSupplier b) {
    for (int i = 0; i < 2; i++) {
      a.getAsLong();
      b.getAsLong();
    }
    double[] ta = new double[repeat];
    double[] tb = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      a.getAsLong();
      long t1 = System.nanoTime();
      b.getAsLong();
      long t2 = System.nanoTime();
      ta[i] = (t1 - t0) / 1e9;
      tb[i] = (t2 - t1) / 1e9;
    }
    Arrays.sort(ta);
    Arrays.sort(tb);
    return new double[] {ta[repeat / 2], tb[repeat / 2]};
  }

  private double stageTrialSeconds(Scenario s, int stage, int trials) {
    Simulator sim = new Simulator();
    return median(
            () -> {
              sim.simulate(s, new Shard(0, stage, 0, trials));
              return trials;
            },
            null)
        / trials;
  }

  /**
   * Peak of the old generation while the local pipeline runs {@code trials} trials of the document:
   * what survives young collections, i.e. what the run retains (garbage dies young).
   */
  private static long peakHeap(String document, int trials) {
    var pools = java.lang.management.ManagementFactory.getMemoryPoolMXBeans();
    System.gc();
    for (var p : pools) {
      p.resetPeakUsage();
    }
    // a measurement, not a user's run: the work budget does not apply
    Runner.run(
        document,
        Runner.Options.defaults()
            .withTrials(trials)
            .withSeed(1L)
            .withWorkers(2, 25)
            .withLimits(Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY)));
    long peak = 0;
    for (var p : pools) {
      if (p.getType() == java.lang.management.MemoryType.HEAP
          && p.getName().toLowerCase(Locale.ROOT).contains("old")) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static LongSupplier parallel(Scenario s, int trials, int workers) {
    return () -> {
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        List<Future<StageAccumulator>> futures = new ArrayList<>();
        Simulator sim = new Simulator();
        for (int stage = 0; stage < s.stages().size(); stage++) {
          for (int t = 0; t < trials; t++) {
            int st = stage;
            int tr = t;
            futures.add(pool.submit(() -> sim.simulate(s, new Shard(0, st, tr, tr + 1))));
          }
        }
        for (Future<StageAccumulator> f : futures) {
          f.get();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        pool.shutdown();
      }
      return (long) trials * s.stages().size();
    };
  }

  private Scenario scaled(double rps) {
    return ScenarioCodec.shared().parseJson(scaledDocument(rps, "P30D")).orThrow();
  }

  private static String scaledDocument(double rps, String horizon) {
    return """
        {"version": 1, "name": "bench", "run": {"horizon": "%s", "step": "PT5M", "trials": 2, "seed": 1},
         "workload": {"requestsPerSecond": %s, "pattern": {"type": "daily", "peakFactor": 1.8},
                      "profile": {"cpuMsPerRequest": 1, "bytesOut": 2048}},
         "faults": {"instance": {"mtbfHours": 2000, "recovery": {"type": "manual", "mttrMinutes": 60}}},
         "stages": [{"name": "s", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"],
           "entry": {"type": "alb"},
           "compute": {"instanceType": "m5.large", "countPerAz": 1,
             "autoScaling": {"min": 3, "max": 100000, "desired": 3, "policies": [{"type": "target-tracking", "metric": "cpu", "targetPercent": 60}]}}}}]}
        """
        .formatted(horizon, Double.toString(rps));
  }

  private Scenario fleet100(String horizon, String step) {
    String doc =
        """
        {"version": 1, "name": "bench", "run": {"horizon": "%s", "step": "%s", "trials": 1, "seed": 1},
         "workload": {"requestsPerSecond": 6000, "pattern": {"type": "daily", "peakFactor": 1.5},
                      "profile": {"cpuMsPerRequest": 20, "bytesOut": 2048}},
         "faults": {"instance": {"mtbfHours": 720, "recovery": {"type": "manual", "mttrMinutes": 60}},
                    "az": {"ratePerYear": 1, "meanDurationHours": 2}},
         "stages": [{"name": "s", "architecture": {"region": "us-east-1", "azs": ["us-east-1a", "us-east-1b", "us-east-1c"],
           "entry": {"type": "alb"},
           "compute": {"instanceType": "m5.large", "placement": {"us-east-1a": 34, "us-east-1b": 33, "us-east-1c": 33},
             "autoScaling": {"min": 60, "max": 200, "desired": 100,
               "policies": [{"type": "simple", "metric": "cpu", "comparison": "above", "thresholdPercent": 70, "adjustment": 10, "evaluationPeriods": 2},
                            {"type": "simple", "metric": "cpu", "comparison": "below", "thresholdPercent": 30, "adjustment": -5, "evaluationPeriods": 5}]}}}}]}
        """
            .formatted(horizon, step);
    return ScenarioCodec.shared().parseJson(doc).orThrow();
  }

  /**
   * WhatIsTheTime's stage 4 with Route 53 health checks (multivalue records, 30 s x 3) and stage 5,
   * its ALB twin, as a two-stage scenario.
   */
  private static Scenario route53Twins() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode doc;
    try (InputStream in = BenchCommand.class.getResourceAsStream("/scenarios/whatisthetime.json")) {
      doc = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(in);
    }
    var stages = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("stages");
    var dns = (com.fasterxml.jackson.databind.node.ObjectNode) stages.get(3).deepCopy();
    var alb = stages.get(4).deepCopy();
    var entry =
        ((com.fasterxml.jackson.databind.node.ObjectNode) dns.get("architecture"))
            .putObject("entry");
    entry.put("type", "route53").put("ttlSeconds", 60).put("routing", "multivalue");
    entry.putObject("healthCheck").put("intervalSeconds", 30).put("failureThreshold", 3);
    stages.removeAll();
    stages.add(dns).add(alb);
    doc.remove("objectives");
    return ScenarioCodec.shared().parseJson(mapper.writeValueAsString(doc)).orThrow();
  }

  private static Scenario library(String name) throws Exception {
    try (InputStream in = BenchCommand.class.getResourceAsStream("/scenarios/" + name + ".json")) {
      return ScenarioCodec.shared()
          .parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .orThrow();
    }
  }
}
