package dev.archsim.engine.model;

/**
 * What the architecture must achieve. Each objective is optional (null when not set).
 *
 * @param availability fraction of requests served, e.g. 0.999
 * @param latencyP99Ms 99th percentile response time in milliseconds
 * @param monthlyBudgetUsd monthly cost ceiling in US dollars
 */
public record Objectives(Double availability, Double latencyP99Ms, Double monthlyBudgetUsd) {
  public static final Objectives NONE = new Objectives(null, null, null);

  public boolean isEmpty() {
    return availability == null && latencyP99Ms == null && monthlyBudgetUsd == null;
  }
}
