package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Workload;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the stage's users are: their regions with their shares of the requests (all in the stage's
 * region when the workload names none) and the round trip from each to a serving region.
 */
final class UserRegions {
  private final String[] regions;
  private final double[] shares;
  private final Map<String, double[]> roundTrips = new HashMap<>();

  /** The users of {@code workload}; those of a workload naming none are in {@code primary}. */
  UserRegions(Workload workload, String primary) {
    if (workload.users().isEmpty()) {
      regions = new String[] {primary};
      shares = new double[] {1.0};
    } else {
      regions = workload.users().stream().map(Workload.Users::region).toArray(String[]::new);
      shares = workload.users().stream().mapToDouble(Workload.Users::share).toArray();
    }
  }

  /** How many user regions there are. */
  int count() {
    return regions.length;
  }

  /** The share of the requests from user region {@code i}. */
  double share(int i) {
    return shares[i];
  }

  /** The users' mean round trip to {@code region}, weighted by their shares. */
  double meanRoundTrip(String region) {
    double m = 0;
    double[] rtt = roundTrips(region);
    for (int i = 0; i < regions.length; i++) {
      m += shares[i] * rtt[i];
    }
    return m;
  }

  /** Round trips from each user region to {@code region}, computed once. */
  double[] roundTrips(String region) {
    return roundTrips.computeIfAbsent(
        region,
        r -> {
          double[] out = new double[regions.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = Services.roundTripMs(regions[i], r);
          }
          return out;
        });
  }
}
