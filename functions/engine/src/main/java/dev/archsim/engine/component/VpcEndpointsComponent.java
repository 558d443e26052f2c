package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.VpcEndpoints;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * VPC endpoints: gateway endpoints (S3, DynamoDB) carry their share of the instances' egress for
 * free; interface endpoints carry theirs for an hourly fee in each AZ and a fee per GB. What they
 * carry does not go through the NAT gateways ({@link NatComponent} takes it off) and does not fail
 * with a NAT gateway's AZ.
 */
public final class VpcEndpointsComponent implements Component<VpcEndpoints> {
  /** Gigabytes through the interface endpoints (a counter). */
  static final Metric VPCE_GB = Metric.of("vpce", "gb");

  /** Interface VPC endpoint, per hour in each AZ it is provisioned in. */
  public static final String VPC_ENDPOINT_INTERFACE_HOUR = "vpc-endpoint.interface.hour";

  /** Interface VPC endpoint data processing, per GB (first PB a month). */
  public static final String VPC_ENDPOINT_INTERFACE_GB = "vpc-endpoint.interface.gb";

  /** Gateway VPC endpoint (S3, DynamoDB), per hour: free. */
  public static final String VPC_ENDPOINT_GATEWAY_HOUR = "vpc-endpoint.gateway.hour";

  /** Gateway VPC endpoint, per GB: free. */
  public static final String VPC_ENDPOINT_GATEWAY_GB = "vpc-endpoint.gateway.gb";

  @Override
  public List<String> priceKeys() {
    return List.of(
        VPC_ENDPOINT_INTERFACE_HOUR,
        VPC_ENDPOINT_INTERFACE_GB,
        VPC_ENDPOINT_GATEWAY_HOUR,
        VPC_ENDPOINT_GATEWAY_GB);
  }

  @Override
  public String section() {
    return "vpcEndpoints";
  }

  @Override
  public VpcEndpoints read(Section s) {
    return new VpcEndpoints(endpoints(s.list("gateway")), endpoints(s.list("interface")));
  }

  private static List<VpcEndpoints.Endpoint> endpoints(List<Section> list) {
    List<VpcEndpoints.Endpoint> out = new ArrayList<>();
    for (Section e : list) {
      out.add(new VpcEndpoints.Endpoint(e.text("service", ""), e.number("share", 0)));
    }
    return out;
  }

  @Override
  public void rules(VpcEndpoints c, Architecture a, String path, List<Violation> out) {
    if (a.compute() == null) {
      out.add(
          Violation.error(
              path, "VPC endpoints serve instances in a VPC; the stage has no compute tier"));
    }
    Set<String> seen = new HashSet<>();
    endpoints(c.gateway(), path + ".gateway", true, seen, out);
    endpoints(c.interfaces(), path + ".interface", false, seen, out);
    double total = c.gatewayShare() + c.interfaceShare();
    if (total > 1 + 1e-9) {
      out.add(
          Violation.error(
              path,
              "the endpoints carry "
                  + Numbers.plain(total)
                  + " of the egress traffic; their shares add up to at most 1"));
    }
  }

  private static void endpoints(
      List<VpcEndpoints.Endpoint> list,
      String path,
      boolean gateway,
      Set<String> seen,
      List<Violation> out) {
    for (int i = 0; i < list.size(); i++) {
      VpcEndpoints.Endpoint e = list.get(i);
      String at = path + "[" + i + "]";
      Ranges.unit(e.share(), at + ".share", out);
      if (gateway && !VpcEndpoints.GATEWAY_SERVICES.contains(e.service())) {
        out.add(
            Violation.error(
                at + ".service",
                "gateway endpoints exist for s3 and dynamodb only; found "
                    + e.service()
                    + " (use an interface endpoint)"));
      }
      if (!gateway && !VpcEndpoints.INTERFACE_SERVICES.contains(e.service())) {
        String near =
            dev.archsim.engine.validate.Suggestions.closest(
                e.service(),
                new ArrayList<>(new java.util.TreeSet<>(VpcEndpoints.INTERFACE_SERVICES)));
        out.add(
            Violation.warning(
                at + ".service",
                "'"
                    + e.service()
                    + "' is not an interface endpoint service archsim knows"
                    + (near != null ? " (did you mean '" + near + "'?)" : "")
                    + "; give the name after com.amazonaws.<region>. (sqs, ecr.api, logs, ...)"));
      }
      if (!seen.add(e.service())) {
        out.add(Violation.error(at + ".service", "a second endpoint for " + e.service()));
      }
    }
  }

