package dev.archsim.engine.catalog;

import dev.archsim.engine.model.EcsService;
import dev.archsim.engine.model.Pricing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every EC2 instance type, every commercial region with its Availability Zones and the types each
 * zone offers, and the versioned price book. The specs are generated from the resources of a pinned
 * moto release, the prices from public price data, by {@code tools/catalog/generate.py}; every
 * price carries its source and date. Each part loads on first use (offerings and prices one region
 * at a time).
 */
public final class Catalog {
  /** Version of the shipped price book (the date of its newest dated source). */
  public static final String PRICE_BOOK_VERSION = PriceBook.shippedBookVersion();

  /** Default Elastic IP quota per region ("5 per Region", EC2 user guide). */
  public static final int ELASTIC_IP_QUOTA_PER_REGION = 5;

  /** Spot interruption notice before the instance is stopped or terminated. */
  public static final double SPOT_NOTICE_SECONDS = 120;

  /**
   * Spot discount when a scenario gives none and the Spot Instance Advisor has no figure for the
   * type in the region: UNSOURCED (AWS says "up to 90%").
   */
  public static final double DEFAULT_SPOT_DISCOUNT = 0.70;

  /**
   * Spot interruptions per instance-month when a scenario gives none and the Spot Instance Advisor
   * has no figure: the advisor's lowest band (< 5 %).
   */
  public static final double DEFAULT_SPOT_INTERRUPTIONS_PER_MONTH = 0.05;

  private static final Map<String, Price> RESERVED_DISCOUNT =
      Map.of(
          "1y/no-upfront",
          new Price(
              0.40,
              "fraction off",
              "[3P] multicloudhosting.com/?p=1623 (~40% off, 1-yr no upfront)",
              "2026"),
          "1y/partial-upfront",
          new Price(
              0.42,
              "fraction off",
              "UNSOURCED: interpolated between no and all upfront",
              "2026-11-23"),
          "1y/all-upfront",
          new Price(
              0.44,
              "fraction off",
              "UNSOURCED: interpolated between no and all upfront",
              "2026-11-23"),
          "3y/no-upfront",
          new Price(0.55, "fraction off", "UNSOURCED: interpolated", "2026-11-23"),
          "3y/partial-upfront",
          new Price(0.60, "fraction off", "UNSOURCED: interpolated", "2026-11-23"),
          "3y/all-upfront",
          new Price(
              0.62,
              "fraction off",
              "[3P] multicloudhosting.com/?p=1623 (3-yr all upfront 60-65%); up to 72% [3P] costpatrol.io",
              "2026"));

  /** Fargate task sizes, served like instance types and priced per vCPU-hour and GB-hour. */
  private static final Map<String, InstanceType> FARGATE =
      Map.of(
          "fargate.1vcpu-2gb", new InstanceType("fargate.1vcpu-2gb", 1, 2, null),
          "fargate.2vcpu-4gb", new InstanceType("fargate.2vcpu-4gb", 2, 4, null),
          "fargate.4vcpu-8gb", new InstanceType("fargate.4vcpu-8gb", 4, 8, null));

  private static final java.util.regex.Pattern FARGATE_NAME =
      java.util.regex.Pattern.compile(
          "fargate\\.(\\d{1,2}(?:\\.\\d{1,2})?)vcpu-(\\d{1,3}(?:\\.5)?)gb(-arm64)?");

  /**
   * A Fargate task size by name ({@code fargate.<vCPU>vcpu-<GB>gb}, {@code -arm64} for Graviton, as
   * {@link EcsService#fargateTypeName} writes it): any of Fargate's valid combinations ({@link
   * EcsService#validFargateSize}); null otherwise. A task of 1 vCPU or more serves on its vCPUs; a
   * task of 0.25 or 0.5 vCPU is one server running at that share of a vCPU ({@link
   * InstanceType#serverSpeed}), as Fargate caps the task's CPU at its size.
   */
  private static InstanceType fargate(String name) {
    InstanceType known = FARGATE.get(name);
    if (known != null || name == null || !name.startsWith("fargate.")) {
      return known;
    }
    java.util.regex.Matcher m = FARGATE_NAME.matcher(name);
    if (!m.matches()) {
      return null;
    }
    double vcpu = Double.parseDouble(m.group(1));
    double gb = Double.parseDouble(m.group(2));
    String architecture = m.group(3) != null ? "arm64" : "x86_64";
    if (!EcsService.validFargateSize(vcpu, gb)
        || !name.equals(EcsService.fargateTypeName(new EcsService.Task(vcpu, gb, architecture)))) {
      return null;
    }
    boolean fractional = vcpu < 1;
    return new InstanceType(
        name,
        fractional ? 1 : (int) vcpu,
        gb,
        null,
        List.of(architecture),
        "",
        0,
        0,
        true,
        m.group(3) == null,
        true,
        fractional ? vcpu : 1.0);
  }

