package dev.archsim.engine.model;

/**
 * What the architecture must achieve. Each objective is optional (null when not set).
 *
 * @param availability fraction of requests served, e.g. 0.999
 * @param latencyP99Ms 99th percentile response time in milliseconds
 * @param monthlyBudgetUsd monthly cost ceiling in US dollars
 * @param rtoSeconds recovery time objective: every recovery of a trial within it
 * @param rpoSeconds recovery point objective: at most this much data lost per recovery
 * @param lostMessagesPerMillion at most this many of every million messages sent to the stage's
 *     queue lost: deleted at the end of the retention period without being processed
 */
public record Objectives(
    Double availability,
    Double latencyP99Ms,
    Double monthlyBudgetUsd,
    Double rtoSeconds,
    Double rpoSeconds,
    Double lostMessagesPerMillion) {
  public static final Objectives NONE = new Objectives(null, null, null);

  public Objectives(
      Double availability,
      Double latencyP99Ms,
      Double monthlyBudgetUsd,
      Double rtoSeconds,
      Double rpoSeconds) {
    this(availability, latencyP99Ms, monthlyBudgetUsd, rtoSeconds, rpoSeconds, null);
  }

  public Objectives(Double availability, Double latencyP99Ms, Double monthlyBudgetUsd) {
    this(availability, latencyP99Ms, monthlyBudgetUsd, null, null, null);
  }

  public boolean isEmpty() {
    return availability == null
        && latencyP99Ms == null
        && monthlyBudgetUsd == null
        && rtoSeconds == null
        && rpoSeconds == null
        && lostMessagesPerMillion == null;
  }
}
