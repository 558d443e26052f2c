package dev.archsim.engine.sim;

import dev.archsim.engine.model.Faults;
import dev.archsim.engine.model.RunSettings;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a fleet's mechanics ({@link ZonedFleet}, {@link Slots}) use of the trial: its pending
 * events, its traffic integrated so far, its random stream, its incident log, its infrastructure
 * log and counters, and the stage's faults, run settings and Availability Zones. None of the
 * trial's other collaborators (the serving side, the bill, the request path) is in it: a fleet is
 * handed those it uses by name.
 */
record FleetTrial(
    Schedule events,
    TrafficIntegration traffic,
    SplittableRandom random,
    IncidentLog incidents,
    InfrastructureLog log,
    TrialMetrics metrics,
    Faults faults,
    RunSettings run,
    List<String> azs) {

  /** The name of AZ {@code index} of the stage. */
  String az(int index) {
    return azs.get(index);
  }
}
