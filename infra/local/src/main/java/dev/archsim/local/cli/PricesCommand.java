package dev.archsim.local.cli;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.Names;
import dev.archsim.engine.catalog.Price;
import dev.archsim.engine.catalog.PriceBook;
import dev.archsim.engine.catalog.Services;
import dev.archsim.local.prices.OfferFiles;
import dev.archsim.local.prices.PriceCache;
import dev.archsim.local.prices.PriceUpdate;
import dev.archsim.local.text.Columns;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archsim prices show|update}: the price book, and refreshing it from AWS. */
@Command(
    name = "prices",
    description = "Shows prices with their source and date; refreshes them from AWS's price list.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim prices show m5.large --region us-east-1",
      "  archsim prices update --region eu-west-1"
    },
    subcommands = {PricesCommand.Show.class, PricesCommand.Update.class})
final class PricesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: show or update");
  }

  static PriceBook book(Path cacheDir) {
    return PriceBook.withOverlay(cacheDir == null ? PriceCache.defaultDir() : cacheDir);
  }

  @Command(
      name = "show",
      description =
          "The price of an instance type, database class, cache node type or service key (e.g."
              + " alb.hour) in a region: price, unit, source, date.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  archsim prices show m5.large --region us-east-1",
        "  archsim prices show db.r6g.large --region eu-west-1",
        "  archsim prices show alb.hour --region ap-northeast-2"
      })
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "ITEM",
        description = "e.g. m7g.large, db.r6g.large, alb.hour")
    String item;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        required = true,
        description = "e.g. eu-west-1")
    String region;

    @Option(
        names = "--cache-dir",
        paramLabel = "DIR",
        description = "the refreshed price book (default: the user cache)")
    Path cacheDir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (!Catalog.isKnownRegion(region)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown region '"
                + region
                + "'"
                + Names.didYouMean(region, Catalog.regions())
                + " (archsim catalog regions lists them)");
      }
      PriceBook book = book(cacheDir);
      List<String[]> rows = new ArrayList<>();
      if (Catalog.instanceType(item).isPresent()) {
        add(rows, "on-demand", book.onDemand(region, item).orElse(null));
        book.spot(region, item)
            .ifPresent(
                s ->
                    rows.add(
                        new String[] {
                          "spot",
                          String.format(
                              Locale.ROOT,
                              "%.0f %% off on-demand; interruptions %s a month (rate %.3f)",
                              s.savings() * 100,
                              PriceBook.BUCKET_LABELS.get(s.bucket()),
                              s.interruptionsPerMonth()),
                          s.source(),
                          s.asOf()
                        }));
      } else if (Services.dbClass(item).isPresent()) {
        add(
            rows,
            "RDS (MySQL, Single-AZ)",
            book.service(Services.dbKey(item, false), region).orElse(null));
        if (Services.dbClass(item).get().aurora()) {
          add(
              rows,
              "Aurora (MySQL)",
              book.service(Services.dbKey(item, true), region).orElse(null));
        }
      } else if (Services.cacheNode(item).isPresent()) {
        add(rows, "cache node", book.service(Services.cacheKey(item), region).orElse(null));
      } else if (book.service(item, "us-east-1").isPresent()
          || book.service(item, region).isPresent()) {
        add(rows, item, book.service(item, region).orElse(null));
      } else {
        List<String> known = new ArrayList<>(Catalog.instanceTypeNames());
        known.addAll(Services.dbClassNames());
        known.addAll(Services.cacheNodeTypes());
        known.addAll(book.prices("us-east-1").services().keySet());
        throw new CommandLine.ParameterException(
            spec.commandLine(), "unknown item '" + item + "'" + Names.didYouMean(item, known));
      }
      out.printf(Locale.ROOT, "%s in %s (price book %s)%n", item, region, book.version(region));
      for (String[] r : rows) {
        out.printf(Locale.ROOT, "  %-24s %s%n", r[0], r[1]);
        // the source is long (a repository, a file, a commit): wrapped within 120 columns
        out.print(
            Columns.wrapText(
                    String.format(Locale.ROOT, "  %-24s source: ", ""),
                    " ".repeat(35),
                    r[2] + "; as of " + r[3],
                    Columns.WIDTH)
                .replace("\n", System.lineSeparator()));
      }
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }

    /**
     * A price to ten significant digits, without float noise (0.05015624999999999 → 0.05015625).
     */
    static String usd(double usd) {
      return new java.math.BigDecimal(usd)
          .round(new java.math.MathContext(10))
          .stripTrailingZeros()
          .toPlainString();
    }

    private static void add(List<String[]> rows, String what, Price p) {
      if (p == null) {
        rows.add(new String[] {what, "unknown (no price in the price book)", "-", "-"});
      } else {
        rows.add(
            new String[] {
              what,
              String.format(
                  Locale.ROOT,
                  p.unit().startsWith("fraction")
                      ? "%s %s (a share of the price, not USD)%s"
                      : "%s USD per %s%s",
                  usd(p.usd()),
                  p.unit(),
                  p.estimate() ? " (estimate)" : ""),
              p.source(),
              p.asOf()
            });
      }
    }
  }

  @Command(
      name = "update",
      description =
          "Reads AWS's Price List bulk offer files (index -> region index -> region offer file) of"
              + " the services archsim prices and writes the price book to the cache directory,"
              + " where it takes precedence over the shipped one.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  archsim prices update --region eu-west-1     # one region",
        "  archsim prices update            # every region (an EC2 region file is hundreds of MB)"
      })
  static final class Update implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "a region to update (repeatable; default: all)")
    List<String> regions = new ArrayList<>();

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        description = "where the offer files are (default: ${DEFAULT-VALUE})",
        defaultValue = "https://pricing.us-east-1.amazonaws.com/")
    URI endpoint;

    @Option(
        names = "--cache-dir",
        paramLabel = "DIR",
        description = "where to write (default: the user cache)")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
      for (String r : regions) {
        if (!Catalog.isKnownRegion(r)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "unknown region '" + r + "'" + Names.didYouMean(r, Catalog.regions()));
        }
      }
      Path dir = cacheDir == null ? PriceCache.defaultDir() : cacheDir;
      PrintWriter err = spec.commandLine().getErr();
      err.println("reading offer files from " + endpoint);
      PriceUpdate.Outcome o = new PriceUpdate(new OfferFiles(endpoint), err).run(regions, dir);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "price book %s written to %s%n", o.version(), dir);
      o.perRegion()
          .forEach(
              (r, n) ->
                  out.printf(
                      Locale.ROOT,
                      "  %-16s %5d instance prices, %3d service prices%n",
                      r,
                      n[0],
                      n[1]));
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }
  }
}
