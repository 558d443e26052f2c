package dev.archsim.engine.model;

/** What breaks. {@code instance} is null when instances never fail. */
public record Faults(InstanceFaults instance) {
  public static final Faults NONE = new Faults(null);

  /**
   * Random independent failures of single instances.
   *
   * @param mtbfHours mean time between failures of one instance (exponential)
   * @param recovery how a failed instance comes back
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
   * The failed instance is replaced automatically (EC2 auto-recovery or an Auto Scaling health
   * check replacement). Behind a load balancer the replacement starts when the health checks mark
   * the target unhealthy; otherwise after {@code detectionSeconds} of failed EC2 status checks. A
   * new instance then takes {@code bootSeconds} to boot.
   */
  public record Replacement(double detectionSeconds, double bootSeconds) implements Recovery {
    public static final double DEFAULT_DETECTION_SECONDS = 120;
    public static final double DEFAULT_BOOT_SECONDS = 120;
  }
}
