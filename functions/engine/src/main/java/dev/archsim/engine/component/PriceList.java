package dev.archsim.engine.component;

/** Where a component lists the prices its costs use, for the stage's price sheet. */
public interface PriceList {
  /** The component bills the price-book item {@code key} (e.g. {@code sqs.request}) in a region. */
  void uses(String key, String region);

  /**
   * The component bills instances of an EC2 (or Fargate) type on demand in a region, {@code how}
   * saying what for (e.g. {@code DR standby}).
   */
  void instances(String type, String region, String how);
}
