package dev.archsim.engine.model;

import java.util.List;

/**
 * A scenario's own prices: entries of a private price list, and an enterprise discount. (Negotiated
 * Savings Plans are part of each compute tier's purchase mix.)
 *
 * @param discountPercent taken off every price the price book gives (not off {@code prices}
 *     entries, which are used as they are)
 * @param prices private price list entries; they replace the price book's
 */
public record Pricing(double discountPercent, List<Entry> prices) {
  public static final Pricing NONE = new Pricing(0, List.of());

  public Pricing {
    prices = prices == null ? List.of() : List.copyOf(prices);
  }

  /**
   * One private price.
   *
   * @param item an instance type (its on-demand hourly price) or a price-book key such as {@code
   *     alb.hour} or {@code rds.db.r6g.large.hour} (as {@code archsim prices show} and a result's
   *     {@code cost.prices} name them)
   * @param region the region it applies to; null for every region
   * @param usd the price per the item's unit
   * @param source where it comes from (e.g. "private pricing addendum 2026")
   */
  public record Entry(String item, String region, double usd, String source) {}

  public boolean isNone() {
    return discountPercent == 0 && prices.isEmpty();
  }
}
