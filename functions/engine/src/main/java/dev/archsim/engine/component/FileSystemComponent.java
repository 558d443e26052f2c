package dev.archsim.engine.component;

import dev.archsim.engine.catalog.Services;
import dev.archsim.engine.findings.Finding;
import dev.archsim.engine.findings.PillarCheck;
import dev.archsim.engine.model.Architecture;
import dev.archsim.engine.model.Defaults;
import dev.archsim.engine.model.FileSystem;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.model.Stage;
import dev.archsim.engine.model.Workload;
import dev.archsim.engine.result.FailureCause;
import dev.archsim.engine.result.Metric;
import dev.archsim.engine.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Amazon EFS: a file system the compute tier mounts, used by {@code requestShare} of the dynamic
 * requests (a {@link Dependency} on the path). A Regional file system keeps serving through an AZ
 * outage; a One Zone one is a zonal dependency: while its AZ is lost, the requests that need it
 * fail as {@code az-outage} in every AZ, those the other AZs' instances serve included. Billed per
 * GB-month of storage by class (Standard and Infrequent Access, or their One Zone twins) and, in
 * Elastic throughput mode, per GB read and written.
 */
public final class FileSystemComponent implements Component<FileSystem> {
  /** EFS Standard (Regional) storage, per GB-month. */
  public static final String EFS_STANDARD_GB_MONTH = "efs.standard.gb-month";

  /** EFS Infrequent Access (Regional) storage, per GB-month (with Elastic throughput). */
  public static final String EFS_STANDARD_IA_GB_MONTH = "efs.standard-ia.gb-month";

  /** EFS One Zone storage, per GB-month. */
  public static final String EFS_ONE_ZONE_GB_MONTH = "efs.one-zone.gb-month";

  /** EFS One Zone-Infrequent Access storage, per GB-month. */
  public static final String EFS_ONE_ZONE_IA_GB_MONTH = "efs.one-zone-ia.gb-month";

  /** Elastic throughput reads, per GB transferred (every storage class). */
  public static final String EFS_READ_GB = "efs.elastic.read.gb";

  /** Elastic throughput writes, per GB transferred (every storage class). */
  public static final String EFS_WRITE_GB = "efs.elastic.write.gb";

  /** Seconds in the month the prices are quoted for (730 hours). */
  /** Gigabytes the requests read from the file system (a counter). */
  static final Metric EFS_READ = Metric.of("efs.read", "gb");

  /** Gigabytes the requests wrote to the file system (a counter). */
  static final Metric EFS_WRITTEN = Metric.of("efs.write", "gb");

  static final double SECONDS_PER_MONTH = Numbers.SECONDS_PER_MONTH;

  /** Its own column in the diagram: between the cache and the database. */
  static final int DIAGRAM_COLUMN = (DiagramNode.CACHE + DiagramNode.DATABASE) / 2;

  @Override
  public List<String> priceKeys() {
    return List.of(
        EFS_STANDARD_GB_MONTH,
        EFS_STANDARD_IA_GB_MONTH,
        EFS_ONE_ZONE_GB_MONTH,
        EFS_ONE_ZONE_IA_GB_MONTH,
        EFS_READ_GB,
        EFS_WRITE_GB);
  }

  @Override
  public String section() {
    return "fileSystem";
  }

  @Override
  public List<Defaults.Entry> defaults() {
    return FileSystem.DEFAULTS.entries();
  }

  @Override
  public FileSystem read(Section s) {
    return new FileSystem(
        "one-zone".equals(s.text("type", FileSystem.DEFAULT_TYPE)),
        s.text("az"),
        s.number("storageGb", FileSystem.DEFAULT_STORAGE_GB),
        s.number("infrequentAccessShare", FileSystem.DEFAULT_INFREQUENT_ACCESS_SHARE),
        s.number("requestShare", FileSystem.DEFAULT_REQUEST_SHARE),
        s.number("readKbPerRequest", FileSystem.DEFAULT_READ_KB_PER_REQUEST),
        s.number("writeKbPerRequest", FileSystem.DEFAULT_WRITE_KB_PER_REQUEST));
  }

