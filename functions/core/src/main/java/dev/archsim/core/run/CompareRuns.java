package dev.archsim.core.run;

import dev.archsim.core.result.PairedDifference;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.ShardPlan;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.WorkEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two completed runs compared as {@code archsim compare} compares two files: both scenarios
 * simulated again on A's seed and trials, trial t of A paired with trial t of B (the same random
 * numbers: common random numbers), and B − A of each figure with the 95 % interval of the paired
 * differences (Student's t). A stored result keeps no figure of each trial, so the trials are
 * simulated again (they are deterministic); the work of both must fit the work budget.
 */
public final class CompareRuns {
  /**
   * One stage of both, each figure's paired difference in {@link PairedDifference.Figure} order.
   */
  public record Row(String stageA, String stageB, List<PairedDifference> figures) {}

  /**
   * @param note why fewer stages than a run has were compared (null when both have as many)
   */
  public record Comparison(
      String runA, String runB, long seed, int trials, List<Row> rows, String note) {}

  /** A run that is not COMPLETED cannot be compared yet. */
  public static final class NotComparableException extends RuntimeException {
    public NotComparableException(String message) {
      super(message);
    }
  }

  /** The two runs together are more work than one request may take. */
  public static final class TooMuchWorkException extends RuntimeException {
    public TooMuchWorkException(String message) {
      super(message);
    }
  }

  private final GetRun get;
  private final ScenarioCodec codec;
  private final int threads;
  private final double maxWork;

  /**
   * @param threads threads the two are simulated on
   * @param maxWork the most work (both runs' estimates together) one comparison may take
   */
  public CompareRuns(RunStore store, ScenarioCodec codec, int threads, double maxWork) {
    this.get = new GetRun(store);
    this.codec = codec;
    this.threads = threads;
    this.maxWork = maxWork;
  }

  /**
   * @throws RunNotFoundException when a run is not the caller's
   * @throws NotComparableException when a run is not COMPLETED
   * @throws TooMuchWorkException when simulating both again passes the work budget
   */
  public Comparison compare(String owner, String a, String b) {
    RunRecord ra = get.get(owner, a);
    RunRecord rb = get.get(owner, b);
    for (RunRecord r : List.of(ra, rb)) {
      if (r.status() != RunStatus.COMPLETED) {
        throw new NotComparableException(
            "run " + r.runId() + " is " + r.status() + "; runs are compared once COMPLETED");
      }
    }
    Scenario sa = ra.scenario(codec).orThrow();
    long seed = sa.run().seed();
    int trials = sa.run().trials();
    Scenario sb = ScenarioOverrides.of(trials, seed).applyTo(rb.scenario(codec).orThrow());
    double work = WorkEstimate.of(sa).total() + WorkEstimate.of(sb).total();
    if (work > maxWork) {
      throw new TooMuchWorkException(
          String.format(
              Locale.ROOT,
              "simulating both runs again takes %.3g work units, over the %.3g one request may"
                  + " take; compare fewer trials, or run archsim compare A B on your machine",
              work,
              maxWork));
    }
    PairedDifference.Recorder[] recorders = {
      new PairedDifference.Recorder(), new PairedDifference.Recorder()
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      Scenario[] both = {sa, sb};
      for (int i = 0; i < 2; i++) {
        Simulator simulator = new Simulator(recorders[i]);
        Scenario s = both[i];
        for (Shard shard : ShardPlan.split(s, 25)) {
          futures.add(pool.submit(() -> simulator.simulate(s, shard)));
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while comparing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    List<String> stagesA = sa.stages().stream().map(st -> st.name()).toList();
    List<String> stagesB = sb.stages().stream().map(st -> st.name()).toList();
    return new Comparison(
        ra.runId(),
        rb.runId(),
        seed,
        trials,
        rows(recorders, stagesA, stagesB),
        note("runs", stagesA.size(), stagesB.size()));
  }

  /**
   * B − A per stage, for the stages both have (the first ones): each figure's paired difference
   * over the trials {@code recorders} (A's, then B's) kept, the stages named as each names them.
   */
  public static List<Row> rows(
      PairedDifference.Recorder[] recorders, List<String> stagesA, List<String> stagesB) {
    int n = Math.min(stagesA.size(), stagesB.size());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<PairedDifference> figures = new ArrayList<>();
      for (PairedDifference.Figure f : PairedDifference.Figure.values()) {
        double[][] p = PairedDifference.Recorder.paired(recorders[0], i, recorders[1], i, f);
        figures.add(PairedDifference.of(p[0], p[1], f.resolution));
      }
      rows.add(new Row(stagesA.get(i), stagesB.get(i), figures));
    }
    return rows;
  }

  /**
   * What a comparison of {@code what} with {@code a} and {@code b} stages says: null when alike.
   */
  public static String note(String what, int a, int b) {
    return a == b
        ? null
        : "the "
            + what
            + " have "
            + a
            + " and "
            + b
            + " stages; compared the first "
            + Math.min(a, b);
  }
}