  private static volatile PriceBook prices = PriceBook.shipped();

  /** The scenario prices of the simulation running on this thread. */
  private static final ThreadLocal<Pricing> PRICING = ThreadLocal.withInitial(() -> Pricing.NONE);

  private Catalog() {}

  // ---------------------------------------------------------------- specs (loaded on first use)

  /**
   * The instance types: a table read on first use whose records are parsed one at a time, when
   * looked up (a run needs a few of the 1 400).
   */
  private static final class Types {
    static final KeyedTable TABLE = KeyedTable.resource("instance-types.bin.gz");
    static final Map<String, InstanceType> PARSED = new ConcurrentHashMap<>();
    static volatile List<InstanceType> all;

    static InstanceType get(String name) {
      InstanceType t = PARSED.get(name);
      if (t != null) {
        return t;
      }
      int i = TABLE.find(name);
      if (i < 0) {
        return null;
      }
      t = parse(name, TABLE.fields(i));
      PARSED.putIfAbsent(name, t);
      return t;
    }

    static List<InstanceType> all() {
      List<InstanceType> a = all;
      if (a == null) {
        Map<String, InstanceType> m = new TreeMap<>(FARGATE);
        for (int i = 0; i < TABLE.size(); i++) {
          String name = TABLE.key(i);
          m.put(name, get(name));
        }
        a = all = List.copyOf(m.values());
      }
      return a;
    }

    static List<String> names() {
      List<String> n = new ArrayList<>(TABLE.keys(0, TABLE.size()));
      n.addAll(FARGATE.keySet());
      n.sort(null);
      return n;
    }

    /** Fields: vCPUs, memory MiB, architectures, flags, network performance, baseline, peak. */
    private static InstanceType parse(String name, String[] l) {
      String flags = l[3];
      return new InstanceType(
          name,
          Integer.parseInt(l[0]),
          Integer.parseInt(l[1]) / 1024.0,
          flags.indexOf('b') >= 0 ? Bursts.ALL.get(name) : null,
          CatalogData.csv(l[2]),
          l[4],
          Double.parseDouble(l[5]),
          Double.parseDouble(l[6]),
          flags.indexOf('o') >= 0,
          flags.indexOf('s') >= 0,
          flags.indexOf('c') >= 0,
          1.0);
    }
  }

  /** CPU credit parameters of the burstable types, read with the first burstable type. */
  private static final class Bursts {
    static final Map<String, InstanceType.Burst> ALL = load();

    private static Map<String, InstanceType.Burst> load() {
      Map<String, InstanceType.Burst> bursts = new HashMap<>();
      for (String[] l : CatalogData.resource("burstable-credits.tsv")) {
        boolean t2 = l[0].startsWith("t2.");
        bursts.put(
            l[0],
            new InstanceType.Burst(
                Double.parseDouble(l[4]) / 100,
                Double.parseDouble(l[1]),
                Double.parseDouble(l[2]),
                t2 ? 30 : 0,
                !t2,
                l[5]));
      }
      return Map.copyOf(bursts);
    }
  }

  private static final class Regions {
    static final Map<String, Region> ALL = load();

    private static Map<String, Region> load() {
      Map<String, Region> m = new LinkedHashMap<>();
      for (String[] l : CatalogData.resource("regions.tsv")) {
        m.put(
            l[0],
            new Region(
                l[0],
                l[1],
                l[2],
                Double.parseDouble(l[3]),
                Double.parseDouble(l[4]),
                CatalogData.csv(l[5]),
                CatalogData.csv(l[6]),
                "1".equals(l[7])));
      }
      return java.util.Collections.unmodifiableMap(m);
    }
  }

  /**
   * Which types each AZ of a region offers: the region's table (type → bit mask over its AZ IDs),
   * read on first use.
   */
  private record Offerings(List<String> azIds, KeyedTable table) {
    /** Bit mask of the AZs (index in {@link #azIds}) that offer a type; Fargate is everywhere. */
    int mask(String type) {
      if (fargate(type) != null) {
        return (1 << azIds.size()) - 1;
      }
      int i = table.find(type);
      return i < 0 ? 0 : Integer.parseInt(table.fields(i)[0]);
    }
  }