  @Override
  public void rules(FileSystem f, Architecture a, String path, List<Violation> out) {
    if (a.compute() == null && a.functions() == null) {
      out.add(
          Violation.error(
              path,
              "an EFS file system is mounted by the compute tier (instances, tasks or Lambda);"
                  + " the stage has none"));
    }
    if (!f.oneZone() && f.az() != null) {
      out.add(
          Violation.error(
              path + ".az", "an AZ is given for a One Zone file system only (type: one-zone)"));
    }
    if (f.az() != null && !a.azs().contains(f.az())) {
      out.add(
          Violation.error(
              path + ".az", "AZ " + f.az() + " is not one of the architecture's AZs " + a.azs()));
    }
    share(f.infrequentAccessShare(), path + ".infrequentAccessShare", out);
    share(f.requestShare(), path + ".requestShare", out);
    if (!(f.storageGb() >= 0)) {
      out.add(Violation.error(path + ".storageGb", "must be at least 0, got " + f.storageGb()));
    }
    if (!(f.readKbPerRequest() >= 0)) {
      out.add(
          Violation.error(
              path + ".readKbPerRequest", "must be at least 0, got " + f.readKbPerRequest()));
    }
    if (!(f.writeKbPerRequest() >= 0)) {
      out.add(
          Violation.error(
              path + ".writeKbPerRequest", "must be at least 0, got " + f.writeKbPerRequest()));
    }
  }

  private static void share(double v, String path, List<Violation> out) {
    if (!(v >= 0 && v <= 1)) {
      out.add(Violation.error(path, "must be a share between 0 and 1, got " + v));
    }
  }

  /** Price-book key of the class holding the frequently accessed data. */
  static String standardKey(FileSystem f) {
    return f.oneZone() ? EFS_ONE_ZONE_GB_MONTH : EFS_STANDARD_GB_MONTH;
  }

  /** Price-book key of the Infrequent Access class. */
  static String infrequentKey(FileSystem f) {
    return f.oneZone() ? EFS_ONE_ZONE_IA_GB_MONTH : EFS_STANDARD_IA_GB_MONTH;
  }

  @Override
  public void prices(FileSystem f, Architecture a, PriceList out) {
    out.uses(standardKey(f), a.region());
    if (f.infrequentAccessShare() > 0) {
      out.uses(infrequentKey(f), a.region());
    }
    if (f.readKbPerRequest() > 0) {
      out.uses(EFS_READ_GB, a.region());
    }
    if (f.writeKbPerRequest() > 0) {
      out.uses(EFS_WRITE_GB, a.region());
    }
  }

  /** Storage a month at the stored size: Standard and Infrequent Access at their prices. */
  static double monthlyStorageUsd(FileSystem f, String region) {
    double ia = f.infrequentAccessShare();
    return f.storageGb()
        * ((1 - ia) * Services.usd(standardKey(f), region)
            + ia * Services.usd(infrequentKey(f), region));
  }

  /** The share of all requests (static ones included) that use the file system. */
  static double usingShare(FileSystem f, Workload w) {
    return (1 - w.profile().staticFraction()) * f.requestShare();
  }

  /**
   * The zones whose instances serve requests: a compute tier's placement, or every AZ for Lambda.
   */
  private static List<String> servingAzs(Architecture a) {
    return a.compute() != null ? List.copyOf(a.compute().placement().keySet()) : a.azs();
  }

  @Override
  public void findings(FileSystem f, Scenario scenario, Stage stage, List<Finding> out) {
    Architecture a = stage.architecture();
    Workload w = scenario.workloadOf(stage);
    String az = f.azIn(a.azs());
    if (!f.oneZone() || az == null || w == null || f.requestShare() <= 0) {
      return;
    }
    List<String> elsewhere = new ArrayList<>(servingAzs(a));
    elsewhere.remove(az);
    if (elsewhere.isEmpty()) {
      return; // every instance is in the file system's AZ: they are lost with it anyway
    }
    double regional =
        monthlyStorageUsd(
                new FileSystem(
                    false,
                    null,
                    f.storageGb(),
                    f.infrequentAccessShare(),
                    f.requestShare(),
                    f.readKbPerRequest(),
                    f.writeKbPerRequest()),
                a.region())
            - monthlyStorageUsd(f, a.region());
    out.add(
        new Finding(
            "single-point-of-failure",
            "high",
            "efs",
            String.format(
                Locale.ROOT,
                "One Zone EFS file system in %s: when %s is lost, the %s %% of dynamic requests that"
                    + " use it fail in %s as well (az-outage), though their instances are up; a"
                    + " Regional file system stores the data across AZs (≈ $%.2f a month more for"
                    + " %s GB)",
                az,
                az,
                Numbers.plain(100 * f.requestShare()),
                String.join(", ", elsewhere),
                regional,
                Numbers.plain(f.storageGb()))));
  }

  @Override
  public void checks(FileSystem f, Architecture a, List<PillarCheck> out) {
    out.add(
        new PillarCheck(
            "reliability",
            "shared file storage survives the loss of an AZ (a Regional EFS file system)",
            !f.oneZone() || a.azs().size() <= 1));
  }

