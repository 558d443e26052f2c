package dev.archsim.local.cli;

import dev.archsim.engine.catalog.Catalog;
import dev.archsim.engine.catalog.InstanceType;
import dev.archsim.engine.catalog.Names;
import dev.archsim.engine.catalog.Price;
import dev.archsim.engine.catalog.Region;
import dev.archsim.engine.catalog.Services;
import dev.archsim.local.text.Columns;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archsim catalog types|regions|classes}: what the catalog knows. */
@Command(
    name = "catalog",
    description = "Lists the instance types, regions and database/cache classes archsim knows.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim catalog types --family m7g --region eu-west-1",
      "  archsim catalog regions",
      "  archsim catalog classes"
    },
    subcommands = {
      CatalogCommand.Types.class,
      CatalogCommand.Regions.class,
      CatalogCommand.Classes.class
    })
final class CatalogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: types, regions or classes");
  }

  @Command(
      name = "types",
      description = "EC2 instance types, optionally filtered.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  archsim catalog types --family m7g --region eu-west-1   # with their price there",
        "  archsim catalog types --vcpus 2 --arch arm64"
      })
  static final class Types implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--family", paramLabel = "FAMILY", description = "only this family, e.g. m7g")
    String family;

    @Option(names = "--vcpus", paramLabel = "N", description = "only types with this many vCPUs")
    Integer vcpus;

    @Option(
        names = "--arch",
        paramLabel = "ARCH",
        description = "only this architecture: x86_64 or arm64")
    String arch;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "only types offered in this region, with their on-demand price there")
    String region;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (region != null && !Catalog.isKnownRegion(region)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown region '" + region + "'" + Names.didYouMean(region, Catalog.regions()));
      }
      List<InstanceType> types =
          Catalog.instanceTypes().stream()
              .filter(t -> !Catalog.isFargate(t.name()))
              .filter(t -> family == null || t.family().equals(family))
              .filter(t -> vcpus == null || t.vcpu() == vcpus)
              .filter(t -> arch == null || t.architectures().contains(arch))
              .filter(
                  t ->
                      region == null
                          || !Catalog.region(region).orElseThrow().offeringData()
                          || !Catalog.azsOffering(region, t.name()).isEmpty())
              .sorted(
                  java.util.Comparator.comparing(InstanceType::family)
                      .thenComparingInt(InstanceType::vcpu)
                      .thenComparing(InstanceType::name))
              .toList();
      out.printf(
          Locale.ROOT,
          "%-24s %6s %9s %-8s %-9s %-22s%s%n",
          "type",
          "vCPUs",
          "GiB",
          "arch",
          "burstable",
          "network",
          region == null ? "" : " $/hour in " + region);
      for (InstanceType t : types) {
        String price = "";
        if (region != null) {
          price = Catalog.onDemandHourly(region, t.name()).map(p -> fmt(p)).orElse(" unknown");
        }
        out.printf(
            Locale.ROOT,
            "%-24s %6d %9.2f %-8s %-9s %-22s%s%n",
            t.name(),
            t.vcpu(),
            t.memoryGiB(),
            String.join(",", t.architectures()),
            t.burstable() ? "yes" : "no",
            t.networkPerformance(),
            price);
      }
      out.printf(Locale.ROOT, "%d types%n", types.size());
      if (types.isEmpty() && family != null) {
        List<String> families =
            Catalog.instanceTypes().stream().map(InstanceType::family).distinct().toList();
        out.println("no family '" + family + "'" + Names.didYouMean(family, families));
      }
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }

    private static String fmt(Price p) {
      return String.format(Locale.ROOT, " %.6f", p.usd());
    }
  }

  @Command(
      name = "regions",
      description = "Every commercial region with its Availability Zones.",
      footerHeading = "%nExamples:%n",
      footer = {"  archsim catalog regions | grep eu-"})
  static final class Regions implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT, "%-16s %-32s %-10s %s%n", "region", "name", "EC2 prices", "AZ ID (name)");
      for (String code : Catalog.regions()) {
        Region r = Catalog.region(code).orElseThrow();
        int priced = Catalog.prices().prices(code).ec2().size();
        String prefix =
            String.format(
                Locale.ROOT,
                "%-16s %-32s %-10s ",
                code,
                r.longName(),
                priced == 0 ? "none" : String.valueOf(priced));
        // the zones as "ID (name)", a zone never split, continued under the column (120 columns)
        List<String> zones = new ArrayList<>();
        List<String> labels = r.azIds().stream().map(r::azLabel).toList();
        for (int i = 0; i < labels.size(); i++) {
          zones.add(labels.get(i) + (i + 1 < labels.size() ? "," : ""));
        }
        if (!r.offeringData()) {
          zones.add("(no offering data: any type accepted)");
        }
        out.print(
            Columns.wrap(prefix, " ".repeat(prefix.length()), zones, Columns.WIDTH, " ")
                .replace("\n", System.lineSeparator()));
      }
      out.print(
          Columns.wrapText(
                  "",
                  "",
                  Catalog.regions().size()
                      + " regions; AZ IDs are the same in every account, AZ names are not (the"
                      + " names shown are one account's): a scenario may use either",
                  Columns.WIDTH)
              .replace("\n", System.lineSeparator()));
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }
  }

  @Command(
      name = "classes",
      description = "RDS/Aurora instance classes and cache node types.",
      footerHeading = "%nExamples:%n",
      footer = {"  archsim catalog classes | grep r6g"})
  static final class Classes implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%-20s %6s %9s %s%n", "database class", "vCPUs", "GiB", "Aurora");
      for (String n : Services.dbClassNames()) {
        var c = Services.dbClass(n).orElseThrow();
        out.printf(
            Locale.ROOT,
            "%-20s %6d %9.2f %s%n",
            n,
            c.vcpu(),
            c.memoryGiB(),
            c.aurora() ? "yes" : "no");
      }
      out.printf(Locale.ROOT, "%n%-20s %6s %9s%n", "cache node type", "vCPUs", "GiB");
      for (String n : Services.cacheNodeTypes()) {
        var c = Services.cacheNode(n).orElseThrow();
        out.printf(Locale.ROOT, "%-20s %6d %9.2f%n", n, c.vcpu(), c.memoryGiB());
      }
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }
  }
}
