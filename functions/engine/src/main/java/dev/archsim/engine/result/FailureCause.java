package dev.archsim.engine.result;

/** Why a request failed. Ordinals are the layout of counters in results: append, never reorder. */
public enum FailureCause {
  DNS_STALE("dns-stale"),
  UNHEALTHY_TARGET("unhealthy-target"),
  EIP_INSTANCE_DOWN("eip-instance-down"),
  NO_CAPACITY("no-capacity"),
  OVERLOAD("overload"),
  DB_FAILOVER("db-failover"),
  AZ_OUTAGE("az-outage"),
  REGION_OUTAGE("region-outage"),
  RESIZE_DOWNTIME("resize-downtime"),
  THROTTLED("throttled"),
  SESSION_LOST("session-lost"),
  NAT_UNAVAILABLE("nat-unavailable");

  private final String id;

  FailureCause(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static FailureCause fromId(String id) {
    for (FailureCause c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown failure cause " + id);
  }
}
