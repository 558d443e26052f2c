package dev.archsim.engine.model;

/** How clients reach the compute tier. */
public sealed interface Entry
    permits Entry.ElasticIps, Entry.LoadBalancer, Entry.Route53, Entry.ApiGateway {
  /**
   * The defaults of the {@code entry} section, each in its entry type's alternative of the schema's
   * {@code oneOf} (1: alb/nlb, 2: route53, 3: api-gateway).
   */
  Defaults.Table DEFAULTS = Defaults.section("entry");

  /** The ALB's default target health check. */
  double HEALTH_CHECK_INTERVAL_SECONDS =
      DEFAULTS.at("oneOf/1/properties/healthCheck/properties/intervalSeconds", 30.0);

  double HEALTH_CHECK_TIMEOUT_SECONDS =
      DEFAULTS.at("oneOf/1/properties/healthCheck/properties/timeoutSeconds", 5.0);
  int HEALTH_CHECK_HEALTHY_THRESHOLD =
      DEFAULTS.at("oneOf/1/properties/healthCheck/properties/healthyThreshold", 5);
  int HEALTH_CHECK_UNHEALTHY_THRESHOLD =
      DEFAULTS.at("oneOf/1/properties/healthCheck/properties/unhealthyThreshold", 2);
  boolean CROSS_ZONE = DEFAULTS.at("oneOf/1/properties/crossZone", true);
  double DEREGISTRATION_DELAY_SECONDS =
      DEFAULTS.at("oneOf/1/properties/deregistrationDelaySeconds", 300.0);
  boolean STICKY_SESSIONS = DEFAULTS.at("oneOf/1/properties/stickySessions", false);
  boolean ALIAS_RECORD = DEFAULTS.at("oneOf/1/properties/aliasRecord", true);

  double DNS_HEALTH_CHECK_INTERVAL_SECONDS =
      DEFAULTS.at("oneOf/2/properties/healthCheck/properties/intervalSeconds", 30.0);
  int DNS_HEALTH_CHECK_FAILURE_THRESHOLD =
      DEFAULTS.at("oneOf/2/properties/healthCheck/properties/failureThreshold", 3);
  String DNS_ROUTING = DEFAULTS.at("oneOf/2/properties/routing", "simple");

  String API = DEFAULTS.at("oneOf/3/properties/api", "http");

  /** The account's steady-state throttle (10,000 requests/s by default). */
  double API_THROTTLE_RPS = DEFAULTS.at("oneOf/3/properties/throttleRps", 10_000.0);

  /**
   * API Gateway's integration timeout of a REST API (29 s) and an HTTP API (30 s): a default that
   * depends on {@code api}, described in words in the schema.
   */
  double REST_API_TIMEOUT_SECONDS = 29;

  double HTTP_API_TIMEOUT_SECONDS = 30;

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
   *
   * @param algorithm how the load balancer picks a target for each request ({@link Algorithm});
   *     null means {@link Algorithm#defaultFor} the kind
   */
  record LoadBalancer(
      Kind kind,
      HealthCheck healthCheck,
      boolean crossZone,
      double deregistrationDelaySeconds,
      boolean stickySessions,
      boolean aliasRecord,
      Algorithm algorithm)
      implements Entry {
    public static final double DEFAULT_DEREGISTRATION_DELAY_SECONDS =
        Entry.DEREGISTRATION_DELAY_SECONDS;

    public LoadBalancer {
      healthCheck = healthCheck == null ? HealthCheck.ALB_DEFAULT : healthCheck;
      algorithm = algorithm == null ? Algorithm.defaultFor(kind) : algorithm;
    }

    public LoadBalancer(
        Kind kind,
        HealthCheck healthCheck,
        boolean crossZone,
        double deregistrationDelaySeconds,
        boolean stickySessions,
        boolean aliasRecord) {
      this(
          kind,
          healthCheck,
          crossZone,
          deregistrationDelaySeconds,
          stickySessions,
          aliasRecord,
          null);
    }

    public LoadBalancer(Kind kind, HealthCheck healthCheck, boolean crossZone) {
      this(kind, healthCheck, crossZone, DEFAULT_DEREGISTRATION_DELAY_SECONDS, false, true);
    }

    /** The same load balancer with another algorithm. */
    public LoadBalancer withAlgorithm(Algorithm a) {
      return new LoadBalancer(
          kind, healthCheck, crossZone, deregistrationDelaySeconds, stickySessions, aliasRecord, a);
    }

    /**
     * How a load balancer picks the target of a request (docs/decisions/015). An ALB target group's
     * {@code load_balancing.algorithm.type} is {@code round_robin} by default, or {@code
     * least_outstanding_requests} or {@code weighted_random} ([AWS]
     * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
     * as quoted by AWS re:Post QUKulQ9fv9QAunislunxGeow, "the default is round_robin"; [AWS] CDK
     * TargetGroupLoadBalancingAlgorithmType lists the three values; [3P] the Pulumi
     * aws.lb.TargetGroup docs, "Only applicable for Application Load Balancer Target Groups ... The
     * default is roundRobin"). An NLB "selects a target from the target group for the default rule
     * using a flow hash routing algorithm" ([AWS]
     * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/nlb.html): over many independent
     * flows that is {@link #RANDOM}, the only value an NLB accepts here.
     */
    public enum Algorithm {
      /**
       * Targets in turn: with n targets each gets every n-th request, an Erlang-n stream (E_n/M/c).
       */
      ROUND_ROBIN("round-robin"),
      /**
       * The target with the fewest requests in flight: close to one pooled queue of every target's
       * servers (M/M/nc+D).
       */
      LEAST_OUTSTANDING_REQUESTS("least-outstanding-requests"),
      /** A target at random per request (or per flow): a Poisson stream per target (M/M/c+D). */
      RANDOM("random");

      private final String id;

      Algorithm(String id) {
        this.id = id;
      }

      public String id() {
        return id;
      }

      @Override
      public String toString() {
        return id;
      }

      /** AWS's default: round robin on an ALB, the flow hash (random) on an NLB. */
      public static Algorithm defaultFor(Kind kind) {
        return kind == Kind.NLB ? RANDOM : ROUND_ROBIN;
      }

      /** The algorithm named {@code id} in a scenario; null when absent. */
      public static Algorithm fromId(String id) {
        if (id == null) {
          return null;
        }
        for (Algorithm a : values()) {
          if (a.id.equals(id)) {
            return a;
          }
        }
        throw new IllegalArgumentException("unknown load balancing algorithm " + id);
      }
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
    public static final HealthCheck ALB_DEFAULT =
        new HealthCheck(
            Entry.HEALTH_CHECK_INTERVAL_SECONDS,
            Entry.HEALTH_CHECK_TIMEOUT_SECONDS,
            Entry.HEALTH_CHECK_HEALTHY_THRESHOLD,
            Entry.HEALTH_CHECK_UNHEALTHY_THRESHOLD);
  }

  /**
   * Route 53 A records, one per instance, with a TTL. Clients cache an answer for the TTL (cache
   * ages spread evenly), so after a record changes they keep the old address for up to the TTL: a
   * dead address fails as {@code dns-stale}. A dead instance's record is removed by a Route 53
   * health check (docs/decisions/014) or by an operator after {@code removalMinutes}.
   *
   * @param routing the routing policy of the records, {@link Routing}
   */
  record Route53(
      double ttlSeconds, DnsHealthCheck healthCheck, Double removalMinutes, Routing routing)
      implements Entry {
    public Route53 {
      routing = routing == null ? Routing.fromId(Entry.DNS_ROUTING) : routing;
    }

    /** The routing policy by its scenario name ({@link Routing#fromId}). */
    public Route53(
        double ttlSeconds, DnsHealthCheck healthCheck, Double removalMinutes, String routing) {
      this(ttlSeconds, healthCheck, removalMinutes, Routing.fromId(routing));
    }

    @Override
    public String type() {
      return "route53";
    }

    /**
     * Route 53 routing policies a scenario can name, and how each is simulated (or, for a
     * combination AWS does not offer, rejected by the validator with the reason).
     */
    public enum Routing {
      /**
       * One record with every instance's value, returned in random order: clients spread evenly.
       * AWS cannot check the health of a simple record's values, so a health check is rejected; an
       * operator may still remove a dead value ({@code removalMinutes}).
       */
      SIMPLE("simple"),
      /**
       * One record per instance, up to eight healthy ones per answer, chosen at random: clients
       * spread evenly over the records present; a health check removes a dead instance's record.
       */
      MULTIVALUE("multivalue"),
      /**
       * One record per instance with equal weights (the scenario has no weights): each answer is
       * one record at random, so clients spread evenly over the records present.
       */
      WEIGHTED("weighted"),
      /**
       * The record of the region with the lowest latency. Every record of a stage is in its one
       * region, so it answers like {@link #SIMPLE} spread (the validator warns); between regions it
       * is the active-active DR strategy.
       */
      LATENCY("latency"),
      /**
       * The primary record while its health check passes, then the first healthy secondary
       * (instances in placement order); needs at least two instances.
       */
      FAILOVER("failover");

      private final String id;

      Routing(String id) {
        this.id = id;
      }

      public String id() {
        return id;
      }

      /** The scenario's name of the policy. */
      @Override
      public String toString() {
        return id;
      }

      /** The policy named {@code id} in a scenario; null means {@link #SIMPLE}. */
      public static Routing fromId(String id) {
        if (id == null) {
          return SIMPLE;
        }
        for (Routing r : values()) {
          if (r.id.equals(id)) {
            return r;
          }
        }
        throw new IllegalArgumentException("unknown Route 53 routing policy " + id);
      }
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
    public static final double DEFAULT_THROTTLE_RPS = Entry.API_THROTTLE_RPS;

    @Override
    public String type() {
      return "api-gateway";
    }
  }
}
