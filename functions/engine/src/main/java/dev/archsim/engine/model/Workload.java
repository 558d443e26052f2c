package dev.archsim.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * The traffic offered to the architecture.
 *
 * @param requestsPerSecond mean request rate over a day
 * @param pattern how the rate varies in time around its mean
 * @param profile what one request costs and how long a client waits for it
 * @param users where the users are (shares summing to 1); empty: all in the primary region
 */
public record Workload(
    double requestsPerSecond, TrafficPattern pattern, RequestProfile profile, List<Users> users) {
  public Workload {
    pattern = pattern == null ? new TrafficPattern.Constant() : pattern;
    Objects.requireNonNull(profile, "profile");
    users = users == null ? List.of() : List.copyOf(users);
  }

  public Workload(double requestsPerSecond, TrafficPattern pattern, RequestProfile profile) {
    this(requestsPerSecond, pattern, profile, List.of());
  }

  /** Mean request rate over the interval [from, to) seconds since the start of the trial. */
  public double meanRate(double from, double to) {
    return requestsPerSecond * pattern.meanFactor(from, to);
  }

  /** A share of the users, near an AWS region. */
  public record Users(String region, double share) {}
}
