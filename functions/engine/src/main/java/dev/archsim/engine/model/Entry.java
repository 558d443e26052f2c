package dev.archsim.engine.model;

/** How clients reach the compute tier. */
public sealed interface Entry
    permits Entry.ElasticIps, Entry.LoadBalancer, Entry.Route53, Entry.ApiGateway {

  String type();

  /**
   * One Elastic IP per instance; clients are bound to one instance's address, so when that instance
   * is down its users fail ({@code eip-instance-down}) until it is back or, with {@code
   * remapMinutes}, until an operator remaps the address to a healthy instance (exponential time).
   */
  record ElasticIps(Double remapMinutes) implements Entry {
    public ElasticIps() {
      this(null);
    }

    @Override
    public String type() {
      return "elastic-ip";
    }
  }

  /**
   * An Application or Network Load Balancer with target health checks: a failed target keeps its
   * share of requests until {@code unhealthyThreshold} consecutive checks fail.
   */
  record LoadBalancer(
      Kind kind,
      HealthCheck healthCheck,
      boolean crossZone,
      double deregistrationDelaySeconds,
      boolean stickySessions,
      boolean aliasRecord)
      implements Entry {
    public static final double DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;

    public LoadBalancer {
      healthCheck = healthCheck == null ? HealthCheck.ALB_DEFAULT : healthCheck;
    }

    public LoadBalancer(Kind kind, HealthCheck healthCheck, boolean crossZone) {
      this(kind, healthCheck, crossZone, DEFAULT_DEREGISTRATION_DELAY_SECONDS, false, true);
    }

    @Override
    public String type() {
      return kind.id();
    }

    /** ALB or NLB. */
    public enum Kind {
      ALB("alb"),
      NLB("nlb");

      private final String id;

      Kind(String id) {
        this.id = id;
      }

      public String id() {
        return id;
      }
    }
  }

  /**
   * Target group health check. Defaults are the ALB's: 30 s interval, 5 s timeout, 5 healthy and 2
   * unhealthy consecutive checks.
   */
  record HealthCheck(
      double intervalSeconds, double timeoutSeconds, int healthyThreshold, int unhealthyThreshold) {
    public static final HealthCheck ALB_DEFAULT = new HealthCheck(30, 5, 5, 2);
  }

  /**
   * Route 53 A records, one per instance, with a TTL. Clients cache an answer for the TTL (cache
   * ages spread evenly), so after a record changes they keep the old address for up to the TTL: a
   * dead address fails as {@code dns-stale}. A dead instance's record is removed by a Route 53
   * health check (interval × failure threshold) or by an operator after {@code removalMinutes}.
   *
   * @param routing "simple" / "multivalue" / "weighted" (equal weights): clients spread evenly
   */
  record Route53(
      double ttlSeconds, DnsHealthCheck healthCheck, Double removalMinutes, String routing)
      implements Entry {
    @Override
    public String type() {
      return "route53";
    }
  }

  /** Route 53 health check: 10 s or 30 s interval, failure threshold (default 3). */
  record DnsHealthCheck(double intervalSeconds, int failureThreshold) {}

  /**
   * API Gateway in front of Lambda functions: requests beyond {@code throttleRps} are throttled
   * (429) and integrations longer than {@code timeoutSeconds} fail.
   *
   * @param rest a REST API ($3.50 per million, 29 s timeout) rather than an HTTP API ($1.00, 30 s)
   * @param throttleRps the account's steady-state throttle (10,000 requests/s by default)
   */
  record ApiGateway(boolean rest, double throttleRps, double timeoutSeconds) implements Entry {
    public static final double DEFAULT_THROTTLE_RPS = 10_000;

    @Override
    public String type() {
      return "api-gateway";
    }
  }
}
