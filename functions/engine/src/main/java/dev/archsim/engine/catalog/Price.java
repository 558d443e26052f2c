package dev.archsim.engine.catalog;

/**
 * One price with where it was read and when.
 *
 * @param usd price in US dollars per {@code unit}
 * @param unit e.g. "hour", "GB", "LCU-hour"
 * @param source the public page or data it was read from; "ESTIMATE: ..." with its derivation for a
 *     price derived from another one; "UNSOURCED: ..." for an assumption
 * @param asOf the date shown by the source (or the date it was read)
 */
public record Price(double usd, String unit, String source, String asOf) {

  /** True for a price derived from another (e.g. scaled from us-east-1), not read. */
  public boolean estimate() {
    return source.startsWith("ESTIMATE");
  }
}
