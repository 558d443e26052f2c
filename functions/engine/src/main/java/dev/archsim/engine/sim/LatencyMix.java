package dev.archsim.engine.sim;

import dev.archsim.engine.component.RegionFailover;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.queueing.LatencyLattice;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fixed latencies the serving side adds to each response of a traffic step: the users' round
 * trips to the region serving them, the network latency, and for the dynamic requests the time
 * behind the fleet (data tier, tiers of a chain). It hands them to {@link Serving} only when they
 * differ from the last step's, whose offsets and weights the serving side still holds.
 */
final class LatencyMix {
  private final UserRegions users;
  private final RequestProfile profile;
  private final Serving serving;

  /** The region failover moving users between regions; null without one. */
  private final RegionFailover failover;

  // the arguments of the last mix set, whose offsets and weights the serving side holds
  private String mixRegion;
  private double[] mixUsers;
  private double mixDbMs;
  private double mixFixedMs;
  private LatencyLattice mixTiers;
  private double mixDynShare;

  LatencyMix(UserRegions users, RequestProfile profile, Serving serving, RegionFailover failover) {
    this.users = users;
    this.profile = profile;
    this.serving = serving;
    this.failover = failover;
  }

  /**
   * The fixed latencies of the users served from {@code region} (region {@code r} of the stage) at
   * {@code mid}: their round trip, plus for the dynamic share of the requests (static requests skip
   * them) the time behind the fleet: {@code dbMs} in the mean, and in the histogram the fixed
   * {@code fixedMs} plus the tiers' time {@code tiers} (null without tiers, when {@code dbMs} is
   * all fixed).
   */
  void set(
      int r,
      String region,
      double mid,
      double dbMs,
      double fixedMs,
      LatencyLattice tiers,
      double dynShare) {
    int n = users.count();
    double[] shares = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      shares[i] = users.share(i) * (failover == null ? 1.0 : failover.usersAt(r, i, mid));
      total += shares[i];
    }
    if (region.equals(mixRegion)
        && Arrays.equals(shares, mixUsers)
        && dbMs == mixDbMs
        && fixedMs == mixFixedMs
        && Objects.equals(tiers, mixTiers)
        && dynShare == mixDynShare) {
      return; // the same mix as the last step's: the serving side still has it
    }
    mixRegion = region;
    mixUsers = shares.clone();
    mixDbMs = dbMs;
    mixFixedMs = fixedMs;
    mixTiers = tiers;
    mixDynShare = dynShare;
    for (int i = 0; i < n; i++) {
      shares[i] = total > 0 ? shares[i] / total : users.share(i);
    }
    boolean split = (dbMs > 0 || tiers != null) && dynShare < 1;
    double[] offsets = new double[split ? 2 * n : n];
    double[] weights = new double[offsets.length];
    Serving.Behind[] behind = tiers == null ? null : new Serving.Behind[offsets.length];
    double[] rtt = users.roundTrips(region);
    for (int i = 0; i < n; i++) {
      double base = profile.networkLatencyMs() + rtt[i];
      offsets[i] = base + dbMs;
      weights[i] = shares[i] * (split ? dynShare : 1);
      if (behind != null) {
        behind[i] = new Serving.Behind(tiers, base + fixedMs);
      }
      if (split) {
        offsets[n + i] = base;
        weights[n + i] = shares[i] * (1 - dynShare);
      }
    }
    serving.latencyMix(offsets, weights, behind);
  }
}
