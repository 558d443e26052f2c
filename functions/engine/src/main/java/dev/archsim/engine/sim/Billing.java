package dev.archsim.engine.sim;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.model.Entry;
import dev.archsim.engine.model.RequestProfile;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a trial costs, by component: EC2 instance-seconds by purchase option (per-second billing),
 * reserved commitments billed whether used or not, a Savings Plan commitment, spot at its discount,
 * surplus CPU credits, public IPv4 addresses, load balancer hours and LCUs, data out.
 */
final class Billing {
  private final CostLedger costs;
  private final Architecture arch;
  private final ComputeTier tier;
  private final RequestProfile profile;
  private final double horizon;
  private final Serving serving;

  /** CloudFront sends the data out, not the origin: the origin bills no data transfer out. */
  private final boolean cdnInFront;

  /** The topology's billed instances now, by purchase: [on-demand, spot]. */
  private final Supplier<int[]> billed;

  private final String region;
  private final ComputeTier.Reserved reserved;
  private final ComputeTier.SavingsPlan savingsPlan;
  private final ComputeTier.Spot spot;

  /** The stage's entry is a load balancer (looked up once, not at every step). */
  private final boolean loadBalanced;

  /** The tier's configured instances (its placement summed once, not at every step). */
  private final int tierInstances;

  /** Instance-seconds by type and purchase option, each sum held in place. */
  private final Map<String, double[]> seconds = new java.util.HashMap<>();

  private double loadBalancerSeconds;
  private double lcuHours;
  private double nlcuHours;
  private double publicIpv4Seconds;
  private double bytesOut;
  private double savingsPlanSeconds;

  /**
   * The bill of a trial of {@code horizon} seconds of the stage's {@code arch} (its compute {@code
   * tier}, null without one, served by {@code serving}), added to {@code costs}; {@code billed}
   * gives the instances billed at each step.
   */
  Billing(
      CostLedger costs,
      Architecture arch,
      ComputeTier tier,
      RequestProfile profile,
      double horizon,
      Serving serving,
      boolean cdnInFront,
      Supplier<int[]> billed) {
    this.costs = costs;
    this.arch = arch;
    this.tier = tier;
    this.profile = profile;
    this.horizon = horizon;
    this.serving = serving;
    this.cdnInFront = cdnInFront;
    this.billed = billed;
    this.region = arch.region();
    ComputeTier.Purchase p = tier == null ? null : tier.purchase();
    this.reserved = p == null ? null : p.reserved();
    this.savingsPlan = p == null ? null : p.savingsPlan();
    this.spot = p == null ? null : p.spot();
    this.loadBalanced = arch.entry() instanceof Entry.LoadBalancer;
    this.tierInstances = tier == null ? 0 : tier.totalInstances();
  }

  static double reservedDiscount(ComputeTier.Reserved r) {
    if (r.discount() != null) {
      return r.discount();
    }
    return Catalog.reservedDiscount(r.term(), r.payment()).map(p -> p.usd()).orElse(0.0);
  }

  static double spotDiscount(ComputeTier.Spot s) {
    return s.discount();
  }

  private String component(String what) {
    String platform = Catalog.isFargate(tier.instanceType()) ? "fargate:" : "ec2:";
    return platform + tier.name() + " (" + what + ")";
  }

  private void add(String component, double dollars) {
    costs.add(component, dollars);
  }

  /** Keys of the current instance type, built once per type rather than once per traffic step. */
  private record TypeKeys(
      String name,
      double hourly,
      String reserved,
      String spot,
      String spotCost,
      String savingsPlan,
      String onDemand,
      String onDemandCost) {}

  private TypeKeys keys;

  private TypeKeys keys(InstanceType type) {
    if (keys == null || !keys.name().equals(type.name())) {
      String n = type.name();
      keys =
          new TypeKeys(
              n,
              Catalog.onDemandUsd(region, n),
              n + "/reserved",
              n + "/spot",
              component(n + " spot"),
              n + "/savings-plan",
              n + "/on-demand",
              component(n + " on-demand"));
    }
    return keys;
  }

  private void addSeconds(String key, double s) {
    if (s > 0) {
      double[] sum = seconds.get(key);
      if (sum == null) {
        seconds.put(key, new double[] {s});
      } else {
        sum[0] += s;
      }
    }
  }

