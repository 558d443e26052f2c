package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.NatGateways;
import dev.archsim.engine.model.RequestProfile;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.VpcEndpoints;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * NAT gateways: the private instances' calls out of the VPC ({@code profile.egressShare} of the
 * dynamic requests, {@code profile.egressKb} each) go through them, except the share VPC endpoints
 * carry. Billed per gateway-hour and per GB processed. A NAT gateway is zonal: with one shared
 * gateway, losing its AZ cuts the egress of the instances in the other AZs, and their requests that
 * call out fail as {@code nat-unavailable} until the AZ is back; with one per AZ, an AZ's gateway
 * goes down with the instances it serves.
 */
public final class NatComponent implements Component<NatGateways> {
  /** Gigabytes through the NAT gateways (a counter). */
  static final Metric NAT_GB = Metric.of("nat", "gb");

  /** Gigabytes of it that crossed from another AZ to a shared gateway (a counter). */
  static final Metric NAT_CROSS_AZ_GB = Metric.of("nat", "crossAzGb");

  /** NAT gateway, per gateway-hour. */
  public static final String NAT_GATEWAY_HOUR = "nat-gateway.hour";

  /** NAT gateway data processing, per GB. */
  public static final String NAT_GATEWAY_GB = "nat-gateway.gb";

  /**
   * Data transferred between AZs of a region, per GB in each direction: "Data transferred "in" to
   * and "out" from Amazon EC2 [...] instances or Elastic Network Interfaces across Availability
   * Zones [...] in the same AWS Region is charged at $0.01/GB in each direction" ([AWS]
   * aws.amazon.com/ec2/pricing/on-demand, "Data Transfer within the same AWS Region"). A shared
   * gateway's traffic from the instances of the other AZs crosses to it and back.
   */
  public static final String DATA_TRANSFER_INTER_AZ_GB = "data-transfer.inter-az.gb";

  /**
   * How many times a GB crossing between AZs is billed: once out of the AZ it leaves and once into
   * the AZ it enters ("in each direction", both ends in the account), so $0.02 a GB at $0.01.
   */
  static final int INTER_AZ_BILLED_ENDS = 2;

  /** The cost line of the egress that crosses AZs to a shared gateway. */
  static final String CROSS_AZ_LINE = "nat gateway (data between AZs)";

  /** Seconds in the month the prices are quoted for (730 hours). */
  static final double SECONDS_PER_MONTH = Numbers.SECONDS_PER_MONTH;

  /**
   * The gateways with what the stage around them fixes: the share of egress the VPC endpoints take
   * off them, and the AZ index of a single gateway.
   *
   * @param gateways the section
   * @param offNat share of the egress traffic carried by VPC endpoints instead
   * @param az index of the single gateway's AZ in the architecture's AZs (-1 when it is not one)
   */
  record Setup(NatGateways gateways, double offNat, int az) {}

  @Override
  public List<String> priceKeys() {
    return List.of(NAT_GATEWAY_HOUR, NAT_GATEWAY_GB, DATA_TRANSFER_INTER_AZ_GB);
  }

  @Override
  public String section() {
    return "natGateways";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return NatGateways.DEFAULTS.entries();
  }

  @Override
  public NatGateways read(Section s) {
    return new NatGateways(
        !"single".equals(s.text("placement", NatGateways.DEFAULT_PLACEMENT)), s.text("az"));
  }

  /** The gateways in the stage around them. */
  static Setup setup(NatGateways n, Architecture a) {
    VpcEndpoints e = a.vpcEndpoints();
    return new Setup(
        n,
        e == null ? 0 : e.offNatShare(),
        n.az() == null ? 0 : Math.max(0, a.azs().indexOf(n.az())));
  }

  @Override
  public void rules(NatGateways n, Architecture a, String path, List<Violation> out) {
    if (a.compute() == null) {
      out.add(
          Violation.error(
              path, "NAT gateways serve private instances; the stage has no compute tier"));
    }
    if (n.perAz() && n.az() != null) {
      out.add(
          Violation.error(
              path + ".az", "an AZ is given for a single gateway only (placement: single)"));
    }
    if (n.az() != null && !a.azs().contains(n.az())) {
      out.add(
          Violation.error(
              path + ".az", "AZ " + n.az() + " is not one of the architecture's AZs " + a.azs()));
    }
  }

