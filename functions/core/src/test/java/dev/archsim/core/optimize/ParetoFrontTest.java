package dev.archsim.core.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost/availability/p99 front: dominated designs and designs on fewer trials stay out. */
class ParetoFrontTest {
  private static Optimizer.Outcome outcome(int i, long trials, double cost, double a, double p99) {
    return new Optimizer.Outcome(
        new Design(i, Map.of("instancesPerAz", IntNode.valueOf(i))),
        "s",
        null,
        new Judgement(trials, cost, 1, a, 0.0001, p99, Double.NaN, Double.NaN),
        Optimizer.Status.MEETS,
        "");
  }

  @Test
  void keepsOnlyTheUndominatedDesignsOnFullTrials() {
    var cheap = outcome(0, 40, 100, 0.990, 200);
    var available = outcome(1, 40, 200, 0.999, 200);
    var fast = outcome(2, 40, 200, 0.990, 100);
    var dominated = outcome(3, 40, 250, 0.995, 200); // dearer and worse than 'available'
    var screenedOnly = outcome(4, 4, 50, 1.0, 50); // would dominate all, but on 4 trials
    var tie = outcome(5, 40, 100, 0.990, 200); // equal to 'cheap': neither dominates
    List<Optimizer.Outcome> front =
        ParetoFront.of(List.of(cheap, available, fast, dominated, screenedOnly, tie), 40);
    assertThat(front).containsExactly(cheap, tie, available, fast);
  }
}
