package dev.archsim.engine.model;

import java.util.Objects;

/**
 * The traffic offered to the architecture.
 *
 * @param requestsPerSecond mean request rate over a day
 * @param pattern how the rate varies in time around its mean
 * @param profile what one request costs and how long a client waits for it
 */
public record Workload(double requestsPerSecond, TrafficPattern pattern, RequestProfile profile) {
  public Workload {
    pattern = pattern == null ? new TrafficPattern.Constant() : pattern;
    Objects.requireNonNull(profile, "profile");
  }

  /** Mean request rate over the interval [from, to) seconds since the start of the trial. */
  public double meanRate(double from, double to) {
    return requestsPerSecond * pattern.meanFactor(from, to);
  }
}