  /** Region → its offerings; absent for regions without offering data. */
  private static final Map<String, Offerings> OFFERINGS = new ConcurrentHashMap<>();

  public static Optional<InstanceType> instanceType(String name) {
    if (name == null) {
      return Optional.empty();
    }
    InstanceType f = fargate(name);
    return f != null ? Optional.of(f) : Optional.ofNullable(Types.get(name));
  }

  /** Every instance type (and Fargate task size), by name. */
  public static Collection<InstanceType> instanceTypes() {
    return Types.all();
  }

  public static List<String> instanceTypeNames() {
    return Types.names();
  }

  /** True for a Fargate task size (containers) rather than an EC2 instance type. */
  public static boolean isFargate(String type) {
    return type.startsWith("fargate.");
  }

  public static boolean isKnownRegion(String region) {
    return region != null && Regions.ALL.containsKey(region);
  }

  public static Optional<Region> region(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(Regions.ALL.get(code));
  }

  /** Codes of every commercial region, sorted. */
  public static List<String> regions() {
    return Regions.ALL.keySet().stream().sorted().toList();
  }

  public static Collection<Region> allRegions() {
    return Regions.ALL.values();
  }

  /** The Availability Zone names of a region, e.g. us-east-1a … us-east-1f. */
  public static List<String> availabilityZones(String region) {
    return region(region).map(Region::azNames).orElse(List.of());
  }

  /**
   * The types offered in an AZ (by ID), or empty when the catalog has no offering data for the
   * region (then any type is accepted). The set answers {@code contains} from the region's table;
   * iterating it reads every type.
   */
  public static Optional<Set<String>> offeredIn(String region, String azId) {
    Offerings o = offerings(region);
    if (o == null) {
      return Optional.empty();
    }
    int k = o.azIds().indexOf(azId);
    if (k < 0) {
      return Optional.of(Set.of());
    }
    return Optional.of(
        new java.util.AbstractSet<String>() {
          private Set<String> all;

          @Override
          public boolean contains(Object type) {
            return type instanceof String t && (o.mask(t) & 1 << k) != 0;
          }

          @Override
          public java.util.Iterator<String> iterator() {
            return materialised().iterator();
          }

          @Override
          public int size() {
            return materialised().size();
          }

          private Set<String> materialised() {
            if (all == null) {
              Set<String> s = new java.util.TreeSet<>();
              for (String t : instanceTypeNames()) {
                if (contains(t)) {
                  s.add(t);
                }
              }
              all = java.util.Collections.unmodifiableSet(s);
            }
            return all;
          }
        });
  }

