package dev.archsim.engine.model;

/** How clients reach the compute tier. */
public sealed interface Entry permits Entry.ElasticIps, Entry.LoadBalancer {

  String type();

  /**
   * One Elastic IP per instance; clients are bound to one instance's address, so when that instance
   * is down its users fail ({@code eip-instance-down}) until it is back.
   */
  record ElasticIps() implements Entry {
    @Override
    public String type() {
      return "elastic-ip";
    }
  }

  /**
   * An Application or Network Load Balancer with target health checks: a failed target keeps its
   * share of requests until {@code unhealthyThreshold} consecutive checks fail.
   */
  record LoadBalancer(Kind kind, HealthCheck healthCheck, boolean crossZone) implements Entry {
    public LoadBalancer {
      healthCheck = healthCheck == null ? HealthCheck.ALB_DEFAULT : healthCheck;
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
}
