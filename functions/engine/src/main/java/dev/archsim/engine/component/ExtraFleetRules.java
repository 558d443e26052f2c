package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.ComputeTier;
import dev.archsim.engine.validate.Ranges;
import dev.archsim.engine.validate.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The mapping and rules every fleet a component runs beside the compute fleet shares (a tier behind
 * the web tier, the workers consuming a queue): its placement names the stage's AZs, its Auto
 * Scaling group keeps 0 ≤ min ≤ desired ≤ max, and its CPU credits and spot share read and check as
 * the compute fleet's (which reads them here too). What each fleet's policy tracks is checked by
 * its owner.
 */
final class ExtraFleetRules {
  private ExtraFleetRules() {}

  /** Every AZ of the fleet's placement is one of the stage's. */
  static void placementInStageAzs(ComputeTier f, Architecture a, String path, List<Violation> out) {
    for (String az : f.placement().keySet()) {
      if (!a.azs().contains(az)) {
        out.add(
            Violation.error(
                path + ".placement." + az,
                "not one of the stage's AZs " + a.azs() + "; found " + az));
      }
    }
  }

  /** The group's bounds hold: 0 ≤ min ≤ desired ≤ max. */
  static void groupBounds(ComputeTier.AutoScaling g, String path, List<Violation> out) {
    if (g.min() < 0 || g.min() > g.desired() || g.desired() > g.max()) {
      out.add(
          Violation.error(
              path + ".autoScaling",
              "needs 0 ≤ min ≤ desired ≤ max; found min "
                  + g.min()
                  + ", desired "
                  + g.desired()
                  + ", max "
                  + g.max()));
    }
  }

  /**
   * The fleet written in {@code f}: its instance type, its placement as written (AZ → instances; an
   * empty one places the owner's count per AZ later), its CPU credits and purchase, and with an
   * {@code autoScaling} object a group (min, max, desired, boot and warm-up, ELB health checks)
   * scaling on the one policy {@code policy} reads from that object.
   *
   * @param bootSeconds the group's launch-to-running time when the object gives none
   * @param warmupSeconds its instance warm-up when the object gives none
   */
  static ComputeTier fleet(
      Section f,
      String name,
      Function<Section, ComputeTier.ScalingPolicy> policy,
      double bootSeconds,
      double warmupSeconds) {
    Map<String, Integer> placement = new LinkedHashMap<>();
    Section p = f.object("placement");
    for (String az : p.fields()) {
      placement.put(az, p.integer(az, 0));
    }
    Section g = f.object("autoScaling");
    ComputeTier.AutoScaling asg =
        f.has("autoScaling")
            ? new ComputeTier.AutoScaling(
                g.integer("min", 0),
                g.integer("max", 0),
                g.integer("desired", 0),
                List.of(policy.apply(g)),
                List.of(),
                "elb",
                0,
                g.number("bootSeconds", bootSeconds),
                g.number("warmupSeconds", warmupSeconds),
                false)
            : null;
    String type = f.text("instanceType", "");
    return new ComputeTier(name, type, placement, credits(f), null, asg, purchase(f, type));
  }

  /** A fleet's {@code credits} object (mode, initial per instance); null when absent. */
  static ComputeTier.Credits credits(Section f) {
    if (!f.has("credits")) {
      return null;
    }
    Section cr = f.object("credits");
    return new ComputeTier.Credits(
        cr.has("mode")
            ? ("unlimited".equals(cr.text("mode", ""))
                ? ComputeTier.CreditMode.UNLIMITED
                : ComputeTier.CreditMode.STANDARD)
            : null,
        cr.number("initial"));
  }

  /**
   * A purchase's {@code spot} object; null when absent. Without a discount or an interruption rate
   * it takes the Spot Instance Advisor's figures for {@code type} in {@code region} (the catalog's
   * constants where it has none).
   */
  static ComputeTier.Spot spot(Section purchase, String region, String type) {
    if (!purchase.has("spot")) {
      return null;
    }
    Section s = purchase.object("spot");
    return new ComputeTier.Spot(
        s.number("share", 0),
        s.has("discount") ? s.number("discount", 0) : Catalog.defaultSpotDiscount(region, type),
        s.has("interruptionsPerMonth")
            ? s.number("interruptionsPerMonth", 0)
            : Catalog.defaultSpotInterruptions(region, type),
        s.integer("onDemandBase", ComputeTier.DEFAULT_SPOT_ON_DEMAND_BASE));
  }

  /** A purchase's {@code reserved} object; null when absent. */
  static ComputeTier.Reserved reserved(Section purchase) {
    if (!purchase.has("reserved")) {
      return null;
    }
    Section r = purchase.object("reserved");
    return new ComputeTier.Reserved(
        r.integer("count", 0),
        r.text("term", ComputeTier.DEFAULT_RESERVED_TERM),
        r.text("payment", ComputeTier.DEFAULT_RESERVED_PAYMENT),
        r.number("discount"));
  }

  /**
   * A tier's or worker fleet's {@code purchase} (reserved instances and a spot share); null without
   * one. The fleet's section {@code f} lies in a stage's architecture, whose region prices the spot
   * defaults.
   */
  static ComputeTier.Purchase purchase(Section f, String type) {
    Section p = f.object("purchase");
    ComputeTier.Spot spot = spot(p, f.architecture().text("region", ""), type);
    ComputeTier.Reserved reserved = reserved(p);
    return spot == null && reserved == null ? null : new ComputeTier.Purchase(reserved, null, spot);
  }