  /**
   * Private instances (no public addresses) whose requests call out of the VPC need a NAT gateway
   * for the share the VPC endpoints do not carry: in AWS a private subnet's route table has no
   * route to the internet without one, so those calls cannot be made at all. That is a stage that
   * cannot work as written rather than a failure to simulate, so it is an error listing the fixes
   * (docs/decisions/053).
   */
  @Override
  public void rulesWithout(Scenario scenario, Stage stage, String path, List<Violation> out) {
    Architecture a = stage.architecture();
    Workload w = scenario.workloadOf(stage);
    if (a.compute() == null || w == null || a.entry() == null) {
      return;
    }
    VpcEndpoints e = a.vpcEndpoints();
    double viaNat = w.profile().egressShare() * (1 - (e == null ? 0 : e.offNatShare()));
    if (!(viaNat > 0) || publicInstances(a)) {
      return;
    }
    String stagePath = path.substring(0, path.length() - ".architecture".length());
    String share =
        (stage.workload() != null ? stagePath + ".workload" : "$.workload")
            + ".profile.egressShare";
    out.add(
        Violation.error(
            path + ".natGateways",
            String.format(
                Locale.ROOT,
                "required: %s %% of the dynamic requests call out of the VPC (%s)%s, and tier '%s'"
                    + " runs in private subnets without a NAT gateway: in AWS those calls have no"
                    + " route. Add NAT gateways (architecture.natGateways), give the instances"
                    + " public addresses (compute.publicAddresses true), or carry all of it"
                    + " through VPC endpoints (architecture.vpcEndpoints, shares adding up to 1)",
                Numbers.plain(100 * w.profile().egressShare()),
                share,
                e == null || e.offNatShare() == 0
                    ? ""
                    : ", "
                        + Numbers.plain(100 * (1 - e.offNatShare()))
                        + " % of it not through"
                        + " VPC endpoints",
                a.compute().name())));
  }

  /**
   * Whether the stage's instances have public addresses: as the scenario says, or by default when
   * no load balancer is in front of them (an Elastic IP or DNS entry reaches them directly).
   */
  static boolean publicInstances(Architecture a) {
    dev.archsim.engine.model.ComputeTier.Exposure x = a.compute().exposure();
    return x != null
        ? x.publicAddresses()
        : !(a.entry() instanceof dev.archsim.engine.model.Entry.LoadBalancer);
  }

  @Override
  public void prices(NatGateways n, Architecture a, PriceList out) {
    out.uses(NAT_GATEWAY_HOUR, a.region());
    out.uses(NAT_GATEWAY_GB, a.region());
    if (otherAzShare(setup(n, a), a) > 0) {
      out.uses(DATA_TRANSFER_INTER_AZ_GB, a.region());
    }
  }

  /** Mean GB a month processed by the gateways at the workload's mean rate. */
  static double monthlyGb(Setup c, Workload w) {
    RequestProfile p = w.profile();
    return w.requestsPerSecond()
        * (1 - p.staticFraction())
        * p.egressShare()
        * (1 - c.offNat())
        * p.egressKb()
        / 1e6
        * SECONDS_PER_MONTH;
  }

  @Override
  public void findings(NatGateways n, Scenario scenario, Stage stage, List<Finding> out) {
    Architecture a = stage.architecture();
    Setup c = setup(n, a);
    Workload w = scenario.workloadOf(stage);
    if (w == null) {
      return;
    }
    double egress = w.profile().egressShare() * (1 - c.offNat());
    if (!c.gateways().perAz() && a.azs().size() > 1 && egress > 0) {
      out.add(
          new Finding(
              "single-point-of-failure",
              "high",
              "nat-gateway",
              String.format(
                  Locale.ROOT,
                  "one NAT gateway in %s for %d AZs: when %s is lost, the instances in the other"
                      + " AZs lose egress and the %s %% of dynamic requests that call out fail"
                      + " (nat-unavailable); put one in each AZ",
                  a.azs().get(Math.max(0, c.az())),
                  a.azs().size(),
                  a.azs().get(Math.max(0, c.az())),
                  Numbers.plain(100 * egress))));
    }
    double processing = monthlyGb(c, w) * Services.usd(NAT_GATEWAY_GB, a.region());
    double across = monthlyCrossAzUsd(c, a, w);
    double hours =
        c.gateways().count(a.azs().size()) * 730 * Services.usd(NAT_GATEWAY_HOUR, a.region());
    if (processing + across > hours) {
      VpcEndpoints e = a.vpcEndpoints();
      boolean gateways = e != null && e.gateway().size() == VpcEndpoints.GATEWAY_SERVICES.size();
      List<String> fixes = new ArrayList<>();
      if (!gateways) {
        fixes.add(
            "traffic to S3 and DynamoDB can take a free gateway endpoint"
                + " (architecture.vpcEndpoints.gateway)");
      }
      if (across > 0) {
        fixes.add("a gateway in each AZ keeps the egress inside its AZ");
      }
      out.add(
          new Finding(
              "cost",
              "medium",
              "nat-gateway",
              String.format(
                      Locale.ROOT,
                      "NAT data processing ≈ $%.2f a month (%s GB)%s, more than the gateways'"
                          + " hours ($%.2f)",
                      processing,
                      Numbers.plain(monthlyGb(c, w)),
                      across > 0
                          ? String.format(
                              Locale.ROOT,
                              " and its data between AZs ≈ $%.2f (%s GB to the shared gateway)",
                              across,
                              Numbers.plain(monthlyGb(c, w) * otherAzShare(c, a)))
                          : "",
                      hours)
                  + (fixes.isEmpty() ? "" : ": " + String.join("; ", fixes))));
    }
  }