  /** The AZ IDs of a region that offer a type (empty when no data, or none offers it). */
  public static List<String> azsOffering(String region, String type) {
    Offerings o = offerings(region);
    if (o == null || type == null) {
      return List.of();
    }
    int mask = o.mask(type);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < o.azIds().size(); k++) {
      if ((mask & 1 << k) != 0) {
        out.add(o.azIds().get(k));
      }
    }
    out.sort(null);
    return out;
  }

  private static Offerings offerings(String region) {
    Region r = region(region).orElse(null);
    if (r == null || !r.offeringData()) {
      return null;
    }
    return OFFERINGS.computeIfAbsent(
        region,
        k -> {
          KeyedTable t = KeyedTable.resource("offerings/" + k + ".bin.gz");
          int azs = t.find("#azs");
          return new Offerings(List.of(t.fields(azs)), t);
        });
  }

  // ---------------------------------------------------------------- prices

  /** The price book in use: the shipped one unless a caller installed another. */
  public static PriceBook prices() {
    return prices;
  }

  /** Installs the price book every later lookup uses (the CLI's refreshed prices). */
  public static void usePriceBook(PriceBook book) {
    prices = java.util.Objects.requireNonNull(book);
  }

  /**
   * Runs {@code work} with a scenario's own prices: its private entries replace the price book's,
   * and its discount comes off every other price.
   */
  public static <T> T withPricing(Pricing pricing, java.util.function.Supplier<T> work) {
    Pricing before = PRICING.get();
    PRICING.set(pricing == null ? Pricing.NONE : pricing);
    try {
      return work.get();
    } finally {
      PRICING.set(before);
    }
  }

  /** A price after the scenario's own prices (see {@link #withPricing}). */
  private static Optional<Price> priced(
      String item, String region, String unit, Optional<Price> book) {
    Pricing p = PRICING.get();
    if (p.isNone()) {
      return book;
    }
    for (Pricing.Entry e : p.prices()) {
      if (e.item().equals(item) && (e.region() == null || e.region().equals(region))) {
        return Optional.of(
            new Price(
                e.usd(),
                book.map(Price::unit).orElse(unit),
                "scenario price: " + (e.source() == null ? "private price list" : e.source()),
                "scenario"));
      }
    }
    if (p.discountPercent() == 0) {
      return book;
    }
    return book.map(
        b ->
            new Price(
                b.usd() * (1 - p.discountPercent() / 100),
                b.unit(),
                b.source() + "; less the scenario's " + p.discountPercent() + " % discount",
                b.asOf()));
  }

  /** Reserved-instance discount for "1y"/"3y" and "no-upfront"/"partial-upfront"/"all-upfront". */
  public static Optional<Price> reservedDiscount(String term, String payment) {
    return Optional.ofNullable(RESERVED_DISCOUNT.get(term + "/" + payment));
  }

  /** On-demand hourly price of a type (EC2 Linux, or a Fargate task size) in a region. */
  public static Optional<Price> onDemandHourly(String region, String instanceType) {
    if (instanceType == null) {
      return Optional.empty();
    }
    InstanceType f = fargate(instanceType);
    if (f != null) {
      boolean arm = f.architectures().contains("arm64");
      String cpuKey = arm ? PriceKeys.FARGATE_ARM64_VCPU_HOUR : PriceKeys.FARGATE_VCPU_HOUR;
      String memKey = arm ? PriceKeys.FARGATE_ARM64_GB_HOUR : PriceKeys.FARGATE_GB_HOUR;
      Optional<Price> cpu = servicePrice(cpuKey, region);
      Optional<Price> mem = servicePrice(memKey, region);
      if (cpu.isEmpty() || mem.isEmpty()) {
        return priced(instanceType, region, "hour", Optional.empty());
      }
      return priced(
          instanceType,
          region,
          "hour",
          Optional.of(
              new Price(
                  f.vcpuCapacity() * cpu.get().usd() + f.memoryGiB() * mem.get().usd(),
                  "hour",
                  (cpu.get().estimate() ? "ESTIMATE: " : "")
                      + plain(f.vcpuCapacity())
                      + " x "
                      + cpuKey
                      + " + "
                      + plain(f.memoryGiB())
                      + " x "
                      + memKey
                      + "; "
                      + cpu.get().source(),
                  cpu.get().asOf())));
    }
    return priced(instanceType, region, "hour", prices.onDemand(region, instanceType));
  }

  /** A count as written: {@code 2}, {@code 0.25}. */
  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** The on-demand hourly price in USD, 0 when unknown (the cost is then reported as partial). */
  public static double onDemandUsd(String region, String instanceType) {
    return onDemandHourly(region, instanceType).map(Price::usd).orElse(0.0);
  }

  /** A service price (see the price book's {@code svc} keys) in a region. */
  public static Optional<Price> servicePrice(String key, String region) {
    return priced(key, region, "", prices.service(key, region));
  }

  /** Spot Instance Advisor figures of a type in a region. */
  public static Optional<PriceBook.Spot> spot(String region, String instanceType) {
    return prices.spot(region, instanceType);
  }

  /** Default spot discount of a type in a region: the advisor's savings, else the constant. */
  public static double defaultSpotDiscount(String region, String instanceType) {
    return spot(region, instanceType).map(PriceBook.Spot::savings).orElse(DEFAULT_SPOT_DISCOUNT);
  }

  /** Default spot interruptions per instance-month: the advisor's bucket as a rate. */
  public static double defaultSpotInterruptions(String region, String instanceType) {
    return spot(region, instanceType)
        .map(PriceBook.Spot::interruptionsPerMonth)
        .orElse(DEFAULT_SPOT_INTERRUPTIONS_PER_MONTH);
  }

  /** The key of the surplus-credit price of a burstable type (T4g has its own rate). */
  public static String surplusCreditKey(String instanceType) {
    return instanceType.startsWith("t4g.")
        ? "ec2.surplus-credit.vcpu-hour.t4g"
        : "ec2.surplus-credit.vcpu-hour";
  }
}
