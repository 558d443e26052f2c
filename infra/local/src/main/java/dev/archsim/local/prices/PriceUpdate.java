package dev.archsim.local.prices;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Price;
import dev.archsim.engine.catalog.PriceBook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * {@code archsim prices update}: reads the offer files of the services archsim prices for the
 * chosen regions and writes each region's price book (the shipped one with every price the offer
 * files give replaced) to the cache directory, where it takes precedence over the shipped book.
 */
public final class PriceUpdate {
  /** What an update wrote. */
  public record Outcome(String version, Map<String, int[]> perRegion) {}

  private final OfferFiles files;
  private final PrintWriter log;

  public PriceUpdate(OfferFiles files, PrintWriter log) {
    this.files = files;
    this.log = log;
  }

  /**
   * Updates {@code regions} (every commercial region when empty) into {@code cacheDir}.
   *
   * @return the version written (the newest publication date read) and, per region, how many EC2
   *     and service prices came from the offer files
   */
  public Outcome run(List<String> regions, Path cacheDir) throws IOException {
    List<String> wanted = regions.isEmpty() ? Catalog.regions() : regions;
    Map<String, String> indexes = files.regionIndexes();
    Map<String, String> current = files.currentOffers();
    Map<String, Map<String, Price>> ec2 = new HashMap<>();
    Map<String, Map<String, Price>> services = new HashMap<>();
    TreeSet<String> dates = new TreeSet<>();
    for (String code : OfferFiles.SERVICES) {
      String index = indexes.get(code);
      if (OfferFiles.GLOBAL.contains(code)) {
        String path = globalOffer(index, current.get(code));
        if (path == null) {
          log.println("  " + code + ": not in the offer index, skipped");
          continue;
        }
        OfferFiles.Offer o = files.offer(path);
        for (String region : wanted) {
          services.computeIfAbsent(region, k -> new HashMap<>()).putAll(o.services());
        }
        if (o.publicationDate().length() >= 10) {
          dates.add(o.publicationDate().substring(0, 10));
        }
        log.printf("  %s (global): %d service prices%n", code, o.services().size());
        continue;
      }
      if (index == null) {
        log.println("  " + code + ": not in the offer index, skipped");
        continue;
      }
      Map<String, String> offers = files.regionOffers(index);
      for (String region : wanted) {
        String path = offers.get(region);
        if (path == null) {
          continue;
        }
        OfferFiles.Offer o = files.offer(path);
        ec2.computeIfAbsent(region, k -> new HashMap<>()).putAll(o.ec2());
        services.computeIfAbsent(region, k -> new HashMap<>()).putAll(o.services());
        if (o.publicationDate().length() >= 10) {
          dates.add(o.publicationDate().substring(0, 10));
        }
        log.printf(
            "  %s %s: %d instance prices, %d service prices%n",
            code, region, o.ec2().size(), o.services().size());
      }
    }
    String version = dates.isEmpty() ? "unknown" : dates.last();
    Files.createDirectories(cacheDir);
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String region : wanted) {
      Map<String, Price> e = ec2.getOrDefault(region, Map.of());
      Map<String, Price> s = services.getOrDefault(region, Map.of());
      if (e.isEmpty() && s.isEmpty()) {
        continue;
      }
      PriceBook.RegionPrices shipped = PriceBook.shipped().prices(region);
      Map<String, Price> mergedEc2 = new HashMap<>(shipped.ec2());
      mergedEc2.putAll(e);
      Map<String, Price> mergedSvc = new HashMap<>(shipped.services());
      mergedSvc.putAll(s);
      write(
          cacheDir.resolve(region + ".bin.gz"),
          new PriceBook.RegionPrices(version, mergedEc2, shipped.spot(), mergedSvc));
      counts.put(region, new int[] {e.size(), s.size()});
    }
    Path props = cacheDir.resolve("price-book.properties");
    Path tmp = Files.createTempFile(cacheDir, "price-book", ".tmp");
    Files.writeString(
        tmp,
        "# written by archsim prices update from AWS Price List offer files\nversion="
            + version
            + "\nregions="
            + String.join(",", new ArrayList<>(counts.keySet()))
            + "\n",
        StandardCharsets.UTF_8);
    Files.move(tmp, props, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Outcome(version, counts);
  }

  /** A global service's offer file: its region index's global entry, else the whole offer. */
  private String globalOffer(String regionIndex, String whole) throws IOException {
    if (regionIndex != null) {
      Map<String, String> offers = files.regionOffers(regionIndex);
      for (String g : OfferFiles.GLOBAL_REGIONS) {
        if (offers.containsKey(g)) {
          return offers.get(g);
        }
      }
    }
    return whole;
  }

  private static void write(Path file, PriceBook.RegionPrices prices) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
      PriceBook.write(prices, out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
