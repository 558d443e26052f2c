package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.engine.sim.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * One optimisation as a fresh process would run it: {@link #load} gives a class loader that loads
 * the optimiser and Jenetics anew (their classes, and so their identity hash codes, are not the
 * test's), and {@link #answer}, called through it, runs the search and answers its stored JSON.
 * Anything in the search that follows an identity hash (a hash map of objects whose hash mixes in a
 * class's) then differs between two loads as it does between two runs of the command line.
 */
public final class IsolatedSearch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IsolatedSearch() {}

  /**
   * The stored answer ({@link OptimizationViews#result}: trials, outcomes, best design and its
   * scenario, the text answer and the report) of the search of {@code scenario}'s design space.
   */
  public static String answer(
      String scenario,
      String search,
      int screenTrials,
      int population,
      int generations,
      int threads) {
    ScenarioCodec codec = new ScenarioCodec();
    OptimizationPlan plan;
    try {
      OptimizationPlan.Reading reading =
          OptimizationPlan.read(
              codec,
              JSON.readTree(scenario),
              new OptimizationPlan.Options(
                  search, null, screenTrials, null, population, generations, null),
              name -> name,
              Long.MAX_VALUE,
              Double.POSITIVE_INFINITY,
              threads);
      if (!reading.problems().isEmpty()) {
        throw new IllegalArgumentException(reading.problems().toString());
      }
      plan = reading.plan().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optimizer.Result r =
        new Optimizer(codec, new Simulator())
            .optimize(plan.tree(), plan.scenario(), plan.space(), plan.settings());
    String answer = OptimizationTable.render(r, plan.scenario().objectives());
    return OptimizationViews.result(
        r,
        plan,
        answer,
        OptimizationTable.markdown(r, plan.scenario().objectives(), plan.pareto()),
        OptimizationReport.render(plan.scenario().name(), r, answer));
  }

  /** A loader of its own for the optimiser and Jenetics; the rest (engine, codec) is shared. */
  static ClassLoader load() {
    List<URL> urls =
        List.of(
            location(Optimizer.class),
            location(IsolatedSearch.class),
            location(io.jenetics.Genotype.class),
            location(io.jenetics.ext.moea.Vec.class));
    return new URLClassLoader(urls.toArray(URL[]::new), IsolatedSearch.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.jenetics.")
            && !name.startsWith(Optimizer.class.getPackageName() + ".")) {
          return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            c = findClass(name);
          }
          if (resolve) {
            resolveClass(c);
          }
          return c;
        }
      }
    };
  }

  private static URL location(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  /** {@link #answer} run in a loader of its own ({@link #load}). */
  static String answerIsolated(
      String scenario,
      String search,
      int screenTrials,
      int population,
      int generations,
      int threads)
      throws ReflectiveOperationException {
    Class<?> mine = Class.forName(IsolatedSearch.class.getName(), true, load());
    if (mine == IsolatedSearch.class) {
      throw new IllegalStateException("the search was not loaded afresh");
    }
    return (String)
        mine.getMethod(
                "answer", String.class, String.class, int.class, int.class, int.class, int.class)
            .invoke(null, scenario, search, screenTrials, population, generations, threads);
  }
}