  @Override
  public void bounds(VpcEndpoints c, String path, List<Violation> out) {
    Ranges.atMost(
        c.gateway().size(), VpcEndpoints.MAX_ENDPOINTS, path + ".gateway", "endpoints", out);
    Ranges.atMost(
        c.interfaces().size(), VpcEndpoints.MAX_ENDPOINTS, path + ".interface", "endpoints", out);
  }

  @Override
  public void prices(VpcEndpoints c, Architecture a, PriceList out) {
    if (!c.gateway().isEmpty()) {
      out.uses(VPC_ENDPOINT_GATEWAY_HOUR, a.region());
      out.uses(VPC_ENDPOINT_GATEWAY_GB, a.region());
    }
    if (!c.interfaces().isEmpty()) {
      out.uses(VPC_ENDPOINT_INTERFACE_HOUR, a.region());
      out.uses(VPC_ENDPOINT_INTERFACE_GB, a.region());
    }
  }

  @Override
  public void findings(VpcEndpoints c, Scenario scenario, Stage stage, List<Finding> out) {
    for (VpcEndpoints.Endpoint e : c.interfaces()) {
      if (VpcEndpoints.GATEWAY_SERVICES.contains(e.service())
          && c.gateway().stream().noneMatch(g -> g.service().equals(e.service()))) {
        Architecture a = stage.architecture();
        int azs = Math.max(1, a.azs().size());
        double hours = azs * 730 * Services.usd(VPC_ENDPOINT_INTERFACE_HOUR, a.region());
        Workload w = scenario.workloadOf(stage);
        double gb =
            w == null
                ? 0
                : w.requestsPerSecond()
                    * (1 - w.profile().staticFraction())
                    * w.profile().egressShare()
                    * e.share()
                    * w.profile().egressKb()
                    / 1e6
                    * Numbers.SECONDS_PER_MONTH;
        out.add(
            Finding.formatted(
                "cost",
                "low",
                "vpc-endpoint:" + e.service(),
                "an interface endpoint for %s costs $%.2f a month (%d AZs × 730 h) plus $%.2f for"
                    + " its ≈ %s GB, where a gateway endpoint is free for traffic from inside the"
                    + " VPC (architecture.vpcEndpoints.gateway)",
                e.service(),
                hours,
                azs,
                gb * Services.usd(VPC_ENDPOINT_INTERFACE_GB, a.region()),
                Numbers.plain(gb)));
      }
    }
  }

  /**
   * Well-Architected check of a stage with NAT gateways: its traffic to S3 (and to DynamoDB when
   * that is its database) takes the free gateway endpoints instead of paying the NAT gateway's
   * processing per GB. Answered with the endpoints or without them (then not met).
   */
  @Override
  public void checks(VpcEndpoints c, Architecture a, List<PillarCheck> out) {
    gatewayCheck(c, a, out);
  }

  @Override
  public void checksWithout(Architecture a, List<PillarCheck> out) {
    gatewayCheck(null, a, out);
  }

