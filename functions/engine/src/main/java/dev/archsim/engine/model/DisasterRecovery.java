package dev.archsim.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * What happens when the primary region is lost: one of the four strategies, with its mechanics.
 *
 * @param strategy {@link Strategy}
 * @param secondaryRegion where the application recovers
 * @param standbyShare warm standby: share of the primary's capacity running in the secondary;
 *     active-active: share of the capacity each region runs (1.0 = each can carry everything)
 * @param healthCheckIntervalSeconds Route 53 health check interval (10 or 30 s)
 * @param failureThreshold consecutive failed checks before the region is declared down
 * @param ttlSeconds DNS TTL of the failover record; clients move over one TTL
 * @param globalAccelerator Global Accelerator instead of DNS: anycast, no client caches, so the
 *     switch does not wait for a TTL
 * @param decisionMinutes time for people or automation to decide to fail over (0 for active-active,
 *     which fails over by health check alone)
 * @param provisionMinutes backup &amp; restore: time to create the stack from code
 * @param restoreMinutes backup &amp; restore: time to restore the database from its snapshot
 * @param backupIntervalHours backup &amp; restore: snapshots copied to the secondary this often
 * @param replicationLagSeconds pilot light, warm standby, active-active: mean cross-region lag
 * @param bootSeconds time for new instances to boot in the secondary
 * @param dataGb size of the data (backup storage, replication)
 * @param regions the regions besides the primary, {@code secondaryRegion} first (empty or null:
 *     {@code secondaryRegion} alone): one for the four strategies, two or more for active-active
 *     over three or more regions (each runs {@code standbyShare} of the primary's instances; users
 *     go to the nearest healthy region)
 */
public record DisasterRecovery(
    Strategy strategy,
    String secondaryRegion,
    double standbyShare,
    double healthCheckIntervalSeconds,
    int failureThreshold,
    double ttlSeconds,
    boolean globalAccelerator,
    double decisionMinutes,
    double provisionMinutes,
    double restoreMinutes,
    double backupIntervalHours,
    double replicationLagSeconds,
    double bootSeconds,
    double dataGb,
    List<String> regions) {

  public DisasterRecovery {
    Objects.requireNonNull(strategy, "strategy");
    regions =
        regions == null || regions.isEmpty()
            ? (secondaryRegion == null ? List.of() : List.of(secondaryRegion))
            : List.copyOf(regions);
  }

  /** True for active-active over three or more regions (two or more besides the primary). */
  public boolean multiRegion() {
    return regions.size() > 1;
  }

  /** The four DR strategies, slowest and cheapest first. */
  public enum Strategy {
    BACKUP_RESTORE("backup-restore", 60, 30),
    PILOT_LIGHT("pilot-light", 15, 0),
    WARM_STANDBY("warm-standby", 5, 0),
    ACTIVE_ACTIVE("active-active", 0, 0);

    private final String id;
    private final double defaultDecisionMinutes;
    private final double defaultProvisionMinutes;

    Strategy(String id, double decision, double provision) {
      this.id = id;
      this.defaultDecisionMinutes = decision;
      this.defaultProvisionMinutes = provision;
    }

    public String id() {
      return id;
    }

    /** UNSOURCED assumptions: how long the call to fail over takes with each strategy. */
    public double defaultDecisionMinutes() {
      return defaultDecisionMinutes;
    }

    public double defaultProvisionMinutes() {
      return defaultProvisionMinutes;
    }

    public static Strategy fromId(String id) {
      for (Strategy s : values()) {
        if (s.id.equals(id)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown DR strategy " + id);
    }
  }
}