  @Override
  public void checks(NatGateways n, Architecture a, List<PillarCheck> out) {
    Setup c = setup(n, a);
    out.add(
        new PillarCheck(
            "reliability",
            "egress does not depend on another AZ (a NAT gateway in each AZ)",
            c.gateways().perAz() || a.azs().size() <= 1));
  }

  @Override
  public List<String> explain(NatGateways n, Architecture a, Workload w) {
    List<String> lines = new ArrayList<>();
    Setup c = setup(n, a);
    lines.add(
        n.perAz()
            ? String.format(Locale.ROOT, "NAT gateways: one in each of the %d AZs", a.azs().size())
            : "NAT gateway: one, in " + a.azs().get(Math.max(0, c.az())) + ", shared by the AZs");
    if (w != null) {
      RequestProfile p = w.profile();
      lines.add(
          String.format(
              Locale.ROOT,
              "  %s %% of dynamic requests call out (%s KB each), %s %% of it through the NAT:"
                  + " ≈ %s GB a month processed",
              Numbers.plain(100 * p.egressShare()),
              Numbers.plain(p.egressKb()),
              Numbers.plain(100 * (1 - c.offNat())),
              Numbers.plain(monthlyGb(c, w))));
      double across = monthlyGb(c, w) * otherAzShare(c, a);
      if (across > 0) {
        lines.add(
            String.format(
                Locale.ROOT,
                "  ≈ %s GB a month of it crosses from the other AZs to the gateway: data between"
                    + " AZs, billed out of one and into the other at $%s per GB each way, ≈ $%.2f"
                    + " a month",
                Numbers.plain(across),
                Numbers.plain(Services.usd(DATA_TRANSFER_INTER_AZ_GB, a.region())),
                monthlyCrossAzUsd(c, a, w)));
      }
    }
    return lines;
  }

  /**
   * The share of the egress that reaches a single gateway from instances in another AZ (the
   * instances' share outside its AZ; 0 with a gateway per AZ), with every AZ up. AWS bills that
   * traffic as data transferred between AZs ({@link #DATA_TRANSFER_INTER_AZ_GB}).
   */
  static double otherAzShare(Setup c, Architecture a) {
    return otherAzShare(c, a, null);
  }

  /**
   * {@link #otherAzShare(Setup, Architecture)} while only the AZs {@code up} is true of serve
   * (null: all of them): the instances of a lost AZ send nothing.
   */
  static double otherAzShare(Setup c, Architecture a, boolean[] up) {
    if (c.gateways().perAz() || a.azs().size() <= 1 || a.compute() == null) {
      return 0;
    }
    long total = 0;
    long across = 0;
    for (int i = 0; i < a.azs().size(); i++) {
      if (up != null && i < up.length && !up[i]) {
        continue;
      }
      long n = a.compute().placement().getOrDefault(a.azs().get(i), 0);
      total += n;
      across += i == Math.max(0, c.az()) ? 0 : n;
    }
    return total <= 0 ? 0 : (double) across / total;
  }

  /**
   * Mean cost a month of the egress crossing AZs to a single gateway at the workload's mean rate:
   * GB a month × the share from other AZs × the price × {@link #INTER_AZ_BILLED_ENDS}.
   */
  static double monthlyCrossAzUsd(Setup c, Architecture a, Workload w) {
    double share = otherAzShare(c, a);
    if (share <= 0) {
      return 0;
    }
    return monthlyGb(c, w)
        * share
        * INTER_AZ_BILLED_ENDS
        * Services.usd(DATA_TRANSFER_INTER_AZ_GB, a.region());
  }

