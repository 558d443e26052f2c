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
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

  private record Row(String what, String value, String target) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Row> rows = new ArrayList<>();
    out.printf(
        Locale.ROOT,
        "archsim bench: %d cores, %s %s, Java %s; median of %d runs%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        repeat);
    out.flush();

    // 1. request-level mode: M/M/3 at utilisation 0.8, 1e6 requests
    long requests = quick ? 200_000 : 1_000_000;
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
    rows.add(
        new Row(
            "request mode, M/M/3 at rho 0.8, " + requests + " requests",
            String.format(
                Locale.ROOT,
                "%.1f M requests/s (%.2f s), mean off Erlang C by %.2f %%",
                rate[0] / 1e6,
                seconds,
                100 * error[0]),
            ">= 5 M/s per core, within 1 %"));

    // 2. fluid mode: cost flat in traffic (the two timed in turn, so both see the same machine)
    Simulator fluid = new Simulator();
    Scenario hundred = scaled(1.0 / 60 * 100);
    Scenario tenMillion = scaled(1.0 / 60 * 10_000_000);
    double[] pair =
        medians(
            () -> {
              fluid.simulate(hundred, new Shard(0, 0, 0, 4));
              return 4;
            },
            () -> {
              fluid.simulate(tenMillion, new Shard(0, 0, 0, 4));
              return 4;
            });
    double small = pair[0] / 4;
    double large = pair[1] / 4;
    rows.add(new Row("fluid, 3-AZ ALB + ASG, 30 days, 100 users", ms(small), ""));
    rows.add(
        new Row(
            "fluid, same architecture, 10 M users",
            ms(large) + String.format(Locale.ROOT, " (%.2f x)", large / small),
            "<= 2 x the 100-user cost"));

    // 3. a 100-instance auto-scaled fleet with failures at 1 s steps
    for (String horizon : quick ? new String[] {"P1D"} : new String[] {"P1D", "P7D", "P30D"}) {
      double s = stageTrialSeconds(fleet100(horizon, "PT1S"), 0, 1);
      rows.add(
          new Row(
              "fluid, 3 AZ x 100 instances, ASG, failures, 1 s steps, " + horizon,
              ms(s),
              horizon.equals("P30D") ? "<= 200 ms per trial per core" : "linear in the horizon"));
    }

    // 3b. Route 53 records with health checks against their ALB twin (WhatIsTheTime 4 and 5)
    Scenario dns = route53Twins();
    double[] twins =
        medians(
            () -> {
              fluid.simulate(dns, new Shard(0, 0, 0, 4));
              return 4;
            },
            () -> {
              fluid.simulate(dns, new Shard(0, 1, 0, 4));
              return 4;
            });
    rows.add(
        new Row(
            "fluid, Route 53 records + health checks, 30 days (WhatIsTheTime 4)",
            ms(twins[0] / 4)
                + String.format(Locale.ROOT, " (%.2f x its ALB twin)", twins[0] / twins[1]),
            "within a few x the ALB twin"));
    rows.add(new Row("fluid, its ALB twin (WhatIsTheTime 5), 30 days", ms(twins[1] / 4), ""));

    // 4. parallel trials: 1 worker vs 2
    Scenario wit = library("whatisthetime");
    int trials = quick ? 8 : 40;
    double[] workers = medians(parallel(wit, trials, 1), parallel(wit, trials, 2));
    double one = workers[0];
    double two = workers[1];
    rows.add(
        new Row(
            "WhatIsTheTime, " + trials + " trials x 8 stages, 1 vs 2 workers",
            String.format(
                Locale.ROOT,
                "%.1f vs %.1f trials/s (%.2f x)",
                trials * 8 / one,
                trials * 8 / two,
                one / two),
            ">= 1.8 x on 2 cores"));

    // 5. shard result size
    int largest = 0;
    for (int stage = 0; stage < 3; stage++) {
      StageAccumulator acc =
          new Simulator()
              .simulate(wit.withRun(wit.run().withTrials(25)), new Shard(0, stage, 0, 25));
      largest =
          Math.max(
              largest, ResultCodec.writeAccumulator(acc).getBytes(StandardCharsets.UTF_8).length);
    }
    rows.add(
        new Row(
            "shard result of 25 trials, largest of 3 stages",
            String.format(Locale.ROOT, "%,d bytes", largest),
            "<= 16 KB"));

    // 5b. merging shard results as the aggregating worker does: parse and add 10 000 of them
    String shardJson =
        ResultCodec.writeAccumulator(
            new Simulator()
                .simulate(wit.withRun(wit.run().withTrials(25)), new Shard(0, 7, 0, 25)));
    int shards = quick ? 1_000 : 10_000;
    double mergeSeconds =
        median(
            () -> {
              StageAccumulator merged = StageAccumulator.empty(7);
              for (int i = 0; i < shards; i++) {
                merged = merged.merge(ResultCodec.readAccumulator(shardJson));
              }
              return merged.trials();
            },
            null);
    rows.add(
        new Row(
            "merge " + shards + " shard results (parse + add)",
            String.format(
                Locale.ROOT, "%.2f s (%.0f shards/s)", mergeSeconds, shards / mergeSeconds),
            "10 000 shards in one function"));

    // 6. the other tiers: the library's data tier / edge / serverless and DR scenarios
    for (String name : new String[] {"three-tier-10m-pv", "dr-strategies"}) {
      Scenario lib = library(name);
      double total = 0;
      for (int stage = 0; stage < lib.stages().size(); stage++) {
        total += stageTrialSeconds(lib, stage, quick ? 2 : 10);
      }
      rows.add(
          new Row(
              "fluid, "
                  + name
                  + " ("
                  + lib.stages().size()
                  + " stages, 30 days, "
                  + lib.run().step()
                  + " steps)",
              ms(total / lib.stages().size()) + " (mean of the stages)",
              ""));
    }

    // 7. peak heap of the local runner: streamed merging keeps it flat in the trials
    int[] counts = quick ? new int[] {200, 2_000} : new int[] {1_000, 10_000};
    long[] peaks = new long[counts.length];
    String oneDay = scaledDocument(100, "P1D");
    for (int i = 0; i < counts.length; i++) {
      peaks[i] = peakHeap(oneDay, counts[i]);
    }
    rows.add(
        new Row(
            "local runner peak old-generation heap, "
                + counts[0]
                + " vs "
                + counts[1]
                + " trials (1 day each)",
            String.format(
                Locale.ROOT,
                "%.0f MB vs %.0f MB (%.2f x)",
                peaks[0] / 1e6,
                peaks[1] / 1e6,
                (double) peaks[1] / peaks[0]),
            "flat in the trials"));

    int w = rows.stream().mapToInt(r -> r.what().length()).max().orElse(10);
    int v = rows.stream().mapToInt(r -> r.value().length()).max().orElse(10);
    out.printf(
        Locale.ROOT, "%n| %-" + w + "s | %-" + v + "s | %s |%n", "measurement", "result", "target");
    out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(w + 2), "-".repeat(v + 2), "-".repeat(28));
    for (Row r : rows) {
      out.printf(
          Locale.ROOT, "| %-" + w + "s | %-" + v + "s | %s |%n", r.what(), r.value(), r.target());
    }
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f ms per trial", seconds * 1000);
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
            .withLimits(
                dev.archsim.engine.validate.Limits.DEFAULT.withMaxWork(Double.POSITIVE_INFINITY)));
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
    return new ScenarioCodec().parseJson(scaledDocument(rps, "P30D")).orThrow();
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
    return new ScenarioCodec().parseJson(doc).orThrow();
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
    return new ScenarioCodec().parseJson(mapper.writeValueAsString(doc)).orThrow();
  }

  private static Scenario library(String name) throws Exception {
    try (InputStream in = BenchCommand.class.getResourceAsStream("/scenarios/" + name + ".json")) {
      return new ScenarioCodec()
          .parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .orThrow();
    }
  }
}
