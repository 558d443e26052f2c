package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Bill;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How requests reach a stage: an Elastic IP per instance, Route 53 records per instance, an
 * Application or Network Load Balancer in front of the fleet, or API Gateway in front of Lambda.
 *
 * <p>The module holds the entry's JSON mapping and defaults, its own rules, its prices and its
 * explain line. Its trial state is the fleet's: the load balancer's health checks and routing, the
 * clients' binding to instance addresses and Route 53's record checks are kept by the engine's
 * fleet with the instances they front ({@code sim.Fleet}, {@code sim.Slots}, decision 020), and API
 * Gateway's throttle and timeout by the Lambda stage it fronts ({@link FunctionsComponent}), so the
 * entry has no {@link PathStage} of its own ({@link #stage} is null).
 *
 * <p>Its findings count the fleet's instances and zones (the Elastic IP quota, the addresses
 * clients must know, cross-zone balancing over uneven zones): the fleet lists them with its own,
 * after its single point of failure, where results have always listed them ({@link
 * #fleetFindings}).
 */
public final class EntryComponent implements Component<Entry> {
  @Override
  public String section() {
    return "entry";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return Entry.DEFAULTS.entries();
  }

  /** The entry of a stage, or null when it has none. */
  @Override
  public Entry config(Architecture a) {
    return a.entry();
  }

  @Override
  public Entry read(Section e) {
    String type = e.text("type", "");
    switch (type) {
      case "elastic-ip" -> {
        return new Entry.ElasticIps(e.number("remapMinutes"));
      }
      case "api-gateway" -> {
        boolean rest = "rest".equals(e.text("api", Entry.API));
        return new Entry.ApiGateway(
            rest,
            e.number("throttleRps", Entry.API_THROTTLE_RPS),
            e.number(
                "timeoutSeconds",
                rest ? Entry.REST_API_TIMEOUT_SECONDS : Entry.HTTP_API_TIMEOUT_SECONDS));
      }
      case "route53" -> {
        Section hc = e.object("healthCheck");
        return new Entry.Route53(
            e.number("ttlSeconds", 0),
            e.has("healthCheck")
                ? new Entry.DnsHealthCheck(
                    hc.number("intervalSeconds", Entry.DNS_HEALTH_CHECK_INTERVAL_SECONDS),
                    hc.integer("failureThreshold", Entry.DNS_HEALTH_CHECK_FAILURE_THRESHOLD))
                : null,
            e.number("removalMinutes"),
            e.text("routing", Entry.DNS_ROUTING));
      }
      default -> {
        Section hc = e.object("healthCheck");
        Entry.HealthCheck d = Entry.HealthCheck.ALB_DEFAULT;
        String algorithm = e.text("algorithm");
        return new Entry.LoadBalancer(
            "nlb".equals(type) ? Entry.LoadBalancer.Kind.NLB : Entry.LoadBalancer.Kind.ALB,
            new Entry.HealthCheck(
                hc.number("intervalSeconds", d.intervalSeconds()),
                hc.number("timeoutSeconds", d.timeoutSeconds()),
                hc.integer("healthyThreshold", d.healthyThreshold()),
                hc.integer("unhealthyThreshold", d.unhealthyThreshold())),
            e.bool("crossZone", Entry.CROSS_ZONE),
            e.number("deregistrationDelaySeconds", Entry.DEREGISTRATION_DELAY_SECONDS),
            e.bool("stickySessions", Entry.STICKY_SESSIONS),
            e.bool("aliasRecord", Entry.ALIAS_RECORD),
            Entry.LoadBalancer.Algorithm.fromId("null".equals(algorithm) ? null : algorithm));
      }
    }
  }

  /**
   * The entry's own rules: the ranges AWS accepts for its settings and the combinations it does not
   * offer. The rules that depend on the fleet behind it (how many addresses, an API Gateway in
   * front of instances) are the compute tier's.
   */
  @Override
  public void rules(Entry entry, Architecture a, String path, List<Violation> out) {
    switch (entry) {
      case Entry.ElasticIps eips -> {
        if (eips.remapMinutes() != null) {
          Ranges.positive(eips.remapMinutes(), path + ".remapMinutes", out);
        }
      }
      case Entry.Route53 r -> route53(r, a, path, out);
      case Entry.ApiGateway g -> {
        Ranges.positive(g.throttleRps(), path + ".throttleRps", out);
        double max = g.rest() ? 300 : 30;
        if (!(g.timeoutSeconds() > 0 && g.timeoutSeconds() <= max)) {
          out.add(
              Violation.error(
                  path + ".timeoutSeconds",
                  "must be in (0, "
                      + (int) max
                      + "] for a "
                      + (g.rest() ? "REST" : "HTTP")
                      + " API"));
        }
      }
      case Entry.LoadBalancer lb -> loadBalancer(lb, path, out);
    }
  }

  private static void route53(Entry.Route53 r, Architecture a, String path, List<Violation> out) {
    if (!(r.ttlSeconds() >= 0 && r.ttlSeconds() <= 172_800)) {
      out.add(
          Violation.error(path + ".ttlSeconds", "must be in [0, 172800]; found " + r.ttlSeconds()));
    }
    if (r.healthCheck() != null) {
      if (r.healthCheck().intervalSeconds() != 10 && r.healthCheck().intervalSeconds() != 30) {
        out.add(
            Violation.error(
                path + ".healthCheck.intervalSeconds",
                "must be 10 or 30; found " + r.healthCheck().intervalSeconds()));
      }
      if (r.healthCheck().failureThreshold() < 1 || r.healthCheck().failureThreshold() > 10) {
        out.add(
            Violation.error(
                path + ".healthCheck.failureThreshold",
                "must be in [1, 10]; found " + r.healthCheck().failureThreshold()));
      }
    }
    if (r.removalMinutes() != null) {
      Ranges.positive(r.removalMinutes(), path + ".removalMinutes", out);
    }
    if (r.routing() == Entry.Route53.Routing.SIMPLE && r.healthCheck() != null) {
      out.add(
          Violation.error(
              path + ".healthCheck",
              "Route 53 cannot check the health of a 'simple' record's values; set"
                  + " entry.routing to 'multivalue' (a record per instance, an unhealthy one"
                  + " left out of answers) or 'failover', or drop the health check and let"
                  + " an operator remove a dead value (removalMinutes)"));
    }
    if (r.routing() == Entry.Route53.Routing.LATENCY && a.dr() == null) {
      out.add(
          Violation.warning(
              path + ".routing",
              "every record is in "
                  + a.region()
                  + ", so 'latency' routing answers like"
                  + " 'simple'; to route users to their nearer region give the stage"
                  + " architecture.dr with strategy active-active"));
    }
  }

  private static void loadBalancer(Entry.LoadBalancer lb, String path, List<Violation> out) {
    Entry.HealthCheck hc = lb.healthCheck();
    String hp = path + ".healthCheck";
    if (!(hc.intervalSeconds() >= 5 && hc.intervalSeconds() <= 300)) {
      out.add(
          Violation.error(
              hp + ".intervalSeconds", "must be in [5, 300]; found " + hc.intervalSeconds()));
    }
    if (!(hc.timeoutSeconds() >= 2 && hc.timeoutSeconds() <= 120)) {
      out.add(
          Violation.error(
              hp + ".timeoutSeconds", "must be in [2, 120]; found " + hc.timeoutSeconds()));
    } else if (hc.timeoutSeconds() >= hc.intervalSeconds()) {
      out.add(Violation.error(hp + ".timeoutSeconds", "must be less than intervalSeconds"));
    }
    if (hc.healthyThreshold() < 2 || hc.healthyThreshold() > 10) {
      out.add(
          Violation.error(
              hp + ".healthyThreshold", "must be in [2, 10]; found " + hc.healthyThreshold()));
    }
    if (hc.unhealthyThreshold() < 2 || hc.unhealthyThreshold() > 10) {
      out.add(
          Violation.error(
              hp + ".unhealthyThreshold", "must be in [2, 10]; found " + hc.unhealthyThreshold()));
    }
    if (!(lb.deregistrationDelaySeconds() >= 0 && lb.deregistrationDelaySeconds() <= 3600)) {
      out.add(
          Violation.error(
              path + ".deregistrationDelaySeconds",
              "must be in [0, 3600]; found " + lb.deregistrationDelaySeconds()));
    }
    if (lb.kind() == Entry.LoadBalancer.Kind.NLB
        && lb.algorithm() != Entry.LoadBalancer.Algorithm.RANDOM) {
      out.add(
          Violation.error(
              path + ".algorithm",
              "an NLB picks targets by a flow hash (random); "
                  + lb.algorithm()
                  + " is an ALB target group setting"));
    }
  }

  /**
   * A load balancer's hours and capacity units, billed with the fleet it fronts; then data out to
   * the internet, which leaves the region through the entry unless CloudFront is in front. (API
   * Gateway's requests are priced with the functions behind it.)
   */
  @Override
  public void prices(Entry entry, Architecture a, PriceList out) {
    String region = a.region();
    if (a.compute() != null && entry instanceof Entry.LoadBalancer lb) {
      String kind = lb.kind().id();
      out.uses(kind + ".hour", region);
      out.uses(
          kind + (lb.kind() == Entry.LoadBalancer.Kind.NLB ? ".nlcu-hour" : ".lcu-hour"), region);
    }
    if (a.cdn() == null) {
      out.uses("data-out.gb", region);
    }
  }

  /** The bill's line of the data sent to the internet from the region (no CloudFront in front). */
  public static final String DATA_OUT = "data-transfer-out";

  /**
   * The data sent to the internet from the region against the stage's whole bill: a finding when it
   * makes up {@link Bill#DOMINANT_SHARE} of it or more.
   */
  @Override
  public void billFindings(
      Entry entry, Scenario scenario, Stage stage, Bill bill, List<Finding> out) {
    double usd = bill.line(DATA_OUT);
    if (!bill.dominatedBy(usd)) {
      return;
    }
    double perGb = Services.usd("data-out.gb", stage.architecture().region());
    Workload w = scenario.workloadOf(stage);
    out.add(
        Finding.formatted(
            "cost",
            "medium",
            "data-transfer-out",
            "data sent to the internet costs $%.2f a month (≈ %s GB at $%s a GB%s), %s %% of the"
                + " stage's $%.2f: compress the responses or make them smaller; CloudFront in"
                + " front bills its own data out instead (nothing from the origin to CloudFront)",
            usd,
            Numbers.plain(perGb > 0 ? usd / perGb : 0),
            Numbers.plain(perGb),
            w == null ? "" : ", " + Numbers.plain(w.profile().bytesOut() / 1000) + " KB a response",
            Numbers.plain(100 * bill.share(usd)),
            bill.monthlyUsd()));
  }

  /** The entry's findings are listed by the fleet behind it ({@link #fleetFindings}). */
  @Override
  public void findings(Entry entry, Scenario scenario, Stage stage, List<Finding> out) {}

  /**
   * The findings of an entry in front of a fleet of {@code instances} instances in {@code zones}
   * Availability Zones: the Elastic IP quota and the addresses clients must know, Route 53's TTL
   * and missing health checks, a load balancer's cross-zone balancing, sticky sessions and DNS
   * name. The fleet lists them after its single point of failure.
   */
  public static void fleetFindings(Entry entry, int instances, long zones, List<Finding> out) {
    switch (entry) {
      case Entry.ElasticIps e -> {
        if (instances > Catalog.ELASTIC_IP_QUOTA_PER_REGION) {
          out.add(
              new Finding(
                  "quota",
                  "medium",
                  "entry:elastic-ip",
                  instances
                      + " Elastic IPs exceed the default quota of "
                      + Catalog.ELASTIC_IP_QUOTA_PER_REGION
                      + " per region"));
        }
        if (instances > 1) {
          out.add(
              new Finding(
                  "reliability",
                  "medium",
                  "entry:elastic-ip",
                  "clients must know all "
                      + instances
                      + " addresses; users bound to a failed instance fail until it is back, nothing routes around it"));
        }
      }
      case Entry.Route53 r -> {
        if (r.ttlSeconds() > 300) {
          out.add(
              new Finding(
                  "reliability",
                  "medium",
                  "entry:route53",
                  String.format(
                      Locale.ROOT,
                      "TTL %.0f s: after a record changes, clients keep the old address for up to %.0f minutes",
                      r.ttlSeconds(),
                      r.ttlSeconds() / 60)));
        }
        if (r.healthCheck() == null) {
          out.add(
              new Finding(
                  "reliability",
                  "medium",
                  "entry:route53",
                  "no Route 53 health checks: a dead instance's record stays until someone removes it"));
        }
      }
      case Entry.ApiGateway api -> {}
      case Entry.LoadBalancer lb -> {
        if (!lb.crossZone() && zones > 1) {
          out.add(
              new Finding(
                  "reliability",
                  "low",
                  "entry:" + lb.kind().id(),
                  "cross-zone load balancing is off: each AZ's node only uses its own AZ's targets,"
                      + " so uneven placement overloads some targets"));
        }
        if (lb.stickySessions()) {
          out.add(
              new Finding(
                  "reliability",
                  "low",
                  "entry:" + lb.kind().id(),
                  "sticky sessions: when a target fails, its users lose their sessions; keep session"
                      + " state outside the instances so the tier stays stateless"));
        }
        if (!lb.aliasRecord()) {
          out.add(
              new Finding(
                  "reliability",
                  "medium",
                  "entry:" + lb.kind().id(),
                  "no DNS name for the load balancer: its IP addresses change, so clients need a"
                      + " Route 53 alias (or CNAME) record"));
        }
      }
    }
  }

  @Override
  public List<String> explain(Entry entry, Architecture a, Workload w) {
    String line =
        switch (entry) {
          case Entry.ElasticIps e -> "an Elastic IP per instance";
          case Entry.ApiGateway g ->
              String.format(
                  Locale.ROOT,
                  "API Gateway (%s API), throttle %s req/s, timeout %s s",
                  g.rest() ? "REST" : "HTTP",
                  Numbers.plain(g.throttleRps()),
                  Numbers.plain(g.timeoutSeconds()));
          case Entry.Route53 r ->
              String.format(
                  Locale.ROOT,
                  "Route 53 %s records, TTL %s s%s",
                  r.routing(),
                  Numbers.plain(r.ttlSeconds()),
                  r.healthCheck() == null ? "" : ", health checks");
          case Entry.LoadBalancer lb ->
              String.format(
                  Locale.ROOT,
                  "%s, %s, health check every %s s (%d unhealthy / %d healthy)%s",
                  lb.kind().id().toUpperCase(Locale.ROOT),
                  switch (lb.algorithm()) {
                    case ROUND_ROBIN -> "round robin (each target an E_n/M/c queue)";
                    case LEAST_OUTSTANDING_REQUESTS ->
                        "least outstanding requests (one pooled M/M/nc queue)";
                    case RANDOM ->
                        lb.kind() == Entry.LoadBalancer.Kind.NLB
                            ? "flow hash (a random target per flow: M/M/c per target)"
                            : "random (M/M/c per target)";
                  },
                  Numbers.plain(lb.healthCheck().intervalSeconds()),
                  lb.healthCheck().unhealthyThreshold(),
                  lb.healthCheck().healthyThreshold(),
                  lb.crossZone() ? ", cross-zone" : "");
        };
    return List.of("entry: " + line);
  }

  /** None of its own: the fleet or the Lambda stage it fronts keeps its trial state. */
  /**
   * On the path after the edge: inside the region when it is a load balancer or API Gateway, in
   * front of it when it is addresses (Elastic IPs, Route 53 records).
   */
  @Override
  public List<DiagramNode> diagram(Entry e, Architecture a, Workload w) {
    boolean inside = e instanceof Entry.LoadBalancer || e instanceof Entry.ApiGateway;
    return List.of(
        DiagramNode.of(
                DiagramNode.Place.ENTRY,
                "entry",
                DiagramNode.ENTRY,
                inside ? DiagramNode.Lane.MID : DiagramNode.Lane.OUTSIDE,
                diagramTitle(e),
                diagramDetails(e))
            .from(DiagramNode.FRONT, DiagramNode.Kind.PATH)
            .onThePath());
  }

  private static String diagramTitle(Entry e) {
    return switch (e) {
      case Entry.ElasticIps x -> "Elastic IPs";
      case Entry.LoadBalancer lb -> lb.kind().id().toUpperCase(Locale.ROOT);
      case Entry.Route53 r -> "Route 53";
      case Entry.ApiGateway g -> "API Gateway";
    };
  }

  private static List<String> diagramDetails(Entry e) {
    return switch (e) {
      case Entry.ElasticIps x ->
          x.remapMinutes() == null
              ? List.of("one per instance")
              : List.of(
                  "one per instance", "remapped in " + Numbers.plain(x.remapMinutes()) + " min");
      case Entry.LoadBalancer lb ->
          List.of(
              lb.crossZone() ? "cross-zone" : "per zone",
              lb.algorithm().id().replace('-', ' '),
              "checks every " + Numbers.plain(lb.healthCheck().intervalSeconds()) + " s");
      case Entry.Route53 r -> {
        List<String> d = new ArrayList<>();
        d.add(r.routing().id() + " records");
        d.add("TTL " + Numbers.plain(r.ttlSeconds()) + " s");
        if (r.healthCheck() != null) {
          d.add("health checks");
        }
        yield d;
      }
      case Entry.ApiGateway g ->
          List.of(
              g.rest() ? "REST API" : "HTTP API",
              "throttle " + Numbers.plain(g.throttleRps()) + " req/s");
    };
  }

  @Override
  public PathStage stage(Entry entry, TrialContext trial) {
    return null;
  }
}
