package dev.archsim.core.optimize;

import dev.archsim.engine.model.Objectives;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Evaluator;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * NSGA-II over a design space too large to enumerate, with Jenetics 8.3: a genotype holds one
 * integer gene per choice (the index of its value), the design-space constraints are a Jenetics
 * {@link Constraint} (a broken genotype is replaced by a fresh random one). As in NSGA-II, parents
 * are picked by binary tournament on Pareto dominance and survivors by Jenetics' {@link
 * NSGA2Selector} (non-dominated sorting, then crowding distance) on the vector (−cost,
 * availability, −p99), maximised; offspring come from uniform crossover and mutation of the genes;
 * duplicates in a population are replaced by fresh random designs ({@link #unique}). The first
 * population starts from the cheapest designs by the catalog's list price ({@link #seeds}), the
 * rest drawn at random.
 *
 * <p>Every distinct design is screened once, on trials {@code [0, screenTrials)} of the run's seed
 * — the same trials for every design (common random numbers), so the ranking reflects the designs
 * and not their luck — and remembered: a design met again in a later generation costs nothing. A
 * generation's new designs are screened as one batch spread over the worker threads (the first
 * generation two: its first population, then their offspring).
 *
 * <p>Objectives are handled by Deb's constrained domination, written into the vector: a design that
 * misses an objective even at the favourable end of its screen interval gets every component below
 * any feasible design's, lowered further by how far it misses (shortfalls relative to each target,
 * summed), so a feasible design dominates every infeasible one and of two infeasible designs the
 * one closer to feasible dominates.
 *
 * <p>The search stops after {@code generations}, after five generations that screened no new design
 * (the population has converged), or when screening the next batch would pass the trial budget. The
 * optimiser then races every screened design to a decision (see {@link Optimizer}).
 *
 * <p>Deterministic for a seed, in any process: the evolution runs on the calling thread with a
 * {@link SplittableRandom} seeded from the run's seed, a screen's figures do not depend on the
 * thread that simulated it, and no order is drawn from a hash (see {@link #unique}).
 */
final class EvolutionarySearch {
  /** Generations without a newly screened design after which the search stops. */
  static final int STALL_GENERATIONS = 5;

  /** Vector component of a design that could not be simulated: below every real one. */
  private static final double WORST = -1e15;

  /** Below any real cost or p99 (negated) and any availability: where infeasible designs start. */
  private static final double INFEASIBLE = -1e12;

  record Outcome(List<Optimizer.Candidate> screened, int generations, boolean budgetExhausted) {}

  private final DesignSpace space;
  private final Objectives objectives;
  private final Optimizer.Settings settings;
  private final long seed;
  private final Function<Design, Optimizer.Candidate> candidate;
  private final BiPredicate<List<Optimizer.Candidate>, Integer> screen;
  private final Function<Design, Double> price;
  private final List<String> names;
  private final long[] strides;
  private final Map<Integer, Optimizer.Candidate> seen = new LinkedHashMap<>();
  private boolean budgetExhausted;

  /**
   * @param candidate makes the candidate of a design (parsed and validated once)
   * @param screen runs a batch of candidates up to a trial count; false when the budget refused it
   * @param price a design's list price ({@link CostFloor#listPriceUsd}; NaN for an invalid design),
   *     by which the first population is seeded ({@link #seeds}); null: a random first population
   */
  EvolutionarySearch(
      DesignSpace space,
      Objectives objectives,
      Optimizer.Settings settings,
      long seed,
      Function<Design, Optimizer.Candidate> candidate,
      BiPredicate<List<Optimizer.Candidate>, Integer> screen,
      Function<Design, Double> price) {
    this.space = space;
    this.objectives = objectives;
    this.settings = settings;
    this.seed = seed;
    this.candidate = candidate;
    this.screen = screen;
    this.price = price;
    this.names = new ArrayList<>(space.choices().keySet());
    this.strides = new long[names.size()];
    long stride = 1;
    for (int i = names.size() - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= space.choices().get(names.get(i)).size();
    }
  }

  Outcome run() {
    List<IntegerChromosome> chromosomes = new ArrayList<>();
    for (String n : names) {
      // Jenetics 8 ranges exclude their upper end: the gene is the index of one of the values
      chromosomes.add(IntegerChromosome.of(0, space.choices().get(n).size(), 1));
    }
    Genotype<IntegerGene> shape = Genotype.of(chromosomes);
    Evaluator<IntegerGene, Vec<double[]>> evaluator = population -> evaluate(shape, population);
    Engine<IntegerGene, Vec<double[]>> engine =
        new Engine.Builder<>(evaluator, shape)
            .populationSize(settings.population())
            .executor(Runnable::run)
            .alterers(new UniformCrossover<>(0.3), new Mutator<>(mutation()))
            .offspringSelector(new TournamentSelector<>(2))
            .survivorsSelector(NSGA2Selector.ofVec())
            .constraint(Constraint.of(p -> allowed(p.genotype())))
            .maximizing()
            .build();
    List<Genotype<IntegerGene>> first = new ArrayList<>();
    for (Design d : seeds()) {
      first.add(genotype(shape, d));
    }
    int[] generations = {0};
    int[] stalled = {0};
    int[] before = {0};
    RandomRegistry.using(
        new SplittableRandom(seed ^ 0x5DEECE66DL),
        r ->
            engine.stream(first)
                .limit(
                    result -> {
                      generations[0]++;
                      stalled[0] = seen.size() == before[0] ? stalled[0] + 1 : 0;
                      before[0] = seen.size();
                      return !budgetExhausted && stalled[0] < STALL_GENERATIONS;
                    })
                .limit(settings.generations())
                .forEach(result -> {}));
    return new Outcome(new ArrayList<>(seen.values()), generations[0], budgetExhausted);
  }

  /** Most designs of the first population chosen by price (the rest are drawn at random). */
  int seedLimit() {
    return Math.max(1, settings.population() / 2);
  }

  /**
   * The designs the first population starts with, cheapest first by the catalog's list price
   * ({@link CostFloor#listPriceUsd}): the all-cheapest design (each choice at its cheapest value,
   * found choice by choice until no single change makes it cheaper), then every other value of the
   * most cost-relevant choice (the one whose values' prices spread widest around it) with the
   * others kept cheapest, then each other choice moved to its next-cheapest value; at most {@link
   * #seedLimit}. So the cheapest corner of the space and the way up from it along what moves the
   * cost most are screened in the first batch, whatever the random draws: the optimum is often the
   * cheapest design but for one count. None without a price function.
   */
  List<Design> seeds() {
    if (price == null) {
      return List.of();
    }
    int[] pick = new int[names.size()];
    double cheapest = priceOf(pick);
    for (int pass = 0; pass <= names.size(); pass++) {
      boolean changed = false;
      for (int i = 0; i < names.size(); i++) {
        int kept = pick[i];
        for (int v = 0; v < space.choices().get(names.get(i)).size(); v++) {
          pick[i] = v;
          double p = priceOf(pick);
          if (p < cheapest) {
            cheapest = p;
            kept = v;
            changed = true;
          }
        }
        pick[i] = kept;
      }
      if (!changed) {
        break;
      }
    }
    if (!Double.isFinite(cheapest)) {
      return List.of();
    }
    // each choice's values priced with the others at their cheapest
    double[][] prices = new double[names.size()][];
    int widest = -1;
    double widestSpread = -1;
    for (int i = 0; i < names.size(); i++) {
      int n = space.choices().get(names.get(i)).size();
      prices[i] = new double[n];
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      int kept = pick[i];
      for (int v = 0; v < n; v++) {
        pick[i] = v;
        prices[i][v] = v == kept ? cheapest : priceOf(pick);
        if (Double.isFinite(prices[i][v])) {
          low = Math.min(low, prices[i][v]);
          high = Math.max(high, prices[i][v]);
        }
      }
      pick[i] = kept;
      if (n > 1 && high - low > widestSpread) {
        widestSpread = high - low;
        widest = i;
      }
    }
    List<Design> out = new ArrayList<>();
    out.add(space.design(index(pick)));
    if (widest >= 0) {
      out.addAll(neighbours(pick, prices, widest, Integer.MAX_VALUE));
    }
    List<Design> steps = new ArrayList<>();
    List<Double> stepPrices = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (i != widest) {
        for (Design d : neighbours(pick, prices, i, 1)) {
          steps.add(d);
          stepPrices.add(prices[i][valueIndex(i, d)]);
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      order.add(k);
    }
    order.sort(
        (x, y) -> {
          int c = Double.compare(stepPrices.get(x), stepPrices.get(y));
          return c != 0 ? c : Integer.compare(steps.get(x).index(), steps.get(y).index());
        });
    for (int k : order) {
      out.add(steps.get(k));
    }
    return out.size() > seedLimit() ? List.copyOf(out.subList(0, seedLimit())) : out;
  }

  /**
   * Up to {@code most} designs that differ from {@code pick} in choice {@code i} only, by price
   * (then by the value's place in the list), leaving out the priceless (invalid) ones.
   */
  private List<Design> neighbours(int[] pick, double[][] prices, int i, int most) {
    List<Integer> values = new ArrayList<>();
    for (int v = 0; v < prices[i].length; v++) {
      if (v != pick[i] && Double.isFinite(prices[i][v])) {
        values.add(v);
      }
    }
    values.sort(
        (x, y) -> {
          int c = Double.compare(prices[i][x], prices[i][y]);
          return c != 0 ? c : Integer.compare(x, y);
        });
    List<Design> out = new ArrayList<>();
    int kept = pick[i];
    for (int v : values.subList(0, Math.min(most, values.size()))) {
      pick[i] = v;
      out.add(space.design(index(pick)));
    }
    pick[i] = kept;
    return out;
  }

  private int valueIndex(int i, Design d) {
    return (int) (d.index() / strides[i] % space.choices().get(names.get(i)).size());
  }

  private int index(int[] pick) {
    long index = 0;
    for (int i = 0; i < pick.length; i++) {
      index += pick[i] * strides[i];
    }
    return (int) index;
  }

  /** The list price of the design the picks make; infinite for one not allowed or invalid. */
  private double priceOf(int[] pick) {
    Design d = space.design(index(pick));
    if (space.brokenConstraint(d).isPresent()) {
      return Double.POSITIVE_INFINITY;
    }
    Double p = price.apply(d);
    return p == null || p.isNaN() ? Double.POSITIVE_INFINITY : p;
  }

  /** The genotype of a design: each chromosome's one gene is the index of the design's value. */
  private Genotype<IntegerGene> genotype(Genotype<IntegerGene> shape, Design d) {
    List<IntegerChromosome> chromosomes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      IntegerChromosome c = (IntegerChromosome) shape.get(i);
      chromosomes.add(c.newInstance(ISeq.of(c.gene().newInstance(valueIndex(i, d)))));
    }
    return Genotype.of(chromosomes);
  }

  /** Most fresh genotypes drawn to replace a generation's duplicates (Jenetics' own bound). */
  static final int UNIQUE_RETRIES = 100;

  /**
   * The population with each design met again replaced, where it stands, by a fresh random design
   * the constraints allow and the population does not hold (at most {@link #UNIQUE_RETRIES} draws a
   * generation; a duplicate stays when they run out). Done in the evaluator, before the batch is
   * screened, so a generation's fresh designs and its offspring are one batch: as an interceptor
   * after the evaluation, the replacements made Jenetics evaluate the population a second time, a
   * second batch every generation (on the pipeline, a second step and wave of shards). Not
   * Jenetics' {@code EvolutionResult.toUniquePopulation()} either: that one rebuilds the population
   * in the iteration order of a hash map keyed by genotypes, whose hash codes mix in their
   * chromosome class's identity hash code, so the population's order, and with it the tournaments,
   * the crossover pairs and every design screened after, changed from one process to the next for
   * the same seed.
   */
  ISeq<Phenotype<IntegerGene, Vec<double[]>>> unique(
      Genotype<IntegerGene> shape, Seq<Phenotype<IntegerGene, Vec<double[]>>> population) {
    Set<Integer> present = new HashSet<>(); // membership only: its order is never read
    List<Phenotype<IntegerGene, Vec<double[]>>> out = new ArrayList<>(population.size());
    int draws = 0;
    for (Phenotype<IntegerGene, Vec<double[]>> p : population) {
      Phenotype<IntegerGene, Vec<double[]>> kept = p;
      if (!present.add(design(p.genotype()).index())) {
        while (draws < UNIQUE_RETRIES) {
          draws++;
          Genotype<IntegerGene> g = shape.newInstance();
          if (allowed(g) && present.add(design(g).index())) {
            kept = Phenotype.of(g, p.generation());
            break;
          }
        }
      }
      out.add(kept);
    }
    return ISeq.of(out);
  }

  /**
   * Mutation probability: one gene of a genotype on average, but at least 0.2 so that spaces of few
   * choices keep exploring.
   */
  private double mutation() {
    return Math.max(0.2, 1.0 / Math.max(1, names.size()));
  }

  /** The design a genotype encodes. */
  Design design(Genotype<IntegerGene> g) {
    long index = 0;
    for (int i = 0; i < names.size(); i++) {
      index += g.get(i).gene().intValue() * strides[i];
    }
    return space.design((int) index);
  }

  private boolean allowed(Genotype<IntegerGene> g) {
    return space.brokenConstraint(design(g)).isEmpty();
  }

  /**
   * Replaces the population's duplicates ({@link #unique}), screens its designs not seen before as
   * one batch, then scores every one. Jenetics calls it once a generation (twice in the first: the
   * first population, then its offspring).
   */
  private ISeq<Phenotype<IntegerGene, Vec<double[]>>> evaluate(
      Genotype<IntegerGene> shape, Seq<Phenotype<IntegerGene, Vec<double[]>>> offered) {
    ISeq<Phenotype<IntegerGene, Vec<double[]>>> population = unique(shape, offered);
    List<Optimizer.Candidate> fresh = new ArrayList<>();
    for (Phenotype<IntegerGene, Vec<double[]>> p : population) {
      Design d = design(p.genotype());
      if (!seen.containsKey(d.index()) && space.brokenConstraint(d).isEmpty()) {
        Optimizer.Candidate c = candidate.apply(d);
        seen.put(d.index(), c);
        if (c.invalid == null) {
          fresh.add(c);
        }
      }
    }
    if (!budgetExhausted && !fresh.isEmpty()) {
      budgetExhausted = !screen.test(fresh, settings.screenTrials());
    }
    return population.map(p -> p.isEvaluated() ? p : p.withFitness(score(p)));
  }

  private Vec<double[]> score(Phenotype<IntegerGene, Vec<double[]>> p) {
    Optimizer.Candidate c = seen.get(design(p.genotype()).index());
    if (c == null || c.judgement == null || Double.isNaN(c.judgement.p99Ms())) {
      return Vec.of(WORST, WORST, WORST);
    }
    Judgement j = c.judgement;
    double shortfall = shortfall(j);
    if (shortfall > 0) {
      return Vec.of(INFEASIBLE - shortfall, INFEASIBLE - shortfall, INFEASIBLE - shortfall);
    }
    return Vec.of(-j.costMean(), j.availabilityMean(), -j.p99Ms());
  }

  /**
   * How far a design misses the objectives even at the favourable end of its interval: each missed
   * target's gap relative to the target (availability: to the unavailability allowed), summed; 0
   * when nothing is surely missed.
   */
  double shortfall(Judgement j) {
    double gap = 0;
    Objectives o = objectives;
    if (o.availability() != null && j.availabilityHigh() < o.availability()) {
      gap += (o.availability() - j.availabilityHigh()) / Math.max(1e-9, 1 - o.availability());
    }
    if (o.latencyP99Ms() != null && j.p99Ms() > o.latencyP99Ms()) {
      gap += (j.p99Ms() - o.latencyP99Ms()) / o.latencyP99Ms();
    }
    if (o.monthlyBudgetUsd() != null && j.costLow() > o.monthlyBudgetUsd()) {
      gap += (j.costLow() - o.monthlyBudgetUsd()) / Math.max(1e-9, o.monthlyBudgetUsd());
    }
    return gap;
  }
}