  @Override
  public List<String> explain(FileSystem f, Architecture a, Workload w) {
    List<String> lines = new ArrayList<>();
    String kind =
        f.oneZone()
            ? "EFS One Zone file system in " + f.azIn(a.azs()) + ", one mount target there"
            : "EFS Regional file system, a mount target in each AZ";
    lines.add(
        String.format(
            Locale.ROOT,
            "%s: %s GB (%s %% in %s), ≈ $%.2f a month of storage",
            kind,
            Numbers.plain(f.storageGb()),
            Numbers.plain(100 * f.infrequentAccessShare()),
            f.oneZone() ? "One Zone-IA" : "Infrequent Access",
            monthlyStorageUsd(f, a.region())));
    String use =
        String.format(
            Locale.ROOT,
            "  %s %% of dynamic requests use it (%s KB read, %s KB written each, Elastic"
                + " throughput)",
            Numbers.plain(100 * f.requestShare()),
            Numbers.plain(f.readKbPerRequest()),
            Numbers.plain(f.writeKbPerRequest()));
    if (w != null) {
      double perMonth = w.requestsPerSecond() * usingShare(f, w) * SECONDS_PER_MONTH;
      double usd =
          perMonth
              * (f.readKbPerRequest() * Services.usd(EFS_READ_GB, a.region())
                  + f.writeKbPerRequest() * Services.usd(EFS_WRITE_GB, a.region()))
              / 1e6;
      use += String.format(Locale.ROOT, ": ≈ $%.2f a month of reads and writes", usd);
    }
    lines.add(use);
    lines.add(
        f.oneZone()
            ? "  losing " + f.azIn(a.azs()) + " fails those requests in every AZ"
            : "  an AZ outage leaves it serving the other AZs");
    return lines;
  }

  /**
   * Its own column between the cache and the database: above the zones, beside the path, when
   * Regional (a mount target in every AZ), in its AZ's band when One Zone; reached from the tier
   * the data is reached from.
   */
  @Override
  public List<DiagramNode> diagram(FileSystem f, Architecture a, Workload w) {
    List<String> d = new ArrayList<>();
    d.add(
        Numbers.plain(f.storageGb())
            + " GB"
            + (f.infrequentAccessShare() > 0
                ? ", " + DiagramNode.percent(f.infrequentAccessShare()) + " IA"
                : ""));
    d.add(DiagramNode.percent(f.requestShare()) + " of requests");
    String az = f.azIn(a.azs());
    boolean zonal = f.oneZone() && az != null;
    DiagramNode efs =
        DiagramNode.of(
                DiagramNode.Place.DEPENDENCY,
                "efs",
                DIAGRAM_COLUMN,
                zonal ? DiagramNode.Lane.ZONE : DiagramNode.Lane.TOP,
                zonal ? "EFS One Zone" : "EFS Regional",
                d)
            .from(DiagramNode.FROM_BACKEND, DiagramNode.Kind.PATH);
    return List.of(zonal ? efs.inAz(az) : efs);
  }

  @Override
  public Dependency stage(FileSystem f, TrialContext trial) {
    String az = f.azIn(trial.architecture().azs());
    return new Mount(f, f.oneZone() && az != null ? trial.azIndex(az) : -1, trial);
  }

  /** The file system in one trial: whether its AZ is up, and what it stores and transfers. */
  private static final class Mount implements Dependency {
    private final FileSystem fs;
    private final int az;
    private final TrialContext trial;
    private final boolean[] up;

    Mount(FileSystem fs, int az, TrialContext trial) {
      this.fs = fs;
      this.az = az;
      this.trial = trial;
      this.up = new boolean[Math.max(1, trial.azCount())];
      java.util.Arrays.fill(up, true);
    }

    @Override
    public void azDown(int i, double now) {
      if (i >= 0 && i < up.length) {
        up[i] = false;
      }
    }

    @Override
    public void azUp(int i, double now) {
      if (i >= 0 && i < up.length) {
        up[i] = true;
      }
    }

    @Override
    public double pass(double rate, double dt) {
      double using = rate * fs.requestShare();
      if (using <= 0) {
        return rate;
      }
      if (az >= 0 && !up[az]) {
        // One Zone: its only copy and its only mount target are in the lost AZ
        trial.failed(FailureCause.AZ_OUTAGE, using * dt);
        return rate - using;
      }
      double read = using * dt * fs.readKbPerRequest() / 1e6;
      double written = using * dt * fs.writeKbPerRequest() / 1e6;
      if (read + written > 0) {
        trial.count(EFS_READ, read);
        trial.count(EFS_WRITTEN, written);
        trial.cost(
            "efs (reads and writes)",
            read * Services.usd(EFS_READ_GB, trial.region())
                + written * Services.usd(EFS_WRITE_GB, trial.region()));
      }
      return rate;
    }

    @Override
    public void bill(double dt, double offeredRate) {
      trial.cost("efs (storage)", monthlyStorageUsd(fs, trial.region()) * dt / SECONDS_PER_MONTH);
    }
  }
}