  private static void gatewayCheck(VpcEndpoints c, Architecture a, List<PillarCheck> out) {
    if (a.natGateways() == null) {
      return;
    }
    List<String> needed = new ArrayList<>(List.of("s3"));
    if (a.database() != null && !a.database().relational()) {
      needed.add("dynamodb");
    }
    boolean met =
        c != null
            && needed.stream()
                .allMatch(s -> c.gateway().stream().anyMatch(g -> g.service().equals(s)));
    out.add(
        new PillarCheck(
            "cost optimization",
            "traffic to "
                + String.join(" and ", needed)
                + " skips the NAT gateways (gateway endpoints)",
            met));
  }

  @Override
  public List<String> explain(VpcEndpoints c, Architecture a, Workload w) {
    List<String> lines = new ArrayList<>();
    for (VpcEndpoints.Endpoint e : c.gateway()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "gateway endpoint %s: %s %% of the egress, free, off the NAT",
              e.service(),
              Numbers.plain(100 * e.share())));
    }
    for (VpcEndpoints.Endpoint e : c.interfaces()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "interface endpoint %s: %s %% of the egress, in %d AZs, billed by the hour and GB",
              e.service(),
              Numbers.plain(100 * e.share()),
              a.azs().size()));
    }
    if (lines.isEmpty()) {
      lines.add("VPC endpoints: none");
    }
    return lines;
  }

  /**
   * Below the zones, under the compute tier (or in the egress column without one): a box for the
   * gateway endpoints and one for the interface endpoints, each reached from the compute tier.
   */
  @Override
  public List<DiagramNode> diagram(VpcEndpoints c, Architecture a, Workload w) {
    int column = a.compute() != null ? DiagramNode.COMPUTE : DiagramNode.EGRESS;
    List<DiagramNode> out = new ArrayList<>();
    if (!c.gateway().isEmpty()) {
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.EGRESS,
                  "vpce-gateway",
                  column,
                  DiagramNode.Lane.BOTTOM,
                  "Gateway endpoints",
                  endpoints(c.gateway(), "free"))
              .from(DiagramNode.FROM_LAST_COMPUTE, DiagramNode.Kind.EGRESS));
    }
    if (!c.interfaces().isEmpty()) {
      out.add(
          DiagramNode.of(
                  DiagramNode.Place.EGRESS,
                  "vpce-interface",
                  column,
                  DiagramNode.Lane.BOTTOM,
                  "Interface endpoints",
                  endpoints(c.interfaces(), "in " + DiagramNode.count(a.azs().size(), "AZ")))
              .from(DiagramNode.FROM_LAST_COMPUTE, DiagramNode.Kind.EGRESS));
    }
    return out;
  }

  private static List<String> endpoints(List<VpcEndpoints.Endpoint> list, String note) {
    List<String> d = new ArrayList<>();
    for (VpcEndpoints.Endpoint x : list) {
      d.add(x.service() + ": " + DiagramNode.percent(x.share()) + " of egress");
    }
    d.add(note);
    return d;
  }

  @Override
  public PathStage stage(VpcEndpoints c, TrialContext trial) {
    return new Endpoints(c, trial);
  }

  /** The endpoints in one trial: they keep no state; the interface ones bill hours and bytes. */
  private record Endpoints(VpcEndpoints endpoints, TrialContext trial) implements PathStage {
    @Override
    public void bill(double dt, double offeredRate) {
      if (endpoints.interfaces().isEmpty()) {
        return;
      }
      String region = trial.region();
      trial.cost(
          "vpc endpoints (hours)",
          endpoints.interfaces().size()
              * Math.max(1, trial.azCount())
              * dt
              / 3600
              * Services.usd(VPC_ENDPOINT_INTERFACE_HOUR, region));
      RequestProfile p = trial.profile();
      double gb =
          offeredRate
              * (1 - p.staticFraction())
              * p.egressShare()
              * endpoints.interfaceShare()
              * dt
              * p.egressKb()
              / 1e6;
      trial.count(VPCE_GB, gb);
      trial.cost(
          "vpc endpoints (data processing)", gb * Services.usd(VPC_ENDPOINT_INTERFACE_GB, region));
    }
  }
}
