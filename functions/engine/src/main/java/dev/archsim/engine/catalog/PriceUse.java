package dev.archsim.engine.catalog;

import dev.archsim.engine.component.Components;
import dev.archsim.engine.component.PriceList;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Faults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prices a stage's cost uses, each with its source and date, and the items the price book has
 * no price for. The simulation bills an unpriced item at 0, so a stage with unpriced items has a
 * partial cost: availability and latency are simulated all the same.
 */
public final class PriceUse {
  /**
   * One priced item.
   *
   * @param item what is billed, e.g. {@code ec2 m5.large (on-demand)} or {@code alb.hour}
   * @param region where
   * @param price its price, null when the price book has none (unpriced)
   */
  public record Item(String item, String region, Price price) {
    public boolean priced() {
      return price != null;
    }
  }

  /**
   * The prices of a stage.
   *
   * @param priceBook the price book version of the stage's region
   * @param items every price used, in the order the cost uses them (priced and unpriced)
   */
  public record Sheet(String priceBook, List<Item> items) {
    public Sheet {
      items = List.copyOf(items);
    }

    public List<Item> priced() {
      return items(true);
    }

    public List<Item> unpriced() {
      return items(false);
    }

    /** True when some item has no price: the cost is a lower bound. */
    public boolean partial() {
      for (Item i : items) {
        if (!i.priced()) {
          return true;
        }
      }
      return false;
    }

    /** The items priced or not, in order (a loop: a lambda's class is spun at its first call). */
    private List<Item> items(boolean priced) {
      List<Item> out = new java.util.ArrayList<>();
      for (Item i : items) {
        if (i.priced() == priced) {
          out.add(i);
        }
      }
      return java.util.Collections.unmodifiableList(out);
    }
  }

  private final Map<String, Item> items = new LinkedHashMap<>();

  private PriceUse() {}

  /** The prices a stage of this architecture and these faults uses. */
  public static Sheet of(Architecture a, Faults faults) {
    PriceUse u = new PriceUse();
    u.collect(a, faults == null ? Faults.NONE : faults);
    return new Sheet(Catalog.prices().version(a.region()), new ArrayList<>(u.items.values()));
  }

  private void ec2(String region, String type, String how) {
    String service = Catalog.isFargate(type) ? "" : "ec2 ";
    add(service + type + " (" + how + ")", region, Catalog.onDemandHourly(region, type));
  }

  private void svc(String key, String region) {
    add(key, region, Catalog.servicePrice(key, region));
  }

  private void add(String item, String region, Optional<Price> p) {
    items.putIfAbsent(item + "@" + region, new Item(item, region, p.orElse(null)));
  }

  private void collect(Architecture a, Faults faults) {
    PriceList list =
        new PriceList() {
          @Override
          public void uses(String key, String region) {
            svc(key, region);
          }

          @Override
          public void instances(String type, String region, String how) {
            ec2(region, type, how);
          }
        };
    for (Components.Present<?> p : Components.in(a, Components.listed())) {
      p.prices(a, faults, list);
    }
    for (Components.Present<?> p : Components.in(a, Components.aroundThePath())) {
      p.prices(a, list);
    }
  }
}
