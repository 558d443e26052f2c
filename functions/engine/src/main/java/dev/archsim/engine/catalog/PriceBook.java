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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versioned price book: per region, on-demand EC2 prices, Spot Instance Advisor figures and the
 * service prices, each with its source and date. Regions load lazily, one resource each.
 *
 * <p>Format of a region file (tab-separated, gzipped): {@code source ID TEXT DATE} lines name the
 * sources; {@code ec2 TYPE USD SOURCE-ID}; {@code spot TYPE SAVINGS BUCKET INTERRUPTIONS-PER-MONTH
 * SOURCE-ID}; {@code svc KEY USD UNIT SOURCE DATE}. A price absent from the file is unknown.
 *
 * <p>An overlay directory (written by {@code archsim prices update}) holds files of the same format
 * named {@code REGION.tsv.gz} and a {@code price-book.properties} with its {@code version}; a
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

  /** One region's prices. */
  public record RegionPrices(
      String version, Map<String, Price> ec2, Map<String, Spot> spot, Map<String, Price> services) {
    static final RegionPrices EMPTY = new RegionPrices("", Map.of(), Map.of(), Map.of());
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
    return regions.computeIfAbsent(region, this::load);
  }

  private RegionPrices load(String region) {
    if (overlay != null) {
      Path f = overlay.resolve(region + ".tsv.gz");
      if (Files.isRegularFile(f)) {
        try (InputStream in = Files.newInputStream(f)) {
          return parse(CatalogData.lines(in, true), overlayVersion);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + f, e);
        }
      }
    }
    if (!region.matches("[a-z0-9-]+")) {
      return RegionPrices.EMPTY;
    }
    List<String[]> lines = CatalogData.resource("prices/" + region + ".tsv.gz");
    return lines == null ? RegionPrices.EMPTY : parse(lines, "");
  }

  /**
   * Writes a region's prices in the region-file format (gzip it for an overlay); sources get one
   * {@code source} line each.
   */
  public static void write(RegionPrices prices, java.io.Writer out) throws IOException {
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    java.util.function.BiFunction<String, String, String> id =
        (text, date) -> ids.computeIfAbsent(text + "\t" + date, k -> "s" + (ids.size() + 1));
    StringBuilder rows = new StringBuilder();
    for (var e : new java.util.TreeMap<>(prices.ec2()).entrySet()) {
      Price p = e.getValue();
      rows.append("ec2\t")
          .append(e.getKey())
          .append('\t')
          .append(p.usd())
          .append('\t')
          .append(id.apply(clean(p.source()), clean(p.asOf())))
          .append('\n');
    }
    for (var e : new java.util.TreeMap<>(prices.spot()).entrySet()) {
      Spot s = e.getValue();
      rows.append("spot\t")
          .append(e.getKey())
          .append('\t')
          .append(s.savings())
          .append('\t')
          .append(s.bucket())
          .append('\t')
          .append(s.interruptionsPerMonth())
          .append('\t')
          .append(id.apply(clean(s.source()), clean(s.asOf())))
          .append('\n');
    }
    for (var e : new java.util.TreeMap<>(prices.services()).entrySet()) {
      Price p = e.getValue();
      rows.append("svc\t")
          .append(e.getKey())
          .append('\t')
          .append(p.usd())
          .append('\t')
          .append(clean(p.unit()))
          .append('\t')
          .append(clean(p.source()))
          .append('\t')
          .append(clean(p.asOf()))
          .append('\n');
    }
    out.write("# prices of one region, USD; every row names its source and date\n");
    for (var e : ids.entrySet()) {
      out.write("source\t" + e.getValue() + "\t" + e.getKey() + "\n");
    }
    out.write(rows.toString());
  }

  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }

  /** Parses a region file; {@code version} is recorded with it ("" for the shipped book). */
  public static RegionPrices parse(List<String[]> lines, String version) {
    Map<String, String[]> sources = new HashMap<>();
    Map<String, Price> ec2 = new HashMap<>();
    Map<String, Spot> spot = new HashMap<>();
    Map<String, Price> svc = new HashMap<>();
    for (String[] l : lines) {
      switch (l[0]) {
        case "source" -> sources.put(l[1], new String[] {l[2], l[3]});
        case "ec2" -> {
          String[] s = sources.getOrDefault(l[3], new String[] {l[3], ""});
          ec2.put(l[1], new Price(Double.parseDouble(l[2]), "hour", s[0], s[1]));
        }
        case "spot" -> {
          String[] s = sources.getOrDefault(l[5], new String[] {l[5], ""});
          spot.put(
              l[1],
              new Spot(
                  Double.parseDouble(l[2]),
                  Integer.parseInt(l[3]),
                  Double.parseDouble(l[4]),
                  s[0],
                  s[1]));
        }
        case "svc" -> svc.put(l[1], new Price(Double.parseDouble(l[2]), l[3], l[4], l[5]));
        default -> {}
      }
    }
    return new RegionPrices(version, Map.copyOf(ec2), Map.copyOf(spot), Map.copyOf(svc));
  }
}
