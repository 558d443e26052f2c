package dev.archsim.engine.validate;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Names;
import dev.archsim.engine.catalog.Region;
import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Pricing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules that check a scenario against the catalog: regions, Availability Zones (by ID or name),
 * instance types and where they are offered, database classes and cache node types. A missing price
 * is never an error here: the stage runs and its cost is reported as partial.
 */
public final class CatalogRules {
  private CatalogRules() {}

  /** An unknown region: the nearest codes and the list of every commercial region. */
  public static boolean region(String region, String path, List<Violation> out) {
    if (Catalog.isKnownRegion(region)) {
      return true;
    }
    String near = Names.didYouMean(region, Catalog.regions());
    out.add(
        Violation.error(
            path,
            "unknown region '"
                + region
                + "'"
                + (near.isEmpty() ? ";" : near)
                + " known: "
                + String.join(", ", Catalog.regions())));
    return false;
  }

  /**
   * The stage's AZs: each an AZ ID ({@code use1-az1}) or name ({@code us-east-1a}) of the region,
   * no zone twice (a name and its ID are the same zone).
   */
  static void azs(Architecture a, String path, boolean regionKnown, List<Violation> out) {
    if (a.azs().isEmpty()) {
      out.add(Violation.error(path + ".azs", "at least one Availability Zone is required"));
      return;
    }
    Region r = regionKnown ? Catalog.region(a.region()).orElseThrow() : null;
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < a.azs().size(); i++) {
      String az = a.azs().get(i);
      String id = r == null ? az : r.azId(az).orElse(null);
      String p = path + ".azs[" + i + "]";
      if (id == null) {
        out.add(
            Violation.error(
                p,
                "'"
                    + az
                    + "' is not an Availability Zone of "
                    + a.region()
                    + "; known (ID or name): "
                    + String.join(", ", r.azIds().stream().map(r::azLabel).toList())));
        continue;
      }
      Integer before = seen.putIfAbsent(id, i);
      if (before != null) {
        out.add(
            Violation.error(
                p,
                "duplicate Availability Zone '"
                    + az
                    + "'"
                    + (az.equals(a.azs().get(before))
                        ? ""
                        : " (the same zone as " + path + ".azs[" + before + "])")));
      }
    }
  }

  /** An instance type the catalog knows, or an error with the nearest names. */
  public static boolean instanceType(String type, String path, List<Violation> out) {
    if (Catalog.instanceType(type).isPresent()) {
      return true;
    }
    out.add(
        Violation.error(
            path,
            "unknown instance type '"
                + type
                + "'"
                + nearestOrHint(type, Catalog.instanceTypeNames(), "archsim catalog types")));
    return false;
  }

  /**
   * A type not offered in one of the stage's AZs: an error naming the AZs of the region that offer
   * it (or saying none does). Regions without offering data accept any type.
   */
  public static void offered(Architecture a, String type, String path, List<Violation> out) {
    Region r = Catalog.region(a.region()).orElse(null);
    if (r == null || !r.offeringData() || Catalog.isFargate(type)) {
      return;
    }
    for (String az : a.azs()) {
      String id = r.azId(az).orElse(null);
      if (id == null) {
        continue;
      }
      Set<String> types = Catalog.offeredIn(a.region(), id).orElse(Set.of());
      if (!types.contains(type)) {
        List<String> where = Catalog.azsOffering(a.region(), type);
        out.add(
            Violation.error(
                path,
                type
                    + " is not offered in "
                    + r.azLabel(id)
                    + (where.isEmpty()
                        ? "; no Availability Zone of " + a.region() + " offers it"
                        : "; offered in "
                            + String.join(", ", where.stream().map(r::azLabel).toList()))));
      }
    }
  }

  /** A warning when the price book has no on-demand price: the stage's cost will be partial. */
  public static void priced(String region, String type, String path, List<Violation> out) {
    if (Catalog.isKnownRegion(region)
        && Catalog.instanceType(type).isPresent()
        && Catalog.onDemandHourly(region, type).isEmpty()) {
      out.add(
          Violation.warning(
              path,
              "no price for "
                  + type
                  + " in "
                  + region
                  + " in price book "
                  + Catalog.prices().version(region)
                  + ": the stage runs and its cost is reported as partial (add a price under"
                  + " pricing.prices, or run archsim prices update)"));
    }
  }

  public static boolean dbClass(String name, String path, List<Violation> out) {
    if (Services.dbClass(name).isPresent()) {
      return true;
    }
    out.add(
        Violation.error(
            path,
            "unknown instance class '"
                + name
                + "'"
                + nearestOrHint(name, Services.dbClassNames(), "archsim catalog classes")));
    return false;
  }

  /** The node type is an ElastiCache or DAX node type of the catalog. */
  public static void cacheNode(String name, String path, List<Violation> out) {
    if (Services.cacheNode(name).isEmpty()) {
      out.add(
          Violation.error(
              path,
              "unknown node type '"
                  + name
                  + "'"
                  + nearestOrHint(name, Services.cacheNodeTypes(), "archsim catalog classes")));
    }
  }

  private static String nearestOrHint(String name, List<String> known, String command) {
    String near = Names.didYouMean(name, known);
    return near.isEmpty() ? "; list them with " + command : near;
  }

  /** A scenario's own prices: a discount below 100 %, entries naming known items and regions. */
  static void pricing(Pricing p, String path, List<Violation> out) {
    if (!(p.discountPercent() >= 0 && p.discountPercent() < 100)) {
      out.add(
          Violation.error(
              path + ".discountPercent", "must be in [0, 100); found " + p.discountPercent()));
    }
    java.util.Set<String> keys = Catalog.prices().prices("us-east-1").services().keySet();
    for (int i = 0; i < p.prices().size(); i++) {
      Pricing.Entry e = p.prices().get(i);
      String ep = path + ".prices[" + i + "]";
      if (Catalog.instanceType(e.item()).isEmpty() && !keys.contains(e.item())) {
        java.util.List<String> known = new java.util.ArrayList<>(Catalog.instanceTypeNames());
        known.addAll(keys);
        out.add(
            Violation.error(
                ep + ".item",
                "unknown item '"
                    + e.item()
                    + "'"
                    + nearestOrHint(e.item(), known, "archsim prices show")
                    + " (an instance type or a price-book key such as alb.hour)"));
      }
      if (e.region() != null) {
        region(e.region(), ep + ".region", out);
      }
      if (!(e.usd() >= 0)) {
        out.add(Violation.error(ep + ".usd", "must be at least 0; found " + e.usd()));
      }
    }
  }
}