  /**
   * Reserved instances: a count ≥ 0 (above the fleet's minimum a warning: paid for while idle), a
   * known term and payment or a discount in [0, 1) ({@code path}: the purchase's).
   */
  static void reserved(ComputeTier.Reserved r, int fleetMin, String path, List<Violation> out) {
    if (r == null) {
      return;
    }
    if (r.count() < 0) {
      out.add(
          Violation.error(path + ".reserved.count", "must not be negative; found " + r.count()));
    } else if (r.count() > fleetMin) {
      out.add(
          Violation.warning(
              path + ".reserved.count",
              r.count()
                  + " reserved instances exceed the fleet's minimum of "
                  + fleetMin
                  + ": the extra ones are paid for while idle"));
    }
    if (r.discount() == null && Catalog.reservedDiscount(r.term(), r.payment()).isEmpty()) {
      out.add(
          Violation.error(
              path + ".reserved",
              "term must be 1y or 3y and payment no-upfront, partial-upfront or all-upfront; found "
                  + r.term()
                  + " "
                  + r.payment()));
    }
    if (r.discount() != null && !(r.discount() >= 0 && r.discount() < 1)) {
      out.add(
          Violation.error(path + ".reserved.discount", "must be in [0, 1); found " + r.discount()));
    }
  }

  /** A tier's or worker fleet's reserved instances checked as the compute fleet's. */
  static void reserved(ComputeTier f, String path, List<Violation> out) {
    if (f.purchase() == null) {
      return;
    }
    int fleetMin = f.autoScaling() != null ? f.autoScaling().min() : f.totalInstances();
    reserved(f.purchase().reserved(), fleetMin, path, out);
  }

  /** Credit settings on a type that earns none are ignored (a warning); the initial balance ≥ 0. */
  static void credits(ComputeTier f, String path, List<Violation> out) {
    if (f.credits() == null) {
      return;
    }
    if (Catalog.instanceType(f.instanceType()).map(t -> !t.burstable()).orElse(false)) {
      out.add(
          Violation.warning(
              path + ".credits",
              f.instanceType() + " is not burstable; CPU credit settings are ignored"));
    }
    if (f.credits().initialPerInstance() != null) {
      Ranges.nonNegative(f.credits().initialPerInstance(), path + ".credits.initial", out);
    }
  }

  /**
   * A spot share's figures are in range, and an Auto Scaling group replaces what is interrupted
   * ({@code path}: the purchase's).
   */
  static void spot(ComputeTier f, String path, List<Violation> out) {
    ComputeTier.Spot s = f.purchase() == null ? null : f.purchase().spot();
    if (s == null) {
      return;
    }
    if (!(s.share() >= 0 && s.share() <= 1)) {
      out.add(Violation.error(path + ".spot.share", "must be in [0, 1]; found " + s.share()));
    }
    if (!(s.discount() >= 0 && s.discount() < 1)) {
      out.add(Violation.error(path + ".spot.discount", "must be in [0, 1); found " + s.discount()));
    }
    Ranges.nonNegative(s.interruptionsPerMonth(), path + ".spot.interruptionsPerMonth", out);
    if (s.onDemandBase() < 0) {
      out.add(
          Violation.error(
              path + ".spot.onDemandBase", "must not be negative; found " + s.onDemandBase()));
    }
    if (f.autoScaling() == null) {
      out.add(
          Violation.error(
              path + ".spot",
              "spot capacity needs an Auto Scaling group to replace interrupted instances"));
    }
  }

  /**
   * The fleet with its instances placed: its own placement, or {@code countPerAz} in each of the
   * stage's AZs when it has none.
   */
  static ComputeTier placed(ComputeTier f, int countPerAz, List<String> azs) {
    if (!f.placement().isEmpty()) {
      return f;
    }
    java.util.Map<String, Integer> placement = new java.util.LinkedHashMap<>();
    azs.forEach(az -> placement.put(az, countPerAz));
    return new ComputeTier(
        f.name(),
        f.instanceType(),
        placement,
        f.credits(),
        f.exposure(),
        f.autoScaling(),
        f.purchase());
  }

  /**
   * The prices a fleet's bill uses: its type on demand ({@code how} says what for; spot is billed
   * at a discount off it) and, for a burstable type, surplus CPU credits.
   */
  static void prices(ComputeTier f, String region, String how, PriceList out) {
    out.instances(f.instanceType(), region, how);
    Catalog.instanceType(f.instanceType())
        .filter(dev.archsim.engine.catalog.InstanceType::burstable)
        .ifPresent(t -> out.uses(Catalog.surplusCreditKey(t.name()), region));
  }

  /**
   * What a fleet's purchase and credits add to its explain line, as indented lines: its spot share
   * (the compute fleet's words) and its CPU credits on a burstable type; none for an on-demand
   * fleet with the type's credits.
   */
  static List<String> explain(ComputeTier f) {
    List<String> lines = new java.util.ArrayList<>();
    if (f.purchase() != null) {
      lines.add("    purchase: " + ComputeComponent.purchase(f.purchase()));
    }
    Catalog.instanceType(f.instanceType())
        .filter(dev.archsim.engine.catalog.InstanceType::burstable)
        .ifPresent(
            t -> {
              ComputeTier.Credits c = f.credits();
              boolean unlimited =
                  c != null && c.mode() != null
                      ? c.mode() == ComputeTier.CreditMode.UNLIMITED
                      : t.burst().defaultUnlimited();
              lines.add(
                  "    CPU credits: "
                      + (unlimited ? "unlimited" : "standard")
                      + ", "
                      + Numbers.plain(
                          c != null && c.initialPerInstance() != null
                              ? Math.min(c.initialPerInstance(), t.burst().maxCredits())
                              : t.burst().maxCredits())
                      + " at the start, earning "
                      + Numbers.plain(t.burst().creditsPerHour())
                      + " an hour; baseline "
                      + Numbers.plain(100 * t.burst().baselinePerVcpu())
                      + " % a vCPU");
            });
    return lines;
  }
}