  /**
   * In the egress lane under the compute tier's instances (or in the egress column without one):
   * one per AZ, each reached from its AZ's instances, or one shared, reached from the other AZs'
   * instances across zones; a Lambda function's calls reach every one.
   */
  @Override
  public List<DiagramNode> diagram(NatGateways nat, Architecture a, Workload w) {
    List<String> azs = a.azs();
    if (azs.isEmpty()) {
      return List.of();
    }
    ComputeTier c = a.compute();
    int column = c != null ? DiagramNode.COMPUTE : DiagramNode.EGRESS;
    List<DiagramNode> out = new ArrayList<>();
    if (nat.perAz()) {
      for (String z : azs) {
        DiagramNode gateway =
            DiagramNode.of(
                    DiagramNode.Place.EGRESS,
                    "nat@" + z,
                    column,
                    DiagramNode.Lane.EGRESS,
                    "NAT gateway",
                    List.of("egress of " + z))
                .inAz(z);
        if (c == null) {
          gateway = gateway.from(DiagramNode.FROM_COMPUTE, DiagramNode.Kind.EGRESS);
        } else if (c.placement().containsKey(z)) {
          gateway = gateway.from(ComputeComponent.diagramKey(z), DiagramNode.Kind.EGRESS);
        }
        out.add(gateway);
      }
      return out;
    }
    String az = nat.az() != null ? nat.az() : azs.get(0);
    DiagramNode gateway =
        DiagramNode.of(
                DiagramNode.Place.EGRESS,
                "nat@" + az,
                column,
                DiagramNode.Lane.EGRESS,
                "NAT gateway",
                List.of("shared by " + azs.size() + " AZs"))
            .inAz(az);
    if (c == null) {
      gateway = gateway.from(DiagramNode.FROM_COMPUTE, DiagramNode.Kind.EGRESS);
    } else {
      for (String z : c.placement().keySet()) {
        gateway =
            gateway.from(
                ComputeComponent.diagramKey(z),
                z.equals(az) ? DiagramNode.Kind.EGRESS : DiagramNode.Kind.CROSS_AZ);
      }
    }
    return List.of(gateway);
  }

  @Override
  public Egress stage(NatGateways n, TrialContext trial) {
    return new Gateways(setup(n, trial.architecture()), trial);
  }

  /** The gateways in one trial: which AZs are up, and the bytes through them. */
  private static final class Gateways implements Egress {
    private final Setup setup;
    private final TrialContext trial;
    private final boolean[] up;

    Gateways(Setup setup, TrialContext trial) {
      this.setup = setup;
      this.trial = trial;
      this.up = new boolean[Math.max(1, trial.azCount())];
      java.util.Arrays.fill(up, true);
    }

    @Override
    public void azDown(int az, double now) {
      if (az >= 0 && az < up.length) {
        up[az] = false;
      }
    }

    @Override
    public void azUp(int az, double now) {
      if (az >= 0 && az < up.length) {
        up[az] = true;
      }
    }

    /** True while a single gateway's AZ is lost and instances in another AZ still serve. */
    private boolean cut() {
      if (setup.gateways().perAz() || up[setup.az()]) {
        return false;
      }
      for (boolean u : up) {
        if (u) {
          return true;
        }
      }
      return false;
    }

    @Override
    public double pass(double rate, double dt) {
      RequestProfile p = trial.profile();
      double viaNat = rate * p.egressShare() * (1 - setup.offNat());
      if (viaNat <= 0) {
        return rate;
      }
      if (cut()) {
        trial.failed(FailureCause.NAT_UNAVAILABLE, viaNat * dt);
        return rate - viaNat;
      }
      double gb = viaNat * dt * p.egressKb() / 1e6;
      trial.count(NAT_GB, gb);
      trial.cost(
          "nat gateway (data processing)", gb * Services.usd(NAT_GATEWAY_GB, trial.region()));
      double across = gb * otherAzShare(setup, trial.architecture(), up);
      if (across > 0) {
        trial.count(NAT_CROSS_AZ_GB, across);
        trial.cost(
            CROSS_AZ_LINE,
            across
                * INTER_AZ_BILLED_ENDS
                * Services.usd(DATA_TRANSFER_INTER_AZ_GB, trial.region()));
      }
      return rate;
    }

    @Override
    public void bill(double dt, double offeredRate) {
      trial.cost(
          "nat gateway (hours)",
          setup.gateways().count(trial.azCount())
              * dt
              / 3600
              * Services.usd(NAT_GATEWAY_HOUR, trial.region()));
    }
  }
}
