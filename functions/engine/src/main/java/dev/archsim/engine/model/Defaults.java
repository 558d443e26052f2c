package dev.archsim.engine.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every default of the scenario format, in one table: what a field is when a scenario leaves it
 * out. The sections that are component modules declare theirs in their configuration record ({@link
 * #section}, e.g. {@code Cache.DEFAULTS}) and their module lists them; the rest are here. The JSON
 * codec and the modules read their defaults from these, the model's constructors and constants take
 * theirs from them, and the published JSON Schema states the same values as {@code default}
 * keywords, which a test compares with this table entry by entry (the schema's location of each is
 * the entry's {@link Entry#schemaPointer}).
 *
 * <p>Defaults that depend on another field (an API's timeout on REST or HTTP, a cache's node type
 * on its engine, a database's query time on its engine, a DR strategy's times, the spot discount by
 * type and region) are not single values: the codec decides them, with the values named here where
 * there are any, and the schema describes them in words.
 */
public final class Defaults {
  private Defaults() {}

  /**
   * One default.
   *
   * @param schemaPointer the JSON pointer of the field's definition in the scenario schema
   * @param value its value: a {@link Double}, {@link Integer}, {@link Boolean}, {@link String} or
   *     {@link Duration}
   */
  public record Entry(String schemaPointer, Object value) {}

  private static final List<Entry> TABLE = new ArrayList<>();

  private static <T> T d(String pointer, T value) {
    TABLE.add(new Entry(pointer, value));
    return value;
  }

  /**
   * The single-valued defaults of the sections that are not component modules, in the schema's
   * order; with every module's ({@link dev.archsim.engine.component.Component#defaults}), the
   * format's whole table is {@link dev.archsim.engine.component.Components#defaults()}.
   */
  public static List<Entry> table() {
    return Collections.unmodifiableList(TABLE);
  }

  /**
   * The defaults of one section of {@code architecture}, declared by the section's configuration
   * record ({@code Cache.DEFAULTS}) and listed by its component module, so that a new component
   * keeps its defaults in its own files and {@code DefaultsTableTest} still checks each against the
   * schema.
   */
  public static Table section(String section) {
    return new Table(ARCHITECTURE + section + "/");
  }

  /** Defaults under one JSON pointer of the schema (a section's). */
  public static final class Table {
    private final String pointer;
    private final List<Entry> entries = new ArrayList<>();

    private Table(String pointer) {
      this.pointer = pointer;
    }

    /** Declares the default of the section's {@code field} and returns it. */
    public <T> T d(String field, T value) {
      return at("properties/" + field, value);
    }

    /**
     * Declares the default of a field deeper in the section, at {@code pointer} from the section's
     * node (e.g. {@code oneOf/1/properties/crossZone}, a field of one alternative), and returns it.
     */
    public <T> T at(String pointer, T value) {
      entries.add(new Entry(this.pointer + pointer, value));
      return value;
    }

    /** The defaults declared, in order. */
    public List<Entry> entries() {
      return Collections.unmodifiableList(entries);
    }
  }

  private static final String RUN = "/$defs/run/properties/";
  private static final String WORKLOAD = "/$defs/workload/properties/";
  private static final String PROFILE = WORKLOAD + "profile/properties/";
  private static final String REPLACEMENT =
      "/$defs/faults/properties/instance/properties/recovery/oneOf/1/properties/";
  private static final String ARCHITECTURE = "/$defs/architecture/properties/";
  private static final String DATABASE = ARCHITECTURE + "database/properties/";
  private static final String DR = ARCHITECTURE + "dr/properties/";
  private static final String SCHEDULED = "/$defs/scheduledFault/oneOf/";

  // ------------------------------------------------------------------ run

  public static final Duration RUN_HORIZON = d(RUN + "horizon", Duration.ofDays(30));
  public static final Duration RUN_STEP = d(RUN + "step", Duration.ofMinutes(1));
  public static final int RUN_TRIALS = d(RUN + "trials", 100);
  public static final int RUN_SEED = d(RUN + "seed", 1);
  public static final String RUN_INITIAL_STATE = d(RUN + "initialState", "steady-state");
  public static final String RUN_MODE = d(RUN + "mode", "fluid");

  // ------------------------------------------------------------------ workload

  public static final double REQUESTS_PER_PAGE_VIEW = d(WORKLOAD + "requestsPerPageView", 1.0);
  public static final double DAILY_PEAK_HOUR_UTC =
      d(WORKLOAD + "pattern/oneOf/1/properties/peakHourUtc", 14.0);
  public static final double TRACE_SCALE = d(WORKLOAD + "trace/properties/scale", 1.0);
  public static final Duration TRACE_SHIFT = d(WORKLOAD + "trace/properties/shift", Duration.ZERO);
  public static final String WEEKLY_START_DAY =
      d(WORKLOAD + "weekly/properties/startDay", "monday");
  public static final double BYTES_OUT = d(PROFILE + "bytesOut", 0.0);

  public static final double NETWORK_LATENCY_MS = d(PROFILE + "networkLatencyMs", 20.0);

  public static final double TIMEOUT_MS = d(PROFILE + "timeoutMs", 10_000.0);
  public static final double STATIC_FRACTION = d(PROFILE + "staticFraction", 0.0);
  public static final double DB_READS_PER_REQUEST = d(PROFILE + "dbReadsPerRequest", 0.0);
  public static final double DB_WRITES_PER_REQUEST = d(PROFILE + "dbWritesPerRequest", 0.0);

  /** UNSOURCED defaults: a 30-minute session of 20 requests. */
  public static final double SESSION_SECONDS = d(PROFILE + "sessionSeconds", 1800.0);

  public static final double REQUESTS_PER_SESSION = d(PROFILE + "requestsPerSession", 20.0);

  // ------------------------------------------------------------------ faults

  public static final double REPLACEMENT_DETECTION_SECONDS =
      d(REPLACEMENT + "detectionSeconds", 120.0);

  public static final double REPLACEMENT_BOOT_SECONDS = d(REPLACEMENT + "bootSeconds", 120.0);

  /** UNSOURCED assumption: a stop/start. */
  public static final double RESIZE_DOWNTIME_SECONDS =
      d(SCHEDULED + "2/properties/downtimeSeconds", 120.0);

  public static final boolean DNS_REMOVAL_TERMINATES =
      d(SCHEDULED + "3/properties/terminate", true);

  // ------------------------------------------------------------------ disaster recovery

  public static final double DR_HEALTH_CHECK_INTERVAL_SECONDS =
      d(DR + "healthCheckIntervalSeconds", 30.0);
  public static final int DR_FAILURE_THRESHOLD = d(DR + "failureThreshold", 3);
  public static final double DR_TTL_SECONDS = d(DR + "ttlSeconds", 60.0);
  public static final boolean GLOBAL_ACCELERATOR = d(DR + "globalAccelerator", false);
  public static final double BACKUP_INTERVAL_HOURS = d(DR + "backupIntervalHours", 24.0);
  public static final double REPLICATION_LAG_SECONDS = d(DR + "replicationLagSeconds", 1.0);
  public static final double DR_BOOT_SECONDS = d(DR + "bootSeconds", 300.0);
  public static final double DR_DATA_GB = d(DR + "dataGb", 100.0);

  /** The standby's share of the primary's capacity: warm standby and active-active. */
  public static final double WARM_STANDBY_SHARE = 0.25;

  public static final double ACTIVE_ACTIVE_SHARE = 1.0;

  /** Backup and restore: restoring the data takes this long. */
  public static final double BACKUP_RESTORE_MINUTES = 120;

  // ------------------------------------------------------------------ pricing

  // egress through NAT gateways and VPC endpoints (the gateways' own defaults are NatGateways')
  public static final double EGRESS_SHARE = d(PROFILE + "egressShare", 0.0);
  public static final double EGRESS_KB = d(PROFILE + "egressKb", 10.0);

  public static final double DISCOUNT_PERCENT = d("/$defs/pricing/properties/discountPercent", 0.0);
}
