package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Objectives;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import dev.archsim.engine.sim.Shard;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Violation;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Finds the cheapest design of a {@link DesignSpace} whose objectives hold at 95 % confidence (see
 * {@link Judgement}), by simulation. Every design runs the same trial indices of the same seed
 * (common random numbers: each trial's random stream depends only on seed, stage and trial index,
 * and every design is a one-stage scenario), so two designs differ by their architecture, not by
 * their luck.
 *
 * <ul>
 *   <li>{@link Search#EXHAUSTIVE}: every design runs all {@code trials}; the cheapest that meets
 *       the objectives wins.
 *   <li>{@link Search#EVOLUTIONARY}, for spaces too large to enumerate: NSGA-II selection
 *       (Jenetics' {@code NSGA2Selector}: non-dominated sorting and crowding distance on cost,
 *       availability and p99) evolves a population of designs, each screened once on {@code
 *       screenTrials} common-random-number trials; then every design it screened races as below.
 *       See {@link EvolutionarySearch}.
 *   <li>{@link Search#RACING}: every design is screened on {@code screenTrials}; those that miss an
 *       objective even at the favourable end of their interval drop out. Then the cheapest open
 *       design (by its estimated cost) gets its trials doubled until it is decided: it drops out,
 *       or it reaches {@code trials} and is accepted or rejected as exhaustive search would judge
 *       it. Once a design is accepted, designs whose cost interval lies wholly above its cost are
 *       not run further; the others keep racing. Effort goes where the decision is close.
 *   <li>{@link Search#BOUNDED}: exhaustive search that leaves out the designs that cannot be
 *       cheaper: designs run all {@code trials} in waves, cheapest by list price first, until one
 *       is accepted; then every design whose {@link CostFloor cost floor} is at or below the best
 *       cost runs, and the rest are outpriced by their floor alone. The same best design as
 *       exhaustive search, with the same figures: a design left out costs more than its floor,
 *       which is more than the best design's cost.
 * </ul>
 *
 * The search stops early, with the best design accepted so far, when {@code budgetTrials} would be
 * exceeded.
 */
public final class Optimizer {

  public enum Search {
    EXHAUSTIVE,
    RACING,
    EVOLUTIONARY,
    BOUNDED
  }

  /**
   * @param trials trials a design needs to be accepted (the confidence of the answer)
   * @param screenTrials trials of the racing screen (at least 2)
   * @param budgetTrials most trials the whole search may simulate
   * @param threads worker threads
   * @param population evolutionary search: designs per generation
   * @param generations evolutionary search: most generations
   */
  public record Settings(
      Search search,
      int trials,
      int screenTrials,
      long budgetTrials,
      int threads,
      int population,
      int generations) {
    public static final int DEFAULT_POPULATION = 40;
    public static final int DEFAULT_GENERATIONS = 25;

    public Settings {
      if (trials < 2 || screenTrials < 2 || budgetTrials < 1 || threads < 1) {
        throw new IllegalArgumentException("trials and screen trials ≥ 2, budget and threads ≥ 1");
      }
      if (population < 4 || generations < 1) {
        throw new IllegalArgumentException("population ≥ 4 and generations ≥ 1");
      }
      screenTrials = Math.min(screenTrials, trials);
    }

    public Settings(Search search, int trials, int screenTrials, long budgetTrials, int threads) {
      this(
          search,
          trials,
          screenTrials,
          budgetTrials,
          threads,
          DEFAULT_POPULATION,
          DEFAULT_GENERATIONS);
    }

    /** Racing with a screen of a tenth of the trials (at least 2). */
    public static Settings racing(int trials, long budgetTrials, int threads) {
      return new Settings(
          Search.RACING, trials, Math.max(2, (trials + 9) / 10), budgetTrials, threads);
    }
  }

  /** Where a design ended. */
  public enum Status {
    BEST,
    MEETS,
    FAILS,
    INVALID,
    OUTPRICED,
    UNDECIDED
  }

  /**
   * One design's outcome; {@code judgement} is null for a design that could not be simulated, and
   * {@code document} (the design as a one-stage scenario) is set for the best design only.
   */
  public record Outcome(
      Design design,
      String stageName,
      ObjectNode document,
      Judgement judgement,
      Status status,
      String reason) {}

  /**
   * @param designs designs in the space that the constraints allow (evolutionary search: the
   *     designs it screened)
   * @param excluded designs the constraints ruled out (evolutionary search: 0, not counted)
   * @param spaceSize designs in the space before constraints
   * @param generations generations evolutionary search ran (0 for the others)
   * @param trialsUsed trials simulated by this search
   * @param batches batches of evaluations the search asked for, each once the one before was
   *     answered: on the pipeline, each is a step and a wave of shards ({@link RunOptimization})
   * @param largestBatchTrials trials of the largest of them
   * @param exhaustiveTrials trials exhaustive search spends on the same space
   * @param budgetExhausted the search stopped on its trial budget before every design was decided
   */
  public record Result(
      Settings settings,
      int designs,
      int excluded,
      long spaceSize,
      int generations,
      long trialsUsed,
      int batches,
      long largestBatchTrials,
      long exhaustiveTrials,
      boolean budgetExhausted,
      Optional<Outcome> best,
      List<Outcome> outcomes) {}

  /** What a search has asked of its evaluations: the trials, and the batches one after another. */
  static final class Spent {
    long trials;
    int batches;
    long largestBatch;

    void batch(long batchTrials) {
      batches++;
      largestBatch = Math.max(largestBatch, batchTrials);
    }
  }

  /**
   * What the catalog says of designs, by design index, kept as {@link #validity} is: the list price
   * seeding the evolutionary search and the cost floor bounding {@link Search#BOUNDED}.
   */
  public record Prices(Map<Integer, Double> list, Map<Integer, Double> floor) {
    public Prices() {
      this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  private final ScenarioCodec codec;
  private final Simulator simulator;
  private final Map<Integer, String> validity;
  private final Prices prices;

  public Optimizer(ScenarioCodec codec, Simulator simulator) {
    this(codec, simulator, new ConcurrentHashMap<>());
  }

  /**
   * @param validity what is known of the designs' validity, by design index: "" for a valid design,
   *     else why it is invalid. Filled as designs are met, so a design is parsed and validated once
   *     however often the search is taken again over the same space ({@link RunOptimization}'s
   *     steps pass the same map for one optimisation).
   */
  public Optimizer(ScenarioCodec codec, Simulator simulator, Map<Integer, String> validity) {
    this(codec, simulator, validity, new Prices());
  }

  /**
   * @param prices what is known of the designs' prices (see {@link Prices}), filled and passed on
   *     as {@code validity} is
   */
  public Optimizer(
      ScenarioCodec codec, Simulator simulator, Map<Integer, String> validity, Prices prices) {
    this.codec = codec;
    this.simulator = simulator;
    this.validity = validity;
    this.prices = prices;
  }

  /**
   * A design under evaluation. Its document and model are rebuilt when needed rather than held, so
   * a space of 10 000 designs costs 10 000 accumulators of memory, not 10 000 scenario documents.
   */
  final class Candidate {
    final Design design;
    final String stageName;
    final JsonNode tree;
    final int stage;
    final String invalid;
    StageAccumulator acc = StageAccumulator.empty(0);
    Judgement judgement;
    Status status;
    String reason;

    /** The model parsed when the design was validated, until memory is short or it is used. */
    private SoftReference<Scenario> parsed = new SoftReference<>(null);

    Candidate(JsonNode tree, int stage, Design design, String stageName) {
      this.tree = tree;
      this.stage = stage;
      this.design = design;
      this.stageName = stageName;
      String known =
          validity.computeIfAbsent(
              design.index(),
              i -> {
                ScenarioParseResult result = parse();
                if (result.isValid()) {
                  parsed = new SoftReference<>(result.orThrow());
                  return "";
                }
                return result.errors().stream()
                    .map(v -> describe(v, design))
                    .collect(Collectors.joining("; "));
              });
      this.invalid = known.isEmpty() ? null : known;
    }

    ObjectNode document() {
      return DesignWriter.apply(tree, stage, design, stageName);
    }

    private ScenarioParseResult parse() {
      return codec.parseAccepted(document().toString());
    }

    /** The design's model, kept (softly) for a later {@link #scenario}. */
    Scenario model() {
      Scenario kept = parsed.get();
      if (kept == null) {
        kept = parse().orThrow();
        parsed = new SoftReference<>(kept);
      }
      return kept;
    }

    /** The design's model: the one parsed when it was validated, once, else parsed again. */
    Scenario scenario() {
      Scenario kept = parsed.get();
      if (kept != null) {
        parsed = new SoftReference<>(null);
        return kept;
      }
      return parse().orThrow();
    }

    Evaluations.Request request(int from, int to) {
      return new Evaluations.Request(design, stageName, this::document, this::scenario, from, to);
    }

    double cost() {
      return judgement == null ? Double.POSITIVE_INFINITY : judgement.costMean();
    }

    boolean open() {
      return status == null;
    }

    Outcome outcome() {
      return new Outcome(
          design, stageName, status == Status.BEST ? document() : null, judgement, status, reason);
    }
  }

  private static String describe(Violation v, Design d) {
    String path = v.path().replaceFirst("^\\$\\.stages\\[0]\\.", "");
    return path + ": " + v.message();
  }

  /**
   * Searches {@code space} of the scenario document {@code tree}.
   *
   * @param scenario the model of {@code tree} (for its objectives and stage names)
   */
  public Result optimize(JsonNode tree, Scenario scenario, DesignSpace space, Settings s) {
    ExecutorService pool = Executors.newFixedThreadPool(s.threads());
    try {
      return optimize(tree, scenario, space, s, onThreads(simulator, pool, s.threads()));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Searches {@code space}, every simulation going through {@code evaluations}: the search is a
   * deterministic function of the figures they return, so an evaluator that stops the search (by
   * throwing) until its figures exist and is asked again from the start once they do (see {@link
   * RunOptimization}) takes the same path as one that simulates in this process.
   */
  public Result optimize(
      JsonNode tree, Scenario scenario, DesignSpace space, Settings s, Evaluations evaluations) {
    if (s.search() == Search.EVOLUTIONARY) {
      return evolve(tree, scenario, space, s, evaluations);
    }
    if (space.size() > DesignSpace.MAX_ENUMERATED) {
      throw new IllegalArgumentException(
          "a space of "
              + space.size()
              + " designs is searched by evolution only (at most "
              + DesignSpace.MAX_ENUMERATED
              + " are enumerated)");
    }
    Objectives objectives = scenario.objectives();
    String baseName = scenario.stage(space.stage()).name();
    List<Design> designs = space.designs();
    List<Candidate> all = new ArrayList<>();
    for (Design d : designs) {
      all.add(candidate(tree, space, baseName, d));
    }
    List<Candidate> runnable = runnable(all);
    long exhaustive = (long) runnable.size() * s.trials();
    Spent used = new Spent();
    boolean exhausted;
    int generations = 0;
    if (s.search() == Search.BOUNDED) {
      exhausted = !bounded(evaluations, runnable, objectives, s, used);
    } else if (s.search() == Search.EXHAUSTIVE) {
      exhausted = !runAll(evaluations, runnable, s.trials(), s, used);
      for (Candidate c : runnable) {
        if (c.judgement != null && c.judgement.trials() == s.trials()) {
          decideAtFull(c, objectives);
        }
      }
    } else {
      exhausted = !race(evaluations, runnable, objectives, s, used);
    }
    return conclude(
        s,
        designs.size(),
        (int) space.size() - designs.size(),
        space.size(),
        generations,
        used,
        exhaustive,
        exhausted,
        runnable,
        all);
  }

  /** NSGA-II over the space, then racing over the designs it screened. */
  private Result evolve(
      JsonNode tree, Scenario scenario, DesignSpace space, Settings s, Evaluations evaluations) {
    Objectives objectives = scenario.objectives();
    Spent used = new Spent();
    EvolutionarySearch search = evolution(tree, scenario, space, s, evaluations, used, true);
    EvolutionarySearch.Outcome evolved = search.run();
    List<Candidate> all = evolved.screened();
    List<Candidate> runnable = runnable(all);
    boolean exhausted = evolved.budgetExhausted();
    if (!exhausted) {
      for (Candidate c : runnable) {
        dropIfFails(c, objectives, s);
      }
      exhausted = !race(evaluations, runnable, objectives, s, used);
    }
    long enumerable =
        space.size() <= DesignSpace.MAX_ENUMERATED ? space.designs().size() : space.size();
    return conclude(
        s,
        runnable.size(),
        0,
        space.size(),
        evolved.generations(),
        used,
        enumerable * s.trials(),
        exhausted,
        runnable,
        all);
  }

  /**
   * The evolutionary search over {@code space}, its batches run through {@code evaluations} and
   * counted in {@code used}; {@code seeded}: the first population starts from the cheapest designs
   * by list price ({@link EvolutionarySearch#seeds}), else it is drawn at random.
   */
  EvolutionarySearch evolution(
      JsonNode tree,
      Scenario scenario,
      DesignSpace space,
      Settings s,
      Evaluations evaluations,
      Spent used,
      boolean seeded) {
    String baseName = scenario.stage(space.stage()).name();
    return new EvolutionarySearch(
        space,
        scenario.objectives(),
        s,
        scenario.run().seed(),
        d -> candidate(tree, space, baseName, d),
        (batch, to) -> runAll(evaluations, batch, to, s, used),
        !seeded
            ? null
            : d ->
                prices
                    .list()
                    .computeIfAbsent(
                        d.index(),
                        i -> {
                          Candidate c = candidate(tree, space, baseName, d);
                          return c.invalid != null
                              ? Double.NaN
                              : CostFloor.listPriceUsd(c.model(), 0);
                        }));
  }

  private Candidate candidate(JsonNode tree, DesignSpace space, String baseName, Design d) {
    return new Candidate(tree, space.stage(), d, space.stageName(baseName, d));
  }

  /** The candidates that can be simulated; the others are marked invalid with their reason. */
  private static List<Candidate> runnable(List<Candidate> all) {
    List<Candidate> runnable = new ArrayList<>();
    for (Candidate c : all) {
      if (c.invalid != null) {
        c.status = Status.INVALID;
        c.reason = c.invalid;
      } else {
        runnable.add(c);
      }
    }
    return runnable;
  }

  private Result conclude(
      Settings s,
      int designs,
      int excluded,
      long spaceSize,
      int generations,
      Spent used,
      long exhaustive,
      boolean exhausted,
      List<Candidate> runnable,
      List<Candidate> all) {
    Optional<Candidate> best =
        runnable.stream()
            .filter(c -> c.status == Status.MEETS)
            .min(
                Comparator.comparingDouble(Candidate::cost)
                    .thenComparingInt(c -> c.design.index()));
    best.ifPresent(b -> b.status = Status.BEST);
    for (Candidate c : runnable) {
      if (c.status == Status.MEETS) {
        double more = c.cost() - best.get().cost();
        c.reason =
            String.format(
                Locale.ROOT,
                "meets the objectives but costs $%.2f more a month than the best",
                more);
      } else if (c.status == null) {
        if (best.isPresent() && c.judgement != null && c.judgement.costLow() > best.get().cost()) {
          c.status = Status.OUTPRICED;
          c.reason =
              String.format(
                  Locale.ROOT,
                  "costs at least $%.2f a month (lower bound after %d trials), $%.2f more than the best",
                  c.judgement.costLow(),
                  c.judgement.trials(),
                  c.judgement.costLow() - best.get().cost());
        } else {
          c.status = Status.UNDECIDED;
          c.reason = "undecided when the trial budget ran out";
        }
      }
    }
    best.ifPresent(
        b -> b.reason = "the cheapest design that meets every objective at 95 % confidence");
    return new Result(
        s,
        designs,
        excluded,
        spaceSize,
        generations,
        used.trials,
        used.batches,
        used.largestBatch,
        exhaustive,
        exhausted,
        best.map(Candidate::outcome),
        all.stream().map(Candidate::outcome).toList());
  }

  private static void decideAtFull(Candidate c, Objectives objectives) {
    Optional<String> why = c.judgement.notShown(objectives);
    if (why.isPresent()) {
      c.status = Status.FAILS;
      c.reason = why.get() + " after " + c.judgement.trials() + " trials";
    } else {
      c.status = Status.MEETS;
    }
  }

  /**
   * Designs in the first wave of {@link Search#BOUNDED}: a sixty-fourth of them, at least 1 (the
   * cheapest by list price are often the ones to beat; a wave that accepts none doubles).
   */
  static int firstWave(int designs) {
    return Math.max(1, (designs + 63) / 64);
  }

  /**
   * {@link Search#BOUNDED}: waves of designs on all trials, cheapest first by list price ({@link
   * CostFloor#listPriceUsd}; a sixty-fourth of the designs, then twice as many each wave) until one
   * is accepted; then one wave of every other design whose cost floor ({@link CostFloor#monthlyUsd}
   * at the availability target) is at or below the best cost; the rest are outpriced by their
   * floor: each costs more than its floor, so more than the best design. The waves do not depend on
   * the threads, so the search is the same on any number of workers. False when the budget stopped
   * it.
   */
  private boolean bounded(
      Evaluations evaluations,
      List<Candidate> runnable,
      Objectives objectives,
      Settings s,
      Spent used) {
    double served = objectives.availability() == null ? 0 : objectives.availability();
    java.util.IdentityHashMap<Candidate, Double> floor = new java.util.IdentityHashMap<>();
    java.util.IdentityHashMap<Candidate, Double> list = new java.util.IdentityHashMap<>();
    for (Candidate c : runnable) {
      int i = c.design.index();
      floor.put(
          c, prices.floor().computeIfAbsent(i, k -> CostFloor.monthlyUsd(c.model(), 0, served)));
      list.put(c, prices.list().computeIfAbsent(i, k -> CostFloor.listPriceUsd(c.model(), 0)));
    }
    List<Candidate> order = new ArrayList<>(runnable);
    order.sort(
        Comparator.comparingDouble((Candidate c) -> list.get(c))
            .thenComparingInt(c -> c.design.index()));
    int wave = firstWave(order.size());
    int next = 0;
    Candidate best = null;
    while (best == null && next < order.size()) {
      int end = Math.min(order.size(), next + wave);
      wave *= 2;
      List<Candidate> batch = order.subList(next, end);
      boolean complete = runAll(evaluations, batch, s.trials(), s, used);
      best = decideAll(batch, objectives, s, best);
      if (!complete) {
        return false;
      }
      next = end;
    }
    if (best == null) {
      return true;
    }
    List<Candidate> last = new ArrayList<>();
    List<Candidate> outpriced = new ArrayList<>();
    for (Candidate c : order.subList(next, order.size())) {
      (floor.get(c) <= best.cost() ? last : outpriced).add(c);
    }
    boolean complete = runAll(evaluations, last, s.trials(), s, used);
    best = decideAll(last, objectives, s, best);
    for (Candidate c : outpriced) {
      c.status = Status.OUTPRICED;
      c.reason =
          String.format(
              Locale.ROOT,
              "costs at least $%.2f a month (its cost floor from the catalog), more than the"
                  + " best's $%.2f: not simulated",
              floor.get(c),
              best.cost());
    }
    return complete;
  }

  /** Whether {@code c} is cheaper than {@code best} (none yet: yes), the lower index on a tie. */
  private static boolean beats(Candidate c, Candidate best) {
    return best == null
        || c.cost() < best.cost()
        || (c.cost() == best.cost() && c.design.index() < best.design.index());
  }

  /** Decides the candidates run to all trials; the cheapest that meets the objectives, or best. */
  private static Candidate decideAll(
      List<Candidate> batch, Objectives objectives, Settings s, Candidate best) {
    for (Candidate c : batch) {
      if (c.judgement != null && c.judgement.trials() == s.trials()) {
        decideAtFull(c, objectives);
        if (c.status == Status.MEETS && beats(c, best)) {
          best = c;
        }
      }
    }
    return best;
  }

  /** Racing; false when the budget stopped it. */
  private boolean race(
      Evaluations evaluations,
      List<Candidate> runnable,
      Objectives objectives,
      Settings s,
      Spent used) {
    if (!runAll(evaluations, runnable, s.screenTrials(), s, used)) {
      return false;
    }
    for (Candidate c : runnable) {
      dropIfFails(c, objectives, s);
    }
    Candidate best = null;
    while (true) {
      final Candidate incumbent = best;
      Optional<Candidate> next =
          runnable.stream()
              .filter(Candidate::open)
              .filter(c -> incumbent == null || c.judgement.costLow() <= incumbent.cost())
              .min(
                  Comparator.comparingDouble(Candidate::cost)
                      .thenComparingInt(c -> c.design.index()));
      if (next.isEmpty()) {
        return true;
      }
      Candidate c = next.get();
      int to = (int) Math.min(s.trials(), 2 * c.judgement.trials());
      if (!extend(evaluations, c, to, s, used)) {
        return false;
      }
      dropIfFails(c, objectives, s);
      if (c.open() && c.judgement.trials() == s.trials()) {
        decideAtFull(c, objectives);
        if (c.status == Status.MEETS && beats(c, best)) {
          best = c;
        }
      }
    }
  }

  private static void dropIfFails(Candidate c, Objectives objectives, Settings s) {
    Optional<String> fails = c.judgement.surelyFails(objectives);
    if (fails.isPresent()) {
      c.status = Status.FAILS;
      c.reason = fails.get() + " after " + c.judgement.trials() + " trials";
    }
  }

  /** Runs every candidate up to {@code to} trials; false on the budget. */
  boolean runAll(
      Evaluations evaluations, List<Candidate> candidates, int to, Settings s, Spent used) {
    List<Candidate> run = new ArrayList<>();
    List<Evaluations.Request> requests = new ArrayList<>();
    boolean complete = true;
    long batchTrials = 0;
    for (Candidate c : candidates) {
      int from = (int) c.acc.trials();
      if (from >= to) {
        continue;
      }
      if (used.trials + (to - from) > s.budgetTrials()) {
        complete = false;
        break;
      }
      used.trials += to - from;
      batchTrials += to - from;
      run.add(c);
      requests.add(c.request(from, to));
    }
    if (!requests.isEmpty()) {
      used.batch(batchTrials);
      List<StageAccumulator> results = evaluations.evaluate(requests);
      for (int i = 0; i < run.size(); i++) {
        Candidate c = run.get(i);
        c.acc = c.acc.merge(results.get(i));
        c.judgement = Judgement.of(c.acc);
      }
    }
    return complete;
  }

  /** Runs one candidate up to {@code to} trials; false on the budget. */
  private boolean extend(Evaluations evaluations, Candidate c, int to, Settings s, Spent used) {
    int from = (int) c.acc.trials();
    if (used.trials + (to - from) > s.budgetTrials()) {
      return false;
    }
    used.trials += to - from;
    if (to > from) {
      used.batch(to - from);
    }
    c.acc = c.acc.merge(evaluations.evaluate(List.of(c.request(from, to))).get(0));
    c.judgement = Judgement.of(c.acc);
    return true;
  }

  /**
   * Simulates requests on a thread pool of this process: a batch one design a task, a single
   * design's trials split over the threads. Figures do not depend on the split (merging is exact).
   */
  static Evaluations onThreads(Simulator simulator, ExecutorService pool, int threads) {
    return requests -> {
      List<List<Future<StageAccumulator>>> futures = new ArrayList<>();
      for (Evaluations.Request r : requests) {
        int parts = requests.size() == 1 ? Math.min(threads, r.to() - r.from()) : 1;
        Scenario scenario = r.scenario().get();
        List<Future<StageAccumulator>> mine = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
          int p = i;
          int a = r.from() + (int) ((long) (r.to() - r.from()) * p / parts);
          int b = r.from() + (int) ((long) (r.to() - r.from()) * (p + 1) / parts);
          mine.add(pool.submit(() -> simulator.simulate(scenario, new Shard(p, 0, a, b))));
        }
        futures.add(mine);
      }
      List<StageAccumulator> out = new ArrayList<>();
      for (List<Future<StageAccumulator>> mine : futures) {
        StageAccumulator acc = StageAccumulator.empty(0);
        for (Future<StageAccumulator> f : mine) {
          acc = acc.merge(await(f));
        }
        out.add(acc);
      }
      return out;
    };
  }

  private static StageAccumulator await(Future<StageAccumulator> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
  }
}
