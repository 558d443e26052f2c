package dev.archsim.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The shipped us-east-1 prices of database classes and cache node types: each priced one carries a
 * source and the date of that source's reading, only the listed ones are unsourced, the sizes of a
 * family are priced in proportion (within 2 %) (which catches a mistyped row), and a class no
 * source prices is unknown rather than guessed.
 */
class ClassPricesTest {

  /** Class and node prices whose shipped us-east-1 value is an assumption ("UNSOURCED ..."). */
  static final Set<String> UNSOURCED =
      Set.of(
          "elasticache.cache.r5.large.hour",
          "elasticache.dax.t3.small.hour",
          "elasticache.dax.r5.large.hour");

  private static final String REGION = "us-east-1";

  /** Every priced class or node in us-east-1, by price-book key. */
  private static Map<String, Price> priced() {
    Map<String, Price> out = new TreeMap<>();
    for (String c : Services.dbClassNames()) {
      for (boolean aurora : new boolean[] {false, true}) {
        String key = Services.dbKey(c, aurora);
        Catalog.servicePrice(key, REGION).ifPresent(p -> out.put(key, p));
      }
    }
    for (String n : Services.cacheNodeTypes()) {
      String key = Services.cacheKey(n);
      Catalog.servicePrice(key, REGION).ifPresent(p -> out.put(key, p));
    }
    return out;
  }

  @Test
  void everyPricedClassHasASourceAndItsDateAndOnlyTheListedOnesAreUnsourced() {
    Map<String, Price> priced = priced();
    long rds = priced.keySet().stream().filter(k -> k.startsWith("rds.")).count();
    long aurora = priced.keySet().stream().filter(k -> k.startsWith("aurora.")).count();
    long cache = priced.keySet().stream().filter(k -> k.startsWith("elasticache.")).count();
    System.out.printf(
        "class prices in us-east-1: %d RDS MySQL, %d Aurora MySQL, %d cache nodes%n",
        rds, aurora, cache);
    assertThat(rds).isEqualTo(37);
    assertThat(aurora).isEqualTo(17);
    assertThat(cache).isEqualTo(17);
    List<String> unsourced = new ArrayList<>();
    for (var e : priced.entrySet()) {
      Price p = e.getValue();
      assertThat(p.usd()).as(e.getKey()).isPositive();
      assertThat(p.unit()).as(e.getKey()).isEqualTo("hour");
      if (p.source().startsWith("UNSOURCED")) {
        unsourced.add(e.getKey());
      } else {
        assertThat(p.source()).as(e.getKey()).matches("^\\[(AWS|3P)\\] .+");
        assertThat(p.asOf()).as(e.getKey()).matches("\\d{4}-\\d{2}-\\d{2}");
      }
    }
    assertThat(unsourced).containsExactlyInAnyOrderElementsOf(UNSOURCED);
  }

  @Test
  void theSizesOfAFamilyArePricedInProportion() {
    // large = 4 units, xlarge = 8, Nxlarge = 8N (and micro 0.5, small 1, medium 2 for t3/t4g):
    // within a family and engine every priced size costs the same per unit, within 2 % (the sources
    // round to tenths of a cent: cache.t4g.medium is 0.065, not 2 x 0.032)
    Map<String, List<double[]>> perFamily = new TreeMap<>();
    for (var e : priced().entrySet()) {
      String[] k = e.getKey().split("\\.");
      // e.g. rds.db.r6g.large.hour -> family "rds.db.r6g", size "large"
      String family = k[0] + "." + k[1] + "." + k[2];
      perFamily
          .computeIfAbsent(family, f -> new ArrayList<>())
          .add(new double[] {units(k[3]), e.getValue().usd()});
    }
    int checked = 0;
    for (var e : perFamily.entrySet()) {
      double first = e.getValue().get(0)[1] / e.getValue().get(0)[0];
      for (double[] s : e.getValue()) {
        assertThat(s[1] / s[0]).as(e.getKey()).isCloseTo(first, Offset.offset(first * 0.02));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(37 + 17 + 17);
  }

  @Test
  void theNumbersAreThoseOfTheirSourcesAndAnUnpricedClassIsUnknown() {
    // RDS for MySQL, not PostgreSQL: db.r5.large 0.24 (PostgreSQL 0.25), db.r6g.large 0.215
    assertThat(usd("rds.db.r5.large.hour")).isEqualTo(0.24);
    assertThat(usd("rds.db.r6g.large.hour")).isEqualTo(0.215);
    assertThat(usd("rds.db.t4g.small.hour")).isEqualTo(0.032);
    assertThat(usd("aurora.db.r6g.large.hour")).isEqualTo(0.26);
    assertThat(usd("aurora.db.t3.small.hour")).isEqualTo(0.041);
    assertThat(usd("elasticache.cache.m6g.large.hour")).isEqualTo(0.149);
    assertThat(usd("elasticache.cache.t4g.micro.hour")).isEqualTo(0.016);
    // no source read prices these: unknown, so a stage using them is billed as partial
    for (String key :
        List.of(
            "rds.db.m7g.large.hour",
            "rds.db.r7i.large.hour",
            "aurora.db.r7g.large.hour",
            "elasticache.cache.r7g.large.hour",
            "elasticache.cache.r5.xlarge.hour")) {
      assertThat(Catalog.servicePrice(key, REGION)).as(key).isEmpty();
    }
  }

  private static double usd(String key) {
    Optional<Price> p = Catalog.servicePrice(key, REGION);
    return p.orElseThrow(() -> new AssertionError(key)).usd();
  }

  private static double units(String size) {
    return switch (size) {
      case "micro" -> 0.5;
      case "small" -> 1;
      case "medium" -> 2;
      case "large" -> 4;
      case "xlarge" -> 8;
      default -> 8 * Double.parseDouble(size.substring(0, size.length() - "xlarge".length()));
    };
  }
}
