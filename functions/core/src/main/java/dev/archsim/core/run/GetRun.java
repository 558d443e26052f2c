package dev.archsim.core.run;

/**
 * Read a run; a run is visible only to its owner, everyone else gets {@link RunNotFoundException}.
 */
public final class GetRun {
  private final RunStore store;

  public GetRun(RunStore store) {
    this.store = store;
  }

  public RunRecord get(String owner, String runId) {
    return store
        .find(runId)
        .filter(r -> r.owner().equals(owner))
        .orElseThrow(() -> new RunNotFoundException(runId));
  }
}
