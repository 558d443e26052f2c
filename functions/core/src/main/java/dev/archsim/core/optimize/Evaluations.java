package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.result.StageAccumulator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the optimiser's simulations run: on threads of this process ({@link Optimizer#optimize(
 * com.fasterxml.jackson.databind.JsonNode, Scenario, DesignSpace, Optimizer.Settings)}), or fanned
 * out as runs of shards through the run store and the shard queue ({@link RunOptimization}).
 */
@FunctionalInterface
public interface Evaluations {

  /**
   * Trials {@code [from, to)} of one design, as a one-stage scenario (stage 0, so every design
   * draws the same random numbers for a trial: common random numbers).
   *
   * @param document the design as a one-stage scenario document (built when asked)
   * @param scenario the same, parsed (built when asked)
   */
  record Request(
      Design design,
      String stageName,
      Supplier<ObjectNode> document,
      Supplier<Scenario> scenario,
      int from,
      int to) {}

  /**
   * The accumulator of each request's trials, in the requests' order.
   *
   * @throws Pending when the figures do not exist yet (they have been asked for)
   */
  List<StageAccumulator> evaluate(List<Request> requests);

  /**
   * Thrown by an evaluator whose figures are being simulated elsewhere: the search stops here and
   * is taken again from the start once they are recorded.
   */
  final class Pending extends RuntimeException {
    private final int waitingFor;

    public Pending(int waitingFor) {
      super(waitingFor + " evaluation(s) still being simulated", null, false, false);
      this.waitingFor = waitingFor;
    }

    /** How many evaluations of the batch are still being simulated. */
    public int waitingFor() {
      return waitingFor;
    }
  }
}