  /** Accrues the cost of [a, a + dt) at {@code lambda} requests/s. */
  void accrue(double a, double dt, double lambda) {
    if (tier == null) {
      bytesOut += lambda * dt * profile.bytesOut();
      return;
    }
    TypeKeys k = keys(serving.type());
    double hourly = k.hourly();
    int[] billed = this.billed.get();
    int onDemand = billed[0];
    int spotCount = billed[1];
    int reservedCount = reserved == null ? 0 : reserved.count();
    double covered = Math.min(onDemand, reservedCount);
    double excess = onDemand - covered;
    addSeconds(k.reserved(), covered * dt);
    addSeconds(k.spot(), spotCount * dt);
    if (spotCount > 0) {
      add(k.spotCost(), spotCount * dt / 3600.0 * hourly * (1 - spotDiscount(spot)));
    }
    double excessUsdPerHour = excess * hourly;
    if (savingsPlan != null) {
      savingsPlanSeconds += dt;
      double coveredUsdPerHour =
          Math.min(
              excessUsdPerHour, savingsPlan.commitmentUsdPerHour() / (1 - savingsPlan.discount()));
      double onDemandUsdPerHour = excessUsdPerHour - coveredUsdPerHour;
      addSeconds(k.savingsPlan(), coveredUsdPerHour / hourly * dt);
      addSeconds(k.onDemand(), onDemandUsdPerHour / hourly * dt);
      add(k.onDemandCost(), onDemandUsdPerHour * dt / 3600.0);
    } else {
      addSeconds(k.onDemand(), excess * dt);
      add(k.onDemandCost(), excessUsdPerHour * dt / 3600.0);
    }
    if (loadBalanced) {
      publicIpv4Seconds += arch.azs().size() * dt;
      loadBalancerSeconds += dt;
      double bytesLcu = lambda * profile.bytesOut() * 3600.0 / 1e9;
      lcuHours += Services.albLcus(lambda, profile.bytesOut()) * dt / 3600.0;
      // an NLB capacity unit: 800 new TCP flows/s or 1 GB/h processed (its own unit and price)
      nlcuHours += Math.max(lambda / 800.0, bytesLcu) * dt / 3600.0;
      ComputeTier.Exposure e = tier.exposure();
      if (e != null && e.publicAddresses()) {
        publicIpv4Seconds += (onDemand + spotCount) * dt;
      }
    } else {
      publicIpv4Seconds += tierInstances * dt;
    }
    bytesOut += lambda * dt * profile.bytesOut();
  }

  /**
   * Linux instances are billed per second with a 60-second minimum per launch: an instance
   * terminated {@code seconds} short of its first minute is billed for them too.
   */
  void minimumCharge(double seconds) {
    if (seconds <= 0) {
      return;
    }
    InstanceType type = serving.type();
    double hourly = Catalog.onDemandUsd(region, type.name());
    addSeconds(type.name() + "/on-demand", seconds);
    add(component(type.name() + " on-demand"), seconds / 3600.0 * hourly);
  }

  Map<String, Long> instanceSecondsRaw() {
    TreeMap<String, Long> out = new TreeMap<>();
    seconds.forEach((k, v) -> out.put(k, Math.round(v[0])));
    return out;
  }

  TreeMap<String, Long> instanceSeconds() {
    return new TreeMap<>(instanceSecondsRaw());
  }

  /** Adds what is billed for the whole trial (commitments, hours, data out) to the ledger. */
  void settle() {
    if (tier == null) {
      if (arch.entry() != null) { // without an entry nothing answers users over the internet
        dataOut();
      }
      return;
    }
    String initialType = tier.instanceType();
    double hourly = Catalog.onDemandUsd(region, initialType);
    double hours = horizon / 3600.0;
    if (reserved != null && reserved.count() > 0) {
      add(
          component(initialType + " reserved " + reserved.term() + " " + reserved.payment()),
          reserved.count() * hours * hourly * (1 - reservedDiscount(reserved)));
    }
    if (savingsPlan != null) {
      add(
          component("savings plan"),
          savingsPlan.commitmentUsdPerHour() * savingsPlanSeconds / 3600.0);
    }
    if (serving.surplusCredits() > 0) {
      add(
          component(serving.type().name() + " surplus CPU credits"),
          serving.surplusCredits()
              / 60.0
              * Services.usd(Catalog.surplusCreditKey(serving.type().name()), region));
    }
    add("public-ipv4", publicIpv4Seconds / 3600.0 * Services.usd("public-ipv4.hour", region));
    if (arch.entry() instanceof Entry.LoadBalancer lb) {
      String kind = lb.kind().id();
      add(kind, loadBalancerSeconds / 3600.0 * Services.usd(kind + ".hour", region));
      if (lb.kind() == Entry.LoadBalancer.Kind.NLB) {
        add(kind + "-nlcu", nlcuHours * Services.usd("nlb.nlcu-hour", region));
      } else {
        add(kind + "-lcu", lcuHours * Services.usd("alb.lcu-hour", region));
      }
    }
    dataOut();
  }

  private void dataOut() {
    if (!cdnInFront) {
      add(
          "data-transfer-out",
          bytesOut * serving.servedFraction() / 1e9 * Services.usd("data-out.gb", region));
    }
  }
}
