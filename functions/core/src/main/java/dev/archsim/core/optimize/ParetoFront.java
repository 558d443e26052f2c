package dev.archsim.core.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The designs no other design beats on cost, availability and p99 at once (lower cost, higher
 * availability, lower p99; at least as good on all three and better on one). Only designs judged on
 * the full trials take part, so every point of the front has the same confidence.
 */
public final class ParetoFront {
  private ParetoFront() {}

  /** The front of {@code outcomes} with {@code trials} trials, cheapest first. */
  public static List<Optimizer.Outcome> of(List<Optimizer.Outcome> outcomes, long trials) {
    List<Optimizer.Outcome> judged =
        outcomes.stream()
            .filter(o -> o.judgement() != null && o.judgement().trials() == trials)
            .filter(o -> !Double.isNaN(o.judgement().p99Ms()))
            .toList();
    List<Optimizer.Outcome> front = new ArrayList<>();
    for (Optimizer.Outcome o : judged) {
      if (judged.stream().noneMatch(x -> dominates(x.judgement(), o.judgement()))) {
        front.add(o);
      }
    }
    front.sort(
        Comparator.comparingDouble((Optimizer.Outcome o) -> o.judgement().costMean())
            .thenComparingInt(o -> o.design().index()));
    return front;
  }

  static boolean dominates(Judgement a, Judgement b) {
    boolean noWorse =
        a.costMean() <= b.costMean()
            && a.availabilityMean() >= b.availabilityMean()
            && a.p99Ms() <= b.p99Ms();
    boolean better =
        a.costMean() < b.costMean()
            || a.availabilityMean() > b.availabilityMean()
            || a.p99Ms() < b.p99Ms();
    return noWorse && better;
  }
}
