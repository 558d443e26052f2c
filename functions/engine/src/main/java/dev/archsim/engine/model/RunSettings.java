package dev.archsim.engine.model;

import java.time.Duration;

/**
 * How a scenario is run: simulated horizon, the traffic time step, the number of Monte Carlo trials
 * per stage, the seed all random streams derive from, and the initial state of each trial.
 */
public record RunSettings(
    Duration horizon, Duration step, int trials, long seed, InitialState initialState, Mode mode) {

  public RunSettings(
      Duration horizon, Duration step, int trials, long seed, InitialState initialState) {
    this(horizon, step, trials, seed, initialState, null);
  }

  public static final Duration DEFAULT_HORIZON = Defaults.RUN_HORIZON;
  public static final Duration DEFAULT_STEP = Defaults.RUN_STEP;
  public static final int DEFAULT_TRIALS = Defaults.RUN_TRIALS;
  public static final long DEFAULT_SEED = Defaults.RUN_SEED;

  public RunSettings {
    horizon = horizon == null ? DEFAULT_HORIZON : horizon;
    step = step == null ? DEFAULT_STEP : step;
    initialState =
        initialState == null ? InitialState.fromId(Defaults.RUN_INITIAL_STATE) : initialState;
    mode = mode == null ? Mode.fromId(Defaults.RUN_MODE) : mode;
  }

  /**
   * How traffic is simulated: {@code FLUID} (the hybrid engine: a fluid between infrastructure
   * events, cost independent of the request rate) or {@code REQUESTS} (every request simulated:
   * arrival, queueing on one instance's vCPUs, service or timeout; for small scenarios and to
   * cross-check the fluid mode).
   */
  public enum Mode {
    FLUID("fluid"),
    REQUESTS("requests");

    private final String id;

    Mode(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Mode fromId(String id) {
      for (Mode m : values()) {
        if (m.id.equals(id)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown mode " + id);
    }
  }

  public double horizonSeconds() {
    return horizon.toMillis() / 1000.0;
  }

  public double stepSeconds() {
    return step.toMillis() / 1000.0;
  }

  public RunSettings withTrials(int newTrials) {
    return new RunSettings(horizon, step, newTrials, seed, initialState, mode);
  }

  public RunSettings withSeed(long newSeed) {
    return new RunSettings(horizon, step, trials, newSeed, initialState, mode);
  }

  public RunSettings withHorizon(Duration newHorizon) {
    return new RunSettings(newHorizon, step, trials, seed, initialState, mode);
  }

  public RunSettings withMode(Mode newMode) {
    return new RunSettings(horizon, step, trials, seed, initialState, newMode);
  }

  /**
   * Where each trial starts. {@code STEADY_STATE} draws every instance's state from the stationary
   * distribution of its failure/repair process, so a trial is a month in the life of a running
   * system; {@code ALL_HEALTHY} starts right after a deployment with everything up.
   */
  public enum InitialState {
    STEADY_STATE("steady-state"),
    ALL_HEALTHY("all-healthy");

    private final String id;

    InitialState(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static InitialState fromId(String id) {
      for (InitialState s : values()) {
        if (s.id.equals(id)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown initial state " + id);
    }
  }
}
