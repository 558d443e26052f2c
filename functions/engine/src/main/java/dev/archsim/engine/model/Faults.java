package dev.archsim.engine.model;

import java.time.Duration;
import java.util.List;

/**
 * What breaks: random instance failures, random AZ outages, and scheduled events. Each part may be
 * absent (null, or an empty list).
 */
public record Faults(
    InstanceFaults instance,
    AzFaults az,
    List<ScheduledFault> scheduled,
    RegionFaults region,
    DatabaseFaults database) {
  public static final Faults NONE = new Faults(null, null, List.of());

  public Faults {
    scheduled = scheduled == null ? List.of() : List.copyOf(scheduled);
  }

  public Faults(InstanceFaults instance, AzFaults az, List<ScheduledFault> scheduled) {
    this(instance, az, scheduled, null, null);
  }

  public Faults(InstanceFaults instance) {
    this(instance, null, List.of());
  }

  /**
   * Random independent failures of single instances.
   *
   * @param mtbfHours mean time between failures of one instance (exponential)
   * @param recovery how a failed instance comes back (an Auto Scaling group replaces it instead)
   */
  public record InstanceFaults(double mtbfHours, Recovery recovery) {}

  /** How a failed instance comes back. */
  public sealed interface Recovery permits ManualRepair, Replacement {}

  /**
   * An operator repairs (restarts) the same instance; repair time is exponential with mean {@code
   * mttrMinutes}, counted from the failure. The instance keeps its Elastic IP.
   */
  public record ManualRepair(double mttrMinutes) implements Recovery {}

  /**
   * The failed instance is replaced automatically (EC2 auto-recovery). Behind a load balancer the
   * replacement starts when the health checks mark the target unhealthy; otherwise after {@code
   * detectionSeconds} of failed EC2 status checks. A new instance then takes {@code bootSeconds}.
   */
  public record Replacement(double detectionSeconds, double bootSeconds) implements Recovery {
    public static final double DEFAULT_DETECTION_SECONDS = Defaults.REPLACEMENT_DETECTION_SECONDS;
    public static final double DEFAULT_BOOT_SECONDS = Defaults.REPLACEMENT_BOOT_SECONDS;
  }

  /**
   * Random outages of whole Availability Zones: each AZ independently, {@code ratePerYear} outages
   * a year (exponential gaps) lasting {@code meanDurationHours} on average (exponential).
   */
  public record AzFaults(double ratePerYear, double meanDurationHours) {}

  /**
   * Random outages of the whole primary region: {@code ratePerYear} a year, lasting {@code
   * meanDurationHours} on average (both exponential).
   */
  public record RegionFaults(double ratePerYear, double meanDurationHours) {}

  /** Random failures of the database writer (exponential, mean {@code mtbfHours}). */
  public record DatabaseFaults(double mtbfHours) {}

  /** Something that happens at a given time of every trial. */
  public sealed interface ScheduledFault
      permits AzOutage, Resize, DnsRemoval, RegionOutage, ComponentFault, InstanceFailure {
    Duration at();
  }

  /**
   * A scheduled fault a component module owns: the module reads it from the scenario JSON ({@code
   * Component.faultTypes}, {@code Component.readFault}), checks it, describes it and injects it
   * into its own stage of the request path, so a new kind is a record beside its module and touches
   * neither this file nor the codec.
   */
  public non-sealed interface ComponentFault extends ScheduledFault {}

  /**
   * One instance in service in {@code az} fails at {@code at}, like a random instance failure:
   * detected by the entry's health checks, recovered as the stage's {@code faults.instance} says
   * (or replaced by its Auto Scaling group); with neither, it stays down for the rest of the trial.
   */
  public record InstanceFailure(Duration at, String az) implements ScheduledFault {}

  /** The primary region fails at {@code at} for {@code duration}. */
  public record RegionOutage(Duration at, Duration duration, String region)
      implements ScheduledFault {
    /** An outage of the stage's own (primary) region. */
    public RegionOutage(Duration at, Duration duration) {
      this(at, duration, null);
    }
  }

  /** The database writer fails at {@code at} (a crash, or a reboot with failover). */
  public record DatabaseFailure(Duration at) implements ComponentFault {}

  /** A cache node is lost at {@code at} and replaced empty. */
  public record CacheNodeFailure(Duration at) implements ComponentFault {}

  /** The queue's consumers stop at {@code at} for {@code duration}. */
  public record ConsumerOutage(Duration at, Duration duration) implements ComponentFault {}

  /** Every node in {@code az} fails at {@code at} for {@code duration}. */
  public record AzOutage(String az, Duration at, Duration duration) implements ScheduledFault {}

  /**
   * Vertical scaling: each instance in turn is stopped, changed to {@code toInstanceType} and
   * started, unavailable for {@code downtimeSeconds} (stop/start; UNSOURCED default 120 s).
   */
  public record Resize(Duration at, String toInstanceType, double downtimeSeconds)
      implements ScheduledFault {
    public static final double DEFAULT_DOWNTIME_SECONDS = Defaults.RESIZE_DOWNTIME_SECONDS;
  }

  /**
   * An operator removes one instance's record from DNS at {@code at}; with {@code terminate} the
   * instance is shut down at once, so clients still holding the record fail until it expires.
   */
  public record DnsRemoval(Duration at, boolean terminate) implements ScheduledFault {}
}
