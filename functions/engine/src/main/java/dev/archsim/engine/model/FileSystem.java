package dev.archsim.engine.model;

/**
 * An Amazon EFS file system the compute tier mounts, which a share of the dynamic requests read or
 * write. Its type decides what an AZ outage does to it: a Regional file system stores its data
 * "redundantly across multiple geographically separated Availability Zones", which "provides
 * continuous availability to the data, even when one or more Availability Zones in an AWS Region
 * are unavailable"; a One Zone file system stores it "within a single Availability Zone" and has a
 * single mount target there, which instances in the other AZs mount across zones ([AWS]
 * docs.aws.amazon.com/efs/latest/ug/availability-durability.html, .../mounting-one-zone.html). So
 * while a One Zone file system's AZ is lost, the requests that need it fail in every AZ. Billed per
 * GB-month of storage by class and, in Elastic throughput mode (the default), per GB read and
 * written ([AWS] aws.amazon.com/efs/pricing, prices in the price book with their sources).
 *
 * @param oneZone a One Zone file system (true) or a Regional one (false)
 * @param az the AZ of a One Zone file system (null: the architecture's first AZ); unused when
 *     Regional
 * @param storageGb the data stored, in GB (its mean over the month, as AWS bills it)
 * @param infrequentAccessShare the share of the data that lifecycle management keeps in the
 *     Infrequent Access class (One Zone-IA for a One Zone file system); the rest is in Standard
 *     (One Zone)
 * @param requestShare the share of the dynamic requests that read or write the file system
 * @param readKbPerRequest KB each of those requests reads from it
 * @param writeKbPerRequest KB each of those requests writes to it
 */
public record FileSystem(
    boolean oneZone,
    String az,
    double storageGb,
    double infrequentAccessShare,
    double requestShare,
    double readKbPerRequest,
    double writeKbPerRequest) {
  /** The defaults of the {@code fileSystem} section. */
  public static final Defaults.Table DEFAULTS = Defaults.section("fileSystem");

  public static final String DEFAULT_TYPE = DEFAULTS.d("type", "regional");
  public static final double DEFAULT_STORAGE_GB = DEFAULTS.d("storageGb", 100.0);
  public static final double DEFAULT_INFREQUENT_ACCESS_SHARE =
      DEFAULTS.d("infrequentAccessShare", 0.0);
  public static final double DEFAULT_REQUEST_SHARE = DEFAULTS.d("requestShare", 1.0);
  public static final double DEFAULT_READ_KB_PER_REQUEST = DEFAULTS.d("readKbPerRequest", 0.0);
  public static final double DEFAULT_WRITE_KB_PER_REQUEST = DEFAULTS.d("writeKbPerRequest", 0.0);

  /** The AZ a One Zone file system sits in: its own, or the architecture's first. */
  public String azIn(java.util.List<String> azs) {
    return az != null ? az : azs.isEmpty() ? null : azs.get(0);
  }
}
