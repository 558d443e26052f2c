package dev.archsim.engine.sim;

/** The trial's infrastructure events, reported to the run's listener as they happen. */
final class InfrastructureLog {
  private final SimulationListener listener;
  private final int stageIndex;
  private final int trial;

  InfrastructureLog(SimulationListener listener, int stageIndex, int trial) {
    this.listener = listener;
    this.stageIndex = stageIndex;
    this.trial = trial;
  }

  void note(double now, InfrastructureEvent what) {
    listener.infrastructureEvent(stageIndex, trial, now, what);
  }
}
