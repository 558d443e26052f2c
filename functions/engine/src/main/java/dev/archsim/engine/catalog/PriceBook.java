package dev.archsim.engine.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versioned price book: per region, on-demand EC2 prices, Spot Instance Advisor figures and the
 * service prices, each with its source and date. Regions load lazily, one resource each.
 *
 * <p>A region file is a gzipped {@link KeyedTable} whose records are {@code #src:ID → TEXT DATE}
 * (the sources), {@code e:TYPE → USD SOURCE-ID} (on-demand EC2), {@code p:TYPE → SAVINGS BUCKET
 * INTERRUPTIONS-PER-MONTH SOURCE-ID} (Spot Instance Advisor) and {@code s:KEY → USD UNIT SOURCE
 * DATE} (services). Loading a region reads its file; a lookup parses only the record it finds. A
 * price absent from the file is unknown.
 *
 * <p>An overlay directory (written by {@code archsim prices update}) holds files of the same format
 * named {@code REGION.bin.gz} and a {@code price-book.properties} with its {@code version}; a
 * region present there replaces the shipped one.
 */
public final class PriceBook {
  /**
   * A type's Spot Instance Advisor figures in a region.
   *
   * @param savings fraction off on-demand
   * @param bucket interruption-frequency bucket 0–4 ({@code <5%}, 5–10 %, 10–15 %, 15–20 %, {@code
   *     >20%})
   * @param interruptionsPerMonth the bucket as a rate: the middle of its band, 25 % for {@code
   *     >20%}
   */
  public record Spot(
      double savings, int bucket, double interruptionsPerMonth, String source, String asOf) {}

  /**
   * One region's prices. Those of a price-book file are maps over its table: {@code get} parses one
   * record; iterating parses them all.
   */
  public record RegionPrices(
      String version, Map<String, Price> ec2, Map<String, Spot> spot, Map<String, Price> services) {
    static final RegionPrices EMPTY = new RegionPrices("", Map.of(), Map.of(), Map.of());

    static RegionPrices of(KeyedTable t, String version) {
      Sources sources = new Sources(t);
      return new RegionPrices(
          version,
          new TableMap<>(t, "e:", TableMap.EC2, sources),
          new TableMap<>(t, "p:", TableMap.SPOT, sources),
          new TableMap<>(t, "s:", TableMap.SERVICES, sources));
    }
  }

  /** A table's price sources ({@code #src:ID}: the text and its date), each read once. */
  private static final class Sources {
    private final KeyedTable table;
    private final Map<String, String[]> read = new ConcurrentHashMap<>();

    Sources(KeyedTable table) {
      this.table = table;
    }

    String[] of(String id) {
      String[] s = read.get(id);
      if (s == null) {
        int i = table.find("#src:" + id);
        s = i < 0 ? new String[] {id, ""} : table.fields(i);
        String[] before = read.putIfAbsent(id, s);
        if (before != null) {
          s = before;
        }
      }
      return s;
    }
  }

  /** The records of a table under a key prefix, as a read-only map parsed on demand. */
  private static final class TableMap<V> extends java.util.AbstractMap<String, V> {
    /**
     * What a record is: an EC2 price, a spot record or a service's price. A kind read by a switch
     * rather than a parsing function: each lambda's class is spun at its first call, and every run
     * reads a region's prices.
     */
    static final int EC2 = 0;

    static final int SPOT = 1;
    static final int SERVICES = 2;

    private final KeyedTable table;
    private final String prefix;
    private final int kind;
    private final Sources sources;
    private final Map<String, V> parsed = new ConcurrentHashMap<>();
    private volatile Set<Map.Entry<String, V>> entries;

    TableMap(KeyedTable table, String prefix, int kind, Sources sources) {
      this.table = table;
      this.prefix = prefix;
      this.kind = kind;
      this.sources = sources;
    }

    @SuppressWarnings("unchecked")
    private V parse(String[] f) {
      return (V)
          switch (kind) {
            case EC2 -> {
              String[] s = sources.of(f[1]);
              yield new Price(Double.parseDouble(f[0]), "hour", s[0], s[1]);
            }
            case SPOT -> {
              String[] s = sources.of(f[3]);
              yield new Spot(
                  Double.parseDouble(f[0]),
                  Integer.parseInt(f[1]),
                  Double.parseDouble(f[2]),
                  s[0],
                  s[1]);
            }
            default -> new Price(Double.parseDouble(f[0]), f[1], f[2], f[3]);
          };
    }

    @Override
    public V get(Object key) {
      if (!(key instanceof String k)) {
        return null;
      }
      V v = parsed.get(k);
      if (v == null) {
        int i = table.find(prefix + k);
        if (i < 0) {
          return null;
        }
        v = parse(table.fields(i));
        parsed.putIfAbsent(k, v);
      }
      return v;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && (parsed.containsKey(k) || table.find(prefix + k) >= 0);
    }

    @Override
    public int size() {
      return table.count(prefix);
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
      Set<Map.Entry<String, V>> e = entries;
      if (e == null) {
        Map<String, V> all = new java.util.LinkedHashMap<>();
        int from = table.lowerBound(prefix);
        int to = table.end(prefix);
        for (int i = from; i < to; i++) {
          String k = table.key(i).substring(prefix.length());
          all.put(k, get(k));
        }
        e = entries = java.util.Collections.unmodifiableMap(all).entrySet();
      }
      return e;
    }
  }

  /** Labels of the Spot Advisor buckets. */
  public static final List<String> BUCKET_LABELS =
      List.of("<5%", "5-10%", "10-15%", "15-20%", ">20%");

  private static final String SHIPPED_VERSION = shippedVersion();
  private static final PriceBook SHIPPED = new PriceBook(null, null);

  private final Path overlay;
  private final String overlayVersion;
  private final Map<String, RegionPrices> regions = new ConcurrentHashMap<>();

  private PriceBook(Path overlay, String overlayVersion) {
    this.overlay = overlay;
    this.overlayVersion = overlayVersion;
  }

  /** The price book shipped in the catalog resources. */
  public static PriceBook shipped() {
    return SHIPPED;
  }

  /**
   * The shipped book with the regions of {@code dir} taking precedence; the shipped book alone when
   * {@code dir} holds no price book.
   */
  public static PriceBook withOverlay(Path dir) {
    Path props = dir.resolve("price-book.properties");
    if (!Files.isRegularFile(props)) {
      return SHIPPED;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(props)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + props, e);
    }
    return new PriceBook(dir, p.getProperty("version", "unknown"));
  }

  private static String shippedVersion() {
    Properties p = new Properties();
    try (InputStream in = Catalog.class.getResourceAsStream("catalog.properties")) {
      p.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("catalog resources missing", e);
    }
    return p.getProperty("priceBook.version");
  }

  /** The version of the shipped price book: the date of its newest dated source. */
  public static String shippedBookVersion() {
    return SHIPPED_VERSION;
  }

  /** The version of the prices used for {@code region}. */
  public String version(String region) {
    String v = prices(region).version();
    return v.isEmpty() ? SHIPPED_VERSION : v;
  }

  /** The version of this book: the shipped one, or "overlay (shipped)" with an overlay. */
  public String version() {
    return overlay == null
        ? SHIPPED_VERSION
        : overlayVersion + " (shipped " + SHIPPED_VERSION + ")";
  }

  public Optional<Path> overlay() {
    return Optional.ofNullable(overlay);
  }

  public Optional<Price> onDemand(String region, String type) {
    return Optional.ofNullable(prices(region).ec2().get(type));
  }

  public Optional<Spot> spot(String region, String type) {
    return Optional.ofNullable(prices(region).spot().get(type));
  }

  public Optional<Price> service(String key, String region) {
    return Optional.ofNullable(prices(region).services().get(key));
  }

  /** Every price of a region (loads it). */
  public RegionPrices prices(String region) {
    if (region == null) {
      return RegionPrices.EMPTY;
    }
    // a lookup first: a trial asks at every step, and computeIfAbsent would build its function
    RegionPrices loaded = regions.get(region);
    if (loaded != null) {
      return loaded;
    }
    synchronized (regions) {
      loaded = regions.get(region);
      if (loaded == null) {
        loaded = load(region);
        regions.put(region, loaded);
      }
      return loaded;
    }
  }

  private RegionPrices load(String region) {
    if (overlay != null) {
      Path f = overlay.resolve(region + ".bin.gz");
      if (Files.isRegularFile(f)) {
        try (InputStream in = Files.newInputStream(f)) {
          return RegionPrices.of(KeyedTable.read(in, true), overlayVersion);
        } catch (IOException | IllegalArgumentException e) {
          throw new UncheckedIOException(
              "cannot read " + f + " (run archsim prices update again)",
              e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
      }
    }
    if (!isRegionCode(region)) {
      return RegionPrices.EMPTY;
    }
    KeyedTable t = KeyedTable.resource("prices/" + region + ".bin.gz");
    return t == null ? RegionPrices.EMPTY : RegionPrices.of(t, "");
  }

  private static boolean isRegionCode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /** Writes a region's prices in the region-file format (not gzipped; gzip it for an overlay). */
  public static void write(RegionPrices prices, java.io.OutputStream out) throws IOException {
    Map<String, List<String>> records = new HashMap<>();
    Map<String, String> ids = new HashMap<>();
    java.util.function.BiFunction<String, String, String> id =
        (text, date) ->
            ids.computeIfAbsent(
                clean(text) + "\t" + clean(date),
                k -> {
                  String sid = "s" + (ids.size() + 1);
                  records.put("#src:" + sid, List.of(clean(text), clean(date)));
                  return sid;
                });
    for (var e : new java.util.TreeMap<>(prices.ec2()).entrySet()) {
      Price p = e.getValue();
      records.put(
          "e:" + e.getKey(), List.of(Double.toString(p.usd()), id.apply(p.source(), p.asOf())));
    }
    for (var e : new java.util.TreeMap<>(prices.spot()).entrySet()) {
      Spot s = e.getValue();
      records.put(
          "p:" + e.getKey(),
          List.of(
              Double.toString(s.savings()),
              Integer.toString(s.bucket()),
              Double.toString(s.interruptionsPerMonth()),
              id.apply(s.source(), s.asOf())));
    }
    for (var e : prices.services().entrySet()) {
      Price p = e.getValue();
      records.put(
          "s:" + e.getKey(),
          List.of(Double.toString(p.usd()), clean(p.unit()), clean(p.source()), clean(p.asOf())));
    }
    out.write(KeyedTable.encode(records));
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }
}
